// Meter::backfill_to (the fast path of sm307-meter --backfill) against ordinary stepping with
// advance_to: the same profile rows, billing, demand, events and registers.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "meter_model/meter.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using test::at;

// Numbers agree to `rel` relative (energy integrated over longer intervals rounds differently,
// see Meter::backfill_to); everything else exactly.
void expect_json_near(const nlohmann::json& a, const nlohmann::json& b, const std::string& path, double rel) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    EXPECT_LE(std::abs(x - y), rel * std::max(std::abs(x), std::abs(y)) + 1e-9)
        << path << ": " << x << " vs " << y;
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << path;
  if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (std::size_t k = 0; k < a.size(); ++k)
      expect_json_near(a[k], b[k], path + "[" + std::to_string(k) + "]",
                       rel);  // NOLINT(performance-inefficient-string-concatenation)
  } else if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (const auto& [key, value] : a.items()) {
      ASSERT_TRUE(b.contains(key)) << path << "." << key;
      std::string child = path;
      child.append(".").append(key);
      expect_json_near(value, b.at(key), child, rel);
    }
  } else {
    EXPECT_EQ(a, b) << path;
  }
}

// Every readable quantity of the catalogue, profiles, logs and billing included.
void expect_same_meter(const Meter& a, const Meter& b, double rel = 1e-12) {
  ASSERT_EQ(a.true_time(), b.true_time());
  for (const auto& q : Meter::catalogue()) {
    if (q.access.find('r') == std::string::npos) continue;
    SCOPED_TRACE(q.name);
    expect_json_near(a.get(q.name), b.get(q.name), q.name, rel);
  }
  for (int l = 0; l < kEventLogs; ++l) {
    const auto& x = a.event_log(static_cast<EventLog>(l));
    const auto& y = b.event_log(static_cast<EventLog>(l));
    ASSERT_EQ(x.size(), y.size()) << "log " << l;
    for (std::size_t k = 0; k < x.size(); ++k) {
      EXPECT_EQ(x[k].seq, y[k].seq);
      EXPECT_EQ(x[k].time, y[k].time) << "log " << l << " event " << k << " code " << x[k].code;
      EXPECT_EQ(x[k].code, y[k].code);
      EXPECT_EQ(x[k].value, y[k].value);
    }
  }
  ASSERT_EQ(a.load_profile().size(), b.load_profile().size());
  for (std::size_t k = 0; k < a.load_profile().size(); ++k) {
    const auto& x = a.load_profile()[k];
    const auto& y = b.load_profile()[k];
    EXPECT_EQ(x.seq, y.seq);
    EXPECT_EQ(x.time, y.time);
    EXPECT_EQ(x.status, y.status) << "entry " << k;
    for (int c = 0; c < kProfileChannels; ++c)
      EXPECT_LE(std::abs(x.values[c] - y.values[c]), rel * std::abs(x.values[c]) + 1e-9)
          << "entry " << k << " channel " << c;
  }
  for (int q = 0; q < kEnergyQuantities; ++q)
    for (int s = 0; s < kScopes; ++s)
      EXPECT_LE(std::abs(a.energy_mj(s, static_cast<EnergyQuantity>(q)) -
                         b.energy_mj(s, static_cast<EnergyQuantity>(q))),
                2)
          << "scope " << s << " quantity " << q;
}

struct Pair {
  ManualClock clock_a, clock_b;
  Meter stepped, backfilled;
  Pair(TimeMs t0, const Scenario& s, const MeterOptions& o)
      : clock_a(t0), clock_b(t0), stepped(clock_a, s, o), backfilled(clock_b, s, o) {}
  void run_to(TimeMs t) {
    stepped.advance_to(t);
    backfilled.backfill_to(t);
  }
};

// Supply episodes on a daily period: an under voltage ramp, a missing phase, over current, a
// reversed phase, an outage (long) and a short one, unbalance, an over voltage, all on linear
// ramps so the conditions change between measurement steps.
Scenario troubled_day() {
  const std::array<double, 3> ok_v{63.5, 63.5, 63.5};
  const std::array<double, 3> ok_i{1.0, 0.8, 1.2};
  const std::array<double, 3> ok_a{10, 20, -15};
  auto h = [](double hours) { return static_cast<TimeMs>(hours * 3600.0 * 1000.0); };
  std::vector<InputSample> s{
      at(h(0), ok_v, ok_i, ok_a),
      at(h(3), ok_v, ok_i, ok_a),
      at(h(3.5), {45.0, 63.5, 63.5}, ok_i, ok_a),  // under voltage L1 from ~03:12
      at(h(3.6), {45.0, 63.5, 63.5}, ok_i, ok_a),
      at(h(4), ok_v, ok_i, ok_a),
      at(h(4.5), {63.5, 20.0, 63.5}, ok_i, ok_a),  // missing voltage L2
      at(h(4.55), ok_v, ok_i, ok_a),
      at(h(6), ok_v, ok_i, ok_a),
      at(h(6.5), ok_v, {1.0, 12.0, 1.2}, ok_a),  // over current L2
      at(h(7), ok_v, ok_i, ok_a),
      at(h(9), ok_v, ok_i, {10, 20, 170}),  // reverse L3 (held angle)
      at(h(10), ok_v, ok_i, ok_a),
      at(h(12), ok_v, ok_i, ok_a),
      at(h(12) + 10'000, {0, 0, 0}, {0, 0, 0}, ok_a),  // outage, 5 min: long
      at(h(12) + 300'000, {0, 0, 0}, {0, 0, 0}, ok_a),
      at(h(12) + 310'000, ok_v, ok_i, ok_a),
      at(h(13), ok_v, ok_i, ok_a),
      at(h(13) + 5'000, {3, 3, 3}, ok_i, ok_a),  // outage, about 1 min: short
      at(h(13) + 65'000, {3, 3, 3}, ok_i, ok_a),
      at(h(13) + 70'000, ok_v, ok_i, ok_a),
      at(h(15), ok_v, ok_i, ok_a),
      at(h(15.5), {63.5, 63.5, 52.0}, ok_i, ok_a),  // unbalance (> 10 %) without under voltage
      at(h(16), ok_v, ok_i, ok_a),
      at(h(18), ok_v, ok_i, ok_a),
      at(h(18.5), {80.0, 63.5, 63.5}, {2.0, 0.8, 1.2}, ok_a),  // over voltage L1
      at(h(19), ok_v, ok_i, ok_a),
  };
  return Scenario(std::move(s), kDay, Interpolation::kLinear);
}

TEST(Backfill, DefaultScenarioOverDstWithDriftMatchesStepping) {
  MeterOptions o;
  o.time_zone = TimeZone{60, true, 60};
  o.rtc_drift_ppb = 3000;
  // 2025-10-25 12:00 UTC: the DST end of 26 October on the way.
  Pair p(ms_from_civil(2025, 10, 25, 12), Scenario::default_daily(), o);
  p.run_to(ms_from_civil(2025, 10, 27, 12, 7, 13));
  EXPECT_EQ(p.backfilled.load_profile().size(), 192u);
  EXPECT_GT(p.backfilled.event_count(event::kDstChanged), 0);
  expect_same_meter(p.stepped, p.backfilled);
}

TEST(Backfill, SupplyEpisodesLogTheSameEventsAtTheSameSteps) {
  // 30 January to 2 February: the monthly billing on the 1st, sliding demand.
  const TimeMs t0 = ms_from_civil(2025, 1, 30, 0, 0, 0);
  Pair p(t0, troubled_day(), MeterOptions{});
  for (Meter* m : {&p.stepped, &p.backfilled}) {
    m->set("demand.number_of_periods", 3);
    m->set("threshold.voltage_time_s", 30);
  }
  p.run_to(t0 + 3 * kDay + 17 * kSecond);
  const Meter& m = p.backfilled;
  EXPECT_EQ(m.billing_counter(), 1);
  for (int code : {event::kUnderVoltageL1, event::kMissingVoltageL1 + 1, event::kOverCurrentL1 + 1,
                   event::kOverCurrentEndL1 + 1, event::kCurrentReverseL1 + 2, event::kOverVoltageL1,
                   event::kLongPowerFailure, event::kShortPowerFailure, event::kVoltageNormalL1 + 1})
    EXPECT_EQ(m.event_count(code), 3) << "code " << code;
  EXPECT_EQ(m.event_count(event::kVoltageNormalL1), 6);  // after the under and the over voltage
  // Unbalance with the under, missing and over voltages and on its own: 4 a day.
  EXPECT_EQ(m.event_count(event::kUnbalanceOn), 12);
  EXPECT_EQ(m.event_count(event::kUnbalanceOff), 12);
  bool power_down_status = false;
  for (const auto& e : m.load_profile())
    power_down_status = power_down_status || (e.status & kStatusPowerDown) != 0;
  EXPECT_TRUE(power_down_status);
  expect_same_meter(p.stepped, p.backfilled);
}

TEST(Backfill, LimiterOnAQuadraticPowerMatchesStepping) {
  // Current ramps up and down: the power crosses the limiter threshold twice per ramp.
  auto h = [](double hours) { return static_cast<TimeMs>(hours * 3600.0 * 1000.0); };
  Scenario s({at(h(0), {63.5, 63.5, 63.5}, {0.5, 0.5, 0.5}, {0, 0, 0}),
              at(h(2), {60.0, 60.0, 60.0}, {3.0, 3.0, 3.0}, {0, 0, 0}),
              at(h(4), {66.0, 66.0, 66.0}, {0.5, 0.5, 0.5}, {0, 0, 0}),
              at(h(12), {63.5, 63.5, 63.5}, {0.5, 0.5, 0.5}, {0, 0, 0})},
             kDay, Interpolation::kLinear);
  const TimeMs t0 = ms_from_civil(2025, 6, 1);
  Pair p(t0, s, MeterOptions{});
  for (Meter* m : {&p.stepped, &p.backfilled}) {
    m->set("relay.control_mode", 5);  // the limiter reconnects by itself (transition h)
    m->set("limiter.threshold_w", 400.0);
    m->set("limiter.min_over_s", 90);
    m->set("limiter.min_under_s", 45);
  }
  p.run_to(t0 + 2 * kDay);
  EXPECT_GT(p.backfilled.event_count(event::kLimiterThresholdExceeded), 0);
  EXPECT_GT(p.backfilled.event_count(event::kLimiterThresholdOk), 0);
  expect_same_meter(p.stepped, p.backfilled);
}

TEST(Backfill, CoarserMeasurementStepAndStepInterpolation) {
  MeterOptions o;
  o.measurement_step_ms = 250;
  const TimeMs t0 = ms_from_civil(2025, 5, 5, 5, 5, 5);
  std::vector<InputSample> samples = troubled_day().samples();
  Pair p(t0, Scenario(samples, kDay, Interpolation::kStep), o);
  p.run_to(t0 + kDay + 1234);
  EXPECT_GT(p.backfilled.event_count(event::kUnderVoltageL1), 0);
  expect_same_meter(p.stepped, p.backfilled);
}

TEST(Backfill, ContinuesLikeSteppingAfterwards) {
  const TimeMs t0 = ms_from_civil(2025, 1, 30, 2);
  Pair p(t0, troubled_day(), MeterOptions{});
  p.run_to(t0 + kDay / 2 + 333);  // ends inside a piece, between measurement steps
  p.stepped.advance_to(t0 + 2 * kDay);
  p.backfilled.advance_to(t0 + 2 * kDay);
  expect_same_meter(p.stepped, p.backfilled);
}

TEST(Backfill, OneTransactionPerDayAndTheStoreRestoresIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("dlms_backfill_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  MeterOptions o;
  o.store_path = (dir / "sm307.db").string();
  const TimeMs t0 = ms_from_civil(2025, 3, 1);
  ManualClock clock(t0);
  std::int64_t commits = 0;
  nlohmann::json profile, billing, energy;
  {
    Meter m(clock, Scenario::default_daily(), o);
    const std::int64_t before = m.commits();
    m.backfill_to(t0 + 10 * kDay);
    commits = m.commits() - before;
    profile = m.get("profile.load");
    billing = m.get("billing.history");
    energy = m.get("energy.active_import.total");
    EXPECT_EQ(m.load_profile().size(), 960u);
  }
  EXPECT_LE(commits, 11);  // one per simulated day (stepping commits every minute: 14,400)
  clock.set(t0 + 10 * kDay);
  Meter restored(clock, Scenario::default_daily(), o);
  EXPECT_EQ(restored.get("profile.load"), profile);
  EXPECT_EQ(restored.get("billing.history"), billing);
  EXPECT_EQ(restored.get("energy.active_import.total"), energy);
  std::filesystem::remove_all(dir);
}

TEST(Backfill, HundredDaysFillTheLoadProfileQuickly) {
  const TimeMs t0 = ms_from_civil(2025, 8, 1);
  ManualClock clock(t0);
  Meter m(clock, Scenario::default_daily());
  const auto started = std::chrono::steady_clock::now();
  m.backfill_to(t0 + 100 * kDay);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(m.load_profile().size(), kLoadProfileCapacity);
  EXPECT_EQ(m.billing_counter(), 3);  // 1 September, October, November
  EXPECT_EQ(m.load_profile().back().time, t0 + 100 * kDay);
  // Stepping takes about 100 s here; generous bound for a loaded machine and sanitizers.
  EXPECT_LT(seconds, 30.0);
}

}  // namespace
}  // namespace dlms::meter
