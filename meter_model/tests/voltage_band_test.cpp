// Per-phase voltage events of the power quality log (IDIS codes, as decoded by the Connexo
// head end's IDIS PowerQualityEventLog: 76-78 under voltage, 79-81 over voltage, 82-84 missing
// voltage, 85-87 voltage normal), in simulated time, with thresholds set through the catalogue.
#include <vector>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using test::at;

const TimeMs kT0 = ms_from_civil(2025, 3, 3, 10);

struct Phase {
  TimeMs from_s;
  double volts;
};

// Phase `k` follows `steps` (from their start times, in s after kT0); the others stay at Un.
Scenario phase_steps(int k, const std::vector<Phase>& steps) {
  std::vector<InputSample> samples;
  for (const auto& s : steps) {
    std::array<double, 3> v{63.5, 63.5, 63.5};
    v[static_cast<std::size_t>(k)] = s.volts;
    samples.push_back(at(kT0 + s.from_s * kSecond, v, {1, 1, 1}, {10, 10, 10}));
  }
  return Scenario(samples, 0, Interpolation::kStep);
}

std::vector<std::pair<TimeMs, int>> voltage_events(const Meter& m) {
  std::vector<std::pair<TimeMs, int>> v;
  for (const auto& e : m.event_log(EventLog::kPowerQuality))
    if (e.code >= 76 && e.code <= 87) v.emplace_back((e.time - kT0) / kSecond, e.code);
  return v;
}

TEST(VoltageBands, MissingThenUnderThenNormalLogsOneVoltageNormal) {
  for (int k = 0; k < 3; ++k) {
    SCOPED_TRACE(k);
    ManualClock clock(kT0);
    Meter m(clock, phase_steps(k, {{0, 63.5}, {100, 0.0}, {300, 45.0}, {500, 63.5}}));
    m.set("threshold.missing_voltage_time_s", 30);
    m.set("threshold.voltage_time_s", 60);
    m.advance_to(kT0 + 129 * kSecond);
    EXPECT_TRUE(voltage_events(m).empty());
    m.advance_to(kT0 + 600 * kSecond);
    EXPECT_EQ(voltage_events(m), (std::vector<std::pair<TimeMs, int>>{{130, event::kMissingVoltageL1 + k},
                                                                      {360, event::kUnderVoltageL1 + k},
                                                                      {500, event::kVoltageNormalL1 + k}}));
    EXPECT_EQ(m.event_count(event::kMissingVoltageL1 + k), 1);
    EXPECT_EQ(m.get(std::string("counter.missing_voltage_l") + std::to_string(k + 1)).get<int>(), 1);
    EXPECT_EQ(m.power_failures(), 0);  // the other phases keep the meter powered
  }
}

TEST(VoltageBands, ShortDipsAndThresholdsAreRespected) {
  ManualClock clock(kT0);
  // 20 V for 59 s: below the default 60 s time threshold, nothing is logged.
  Meter m(clock, phase_steps(1, {{0, 63.5}, {100, 20.0}, {159, 63.5}, {200, 40.0}, {400, 63.5}}));
  m.advance_to(kT0 + 199 * kSecond);
  EXPECT_TRUE(voltage_events(m).empty());
  // 40 V is under voltage with the default missing threshold (0.5 Un = 31.75 V) but missing
  // once the threshold is raised to 41 V.
  m.set("threshold.missing_voltage_v", 41.0);
  m.advance_to(kT0 + 500 * kSecond);
  EXPECT_EQ(voltage_events(m), (std::vector<std::pair<TimeMs, int>>{{260, event::kMissingVoltageL1 + 1},
                                                                    {400, event::kVoltageNormalL1 + 1}}));
  EXPECT_THROW(m.set("threshold.missing_voltage_v", 250.0), std::invalid_argument);
  EXPECT_THROW(m.set("threshold.missing_voltage_time_s", -1), std::invalid_argument);
}

TEST(VoltageBands, AllPhasesGoneIsAnOutageNotMissingVoltage) {
  ManualClock clock(kT0);
  Scenario s({at(kT0, {63.5, 63.5, 63.5}, {1, 1, 1}, {10, 10, 10}),
              at(kT0 + 100 * kSecond, {0, 0, 0}, {0, 0, 0}, {10, 10, 10}),
              at(kT0 + 400 * kSecond, {63.5, 63.5, 63.5}, {1, 1, 1}, {10, 10, 10})},
             0, Interpolation::kStep);
  Meter m(clock, s);
  m.advance_to(kT0 + 600 * kSecond);
  EXPECT_TRUE(voltage_events(m).empty());
  EXPECT_EQ(m.power_failures(), 1);
}

}  // namespace
}  // namespace dlms::meter
