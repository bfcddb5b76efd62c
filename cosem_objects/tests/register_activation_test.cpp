// Register activation (class 6), Blue Book 4.3.5: register_assignment array of structure
// { class_id long-unsigned, logical_name octet-string }, mask_list array of structure
// { mask_name octet-string, index_list array unsigned }, active_mask octet-string; methods
// add_register, add_mask, delete_mask. Example: the energy tariff registers 1.0.1.8.1/2.255
// with masks "T1" and "T2".
#include "cosem_objects/register_activation.hpp"

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

constexpr const char* kT1Register = "02 02 12 00 03 09 06 01 00 01 08 01 FF";
constexpr const char* kT2Register = "02 02 12 00 03 09 06 01 00 01 08 02 FF";
constexpr const char* kMaskT1 = "02 02 09 02 54 31 01 01 11 01";
constexpr const char* kMaskT2 = "02 02 09 02 54 32 01 01 11 02";

TEST(RegisterActivation, AttributesEncodeTheirTypes) {
  RegisterActivation a(apdu::ObisCode(0, 0, 14, 0, 1, 255));
  EXPECT_EQ(a.class_id(), 6);
  EXPECT_EQ(a.attribute_count(), 4);
  EXPECT_EQ(a.method_count(), 3);
  EXPECT_EQ(get_hex(a, 2), norm("01 00"));
  EXPECT_EQ(get_hex(a, 3), norm("01 00"));
  EXPECT_EQ(get_hex(a, 4), norm("09 00"));
  ASSERT_EQ(set_hex(a, 2, std::string("01 02 ") + kT1Register + kT2Register), DataAccessResult::success);
  ASSERT_EQ(set_hex(a, 3, std::string("01 02 ") + kMaskT1 + kMaskT2), DataAccessResult::success);
  ASSERT_EQ(set_hex(a, 4, "09 02 54 32"), DataAccessResult::success);
  EXPECT_EQ(get_hex(a, 2), norm(std::string("01 02 ") + kT1Register + kT2Register));
  EXPECT_EQ(get_hex(a, 3), norm(std::string("01 02 ") + kMaskT1 + kMaskT2));
  EXPECT_EQ(get_hex(a, 4), norm("09 02 54 32"));
  const auto active = a.active_registers();
  ASSERT_EQ(active.size(), 1U);
  EXPECT_EQ(active[0].logical_name, apdu::ObisCode(1, 0, 1, 8, 2, 255));
}

TEST(RegisterActivation, MethodsKeepTheTablesConsistent) {
  RegisterActivation a(apdu::ObisCode(0, 0, 14, 0, 1, 255));
  EXPECT_EQ(invoke_hex(a, 1, kT1Register), ActionResult::success);
  EXPECT_EQ(invoke_hex(a, 1, kT1Register), ActionResult::other_reason);  // assigned once
  EXPECT_EQ(invoke_hex(a, 2, kMaskT2), ActionResult::other_reason);      // index 2 not assigned yet
  EXPECT_EQ(invoke_hex(a, 1, kT2Register), ActionResult::success);
  EXPECT_EQ(invoke_hex(a, 2, kMaskT2), ActionResult::success);
  EXPECT_EQ(invoke_hex(a, 2, "02 02 09 02 54 32 01 02 11 01 11 02"), ActionResult::success);  // replaces T2
  EXPECT_EQ(get_hex(a, 3), norm("01 01 02 02 09 02 54 32 01 02 11 01 11 02"));
  EXPECT_EQ(set_hex(a, 4, "09 02 54 31"), DataAccessResult::other_reason);  // no mask T1
  ASSERT_EQ(set_hex(a, 4, "09 02 54 32"), DataAccessResult::success);
  EXPECT_EQ(a.active_registers().size(), 2U);
  EXPECT_EQ(invoke_hex(a, 3, "09 02 54 32"), ActionResult::other_reason);  // the active mask
  EXPECT_EQ(invoke_hex(a, 3, "09 02 54 33"), ActionResult::other_reason);  // unknown
  ASSERT_EQ(set_hex(a, 4, "09 00"), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(a, 3, "09 02 54 32"), ActionResult::success);
  EXPECT_EQ(get_hex(a, 3), norm("01 00"));
  // Shrinking register_assignment under a mask that refers to register 2 is refused.
  ASSERT_EQ(invoke_hex(a, 2, kMaskT2), ActionResult::success);
  EXPECT_EQ(set_hex(a, 2, std::string("01 01 ") + kT1Register), DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(a, 2), norm(std::string("01 02 ") + kT1Register + kT2Register));
}

TEST(RegisterActivation, Rejections) {
  RegisterActivation a(apdu::ObisCode(0, 0, 14, 0, 1, 255));
  EXPECT_EQ(invoke_hex(a, 1, "02 02 11 03 09 06 01 00 01 08 01 FF"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(a, 1, "02 02 12 00 03 09 05 01 00 01 08 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(a, 2, "02 02 09 02 54 31 01 01 12 00 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(a, 2, "02 02 09 02 54 31 01 01 11 00"), ActionResult::type_unmatched);  // index 0
  EXPECT_EQ(invoke_hex(a, 3, "0A 02 54 31"), ActionResult::type_unmatched);
  EXPECT_EQ(set_hex(a, 2, std::string("01 02 ") + kT1Register + kT1Register), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(a, 4, "0A 00"), DataAccessResult::type_unmatched);
  a.set_limits(1, 1);
  EXPECT_EQ(set_hex(a, 2, std::string("01 02 ") + kT1Register + kT2Register), DataAccessResult::other_reason);
  ASSERT_EQ(invoke_hex(a, 1, kT1Register), ActionResult::success);
  EXPECT_EQ(invoke_hex(a, 1, kT2Register), ActionResult::other_reason);
  ASSERT_EQ(invoke_hex(a, 2, kMaskT1), ActionResult::success);
  EXPECT_EQ(invoke_hex(a, 2, "02 02 09 02 54 33 01 00"), ActionResult::other_reason);
  EXPECT_EQ(set_hex(a, 3, "01 02 02 02 09 01 41 01 00 02 02 09 01 41 01 00"), DataAccessResult::other_reason);
}

}  // namespace
}  // namespace dlms::cosem
