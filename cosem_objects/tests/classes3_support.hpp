#pragma once
// Test helpers of the setup, disconnect control and limiter class tests.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cosem_objects/detail_classes3.hpp"
#include "cosem_objects/interface_class.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem::classes3_test {

using apdu::ActionResult;
using apdu::DataAccessResult;

inline std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

// The attribute's encoding as hex ("" unless the get succeeded with `expected`).
inline std::string get(InterfaceClass& obj, std::int8_t attribute_id,
                       DataAccessResult expected = DataAccessResult::success) {
  std::array<std::uint8_t, 512> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  const server::RequestContext ctx;
  EXPECT_EQ(obj.get(ctx, attribute_id, nullptr, cursor, out), expected);
  EXPECT_FALSE(cursor.more);
  return to_hex(out.written());
}

inline DataAccessResult set(InterfaceClass& obj, std::int8_t attribute_id, std::string_view value_hex) {
  return obj.set_static(attribute_id, hex(value_hex));
}

struct Invoked {
  ActionResult result;
  std::string return_hex;  // "" without return data
};

// Invokes with `parameter_hex` as one Data ("" = no parameter).
inline Invoked invoke(InterfaceClass& obj, std::int8_t method_id, std::string_view parameter_hex) {
  std::array<std::uint8_t, 128> buf{};
  ByteWriter out(buf);
  const server::RequestContext ctx;
  const auto bytes = hex(parameter_hex);
  server::InvokeOutcome o;
  if (bytes.empty()) {
    o = obj.invoke(ctx, method_id, nullptr, out);
  } else {
    auto v = codec::read_data_exact(bytes);
    EXPECT_TRUE(v.has_value());
    o = obj.invoke(ctx, method_id, &v.value(), out);
  }
  return {o.result, o.has_return_data ? to_hex(out.written()) : std::string()};
}

// Every proper prefix of a valid value is refused (type-unmatched: it does not decode) and
// changes nothing.
inline void expect_truncations_rejected(InterfaceClass& obj, std::int8_t attribute_id,
                                        std::string_view value_hex) {
  const auto bytes = hex(value_hex);
  const std::string before = get(obj, attribute_id);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(obj.set_static(attribute_id, ByteSpan(bytes.data(), n)), DataAccessResult::type_unmatched) << n;
    EXPECT_EQ(get(obj, attribute_id), before) << n;
  }
}

// Records change notifications.
class RecordingListener : public ChangeObserver {
 public:
  void attribute_changed(InterfaceClass& /*object*/, std::int8_t attribute_id) override {
    changed.push_back(attribute_id);
  }
  std::vector<std::int8_t> changed;
};

}  // namespace dlms::cosem::classes3_test
