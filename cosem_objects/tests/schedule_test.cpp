// Schedule (class 10), Blue Book 4.5.3: schedule_table_entry ::= structure { index
// long-unsigned, enable boolean, script_logical_name octet-string, script_selector
// long-unsigned, switch_time octet-string(4), validity_window long-unsigned, exec_weekdays
// bit-string, exec_specdays bit-string, begin_date octet-string(5), end_date octet-string(5) };
// methods enable/disable {firstIndexA, lastIndexA, firstIndexB, lastIndexB}, insert, delete
// {firstIndex, lastIndex}.
#include "cosem_objects/schedule.hpp"

#include <cstdio>
#include <string>

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

// index n, enabled, script 0.0.10.0.100.255 #1 at 06:00, window 60 min, Monday..Friday
// (bits 1111100), no special days, always valid.
std::string entry(int index, bool enable = true) {
  char head[32];
  std::snprintf(head, sizeof head, "02 0A 12 00 %02X 03 %02X ", index, enable ? 1 : 0);
  return std::string(head) +
         "09 06 00 00 0A 00 64 FF 12 00 01 09 04 06 00 00 00 12 00 3C 04 07 F8 04 00 "
         "09 05 FF FF FF FF FF 09 05 FF FF FF FF FF ";
}

TEST(Schedule, EntriesEncodeSortedByIndex) {
  Schedule s(apdu::ObisCode(0, 0, 12, 0, 0, 255));
  EXPECT_EQ(s.class_id(), 10);
  EXPECT_EQ(s.attribute_count(), 2);
  EXPECT_EQ(s.method_count(), 3);
  EXPECT_EQ(get_hex(s, 2), norm("01 00"));
  ASSERT_EQ(set_hex(s, 2, "01 02 " + entry(2) + entry(1, false)), DataAccessResult::success);
  EXPECT_EQ(get_hex(s, 2), norm("01 02 " + entry(1, false) + entry(2)));
  EXPECT_FALSE(s.enabled(1));
  EXPECT_TRUE(s.enabled(2));
  EXPECT_EQ(s.size(), 2U);
}

TEST(Schedule, EnableDisableInsertDelete) {
  Schedule s(apdu::ObisCode(0, 0, 12, 0, 0, 255));
  ASSERT_EQ(set_hex(s, 2, "01 03 " + entry(1) + entry(2) + entry(3)), DataAccessResult::success);
  // Disable 1..2, enable 2..2: 1 off, 2 on, 3 untouched.
  EXPECT_EQ(invoke_hex(s, 1, "02 04 12 00 01 12 00 02 12 00 02 12 00 02"), ActionResult::success);
  EXPECT_EQ(get_hex(s, 2), norm("01 03 " + entry(1, false) + entry(2) + entry(3)));
  // Empty ranges (first 0) select nothing.
  EXPECT_EQ(invoke_hex(s, 1, "02 04 12 00 00 12 00 05 12 00 00 12 00 05"), ActionResult::success);
  EXPECT_EQ(get_hex(s, 2), norm("01 03 " + entry(1, false) + entry(2) + entry(3)));
  // insert replaces the same index, adds a new one in order.
  EXPECT_EQ(invoke_hex(s, 2, entry(1)), ActionResult::success);
  EXPECT_EQ(invoke_hex(s, 2, entry(5, false)), ActionResult::success);
  EXPECT_EQ(get_hex(s, 2), norm("01 04 " + entry(1) + entry(2) + entry(3) + entry(5, false)));
  // delete 2..3.
  EXPECT_EQ(invoke_hex(s, 3, "02 02 12 00 02 12 00 03"), ActionResult::success);
  EXPECT_EQ(get_hex(s, 2), norm("01 02 " + entry(1) + entry(5, false)));
}

TEST(Schedule, Rejections) {
  Schedule s(apdu::ObisCode(0, 0, 12, 0, 0, 255));
  ASSERT_EQ(set_hex(s, 2, "01 01 " + entry(1)), DataAccessResult::success);
  EXPECT_EQ(set_hex(s, 2, "01 02 " + entry(1) + entry(1)), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(s, 2, "01 01 " + entry(0)), DataAccessResult::type_unmatched);  // index >= 1
  // exec_weekdays of 8 bits; switch_time of 3 octets.
  std::string bad = entry(2);
  bad.replace(bad.find("04 07 F8"), 8, "04 08 F8");
  EXPECT_EQ(set_hex(s, 2, "01 01 " + bad), DataAccessResult::type_unmatched);
  EXPECT_EQ(invoke_hex(s, 2, bad), ActionResult::type_unmatched);
  bad = entry(2);
  bad.replace(bad.find("09 04 06 00 00 00"), 17, "09 03 06 00 00");
  EXPECT_EQ(invoke_hex(s, 2, bad), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(s, 1, "02 02 12 00 01 12 00 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(s, 3, "12 00 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(s, 3), ActionResult::type_unmatched);
  s.set_capacity(1);
  EXPECT_EQ(invoke_hex(s, 2, entry(2)), ActionResult::other_reason);
  EXPECT_EQ(set_hex(s, 2, "01 02 " + entry(1) + entry(2)), DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(s, 2), norm("01 01 " + entry(1)));
}

}  // namespace
}  // namespace dlms::cosem
