// Single action schedule (class 22), Blue Book 4.5.7: executed_script structure
// { octet-string, long-unsigned }, type enum 1..5, execution_time array of structure
// { time octet-string(4), date octet-string(5) }. The example is an end-of-billing schedule:
// script 0.0.10.0.1.255 #1 at 00:00:00 on the 1st of every month.
#include "cosem_objects/single_action_schedule.hpp"

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::DataAccessResult;
using namespace test1;

constexpr const char* kMonthly = "01 01 02 02 09 04 00 00 00 00 09 05 FF FF FF 01 FF";

TEST(SingleActionSchedule, AttributesEncodeTheirTypes) {
  SingleActionSchedule s(apdu::ObisCode(0, 0, 15, 0, 0, 255));
  EXPECT_EQ(s.class_id(), 22);
  EXPECT_EQ(s.attribute_count(), 4);
  EXPECT_EQ(s.method_count(), 0);
  EXPECT_EQ(get_hex(s, 2), norm("02 02 09 06 00 00 00 00 00 00 12 00 00"));
  EXPECT_EQ(get_hex(s, 3), norm("16 01"));
  EXPECT_EQ(get_hex(s, 4), norm("01 00"));
  ASSERT_EQ(set_hex(s, 2, "02 02 09 06 00 00 0A 00 01 FF 12 00 01"), DataAccessResult::success);
  ASSERT_EQ(set_hex(s, 4, kMonthly), DataAccessResult::success);
  EXPECT_EQ(get_hex(s, 2), norm("02 02 09 06 00 00 0A 00 01 FF 12 00 01"));
  EXPECT_EQ(get_hex(s, 4), norm(kMonthly));
  EXPECT_EQ(s.script_logical_name(), apdu::ObisCode(0, 0, 10, 0, 1, 255));
  EXPECT_EQ(s.script_selector(), 1);
}

TEST(SingleActionSchedule, TypeAndExecutionTimeAgree) {
  SingleActionSchedule s(apdu::ObisCode(0, 0, 15, 0, 0, 255));
  // Type 1: one entry only.
  const char* two_same_time =
      "01 02 02 02 09 04 00 00 00 00 09 05 07 E8 01 01 FF 02 02 09 04 00 00 00 00 09 05 07 E8 02 01 FF";
  EXPECT_EQ(set_hex(s, 4, two_same_time), DataAccessResult::other_reason);
  ASSERT_EQ(set_hex(s, 3, "16 02"), DataAccessResult::success);
  EXPECT_EQ(set_hex(s, 4, two_same_time), DataAccessResult::success);
  // Type 2 forbids wildcards in the date and differing times.
  EXPECT_EQ(set_hex(s, 4, kMonthly), DataAccessResult::other_reason);
  EXPECT_EQ(
      set_hex(
          s, 4,
          "01 02 02 02 09 04 00 00 00 00 09 05 07 E8 01 01 FF 02 02 09 04 01 00 00 00 09 05 07 E8 02 01 FF"),
      DataAccessResult::other_reason);
  // Type 1 no longer fits two entries.
  EXPECT_EQ(set_hex(s, 3, "16 01"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(s, 3, "16 05"), DataAccessResult::success);
  EXPECT_EQ(set_hex(s, 3, "16 06"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(s, 3, "16 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(s, 3, "11 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get_hex(s, 3), norm("16 05"));
  EXPECT_EQ(get_hex(s, 4), norm(two_same_time));
}

TEST(SingleActionSchedule, Rejections) {
  SingleActionSchedule s(apdu::ObisCode(0, 0, 15, 0, 0, 255));
  EXPECT_EQ(set_hex(s, 2, "02 02 09 05 00 00 0A 00 01 12 00 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(s, 2, "02 02 09 06 00 00 0A 00 01 FF 11 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(s, 4, "01 01 02 02 09 04 18 00 00 00 09 05 FF FF FF 01 FF"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(s, 4, "01 01 02 02 09 05 FF FF FF 01 FF 09 04 00 00 00 00"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(s, 4, "01 01 02 02 09 04 00 00 00 05 09 05 FF FF FF 01 FF"),
            DataAccessResult::other_reason);
  s.set_capacity(0);
  EXPECT_EQ(set_hex(s, 4, kMonthly), DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(s, 4), norm("01 00"));
}

TEST(SingleActionSchedule, DueAtMatchesWildcards) {
  SingleActionSchedule s(apdu::ObisCode(0, 0, 15, 0, 0, 255));
  ASSERT_EQ(set_hex(s, 4, kMonthly), DataAccessResult::success);
  codec::CosemDateTime t{2024, 2, 1, 4, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(s.due_at(t));
  t.day_of_month = 2;
  EXPECT_FALSE(s.due_at(t));
  t = {2024, 3, 1, 5, 0, 0, 1, 0, 0, 0};
  EXPECT_FALSE(s.due_at(t));
  // Last day of the month.
  ASSERT_EQ(set_hex(s, 4, "01 01 02 02 09 04 17 3B 00 00 09 05 FF FF FF FE FF"), DataAccessResult::success);
  EXPECT_TRUE(s.due_at({2024, 2, 29, 4, 23, 59, 0, 0, 0, 0}));
  EXPECT_FALSE(s.due_at({2024, 2, 28, 3, 23, 59, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace dlms::cosem
