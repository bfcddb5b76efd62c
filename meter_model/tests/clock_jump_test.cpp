// Time adjustments (Blue Book class 8 time set / shift_time) and what they do to the
// periodic functions, in simulated time: a forward jump closes the profile and demand periods
// it skips and bills a billing date it skips, those entries carrying the IDIS AMR status bit
// "clock adjusted" (0x20); a backward jump repeats boundaries, marks their entries and does
// not bill the same date twice.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

const TimeMs kT0 = ms_from_civil(2025, 3, 3, 10);  // a Monday, 10:00 UTC (UTC meter, no DST)
constexpr double kPower = 3 * 63.5;                // constant_load(): 190.5 W

// Month-long runs evaluate power quality once a minute (energy does not depend on the step).
MeterOptions coarse() {
  MeterOptions o;
  o.measurement_step_ms = 60000;
  return o;
}

std::vector<int> codes(const Meter& m, EventLog l) {
  std::vector<int> v;
  for (const auto& e : m.event_log(l)) v.push_back(e.code);
  return v;
}

TEST(ClockJump, ForwardClosesTheSkippedProfileAndDemandPeriods) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.advance_to(kT0 + 5 * kMinute);
  const std::int64_t energy = m.energy_mj(0, kActiveImport);
  m.set("clock.time", kT0 + 55 * kMinute);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), energy);  // no real time passed
  EXPECT_EQ(codes(m, EventLog::kStandard),
            (std::vector<int>{event::kClockAdjustedOld, event::kClockAdjustedNew}));
  EXPECT_EQ(m.event_log(EventLog::kStandard)[0].time, kT0 + 5 * kMinute);
  EXPECT_EQ(m.event_log(EventLog::kStandard)[1].time, kT0 + 55 * kMinute);
  // 10:15 closes the interrupted period; 10:30 and 10:45 were skipped entirely.
  const auto& p = m.load_profile();
  ASSERT_EQ(p.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(p[k].time, kT0 + static_cast<TimeMs>(15 * (k + 1)) * kMinute);
    EXPECT_EQ(p[k].status, kStatusClockAdjusted);
    EXPECT_DOUBLE_EQ(p[k].values[0], static_cast<double>(energy) / 3.6e6);  // +A in Wh, unchanged
  }
  // Demand: the 10:15 period saw 5 minutes of 190.5 W; the skipped ones none.
  EXPECT_NEAR(m.max_demand_w(0, 0), kPower / 3, 1e-9);
  EXPECT_EQ(m.max_demand_time(0, 0), kT0 + 15 * kMinute);
  EXPECT_EQ(m.demand_last_w(0), 0.0);
  // The period the new time lands in (10:45..11:00 by the clock) is short: flagged too.
  m.advance_to(kT0 + 10 * kMinute);  // meter 11:00
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[3].time, kT0 + 60 * kMinute);
  EXPECT_EQ(p[3].status, kStatusClockAdjusted);
  EXPECT_NEAR(m.demand_last_w(0), kPower / 3, 1e-9);  // 5 real minutes in a 15-minute period
  m.advance_to(kT0 + 25 * kMinute);                   // meter 11:15: a normal period again
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[4].status, 0);
  EXPECT_NEAR(m.demand_last_w(0), kPower, 1e-9);
}

TEST(ClockJump, ShiftTimeAcrossOneBoundary) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.advance_to(kT0 + 14 * kMinute);
  m.invoke("clock.shift_s", 900);  // 10:14 -> 10:29
  ASSERT_EQ(m.load_profile().size(), 1u);
  EXPECT_EQ(m.load_profile()[0].time, kT0 + 15 * kMinute);
  EXPECT_EQ(m.load_profile()[0].status, kStatusClockAdjusted);
  m.advance_to(kT0 + 15 * kMinute);  // meter 10:30
  ASSERT_EQ(m.load_profile().size(), 2u);
  EXPECT_EQ(m.load_profile()[1].time, kT0 + 30 * kMinute);
  EXPECT_EQ(m.load_profile()[1].status, kStatusClockAdjusted);
}

TEST(ClockJump, ForwardOverTheBillingDateBillsOnceWithTheStatusBit) {
  const TimeMs t0 = ms_from_civil(2025, 3, 31, 23, 50);
  ManualClock clock(t0);
  Meter m(clock, test::constant_load(), coarse());
  m.advance_to(t0 + kMinute);
  m.set("clock.time", ms_from_civil(2025, 4, 1, 0, 10));
  ASSERT_EQ(m.billing_history().size(), 1u);
  const auto& b = m.billing_history().back();
  EXPECT_EQ(b.time, ms_from_civil(2025, 4, 1));
  EXPECT_EQ(b.status, kStatusClockAdjusted);
  EXPECT_EQ(b.counter, 1);
  EXPECT_EQ(b.values.at("source"), "clock-forward");
  EXPECT_EQ(m.billing_counter(), 1);
  EXPECT_EQ(m.get("billing.history")[0].at("status").get<int>(), kStatusClockAdjusted);
  // A jump over several billing dates bills once; the schedule then goes on normally.
  m.set("clock.time", ms_from_civil(2025, 6, 15));
  EXPECT_EQ(m.billing_counter(), 2);
  EXPECT_EQ(m.billing_history().back().time, ms_from_civil(2025, 5, 1));
  clock.set(t0 + 20 * kDay);
  m.run();  // meter time 2025-07-04 23:59: the 1 July billing happened on schedule
  EXPECT_EQ(m.billing_counter(), 3);
  EXPECT_EQ(m.billing_history().back().time, ms_from_civil(2025, 7, 1));
  EXPECT_EQ(m.billing_history().back().status, 0);
  EXPECT_EQ(m.billing_history().back().values.at("source"), "schedule");
}

TEST(ClockJump, ForwardBeyondTheProfileCapacityKeepsTheLastEntries) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.advance_to(kT0 + kMinute);
  const TimeMs target = kT0 + 200 * kDay + 7 * kMinute;
  m.set("clock.time", target);
  const auto& p = m.load_profile();
  ASSERT_EQ(p.size(), kLoadProfileCapacity);
  EXPECT_EQ(p.back().time, kT0 + 200 * kDay);
  EXPECT_EQ(p.front().time, kT0 + 200 * kDay - static_cast<TimeMs>(kLoadProfileCapacity - 1) * 15 * kMinute);
  for (const auto& e : p) EXPECT_EQ(e.status & kStatusClockAdjusted, kStatusClockAdjusted);
  EXPECT_EQ(m.billing_counter(), 1);  // 1 April .. 1 September: one billing for the skipped dates
}

TEST(ClockJump, BackwardRepeatsBoundariesMarksTheirEntriesAndDoesNotBillTwice) {
  const TimeMs t0 = ms_from_civil(2025, 3, 31, 23, 50);
  ManualClock clock(t0);
  Meter m(clock, test::constant_load(), coarse());
  m.advance_to(t0 + 20 * kMinute);  // 00:10: billed at 00:00, entries at 00:00
  ASSERT_EQ(m.billing_counter(), 1);
  ASSERT_EQ(m.load_profile().size(), 1u);
  EXPECT_EQ(m.load_profile()[0].status, 0);
  m.set("clock.time", t0 + 5 * kMinute);  // back to 23:55 (true 00:10)
  m.advance_to(t0 + 50 * kMinute);        // meter 00:25
  EXPECT_EQ(m.billing_counter(), 1);      // the 1 April billing is not repeated
  const auto& p = m.load_profile();
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1].time, ms_from_civil(2025, 4, 1));  // the same time stamp again, marked
  EXPECT_EQ(p[1].status, kStatusClockAdjusted);
  EXPECT_EQ(p[2].time, ms_from_civil(2025, 4, 1, 0, 15));  // past the old time: unmarked
  EXPECT_EQ(p[2].status, 0);
  // The next month's billing happens as usual.
  clock.set(ms_from_civil(2025, 5, 1, 1));
  m.run();
  EXPECT_EQ(m.billing_counter(), 2);
}

TEST(ClockJump, StatusesSurviveARestart) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("meter_clock_jump_" + std::to_string(::getpid()) + ".db"))
          .string();
  auto cleanup = [&] {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  };
  cleanup();
  const TimeMs t0 = ms_from_civil(2025, 3, 31, 23, 50);
  ManualClock clock(t0);
  MeterOptions o;
  o.store_path = path;
  {
    Meter m(clock, test::constant_load(), o);
    m.set("threshold.missing_voltage_v", 20.5);
    m.set("clock.time", ms_from_civil(2025, 4, 1, 0, 10));
  }
  {
    Meter m(clock, test::constant_load(), o);
    ASSERT_EQ(m.billing_history().size(), 1u);
    EXPECT_EQ(m.billing_history()[0].status, kStatusClockAdjusted);
    ASSERT_FALSE(m.load_profile().empty());
    EXPECT_EQ(m.load_profile()[0].status & kStatusClockAdjusted, kStatusClockAdjusted);
    EXPECT_EQ(m.get("threshold.missing_voltage_v").get<double>(), 20.5);
  }
  cleanup();
}

}  // namespace
}  // namespace dlms::meter
