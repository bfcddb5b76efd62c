// Limiter (class 71, version 0; Blue Book 4.5.9): attribute encodings (by hand from the
// attribute types) and the behaviour: actions after min_over / min_under_threshold_duration,
// the emergency profile by activation time, duration and group id.
#include "cosem_objects/limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;
using std::chrono::seconds;
using std::chrono::sys_seconds;

const apdu::ObisCode kName(0, 0, 17, 0, 0, 255);
const apdu::ObisCode kScripts(0, 0, 10, 0, 106, 255);

class RecordingExecutor : public ScriptRunner {
 public:
  struct Call {
    apdu::ObisCode script;
    std::uint16_t selector;
  };
  ActionResult run(const apdu::ObisCode& script, std::uint16_t selector) override {
    calls.push_back({script, selector});
    return ok ? ActionResult::success : ActionResult::hardware_fault;
  }
  std::vector<Call> calls;
  bool ok = true;
};

// 2026-11-24 00:00:00 UTC plus `s` seconds.
sys_seconds at(std::int64_t s) {
  return sys_seconds(seconds(codec::civil::days_from_civil(2026, 11, 24) * 86400 + s));
}

// Thresholds 5000 normal / 2000 emergency (double-long-unsigned, W), 60 s over, 30 s under,
// over -> script 1, under -> script 2 of 0.0.10.0.106.255.
void configure(Limiter& l) {
  ASSERT_EQ(set(l, 2, "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F 02"), DataAccessResult::success);
  ASSERT_EQ(set(l, 4, "06 00 00 13 88"), DataAccessResult::success);
  ASSERT_EQ(set(l, 5, "06 00 00 07 D0"), DataAccessResult::success);
  ASSERT_EQ(set(l, 6, "06 00 00 00 3C"), DataAccessResult::success);
  ASSERT_EQ(set(l, 7, "06 00 00 00 1E"), DataAccessResult::success);
  ASSERT_EQ(set(l, 11, "02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 01 02 02 09 06 00 00 0A 00 6A FF 12 00 02"),
            DataAccessResult::success);
}

TEST(Limiter, IdentityAndDefaults) {
  Limiter l(kName);
  EXPECT_EQ(l.class_id(), 71);
  EXPECT_EQ(l.version(), 0);
  EXPECT_EQ(l.attribute_count(), 11);
  EXPECT_EQ(l.method_count(), 0);
  EXPECT_EQ(get(l, 1), "09 06 00 00 11 00 00 FF");
  EXPECT_EQ(get(l, 2), "02 03 12 00 00 09 06 00 00 00 00 00 00 0F 00");
  EXPECT_EQ(get(l, 3), "06 00 00 00 00");
  EXPECT_EQ(get(l, 4), "06 00 00 00 00");
  EXPECT_EQ(get(l, 5), "06 00 00 00 00");
  EXPECT_EQ(get(l, 6), "06 00 00 00 00");
  EXPECT_EQ(get(l, 7), "06 00 00 00 00");
  // emergency_activation_time: a date-time of "not specified" fields, deviation 0x8000.
  EXPECT_EQ(get(l, 8), "02 03 12 00 00 09 0C FF FF FF FF FF FF FF FF FF 80 00 FF 06 00 00 00 00");
  EXPECT_EQ(get(l, 9), "01 00");
  EXPECT_EQ(get(l, 10), "03 00");
  EXPECT_EQ(get(l, 11),
            "02 02 02 02 09 06 00 00 00 00 00 00 12 00 00 02 02 09 06 00 00 00 00 00 00 12 00 00");
  get(l, 12, DataAccessResult::object_undefined);
  ASSERT_NE(create_object(71, kName), nullptr);
}

TEST(Limiter, ConfiguredAttributesReadBack) {
  Limiter l(kName);
  RecordingListener listener;
  l.set_observer(&listener);
  configure(l);
  EXPECT_EQ(get(l, 2), "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F 02");
  EXPECT_EQ(get(l, 3), "06 00 00 13 88");  // follows threshold_normal
  EXPECT_EQ(get(l, 4), "06 00 00 13 88");
  EXPECT_EQ(get(l, 5), "06 00 00 07 D0");
  EXPECT_EQ(get(l, 6), "06 00 00 00 3C");
  EXPECT_EQ(get(l, 7), "06 00 00 00 1E");
  EXPECT_EQ(get(l, 11),
            "02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 01 02 02 09 06 00 00 0A 00 6A FF 12 00 02");
  EXPECT_EQ(l.monitored_value().class_id, 3);
  EXPECT_EQ(l.monitored_value().logical_name, apdu::ObisCode(1, 0, 1, 7, 0, 255));
  EXPECT_EQ(l.monitored_value().attribute_index, 2);
  EXPECT_EQ(l.action_under_threshold().script_selector, 2);
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{2, 4, 5, 6, 7, 11}));
  // 2026-11-24 12:00:00, Tuesday, deviation -60 (UTC+1), status 0.
  const char* profile = "02 03 12 00 07 09 0C 07 EA 0B 18 02 0C 00 00 00 FF C4 00 06 00 00 0E 10";
  EXPECT_EQ(set(l, 8, profile), DataAccessResult::success);
  EXPECT_EQ(get(l, 8), "02 03 12 00 07 09 0C 07 EA 0B 18 02 0C 00 00 00 FF C4 00 06 00 00 0E 10");
  EXPECT_EQ(set(l, 9, "01 02 12 00 05 12 00 07"), DataAccessResult::success);
  EXPECT_EQ(get(l, 9), "01 02 12 00 05 12 00 07");
  EXPECT_EQ(l.emergency_profile().duration_s, 3600U);
  EXPECT_EQ(l.emergency_profile_group_id_list().size(), 2U);
}

TEST(Limiter, ValuesAreValidated) {
  Limiter l(kName);
  configure(l);
  // monitored_value
  EXPECT_EQ(set(l, 2, "02 02 12 00 03 09 06 01 00 01 07 00 FF"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(l, 2, "02 03 12 00 03 09 05 01 00 01 07 00 0F 02"), DataAccessResult::other_reason);
  EXPECT_EQ(set(l, 2, "02 03 12 00 03 09 06 01 00 01 07 00 FF 11 02"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(l, 2, "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F FF"), DataAccessResult::other_reason);
  expect_truncations_rejected(l, 2, "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F 02");
  // thresholds: numeric simple types only
  EXPECT_EQ(set(l, 4, "09 02 13 88"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(l, 4, "17 7F C0 00 00"), DataAccessResult::other_reason);  // float32 NaN
  EXPECT_EQ(set(l, 4, "01 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get(l, 4), "06 00 00 13 88");
  EXPECT_EQ(set(l, 4, "17 45 9C 40 00"), DataAccessResult::success);  // float32 5000.0
  EXPECT_EQ(get(l, 3), "17 45 9C 40 00");
  EXPECT_EQ(set(l, 3, "10 FF 38"), DataAccessResult::success);  // long -200, written directly
  EXPECT_EQ(get(l, 3), "10 FF 38");
  EXPECT_EQ(set(l, 6, "12 00 3C"), DataAccessResult::type_unmatched);
  // emergency_profile: a date-time octet-string of 12 valid octets
  EXPECT_EQ(set(l, 8, "02 03 12 00 07 09 0C 07 EA 0D 18 02 0C 00 00 00 FF C4 00 06 00 00 0E 10"),
            DataAccessResult::other_reason);  // month 13
  EXPECT_EQ(set(l, 8, "02 03 12 00 07 09 0B 07 EA 0B 18 02 0C 00 00 00 FF C4 06 00 00 0E 10"),
            DataAccessResult::other_reason);  // 11 octets
  EXPECT_EQ(set(l, 8, "02 03 12 00 07 19 07 EA 0B 18 02 0C 00 00 00 FF C4 00 06 00 00 0E 10"),
            DataAccessResult::type_unmatched);  // date-time [25] is not the octet-string
  expect_truncations_rejected(l, 8,
                              "02 03 12 00 07 09 0C 07 EA 0B 18 02 0C 00 00 00 FF C4 00 06 00 00 0E 10");
  // group id list
  EXPECT_EQ(set(l, 9, "01 01 11 05"), DataAccessResult::type_unmatched);
  std::string seventeen = "01 11";
  for (int i = 0; i < 17; ++i) {
    seventeen += " 12 00 01";
  }
  EXPECT_EQ(set(l, 9, seventeen), DataAccessResult::other_reason);
  EXPECT_EQ(get(l, 9), "01 00");
  // emergency_profile_active follows the profile
  EXPECT_EQ(set(l, 10, "03 01"), DataAccessResult::read_write_denied);
  // actions
  EXPECT_EQ(set(l, 11, "02 02 02 02 09 06 00 00 0A 00 6A FF 11 01 02 02 09 06 00 00 0A 00 6A FF 12 00 02"),
            DataAccessResult::type_unmatched);
  expect_truncations_rejected(
      l, 11, "02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 01 02 02 09 06 00 00 0A 00 6A FF 12 00 02");
  EXPECT_EQ(l.action_over_threshold().script_selector, 1);
  EXPECT_FALSE(l.bind(3, nullptr));
}

TEST(Limiter, OverAndUnderActionsWaitForTheirMinimalDurations) {
  Limiter l(kName);
  configure(l);
  RecordingExecutor scripts;
  l.set_script_runner(&scripts);
  using F = Limiter::Fired;
  EXPECT_EQ(l.evaluate(at(0), 0, 4000).fired, F::none);
  EXPECT_EQ(l.evaluate(at(10), 0, 6000).fired, F::none);   // over from 10 s
  EXPECT_EQ(l.evaluate(at(40), 0, 4000).fired, F::none);   // back under after 30 s: a spike
  EXPECT_EQ(l.evaluate(at(50), 0, 5000).fired, F::none);   // equal is not over
  EXPECT_EQ(l.evaluate(at(100), 0, 5001).fired, F::none);  // over from 100 s
  EXPECT_EQ(l.evaluate(at(159), 0, 6000).fired, F::none);  // 59 s
  EXPECT_TRUE(scripts.calls.empty());
  EXPECT_EQ(l.evaluate(at(160), 0, 6000).fired, F::over);  // 60 s
  ASSERT_EQ(scripts.calls.size(), 1U);
  EXPECT_EQ(scripts.calls[0].script, kScripts);
  EXPECT_EQ(scripts.calls[0].selector, 1);
  EXPECT_TRUE(l.over());
  EXPECT_EQ(l.evaluate(at(400), 0, 7000).fired, F::none);  // once
  EXPECT_EQ(l.evaluate(at(410), 0, 100).fired, F::none);   // under from 410 s
  EXPECT_EQ(l.evaluate(at(420), 0, 9000).fired, F::none);  // over again: restart
  EXPECT_EQ(l.evaluate(at(430), 0, 100).fired, F::none);   // under from 430 s
  EXPECT_EQ(l.evaluate(at(459), 0, 100).fired, F::none);
  EXPECT_EQ(l.evaluate(at(460), 0, 100).fired, F::under);  // 30 s
  ASSERT_EQ(scripts.calls.size(), 2U);
  EXPECT_EQ(scripts.calls[1].selector, 2);
  EXPECT_FALSE(l.over());
  // A failing script is reported; the limiter is over all the same.
  scripts.ok = false;
  EXPECT_EQ(l.evaluate(at(500), 0, 9000).fired, F::none);
  const auto e = l.evaluate(at(560), 0, 9000);
  EXPECT_EQ(e.fired, F::over);
  EXPECT_TRUE(e.action_failed);
  EXPECT_TRUE(l.over());
}

TEST(Limiter, ZeroDurationsFireAtOnceAndNullScriptsAreSkipped) {
  Limiter l(kName);
  ASSERT_EQ(set(l, 4, "12 00 64"), DataAccessResult::success);  // 100, long-unsigned
  RecordingExecutor scripts;
  l.set_script_runner(&scripts);
  EXPECT_EQ(l.evaluate(at(0), 0, 101).fired, Limiter::Fired::over);
  EXPECT_EQ(l.evaluate(at(1), 0, -5.0).fired, Limiter::Fired::under);
  EXPECT_TRUE(scripts.calls.empty());  // actions are 0.0.0.0.0.0
}

TEST(Limiter, EmergencyProfileByTimeAndGroup) {
  Limiter l(kName);
  configure(l);
  RecordingListener listener;
  l.set_observer(&listener);
  RecordingExecutor scripts;
  l.set_script_runner(&scripts);
  // id 7 from 2026-11-24 12:00 local at UTC+1 (11:00 UTC) for one hour; groups {5, 7}.
  ASSERT_EQ(set(l, 8, "02 03 12 00 07 09 0C 07 EA 0B 18 02 0C 00 00 00 FF C4 00 06 00 00 0E 10"),
            DataAccessResult::success);
  ASSERT_EQ(set(l, 9, "01 02 12 00 05 12 00 07"), DataAccessResult::success);
  listener.changed.clear();
  const std::int64_t h11 = 11 * 3600;
  EXPECT_FALSE(l.evaluate(at(h11 - 1), -60, 3000).emergency_changed);
  EXPECT_EQ(get(l, 10), "03 00");
  const auto e = l.evaluate(at(h11), -60, 3000);
  EXPECT_TRUE(e.emergency_changed);
  EXPECT_EQ(get(l, 10), "03 01");
  EXPECT_EQ(get(l, 3), "06 00 00 07 D0");  // threshold_emergency in force
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{10, 3}));
  EXPECT_EQ(l.evaluate(at(h11 + 60), -60, 3000).fired, Limiter::Fired::over);  // 3000 > 2000 for 60 s
  EXPECT_EQ(scripts.calls.size(), 1U);
  // A new threshold_emergency applies at once while the profile is active.
  ASSERT_EQ(set(l, 5, "06 00 00 0F A0"), DataAccessResult::success);
  EXPECT_EQ(get(l, 3), "06 00 00 0F A0");
  EXPECT_TRUE(l.evaluate(at(h11 + 3600), -60, 3000).emergency_changed);  // the hour is over
  EXPECT_EQ(get(l, 10), "03 00");
  EXPECT_EQ(get(l, 3), "06 00 00 13 88");
  EXPECT_EQ(l.evaluate(at(h11 + 3630), -60, 3000).fired, Limiter::Fired::under);
  // Not in the group list: never active.
  ASSERT_EQ(set(l, 9, "01 01 12 00 05"), DataAccessResult::success);
  EXPECT_FALSE(l.evaluate(at(h11 + 10), -60, 0).emergency_changed);
  EXPECT_FALSE(l.emergency_profile_active());
}

TEST(Limiter, EmergencyActivationTimeWithoutDeviationIsLocalAndWildcardsNeverActivate) {
  Limiter l(kName);
  configure(l);
  ASSERT_EQ(set(l, 9, "01 01 12 00 07"), DataAccessResult::success);
  // 12:00 local, deviation not specified: at deviation -120 (UTC+2) that is 10:00 UTC.
  ASSERT_EQ(set(l, 8, "02 03 12 00 07 09 0C 07 EA 0B 18 FF 0C 00 00 00 80 00 FF 06 00 00 00 3C"),
            DataAccessResult::success);
  EXPECT_FALSE(l.evaluate(at(10 * 3600 - 1), -120, 0).emergency_changed);
  EXPECT_TRUE(l.evaluate(at(10 * 3600), -120, 0).emergency_changed);
  EXPECT_TRUE(l.emergency_profile_active());
  // Every day at 12:00 (year, month, day not specified) is no single instant.
  ASSERT_EQ(set(l, 8, "02 03 12 00 07 09 0C FF FF FF FF FF 0C 00 00 00 80 00 FF 06 00 00 00 3C"),
            DataAccessResult::success);
  EXPECT_TRUE(l.evaluate(at(10 * 3600 + 1), -120, 0).emergency_changed);
  EXPECT_FALSE(l.emergency_profile_active());
}

TEST(Limiter, EvaluateWithTheClocksDateTimeAndTheMonitoredAttribute) {
  Limiter l(kName);
  configure(l);
  RecordingExecutor scripts;
  l.set_script_runner(&scripts);
  const auto now = codec::CosemDateTime::from_utc(at(0), -60, 0);
  const auto later = codec::CosemDateTime::from_utc(at(60), -60, 0);
  const auto over = hex("06 00 00 17 70");  // 6000
  const auto text = hex("09 01 00");
  const auto v_over = codec::read_data_exact(over).value();
  EXPECT_EQ(l.evaluate(now, codec::read_data_exact(text).value()).fired, Limiter::Fired::none);
  EXPECT_EQ(l.evaluate(now, v_over).fired, Limiter::Fired::none);
  EXPECT_EQ(l.evaluate(later, v_over).fired, Limiter::Fired::over);
  codec::CosemDateTime no_deviation = later;
  no_deviation.deviation = codec::cosem_time_value::deviation_not_specified;
  EXPECT_EQ(l.evaluate(no_deviation, v_over).fired, Limiter::Fired::none);
}

}  // namespace
}  // namespace dlms::cosem
