// Association SN (class 12, version 4; Blue Book 4.4.4): object_list and access_rights_list
// encodings, secrets and HLS through the association.
#include "cosem_objects/association_sn.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "cosem_objects/data.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
namespace access = association::access;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

class Assoc : public association::AssociationContext {
 public:
  association::NegotiatedContext n;
  association::AssociationObjectList list;
  std::vector<std::uint8_t> lls;
  std::vector<std::uint8_t> hls;
  association::AssociationStatus status() const noexcept override {
    return association::AssociationStatus::association_pending;
  }
  const association::NegotiatedContext& negotiated() const noexcept override { return n; }
  const association::AssociationObjectList& object_list() const noexcept override { return list; }
  ByteSpan client_system_title() const noexcept override { return {}; }
  ByteSpan server_system_title() const noexcept override { return {}; }
  ActionResult reply_to_hls_authentication(ByteSpan f, ByteWriter& out) override {
    if (f.size() != 1) {
      return ActionResult::other_reason;
    }
    codec::axdr::write_octet_string(out, f);
    return ActionResult::success;
  }
  ActionResult change_hls_secret(ByteSpan s) override {
    hls.assign(s.begin(), s.end());
    return ActionResult::success;
  }
  DataAccessResult set_lls_secret(ByteSpan s) override {
    lls.assign(s.begin(), s.end());
    return s.empty() ? DataAccessResult::other_reason : DataAccessResult::success;
  }
};

std::string get(InterfaceClass& obj, std::int8_t attr, std::size_t piece = 256) {
  std::vector<std::uint8_t> all;
  std::vector<std::uint8_t> buf(piece);
  server::GetCursor cursor;
  do {
    ByteWriter out(buf);
    const auto r = obj.get({}, attr, nullptr, cursor, out);
    if (r != DataAccessResult::success) {
      return "error";
    }
    all.insert(all.end(), out.written().begin(), out.written().end());
  } while (cursor.more);
  return to_hex(all);
}

ActionResult invoke(InterfaceClass& obj, const server::RequestContext& ctx, std::int8_t method,
                    std::string_view parameter, std::string* returned = nullptr) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  server::InvokeOutcome o;
  if (parameter.empty()) {
    o = obj.invoke(ctx, method, nullptr, out);
  } else {
    const auto p = hex(parameter);
    o = obj.invoke(ctx, method, &*codec::read_data_exact(p), out);
  }
  if (returned != nullptr) {
    *returned = o.has_return_data ? to_hex(out.written()) : "";
  }
  return o.result;
}

class AssociationSnTest : public ::testing::Test {
 protected:
  AssociationSnTest() : sn(apdu::ObisCode(0, 0, 40, 0, 0, 255)), name(apdu::ObisCode(0, 0, 42, 0, 0, 255)) {
    entries[0] = {static_cast<std::int16_t>(0xFA00), {&sn, 12, sn.logical_name(), kSnAttrs, kSnMethods}};
    entries[1] = {0x0100, {&name, 1, name.logical_name(), kNameAttrs, {}}};
    sn.bind_object_list(entries);
    ctx.association = &assoc;
  }
  static constexpr std::uint8_t kSnAttrs[] = {access::kRead, access::kRead};
  static constexpr std::uint8_t kSnMethods[] = {access::kNone, access::kNone, access::kAccess};
  static constexpr std::uint8_t kNameAttrs[] = {access::kRead, access::kReadWrite};
  AssociationSn sn;
  Data name;
  std::array<ShortNameEntry, 2> entries{};
  Assoc assoc;
  server::RequestContext ctx;
};

TEST_F(AssociationSnTest, ClassIdentity) {
  EXPECT_EQ(sn.class_id(), 12);
  EXPECT_EQ(sn.version(), 4);
  EXPECT_EQ(sn.attribute_count(), 6);
  EXPECT_EQ(sn.method_count(), 8);
}

TEST_F(AssociationSnTest, ObjectListAndAccessRights) {
  // base_name long, class_id long-unsigned, version unsigned, logical_name octet-string.
  const std::string list =
      "01 02 02 04 10 FA 00 12 00 0C 11 04 09 06 00 00 28 00 00 FF "
      "02 04 10 01 00 12 00 01 11 00 09 06 00 00 2A 00 00 FF";
  EXPECT_EQ(get(sn, 2), list);
  EXPECT_EQ(get(sn, 2, 20), list);
  const std::string rights =
      "01 02 "
      "02 03 10 FA 00 "
      "01 06 02 03 0F 01 16 01 00 02 03 0F 02 16 01 00 02 03 0F 03 16 00 00 02 03 0F 04 16 00 00 "
      "02 03 0F 05 16 00 00 02 03 0F 06 16 00 00 "
      "01 08 02 02 0F 01 16 00 02 02 0F 02 16 00 02 02 0F 03 16 01 02 02 0F 04 16 00 02 02 0F 05 16 00 "
      "02 02 0F 06 16 00 02 02 0F 07 16 00 02 02 0F 08 16 00 "
      "02 03 10 01 00 01 02 02 03 0F 01 16 01 00 02 03 0F 02 16 03 00 01 00";
  EXPECT_EQ(get(sn, 3), rights);
  EXPECT_EQ(get(sn, 3, 100), rights);
  EXPECT_EQ(get(sn, 3, 30), "error");
  EXPECT_EQ(get(sn, 4), "09 06 00 00 00 00 00 00");
  EXPECT_EQ(sn.set_static(4, hex("09 06 00 00 2B 00 00 FF")), DataAccessResult::success);
  EXPECT_EQ(get(sn, 4), "09 06 00 00 2B 00 00 FF");
  EXPECT_EQ(sn.set_static(4, hex("09 02 00 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(sn.set_static(2, hex("01 00")), DataAccessResult::read_write_denied);
  EXPECT_EQ(get(sn, 5), "01 00");
  EXPECT_EQ(get(sn, 6), "02 02 11 00 0A 00");
}

TEST_F(AssociationSnTest, SecretsAndHls) {
  EXPECT_EQ(invoke(sn, ctx, 3, "09 02 31 32"), ActionResult::success);
  EXPECT_EQ(to_hex(assoc.lls), "31 32");
  EXPECT_EQ(invoke(sn, ctx, 3, "09 00"), ActionResult::other_reason);
  EXPECT_EQ(invoke(sn, ctx, 4, "09 01 33"), ActionResult::success);
  EXPECT_EQ(to_hex(assoc.hls), "33");
  std::string returned;
  EXPECT_EQ(invoke(sn, ctx, 6, "09 01 44", &returned), ActionResult::success);
  EXPECT_EQ(returned, "09 01 44");
  EXPECT_EQ(invoke(sn, ctx, 6, "09 02 44 45", &returned), ActionResult::other_reason);
  EXPECT_EQ(returned, "");
  EXPECT_EQ(invoke(sn, ctx, 6, "0A 01 44"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(sn, {}, 6, "09 01 44"), ActionResult::object_unavailable);
  for (std::int8_t m : {1, 2, 5, 7, 8}) {
    EXPECT_EQ(invoke(sn, ctx, m, "01 00"), ActionResult::object_unavailable) << int(m);
  }
  EXPECT_EQ(invoke(sn, ctx, 9, ""), ActionResult::object_undefined);
}

}  // namespace
}  // namespace dlms::cosem
