// Numbers of the SM307 datasheet (shared/sm307-datasheet.txt) that the other tests do not pin:
// TOU capacities, pulse constants, profile interval range, ratings, frequency, display items.
// meter_model/README.md maps every datasheet item to its test.
#include <string>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using nlohmann::json;
using test::at;
using test::constant_load;

const TimeMs kJan1 = ms_from_civil(2025, 1, 1);

// A calendar with `seasons` seasons, `weeks` week profiles, `days` day profiles of `switches`
// switches each (tariffs 1..4 in turn).
json calendar(int seasons, int weeks, int days, int switches) {
  json j;
  j["name"] = "cap";
  for (int s = 0; s < seasons; ++s)
    j["seasons"].push_back({{"name", "s" + std::to_string(s)},
                            {"month", 1 + s % 12},
                            {"day", 1 + s / 12},
                            {"week", "w" + std::to_string(s % weeks)}});
  for (int w = 0; w < weeks; ++w) {
    json d = json::array();
    for (int k = 0; k < 7; ++k) d.push_back(1 + (w + k) % days);
    j["weeks"].push_back({{"name", "w" + std::to_string(w)}, {"days", d}});
  }
  for (int d = 0; d < days; ++d) {
    json sw = json::array();
    for (int k = 0; k < switches; ++k) {
      char t[8];
      std::snprintf(t, sizeof t, "%02d:%02d", k, 30 * (k % 2));
      sw.push_back({{"time", t}, {"tariff", 1 + k % 4}});
    }
    j["days"].push_back({{"id", d + 1}, {"switches", sw}});
  }
  return j;
}

TEST(Datasheet, TouCapacities12Seasons12Weeks16Switches100SpecialDays4Tariffs) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  EXPECT_NO_THROW(m.set("calendar.passive", calendar(12, 12, 16, 16)));
  EXPECT_THROW(m.set("calendar.passive", calendar(13, 12, 16, 16)), std::invalid_argument);
  EXPECT_THROW(m.set("calendar.passive", calendar(12, 13, 16, 16)), std::invalid_argument);
  EXPECT_THROW(m.set("calendar.passive", calendar(12, 12, 17, 16)), std::invalid_argument);
  EXPECT_THROW(m.set("calendar.passive", calendar(12, 12, 16, 17)), std::invalid_argument);
  json five = calendar(1, 1, 1, 1);
  five["days"][0]["switches"][0]["tariff"] = 5;
  EXPECT_THROW(m.set("calendar.passive", five), std::invalid_argument);
  // 16 switches a day take effect: the active calendar switches 16 times on 1 January.
  m.invoke("calendar.activate_passive");
  m.advance_to(kJan1 + 30 * kMinute);
  EXPECT_EQ(m.active_tariff(), 1);  // 00:00 T1
  m.advance_to(kJan1 + kHour + 30 * kMinute);
  EXPECT_EQ(m.active_tariff(), 2);  // 01:30 T2
  m.advance_to(kJan1 + 15 * kHour + 31 * kMinute);
  EXPECT_EQ(m.active_tariff(), 4);  // 15:30 T4 (the 16th switch)
  // 100 special days (the active calendar has day profiles 1..16).
  json sd = json::array();
  for (int k = 0; k < 100; ++k)
    sd.push_back({{"index", k + 1}, {"month", 1 + k / 28}, {"day", 1 + k % 28}, {"day_id", 2}});
  EXPECT_NO_THROW(m.set("calendar.special_days", sd));
  sd.push_back({{"index", 101}, {"month", 12}, {"day", 1}, {"day_id", 2}});
  EXPECT_THROW(m.set("calendar.special_days", sd), std::invalid_argument);
}

TEST(Datasheet, PulseConstants10000ImpPerKwhAndPerKvarh) {
  ManualClock clock(kJan1);
  // 1 A at 90 deg (pure inductive): 190.5 var per phase group, no active energy.
  Meter m(clock, constant_load(1.0, 90.0));
  m.advance_to(kJan1 + kHour);
  EXPECT_EQ(m.get("energy.pulses.reactive"), 1905);  // 190.5 varh x 10 imp/varh
  EXPECT_EQ(m.get("energy.pulses.active"), 0);
  Meter a(clock, constant_load(2.0, 180.0));  // export counts in |A|
  a.advance_to(kJan1 + 2 * kHour);
  EXPECT_EQ(a.pulses_active(), 7620);  // 381 W (export) for 2 h: 762 Wh
}

TEST(Datasheet, LoadProfileIntervalsFrom1To60Minutes) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  EXPECT_EQ(m.get("profile.load.period_s"), 900);   // default 15 min
  EXPECT_EQ(m.get("profile.load.capacity"), 9600);  // 100 days of 15-min entries
  EXPECT_EQ(m.get("profile.load.capture_objects").size(), 16U);
  m.set("profile.load.period_s", 60);
  m.set("profile.load.period_s", 3600);
  EXPECT_THROW(m.set("profile.load.period_s", 59), std::invalid_argument);
  EXPECT_THROW(m.set("profile.load.period_s", 3601), std::invalid_argument);
  m.set("profile.load.period_s", 60);
  m.advance_to(kJan1 + 10 * kMinute);
  EXPECT_EQ(m.load_profile().size(), 10U);
}

TEST(Datasheet, RatingsAndDefaultThresholds) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  EXPECT_EQ(m.get("meter.nominal_voltage_v"), 63.5);  // 3 x 110 V line to line
  EXPECT_EQ(m.get("meter.basic_current_a"), 1.0);     // 1(10) A
  EXPECT_EQ(m.get("meter.max_current_a"), 10.0);
  EXPECT_DOUBLE_EQ(m.get("threshold.under_voltage_v").get<double>(), 0.8 * 63.5);  // 0.8 Un
  EXPECT_DOUBLE_EQ(m.get("threshold.over_voltage_v").get<double>(), 1.2 * 63.5);   // 1.2 Un
  EXPECT_EQ(m.get("threshold.over_current_a"), 10.0);
  EXPECT_EQ(m.get("threshold.long_outage_s"), 180);
  EXPECT_EQ(m.get("billing.day"), 1);  // 00:00:00 on the 1st
  EXPECT_EQ(m.get("billing.time_s"), 0);
  EXPECT_EQ(m.get("display.decimals_power"), 3);
  EXPECT_EQ(m.get("display.decimals_energy"), 2);
  EXPECT_EQ(m.get("limiter.threshold_w"), 0.0);  // no load limiting
  EXPECT_THROW(Meter(clock, constant_load(), MeterOptions{{}, NvStore::Sync::kNormal, 1000, {}, 5788}),
               std::invalid_argument);  // RTC accuracy 0.5 s/day: 5787 ppb at most
}

TEST(Datasheet, FrequencyIsMeasured) {
  ManualClock clock(kJan1);
  Meter m(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 0}, 52.5)}, 0, Interpolation::kStep));
  EXPECT_EQ(m.get("instantaneous.frequency"), 52.5);  // 50 Hz + 5 %
}

TEST(Datasheet, DisplayShowsDateTimeAndOnlyDisplayableItems) {
  ManualClock clock(ms_from_civil(2025, 3, 7, 13, 4, 5));
  Meter m(clock, constant_load());
  m.set("display.manual_list",
        json::array({"clock.date", "clock.time", "demand.active_import.max_time.total"}));
  m.invoke("display.button");
  EXPECT_EQ(m.display_text(), "25-03-07");  // the date
  m.invoke("display.button");
  EXPECT_EQ(m.display_text(), "13-04-05");             // the time
  m.advance_to(ms_from_civil(2025, 3, 7, 13, 16, 0));  // back to scroll: a press starts over
  m.invoke("display.button");
  m.invoke("display.button");
  m.invoke("display.button");
  EXPECT_EQ(m.display_text(), "13-15-00");  // a time stamp shows its own value
  EXPECT_THROW(m.set("display.scroll_list", json::array({"firmware.signature"})), std::invalid_argument);
  EXPECT_THROW(m.set("display.scroll_list", json::array({"log.fraud"})), std::invalid_argument);
  // kWh with 2 decimals on 8 digits (the decimal point is a segment).
  MeterOptions coarse;
  coarse.measurement_step_ms = 60'000;
  Meter big(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {10, 10, 10}, {0, 0, 0})}, 0, Interpolation::kStep),
            coarse);
  big.set("display.scroll_list", json::array({"energy.active_import.total"}));
  big.advance_to(ms_from_civil(2025, 3, 7, 13, 4, 5) + 1000 * kHour);  // 1905 kWh
  EXPECT_EQ(big.display_text(), "  1905.00");                          // 6 of the 8 digits used
}

}  // namespace
}  // namespace dlms::meter
