#pragma once
// Test helpers for the register, time and scheduling classes' tests: get/set/invoke with
// A-XDR given as hex, and a remote (association) request context.

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cosem_objects/interface_class.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem::test1 {

inline std::vector<std::uint8_t> hex(std::string_view s) {
  auto v = from_hex(s);
  EXPECT_TRUE(v.has_value()) << s;
  return v.value_or(std::vector<std::uint8_t>{});
}

// Normalised hex ("0a 08" -> "0A 08") for comparisons.
inline std::string norm(std::string_view s) { return to_hex(hex(s)); }

// A request context as if from an association (the classes never dereference it).
inline server::RequestContext remote() {
  static int dummy = 0;
  return {reinterpret_cast<association::AssociationContext*>(&dummy), 0};
}

inline std::string get_hex(InterfaceClass& obj, std::int8_t attr,
                           apdu::DataAccessResult expected = apdu::DataAccessResult::success) {
  std::array<std::uint8_t, 4096> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  EXPECT_EQ(obj.get(remote(), attr, nullptr, cursor, out), expected) << "attribute " << int(attr);
  EXPECT_FALSE(cursor.more);
  return to_hex(out.written());
}

inline apdu::DataAccessResult set_hex(InterfaceClass& obj, std::int8_t attr, std::string_view value,
                                      bool local = false) {
  const auto bytes = hex(value);
  auto v = codec::read_data_exact(bytes);
  EXPECT_TRUE(v.has_value()) << value;
  if (!v) {
    return apdu::DataAccessResult::type_unmatched;
  }
  const server::RequestContext ctx = local ? server::RequestContext{} : remote();
  return obj.set(ctx, attr, nullptr, *v);
}

// Invokes method `m` with `parameter` (hex of one Data) or none.
inline apdu::ActionResult invoke_hex(InterfaceClass& obj, std::int8_t m,
                                     std::optional<std::string_view> parameter = std::nullopt) {
  std::array<std::uint8_t, 256> buf{};
  ByteWriter out(buf);
  if (!parameter) {
    return obj.invoke(remote(), m, nullptr, out).result;
  }
  const auto bytes = hex(*parameter);
  auto v = codec::read_data_exact(bytes);
  EXPECT_TRUE(v.has_value()) << *parameter;
  if (!v) {
    return apdu::ActionResult::type_unmatched;
  }
  return obj.invoke(remote(), m, &*v, out).result;
}

// A ValueSource holding a fixed encoding, recording writes.
class FakeSource : public ValueSource {
 public:
  explicit FakeSource(std::string_view value) : value_(hex(value)) {}
  apdu::DataAccessResult read(ByteWriter& out) override {
    out.bytes(ByteSpan(value_.data(), value_.size()));
    return apdu::DataAccessResult::success;
  }
  apdu::DataAccessResult write(const codec::DataView& v) override {
    value_.assign(v.encoded().begin(), v.encoded().end());
    ++writes;
    return apdu::DataAccessResult::success;
  }
  int writes = 0;

 private:
  std::vector<std::uint8_t> value_;
};

class FakeSink : public MethodSink {
 public:
  server::InvokeOutcome invoke(const codec::DataView* /*parameter*/, ByteWriter& /*return_data*/) override {
    ++calls;
    return {apdu::ActionResult::success, false};
  }
  int calls = 0;
};

}  // namespace dlms::cosem::test1
