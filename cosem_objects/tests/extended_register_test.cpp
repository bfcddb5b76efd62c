// Extended register (class 4), Blue Book 4.3.3: value, scaler_unit, status (simple CHOICE),
// capture_time octet-string(12) (09 0C + the 4.1.6.1 date-time octets).
#include "cosem_objects/extended_register.hpp"

#include "cosem_objects/clock.hpp"
#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

// 2024-01-15 10:30:00 UTC, a Monday.
constexpr std::int64_t kJan15 = 1705314600000;
constexpr const char* kJan15Octets = "09 0C 07 E8 01 0F 01 0A 1E 00 00 00 00 00";
constexpr const char* kUnspecified = "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF";

TEST(ExtendedRegister, DefaultsEncodeTheirTypes) {
  ExtendedRegister r(apdu::ObisCode(1, 0, 1, 6, 0, 255));
  EXPECT_EQ(r.class_id(), 4);
  EXPECT_EQ(r.attribute_count(), 5);
  EXPECT_EQ(r.method_count(), 1);
  EXPECT_EQ(get_hex(r, 1), norm("09 06 01 00 01 06 00 FF"));
  EXPECT_EQ(get_hex(r, 2), norm("00"));
  EXPECT_EQ(get_hex(r, 3), norm("02 02 0F 00 16 FF"));
  EXPECT_EQ(get_hex(r, 4), norm("00"));
  EXPECT_EQ(get_hex(r, 5), norm(kUnspecified));
}

TEST(ExtendedRegister, SetsAndRefusals) {
  ExtendedRegister r(apdu::ObisCode(1, 0, 1, 6, 0, 255));
  EXPECT_EQ(set_hex(r, 2, "06 00 00 04 D2", true), DataAccessResult::success);
  EXPECT_EQ(set_hex(r, 3, "02 02 0F 00 16 1B", true), DataAccessResult::success);  // W
  EXPECT_EQ(set_hex(r, 4, "11 80", true), DataAccessResult::success);
  EXPECT_EQ(set_hex(r, 5, kJan15Octets, true), DataAccessResult::success);
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 04 D2"));
  EXPECT_EQ(get_hex(r, 3), norm("02 02 0F 00 16 1B"));
  EXPECT_EQ(get_hex(r, 4), norm("11 80"));
  EXPECT_EQ(get_hex(r, 5), norm(kJan15Octets));
  // capture_time: wrong length, month 13, wrong type.
  EXPECT_EQ(set_hex(r, 5, "09 05 07 E8 01 0F 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 5, "09 0C 07 E8 0D 0F 01 0A 1E 00 00 00 00 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 5, "19 07 E8 01 0F 01 0A 1E 00 00 00 00 00"), DataAccessResult::type_unmatched);
  // status keeps its type for a client.
  EXPECT_EQ(set_hex(r, 4, "12 00 80"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get_hex(r, 4), norm("11 80"));
  EXPECT_EQ(get_hex(r, 5), norm(kJan15Octets));
}

TEST(ExtendedRegister, ResetTakesTheClockTime) {
  Clock clock(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  clock.source().set_ms(kJan15);
  ExtendedRegister r(apdu::ObisCode(1, 0, 1, 6, 0, 255));
  ASSERT_EQ(set_hex(r, 2, "06 00 00 04 D2", true), DataAccessResult::success);
  ASSERT_EQ(set_hex(r, 4, "11 80", true), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 00 00"));
  EXPECT_EQ(get_hex(r, 4), norm("11 00"));
  EXPECT_EQ(get_hex(r, 5), norm(kUnspecified));  // no time reference
  r.set_time_reference(&clock);
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get_hex(r, 5), norm(kJan15Octets));
  EXPECT_EQ(invoke_hex(r, 1, "16 00"), ActionResult::type_unmatched);
}

TEST(ExtendedRegister, CaptureStoresValueAndTime) {
  Clock clock(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  clock.source().set_ms(kJan15);
  ExtendedRegister r(apdu::ObisCode(1, 0, 1, 6, 0, 255));
  r.set_time_reference(&clock);
  const auto v = hex("06 00 00 10 00");
  ASSERT_TRUE(r.capture(*codec::read_data_exact(v)));
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 10 00"));
  EXPECT_EQ(get_hex(r, 5), norm(kJan15Octets));
  const auto bad = hex("01 00");
  EXPECT_FALSE(r.capture(*codec::read_data_exact(bad)));
}

TEST(ExtendedRegister, BoundAttributes) {
  ExtendedRegister r(apdu::ObisCode(1, 0, 1, 6, 0, 255));
  FakeSource value("06 00 00 00 2A");
  FakeSource time(kJan15Octets);
  ASSERT_TRUE(r.bind(2, &value));
  ASSERT_TRUE(r.bind(5, &time));
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 00 2A"));
  EXPECT_EQ(get_hex(r, 5), norm(kJan15Octets));
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::object_unavailable);
}

}  // namespace
}  // namespace dlms::cosem
