// Register monitor (class 21), Blue Book 4.5.6: thresholds array of the monitored type,
// monitored_value structure { class_id long-unsigned, logical_name octet-string,
// attribute_index integer }, actions array of structure { action_up, action_down }, each
// structure { script_logical_name octet-string, script_selector long-unsigned }. Example: an
// over-voltage monitor on Register 1.0.32.7.0.255 value with thresholds 253 V and 264 V.
#include "cosem_objects/register_monitor.hpp"

#include <string>
#include <vector>

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

constexpr const char* kThresholds = "01 02 12 00 FD 12 01 08";
constexpr const char* kMonitored = "02 03 12 00 03 09 06 01 00 20 07 00 FF 0F 02";
constexpr const char* kActions =
    "01 02 02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 01 02 02 09 06 00 00 0A 00 6A FF 12 00 02"
    " 02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 03 02 02 09 06 00 00 0A 00 6A FF 12 00 04";

class Runner : public ScriptRunner {
 public:
  ActionResult run(const apdu::ObisCode& table, std::uint16_t selector) override {
    runs.push_back(table.to_string() + "#" + std::to_string(selector));
    return ActionResult::success;
  }
  std::vector<std::string> runs;
};

void feed(RegisterMonitor& m, Runner& r, const char* value) {
  const auto v = hex(value);
  m.monitor(*codec::read_data_exact(v), r);
}

TEST(RegisterMonitor, AttributesEncodeTheirTypes) {
  RegisterMonitor m(apdu::ObisCode(0, 0, 16, 1, 0, 255));
  EXPECT_EQ(m.class_id(), 21);
  EXPECT_EQ(m.attribute_count(), 4);
  EXPECT_EQ(m.method_count(), 0);
  EXPECT_EQ(get_hex(m, 2), norm("01 00"));
  EXPECT_EQ(get_hex(m, 3), norm("02 03 12 00 00 09 06 00 00 00 00 00 00 0F 00"));
  EXPECT_EQ(get_hex(m, 4), norm("01 00"));
  ASSERT_EQ(set_hex(m, 2, kThresholds), DataAccessResult::success);
  ASSERT_EQ(set_hex(m, 3, kMonitored), DataAccessResult::success);
  ASSERT_EQ(set_hex(m, 4, kActions), DataAccessResult::success);
  EXPECT_EQ(get_hex(m, 2), norm(kThresholds));
  EXPECT_EQ(get_hex(m, 3), norm(kMonitored));
  EXPECT_EQ(get_hex(m, 4), norm(kActions));
  EXPECT_EQ(m.monitored_value().logical_name, apdu::ObisCode(1, 0, 32, 7, 0, 255));
  EXPECT_EQ(m.threshold_count(), 2U);
}

TEST(RegisterMonitor, CrossingsRunTheirScripts) {
  RegisterMonitor m(apdu::ObisCode(0, 0, 16, 1, 0, 255));
  ASSERT_EQ(set_hex(m, 2, kThresholds), DataAccessResult::success);
  ASSERT_EQ(set_hex(m, 4, kActions), DataAccessResult::success);
  Runner r;
  feed(m, r, "12 00 E6");  // 230 V: baseline
  feed(m, r, "12 00 FD");  // 253 V: up over threshold 1
  ASSERT_EQ(r.runs.size(), 1U);
  EXPECT_EQ(r.runs[0], "0.0.10.0.106.255#1");
  feed(m, r, "12 01 0E");  // 270 V: up over threshold 2
  EXPECT_EQ(r.runs.back(), "0.0.10.0.106.255#3");
  feed(m, r, "12 00 E6");  // back down through both
  ASSERT_EQ(r.runs.size(), 4U);
  EXPECT_EQ(r.runs[2], "0.0.10.0.106.255#2");
  EXPECT_EQ(r.runs[3], "0.0.10.0.106.255#4");
  feed(m, r, "0A 01 41");  // not a number: ignored
  EXPECT_EQ(r.runs.size(), 4U);
}

TEST(RegisterMonitor, Rejections) {
  RegisterMonitor m(apdu::ObisCode(0, 0, 16, 1, 0, 255));
  EXPECT_EQ(set_hex(m, 2, "01 02 12 00 FD 06 00 00 01 08"), DataAccessResult::type_unmatched);  // mixed types
  EXPECT_EQ(set_hex(m, 2, "01 01 01 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(m, 3, "02 03 12 00 03 09 06 01 00 20 07 00 FF 11 02"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(m, 4, "01 01 02 01 02 02 09 06 00 00 0A 00 6A FF 12 00 01"),
            DataAccessResult::type_unmatched);
  m.set_capacity(1);
  EXPECT_EQ(set_hex(m, 2, kThresholds), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(m, 4, kActions), DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(m, 2), norm("01 00"));
  EXPECT_EQ(get_hex(m, 4), norm("01 00"));
}

}  // namespace
}  // namespace dlms::cosem
