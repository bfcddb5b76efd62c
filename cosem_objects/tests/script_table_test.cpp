// Script table (class 9), Blue Book 4.5.2: scripts ::= array script; script ::= structure
// { script_identifier long-unsigned, actions array action_specification };
// action_specification ::= structure { service_id enum, class_id long-unsigned, logical_name
// octet-string, index integer, parameter }. The example scripts are those of a disconnect
// control script table (0.0.10.0.106.255): execute remote_disconnect (method 1 of class 70,
// 0.0.96.3.10.255) and write the active tariff (Data 0.0.96.14.0.255).
#include "cosem_objects/script_table.hpp"

#include <string>
#include <vector>

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

constexpr const char* kDisconnect = "02 05 16 02 12 00 46 09 06 00 00 60 03 0A FF 0F 01 0F 00";
constexpr const char* kWriteTariff = "02 05 16 01 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 02";

std::string scripts() {
  return std::string("01 02 02 02 12 00 01 01 01 ") + kDisconnect + " 02 02 12 00 02 01 02 " + kWriteTariff +
         " " + kWriteTariff;
}

class Recorder : public ScriptExecutor {
 public:
  ActionResult execute(const ScriptAction& a) override {
    log.push_back(std::to_string(a.service_id) + "/" + std::to_string(a.class_id) + "/" +
                  a.logical_name.to_string() + "/" + std::to_string(a.index) + "/" +
                  to_hex(a.parameter.encoded()));
    return result;
  }
  std::vector<std::string> log;
  ActionResult result = ActionResult::success;
};

TEST(ScriptTable, ScriptsEncodeAsSet) {
  ScriptTable t(apdu::ObisCode(0, 0, 10, 0, 106, 255));
  EXPECT_EQ(t.class_id(), 9);
  EXPECT_EQ(t.attribute_count(), 2);
  EXPECT_EQ(t.method_count(), 1);
  EXPECT_EQ(get_hex(t, 2), norm("01 00"));
  ASSERT_EQ(set_hex(t, 2, scripts()), DataAccessResult::success);
  EXPECT_EQ(get_hex(t, 2), norm(scripts()));
  EXPECT_EQ(t.script_count(), 2U);
  EXPECT_TRUE(t.has_script(2));
  EXPECT_FALSE(t.has_script(3));
}

TEST(ScriptTable, ExecuteRunsEveryActionInOrder) {
  ScriptTable t(apdu::ObisCode(0, 0, 10, 0, 106, 255));
  ASSERT_EQ(set_hex(t, 2, scripts()), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(t, 1, "12 00 01"), ActionResult::object_unavailable);  // no executor yet
  Recorder r;
  t.set_executor(&r);
  EXPECT_EQ(invoke_hex(t, 1, "12 00 01"), ActionResult::success);
  ASSERT_EQ(r.log.size(), 1U);
  EXPECT_EQ(r.log[0], "2/70/0.0.96.3.10.255/1/0F 00");
  EXPECT_EQ(invoke_hex(t, 1, "12 00 02"), ActionResult::success);
  ASSERT_EQ(r.log.size(), 3U);
  EXPECT_EQ(r.log[1], "1/1/0.0.96.14.0.255/2/11 02");
  // Unknown script, wrong parameter type, a failing action stops the script.
  EXPECT_EQ(invoke_hex(t, 1, "12 00 03"), ActionResult::other_reason);
  EXPECT_EQ(invoke_hex(t, 1, "11 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(t, 1), ActionResult::type_unmatched);
  r.result = ActionResult::hardware_fault;
  EXPECT_EQ(invoke_hex(t, 1, "12 00 02"), ActionResult::hardware_fault);
  EXPECT_EQ(r.log.size(), 4U);
}

TEST(ScriptTable, RefusedScriptsChangeNothing) {
  ScriptTable t(apdu::ObisCode(0, 0, 10, 0, 106, 255));
  ASSERT_EQ(set_hex(t, 2, scripts()), DataAccessResult::success);
  // Duplicate identifiers.
  EXPECT_EQ(set_hex(t, 2, std::string("01 02 02 02 12 00 01 01 00 02 02 12 00 01 01 00")),
            DataAccessResult::other_reason);
  // service_id 3, logical name of 5 octets, index 0, structure of 4.
  EXPECT_EQ(
      set_hex(t, 2, "01 01 02 02 12 00 01 01 01 02 05 16 03 12 00 46 09 06 00 00 60 03 0A FF 0F 01 0F 00"),
      DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(t, 2, "01 01 02 02 12 00 01 01 01 02 05 16 02 12 00 46 09 05 00 00 60 03 0A 0F 01 0F 00"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(
      set_hex(t, 2, "01 01 02 02 12 00 01 01 01 02 05 16 02 12 00 46 09 06 00 00 60 03 0A FF 0F 00 0F 00"),
      DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(t, 2, "01 01 02 02 12 00 01 01 01 02 04 16 02 12 00 46 09 06 00 00 60 03 0A FF 0F 01"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(t, 2, "02 00"), DataAccessResult::type_unmatched);
  // Capacity.
  t.set_limits(1, 16);
  EXPECT_EQ(set_hex(t, 2, scripts()), DataAccessResult::other_reason);
  t.set_limits(2, 1);
  EXPECT_EQ(set_hex(t, 2, scripts()), DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(t, 2), norm(scripts()));
}

TEST(ScriptTable, TruncatedScriptsAreRefused) {
  ScriptTable t(apdu::ObisCode(0, 0, 10, 0, 106, 255));
  const auto full = hex(scripts());
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_EQ(t.set_static(2, ByteSpan(full.data(), n)), DataAccessResult::type_unmatched) << n;
  }
  EXPECT_EQ(get_hex(t, 2), norm("01 00"));
}

}  // namespace
}  // namespace dlms::cosem
