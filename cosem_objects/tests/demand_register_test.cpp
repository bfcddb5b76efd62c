// Demand register (class 5), Blue Book 4.3.4: period double-long-unsigned, number_of_periods
// long-unsigned, capture_time / start_time_current octet-string(12); reset and next_period.
#include "cosem_objects/demand_register.hpp"

#include "cosem_objects/clock.hpp"
#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

constexpr std::int64_t kJan15 = 1705314600000;  // 2024-01-15 10:30:00 UTC, Monday
constexpr const char* kJan15Octets = "09 0C 07 E8 01 0F 01 0A 1E 00 00 00 00 00";
constexpr const char* kJan15At1045 = "09 0C 07 E8 01 0F 01 0A 2D 00 00 00 00 00";
constexpr const char* kUnspecified = "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF";

TEST(DemandRegister, DefaultsEncodeTheirTypes) {
  DemandRegister r(apdu::ObisCode(1, 0, 1, 4, 0, 255));
  EXPECT_EQ(r.class_id(), 5);
  EXPECT_EQ(r.attribute_count(), 9);
  EXPECT_EQ(r.method_count(), 2);
  EXPECT_EQ(get_hex(r, 2), norm("00"));
  EXPECT_EQ(get_hex(r, 3), norm("00"));
  EXPECT_EQ(get_hex(r, 4), norm("02 02 0F 00 16 FF"));
  EXPECT_EQ(get_hex(r, 5), norm("00"));
  EXPECT_EQ(get_hex(r, 6), norm(kUnspecified));
  EXPECT_EQ(get_hex(r, 7), norm(kUnspecified));
  EXPECT_EQ(get_hex(r, 8), norm("06 00 00 03 84"));  // 900 s
  EXPECT_EQ(get_hex(r, 9), norm("12 00 01"));
}

TEST(DemandRegister, PeriodAndNumberOfPeriods) {
  DemandRegister r(apdu::ObisCode(1, 0, 1, 4, 0, 255));
  EXPECT_EQ(set_hex(r, 8, "06 00 00 01 2C"), DataAccessResult::success);  // 300 s
  EXPECT_EQ(set_hex(r, 9, "12 00 03"), DataAccessResult::success);        // sliding, 3 subperiods
  EXPECT_EQ(get_hex(r, 8), norm("06 00 00 01 2C"));
  EXPECT_EQ(get_hex(r, 9), norm("12 00 03"));
  EXPECT_EQ(set_hex(r, 8, "06 00 00 00 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(r, 8, "12 01 2C"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 9, "12 00 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(r, 9, "11 03"), DataAccessResult::type_unmatched);
  EXPECT_EQ(r.period(), 300U);
  EXPECT_EQ(r.number_of_periods(), 3U);
  EXPECT_EQ(set_hex(r, 6, "09 04 00 00 00 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 2, "02 00"), DataAccessResult::type_unmatched);
}

TEST(DemandRegister, NextPeriodMovesCurrentToLast) {
  Clock clock(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  clock.source().set_ms(kJan15);
  DemandRegister r(apdu::ObisCode(1, 0, 1, 4, 0, 255));
  r.set_time_reference(&clock);
  ASSERT_EQ(set_hex(r, 2, "06 00 00 00 64", true), DataAccessResult::success);
  ASSERT_EQ(set_hex(r, 3, "06 00 00 00 00", true), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(r, 2, "0F 00"), ActionResult::success);
  EXPECT_EQ(get_hex(r, 3), norm("06 00 00 00 64"));
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 00 00"));
  EXPECT_EQ(get_hex(r, 6), norm(kJan15Octets));
  EXPECT_EQ(get_hex(r, 7), norm(kJan15Octets));
  // The running average comes in; the next period closes 15 minutes later.
  const auto v = hex("06 00 00 00 C8");
  ASSERT_TRUE(r.update_current(*codec::read_data_exact(v)));
  const auto wrong = hex("12 00 C8");
  EXPECT_FALSE(r.update_current(*codec::read_data_exact(wrong)));
  clock.source().set_ms(kJan15 + 15 * 60 * 1000);
  r.next_period();
  EXPECT_EQ(get_hex(r, 3), norm("06 00 00 00 C8"));
  EXPECT_EQ(get_hex(r, 6), norm(kJan15At1045));
  EXPECT_EQ(invoke_hex(r, 2, "0F 05"), ActionResult::type_unmatched);
  EXPECT_EQ(get_hex(r, 3), norm("06 00 00 00 C8"));
}

TEST(DemandRegister, ResetClearsBothAverages) {
  Clock clock(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  clock.source().set_ms(kJan15);
  DemandRegister r(apdu::ObisCode(1, 0, 1, 4, 0, 255));
  r.set_time_reference(&clock);
  ASSERT_EQ(set_hex(r, 2, "05 00 00 00 64", true), DataAccessResult::success);
  ASSERT_EQ(set_hex(r, 3, "05 00 00 00 32", true), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get_hex(r, 2), norm("05 00 00 00 00"));
  EXPECT_EQ(get_hex(r, 3), norm("05 00 00 00 00"));
  EXPECT_EQ(get_hex(r, 7), norm(kJan15Octets));
}

TEST(DemandRegister, BoundAveragesActThroughSinks) {
  DemandRegister r(apdu::ObisCode(1, 0, 1, 4, 0, 255));
  FakeSource current("06 00 00 00 0A");
  ASSERT_TRUE(r.bind(2, &current));
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 00 0A"));
  EXPECT_EQ(invoke_hex(r, 2, "0F 00"), ActionResult::object_unavailable);
  FakeSink sink;
  ASSERT_TRUE(r.bind_method(2, &sink));
  EXPECT_EQ(invoke_hex(r, 2, "0F 00"), ActionResult::success);
  EXPECT_EQ(sink.calls, 1);
}

}  // namespace
}  // namespace dlms::cosem
