// The daily profile (1.0.99.2.0.255): captured at local midnight, 100 days FIFO, capture
// objects set through the catalogue, skipped midnights closed by a forward clock jump,
// restored after a restart.
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

const TimeMs kT0 = ms_from_civil(2025, 3, 3, 10);

MeterOptions cet() {  // UTC+1 without DST: local midnight is 23:00 UTC
  MeterOptions o;
  o.time_zone = TimeZone{60, false, 60};
  o.measurement_step_ms = 60000;
  return o;
}

TEST(DailyProfile, CapturedAtLocalMidnightWithTheTariffRegisters) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load(), cet());
  m.advance_to(kT0 + 3 * kDay);
  const auto& d = m.daily_profile();
  ASSERT_EQ(d.size(), 3u);
  for (std::size_t k = 0; k < d.size(); ++k) {
    EXPECT_EQ(d[k].time, ms_from_civil(2025, 3, 3, 23) + static_cast<TimeMs>(k) * kDay);
    EXPECT_EQ(d[k].status, 0);
    // 190.5 W since 10:00 UTC: 13 h on the first day, then 24 h a day more.
    const double wh = 190.5 * (13.0 + 24.0 * static_cast<double>(k));
    EXPECT_NEAR(d[k].values[0], wh, 1e-6);  // +A total
    EXPECT_NEAR(d[k].values[1] + d[k].values[2] + d[k].values[3] + d[k].values[4], d[k].values[0], 1e-9);
  }
  EXPECT_EQ(m.get("profile.daily.entries_in_use").get<int>(), 3);
  EXPECT_EQ(m.get("profile.daily").size(), 3u);
  EXPECT_EQ(m.get("profile.daily")[0].at("values").size(), 16u);
}

TEST(DailyProfile, HundredDaysFifoAndCaptureObjects) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load(), cet());
  m.set("profile.daily.capture_objects",
        nlohmann::json::array({"energy.active_import.total", "billing.counter"}));
  EXPECT_THROW(m.set("profile.daily.capture_objects", nlohmann::json::array({"clock.local_time2"})),
               std::invalid_argument);
  EXPECT_THROW(m.set("profile.daily.capture_objects", nlohmann::json::array()), std::invalid_argument);
  m.advance_to(kT0 + 105 * kDay);
  const auto& d = m.daily_profile();
  ASSERT_EQ(d.size(), kDailyProfileCapacity);
  EXPECT_EQ(d.front().time, ms_from_civil(2025, 3, 3, 23) + 5 * kDay);
  EXPECT_EQ(d.back().time, ms_from_civil(2025, 3, 3, 23) + 104 * kDay);
  EXPECT_EQ(m.get("profile.daily")[0].at("values").size(), 2u);
  EXPECT_EQ(d.back().values[1], 3.0);  // billing counter: April, May, June
}

TEST(DailyProfile, ForwardJumpClosesTheSkippedDaysAndTheStoreKeepsThem) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("meter_daily_" + std::to_string(::getpid()) + ".db"))
          .string();
  auto cleanup = [&] {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  };
  cleanup();
  ManualClock clock(kT0);
  MeterOptions o = cet();
  o.store_path = path;
  {
    Meter m(clock, test::constant_load(), o);
    m.set("clock.time", kT0 + 2 * kDay + kHour);  // 3 March 10:00 -> 5 March 11:00: two midnights
    ASSERT_EQ(m.daily_profile().size(), 2u);
    EXPECT_EQ(m.daily_profile()[1].time, ms_from_civil(2025, 3, 4, 23));
    for (const auto& e : m.daily_profile()) EXPECT_EQ(e.status, kStatusClockAdjusted);
    clock.advance(11 * kHour + 50 * kMinute);  // meter 22:50, just before local midnight
    m.run();
  }
  {
    Meter m(clock, test::constant_load(), o);  // the restart is an outage of no length
    ASSERT_EQ(m.daily_profile().size(), 2u);
    EXPECT_EQ(m.daily_profile()[0].time, ms_from_civil(2025, 3, 3, 23));
    EXPECT_EQ(m.daily_profile()[0].status, kStatusClockAdjusted);
    clock.advance(20 * kMinute);
    m.run();
    ASSERT_EQ(m.daily_profile().size(), 3u);
    // The shortened day (the jump) and the restart (power down), both remembered by the store.
    EXPECT_EQ(m.daily_profile()[2].time, ms_from_civil(2025, 3, 5, 23));
    EXPECT_EQ(m.daily_profile()[2].status, kStatusClockAdjusted | kStatusPowerDown);
  }
  cleanup();
}

}  // namespace
}  // namespace dlms::meter
