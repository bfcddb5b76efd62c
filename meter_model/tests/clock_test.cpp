#include "meter_model/meter_clock.hpp"

#include <gtest/gtest.h>

#include "meter_model/civil_time.hpp"

namespace dlms::meter {
namespace {

TEST(CivilTime, RoundTripsAndWeekdays) {
  // 2024-02-29 was a Thursday; 2025-01-01 a Wednesday.
  const TimeMs t = ms_from_civil(2024, 2, 29, 13, 14, 15);
  const CivilTime c = civil_from_ms(t);
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 29);
  EXPECT_EQ(c.hour, 13);
  EXPECT_EQ(c.minute, 14);
  EXPECT_EQ(c.second, 15);
  EXPECT_EQ(c.weekday, 4);
  EXPECT_EQ(civil_from_ms(ms_from_civil(2025, 1, 1)).weekday, 3);
  EXPECT_EQ(ms_from_civil(1970, 1, 1), 0);
  for (std::int64_t d = -1000; d < 100000; d += 37) {
    const CivilTime x = civil_from_ms(d * kDay);
    EXPECT_EQ(days_from_civil(x.year, x.month, x.day), d);
  }
}

TEST(TimeZone, EuDstRule) {
  TimeZone tz{60, true, 60};
  // 2025: DST from 30 March 01:00 UTC to 26 October 01:00 UTC.
  EXPECT_FALSE(tz.dst_active(ms_from_civil(2025, 3, 30, 0, 59, 59)));
  EXPECT_TRUE(tz.dst_active(ms_from_civil(2025, 3, 30, 1, 0, 0)));
  EXPECT_TRUE(tz.dst_active(ms_from_civil(2025, 10, 26, 0, 59, 59)));
  EXPECT_FALSE(tz.dst_active(ms_from_civil(2025, 10, 26, 1, 0, 0)));
  EXPECT_EQ(tz.next_dst_change(ms_from_civil(2025, 1, 1)), ms_from_civil(2025, 3, 30, 1));
  EXPECT_EQ(tz.next_dst_change(ms_from_civil(2025, 3, 30, 1)), ms_from_civil(2025, 10, 26, 1));
  EXPECT_EQ(tz.to_local(ms_from_civil(2025, 7, 1, 12)), ms_from_civil(2025, 7, 1, 14));
}

TEST(Rtc, DriftOfHalfASecondPerDay) {
  Rtc rtc;
  rtc.drift_ppb = kMaxDriftPpb;
  EXPECT_EQ(rtc.rtc(kDay) - kDay, 499);  // 86400 s * 5787e-9 = 0.49999 s
  EXPECT_EQ(rtc.rtc(100 * kDay) - 100 * kDay, 49999);
  rtc.drift_ppb = -kMaxDriftPpb;
  EXPECT_EQ(rtc.rtc(kDay) - kDay, -500);
  for (TimeMs r : {TimeMs{0}, TimeMs{12345}, 10 * kDay + 7}) {
    const TimeMs t = rtc.true_at(r);
    EXPECT_GE(rtc.rtc(t), r);
    EXPECT_LT(rtc.rtc(t - 1), r);
  }
  rtc.set(5 * kDay, 1000);
  EXPECT_EQ(rtc.rtc(5 * kDay), 1000);
}

TEST(AcceleratedClock, RunsAtItsSpeedOnAFakeSource) {
  std::int64_t ns = 0;
  AcceleratedClock c(1000, 100000.0, [&] { return ns; });
  EXPECT_EQ(c.now(), 1000);
  ns = 1'000'000;  // 1 ms of wall time = 100 s of meter time
  EXPECT_EQ(c.now(), 1000 + 100 * kSecond);
}

}  // namespace
}  // namespace dlms::meter
