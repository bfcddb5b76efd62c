// SAP assignment (class 17, version 0; Blue Book 4.4.5).
#include "cosem_objects/sap_assignment.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

std::string get(InterfaceClass& obj, std::int8_t attr) {
  std::array<std::uint8_t, 256> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  EXPECT_EQ(obj.get({}, attr, nullptr, cursor, out), DataAccessResult::success);
  return to_hex(out.written());
}

ActionResult invoke(InterfaceClass& obj, std::string_view parameter) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  if (parameter.empty()) {
    return obj.invoke({}, 1, nullptr, out).result;
  }
  const auto p = hex(parameter);
  return obj.invoke({}, 1, &*codec::read_data_exact(p), out).result;
}

// "SMR307000000001" style logical device names (manufacturer id + serial).
constexpr std::string_view kMeter = "02 02 12 00 01 09 06 53 4D 52 30 30 31";
constexpr std::string_view kGateway = "02 02 12 00 11 09 06 53 4D 52 30 30 32";

TEST(SapAssignment, ListAndConnect) {
  SapAssignment sap(apdu::ObisCode(0, 0, 41, 0, 0, 255));
  EXPECT_EQ(sap.class_id(), 17);
  EXPECT_EQ(sap.version(), 0);
  EXPECT_EQ(sap.attribute_count(), 2);
  EXPECT_EQ(sap.method_count(), 1);
  EXPECT_EQ(get(sap, 2), "01 00");
  ASSERT_EQ(sap.set_static(2, hex("01 01 " + std::string(kMeter))), DataAccessResult::success);
  EXPECT_EQ(get(sap, 2), "01 01 " + std::string(kMeter));
  EXPECT_EQ(sap.entries().size(), 1U);
  EXPECT_EQ(sap.entries()[0].sap, 1);
  // A new logical device, then a new SAP for an existing one.
  EXPECT_EQ(invoke(sap, kGateway), ActionResult::success);
  EXPECT_EQ(get(sap, 2), "01 02 " + std::string(kMeter) + " " + std::string(kGateway));
  EXPECT_EQ(invoke(sap, "02 02 12 00 02 09 06 53 4D 52 30 30 31"), ActionResult::success);
  EXPECT_EQ(get(sap, 2), "01 02 02 02 12 00 02 09 06 53 4D 52 30 30 31 " + std::string(kGateway));
  // SAP 0 disconnects.
  EXPECT_EQ(invoke(sap, "02 02 12 00 00 09 06 53 4D 52 30 30 31"), ActionResult::success);
  EXPECT_EQ(get(sap, 2), "01 01 " + std::string(kGateway));
  EXPECT_EQ(invoke(sap, "02 02 12 00 00 09 06 53 4D 52 30 30 31"), ActionResult::other_reason);
}

TEST(SapAssignment, Rejections) {
  SapAssignment sap(apdu::ObisCode(0, 0, 41, 0, 0, 255));
  EXPECT_EQ(sap.set_static(2, hex("02 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(sap.set_static(2, hex("01 01 02 02 11 01 09 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(sap.set_static(2, hex("01 01 02 02 12 00 01 0A 00")), DataAccessResult::type_unmatched);
  std::string long_name = "01 01 02 02 12 00 01 09 21";
  for (int i = 0; i < 33; ++i) {
    long_name += " 41";
  }
  EXPECT_EQ(sap.set_static(2, hex(long_name)), DataAccessResult::other_reason);
  std::string many = "01 11";
  for (int i = 0; i < 17; ++i) {
    many += " 02 02 12 00 01 09 00";
  }
  EXPECT_EQ(sap.set_static(2, hex(many)), DataAccessResult::other_reason);
  EXPECT_EQ(get(sap, 2), "01 00");
  EXPECT_EQ(invoke(sap, ""), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(sap, "02 01 12 00 01"), ActionResult::type_unmatched);
  for (int i = 0; i < 16; ++i) {
    std::vector<std::uint8_t> p = hex("02 02 12 00 01 09 01 00");
    p[7] = static_cast<std::uint8_t>(i);
    ByteWriter none(MutableByteSpan{});
    EXPECT_EQ(sap.invoke({}, 1, &*codec::read_data_exact(p), none).result, ActionResult::success);
  }
  EXPECT_EQ(invoke(sap, "02 02 12 00 01 09 01 AA"), ActionResult::other_reason);  // full
  EXPECT_EQ(sap.entries().size(), 16U);
}

}  // namespace
}  // namespace dlms::cosem
