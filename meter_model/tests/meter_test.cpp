#include "meter_model/meter.hpp"

#include <gtest/gtest.h>

#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using test::at;
using test::constant_load;

const TimeMs kJan1 = ms_from_civil(2025, 1, 1);

TEST(Meter, ConstantLoadEnergyDemandAndPulses) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  m.advance_to(kJan1 + kHour);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 685'800'000);
  EXPECT_EQ(m.energy_mj(1, kActiveImport), 228'600'000);
  EXPECT_EQ(m.energy_mj(0, kActiveAbsolute), 685'800'000);
  EXPECT_EQ(m.energy_mj(0, kActiveExport), 0);
  EXPECT_DOUBLE_EQ(m.demand_last_w(0), 190.5);
  EXPECT_DOUBLE_EQ(m.max_demand_w(0, 0), 190.5);
  EXPECT_EQ(m.max_demand_time(0, 0), kJan1 + 15 * kMinute);  // first period that reached it
  EXPECT_EQ(m.pulses_active(), 1905);                        // 190.5 Wh at 10 imp/Wh
  EXPECT_DOUBLE_EQ(m.get("energy.active_import.total").get<double>(), 190.5);
  EXPECT_DOUBLE_EQ(m.get("instantaneous.active_power.total").get<double>(), 190.5);
  EXPECT_DOUBLE_EQ(m.get("instantaneous.power_factor.l1").get<double>(), 1.0);
}

TEST(Meter, SlidingDemandOverThreeSubPeriods) {
  ManualClock clock(kJan1);
  // 1 A for the first 5 minutes, then 2 A.
  Scenario sc({at(kJan1, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 0}),
               at(kJan1 + 5 * kMinute, {63.5, 63.5, 63.5}, {2, 2, 2}, {0, 0, 0})},
              0, Interpolation::kStep);
  Meter m(clock, std::move(sc));
  m.set("demand.period_s", 300);
  m.set("demand.number_of_periods", 3);
  m.advance_to(kJan1 + 15 * kMinute);
  // window: 190.5, 381, 381 W over 3 sub-periods
  EXPECT_DOUBLE_EQ(m.demand_last_w(0), (190.5 + 381 + 381) / 3);
  m.advance_to(kJan1 + 20 * kMinute);
  EXPECT_DOUBLE_EQ(m.demand_last_w(0), 381);
  EXPECT_DOUBLE_EQ(m.max_demand_w(0, 0), 381);
  EXPECT_EQ(m.max_demand_time(0, 0), kJan1 + 20 * kMinute);
}

nlohmann::json two_season_calendar() {
  return nlohmann::json::parse(R"({
    "name": "TOU-2025",
    "seasons": [ {"name": "winter", "month": 1, "day": 1, "week": "winter-week"},
                 {"name": "summer", "month": 4, "day": 1, "week": "summer-week"},
                 {"name": "winter2", "month": 10, "day": 1, "week": "winter-week"} ],
    "weeks": [ {"name": "winter-week", "days": [1, 1, 1, 1, 1, 3, 3]},
               {"name": "summer-week", "days": [2, 2, 2, 2, 2, 3, 3]} ],
    "days": [ {"id": 1, "switches": [ {"time": "00:00", "tariff": 1}, {"time": "07:00", "tariff": 2}, {"time": "11:30", "tariff": 3},
                                      {"time": "19:00", "tariff": 2}, {"time": "22:00", "tariff": 1} ]},
              {"id": 2, "switches": [ {"time": "06:00", "tariff": 2}, {"time": "21:15:30", "tariff": 1} ]},
              {"id": 3, "switches": [ {"time": "00:00", "tariff": 4} ]} ]
  })");
}

TEST(Meter, CalendarSeasonsWeeksAndSpecialDaysSwitchAtTheRightMinutes) {
  ManualClock clock(kJan1);
  MeterOptions o;
  o.time_zone = TimeZone{60, true, 60};  // CET/CEST
  o.measurement_step_ms = 60000;
  Meter m(clock, constant_load(), o);
  m.set("calendar.passive", two_season_calendar());
  m.invoke("calendar.activate_passive");
  m.set("calendar.special_days", nlohmann::json::parse(R"([{"index": 1, "month": 12, "day": 25, "day_id": 3},
                                                          {"index": 2, "year": 2025, "month": 1, "day": 7, "day_id": 3}])"));
  auto tariff_at_local = [&](int mo, int d, int hh, int mi, int ss) {
    const TimeMs local = ms_from_civil(2025, mo, d, hh, mi, ss);
    const TimeMs utc = local - o.time_zone.total_offset_min(local - kHour) * kMinute;
    m.advance_to(utc);
    return m.active_tariff();
  };
  // Monday 6 January 2025 (winter, workday): T1 from 00:00 until 07:00 local.
  EXPECT_EQ(tariff_at_local(1, 6, 0, 30, 0), 1);
  EXPECT_EQ(tariff_at_local(1, 6, 6, 59, 59), 1);
  EXPECT_EQ(tariff_at_local(1, 6, 7, 0, 0), 2);
  EXPECT_EQ(tariff_at_local(1, 6, 11, 29, 59), 2);
  EXPECT_EQ(tariff_at_local(1, 6, 11, 30, 0), 3);
  EXPECT_EQ(tariff_at_local(1, 6, 22, 0, 0), 1);
  // Tuesday 7 January 2025 is a special day (weekend profile): T4 all day.
  EXPECT_EQ(tariff_at_local(1, 7, 0, 0, 0), 4);
  EXPECT_EQ(tariff_at_local(1, 7, 12, 0, 0), 4);
  // Wednesday 8 January: back to the workday.
  EXPECT_EQ(tariff_at_local(1, 8, 6, 0, 0), 1);
  EXPECT_EQ(tariff_at_local(1, 8, 7, 0, 0), 2);
  // Saturday 11 January: weekend T4.
  EXPECT_EQ(tariff_at_local(1, 11, 9, 0, 0), 4);
  // Summer season from 1 April (CEST, DST on): Monday 7 April, switch at 06:00 and 21:15:30.
  // Day 2 has no switch at midnight: before 06:00 the previous day's last switch holds
  // (Sunday: T4; Tuesday: Monday's 21:15:30 switch to T1).
  EXPECT_EQ(tariff_at_local(4, 7, 5, 59, 59), 4);
  EXPECT_EQ(tariff_at_local(4, 7, 6, 0, 0), 2);
  EXPECT_EQ(tariff_at_local(4, 7, 21, 15, 29), 2);
  EXPECT_EQ(tariff_at_local(4, 7, 21, 15, 30), 1);
  EXPECT_EQ(tariff_at_local(4, 8, 5, 0, 0), 1);
  // Christmas (every year) on a Thursday: T4.
  EXPECT_EQ(tariff_at_local(12, 25, 10, 0, 0), 4);
  EXPECT_EQ(tariff_at_local(12, 26, 10, 0, 0), 2);  // Friday, winter season again (from 1 October)
}

TEST(Meter, TariffEnergyIsExactPerSwitchAndSumsToTotals) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  m.set("calendar.passive", two_season_calendar());
  m.invoke("calendar.activate_passive");
  // Wednesday 1 January 2025 (UTC, no DST): 7 h T1, 4.5 h T2, 7.5 h T3, 3 h T2, 2 h T1.
  m.advance_to(kJan1 + kDay);
  const std::int64_t per_hour = 685'800'000;
  EXPECT_EQ(m.tariff_energy_mj(1, kActiveImport), 9 * per_hour);
  EXPECT_EQ(m.tariff_energy_mj(2, kActiveImport), 15 * per_hour / 2);
  EXPECT_EQ(m.tariff_energy_mj(3, kActiveImport), 15 * per_hour / 2);
  EXPECT_EQ(m.tariff_energy_mj(4, kActiveImport), 0);
  for (int q = 0; q < 8; ++q) {
    std::int64_t sum = 0;
    for (int t = 1; t <= 4; ++t) sum += m.tariff_energy_mj(t, static_cast<EnergyQuantity>(q));
    EXPECT_EQ(sum, m.energy_mj(0, static_cast<EnergyQuantity>(q))) << q;
  }
}

TEST(Meter, TouRegistersSumToTotalsWithTheDefaultScenario) {
  ManualClock clock(kJan1);
  MeterOptions o;
  o.measurement_step_ms = 60000;
  Meter m(clock, Scenario::default_daily(), o);
  m.set("calendar.passive", two_season_calendar());
  m.invoke("calendar.activate_passive");
  m.advance_to(kJan1 + 20 * kDay);
  for (int q = 0; q < 8; ++q) {
    std::int64_t sum = 0;
    for (int t = 1; t <= 4; ++t) sum += m.tariff_energy_mj(t, static_cast<EnergyQuantity>(q));
    EXPECT_EQ(sum, m.energy_mj(0, static_cast<EnergyQuantity>(q))) << q;
    EXPECT_GT(m.energy_mj(0, static_cast<EnergyQuantity>(q)), 0) << q;  // default scenario uses all quadrants
  }
  EXPECT_EQ(m.energy_mj(0, kReactiveImport), m.energy_mj(0, kReactiveQ1) + m.energy_mj(0, kReactiveQ2));
  EXPECT_EQ(m.energy_mj(0, kActiveAbsolute), m.energy_mj(0, kActiveImport) + m.energy_mj(0, kActiveExport));
}

TEST(Meter, MonthlyBillingOnTheFirstCapturesTheRightValues) {
  const TimeMs start = ms_from_civil(2025, 1, 30, 12);
  ManualClock clock(start);
  MeterOptions o;
  o.measurement_step_ms = 60000;
  Meter m(clock, constant_load(), o);
  const TimeMs feb1 = ms_from_civil(2025, 2, 1);
  m.advance_to(feb1 - 1);
  EXPECT_EQ(m.billing_counter(), 0);
  const double max_before = m.max_demand_w(0, 0);
  m.advance_to(feb1);
  ASSERT_EQ(m.billing_counter(), 1);
  const auto& b = m.billing_history().back();
  EXPECT_EQ(b.time, feb1);
  EXPECT_EQ(b.values.at("energy.active_import.total").get<std::int64_t>(), m.energy_mj(0, kActiveImport));
  EXPECT_EQ(b.values.at("energy.active_import.total").get<std::int64_t>(), 36 * 685'800'000LL);
  EXPECT_DOUBLE_EQ(b.values.at("demand.active_import.max.total").get<double>(), 190.5);
  EXPECT_DOUBLE_EQ(max_before, 190.5);
  EXPECT_EQ(m.max_demand_w(0, 0), 0);  // reset by billing
  EXPECT_DOUBLE_EQ(m.cumulative_demand_w(0, 0), 190.5);
  EXPECT_EQ(m.get("billing.last_time").get<std::int64_t>(), feb1);
  // Manual (button) and remote billing; 12 months of history, FIFO.
  m.invoke("billing.reset_button");
  m.invoke("billing.reset_remote");
  EXPECT_EQ(m.billing_counter(), 3);
  EXPECT_EQ(m.billing_history().back().values.at("source"), "remote");
  m.advance_to(ms_from_civil(2026, 2, 1));
  EXPECT_EQ(m.billing_counter(), 15);
  EXPECT_EQ(m.billing_history().size(), 12u);
  EXPECT_EQ(m.billing_history().back().time, ms_from_civil(2026, 2, 1));
  EXPECT_EQ(m.billing_history().front().counter, 4);
}

TEST(Meter, ConfigurableBillingDayAndTime) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  m.set("billing.day", 15);
  m.set("billing.time_s", 6 * 3600 + 30 * 60);
  EXPECT_THROW(m.set("billing.day", 29), std::invalid_argument);
  m.advance_to(ms_from_civil(2025, 1, 15, 6, 29, 59));
  EXPECT_EQ(m.billing_counter(), 0);
  m.advance_to(ms_from_civil(2025, 1, 15, 6, 30, 0));
  EXPECT_EQ(m.billing_counter(), 1);
}

TEST(Meter, LoadProfileOf100DaysWrapsFifo) {
  ManualClock clock(kJan1);
  MeterOptions o;
  o.measurement_step_ms = 60000;
  Meter m(clock, constant_load(), o);
  m.advance_to(kJan1 + 101 * kDay);
  const auto& p = m.load_profile();
  ASSERT_EQ(p.size(), 9600u);
  EXPECT_EQ(p.back().time, kJan1 + 101 * kDay);
  EXPECT_EQ(p.front().time, kJan1 + 101 * kDay - 9599 * 15 * kMinute);
  EXPECT_EQ(p.back().seq, 101 * 96);
  for (std::size_t k = 1; k < p.size(); ++k) {
    ASSERT_EQ(p[k].time - p[k - 1].time, 15 * kMinute);
    ASSERT_EQ(p[k].seq, p[k - 1].seq + 1);
  }
  // Channel 0 is +A total in Wh at the boundary: 47.625 Wh per 15 min.
  EXPECT_DOUBLE_EQ(p.back().values[0], 101 * 96 * 47.625);
  EXPECT_DOUBLE_EQ(p.back().values[8], 63.5);
}

TEST(Meter, ProfilePeriodIsConfigurable) {
  ManualClock clock(kJan1 + 7 * kMinute);
  Meter m(clock, constant_load());
  m.set("profile.load.period_s", 600);
  EXPECT_THROW(m.set("profile.load.period_s", 30), std::invalid_argument);
  m.advance_to(kJan1 + kHour);
  ASSERT_EQ(m.load_profile().size(), 6u);
  EXPECT_EQ(m.load_profile().front().time, kJan1 + 10 * kMinute);
}

}  // namespace
}  // namespace dlms::meter
