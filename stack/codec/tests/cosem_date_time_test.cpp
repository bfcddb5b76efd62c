// COSEM date-time semantics (Blue Book 4.1.6.1): fields, wildcards, deviation and UTC.
#include "stack/codec/cosem_date_time.hpp"

#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/codec_error.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/tests/axdr_test_util.hpp"

namespace dlms::codec {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
using test::hex;

sys_seconds utc(int y, unsigned m, unsigned d, int h, int mi, int s) {
  return sys_seconds(seconds(civil::days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s));
}

// dlms-cosem tests/test_time.py: three octet strings and the instants they stand for.
TEST(CosemDateTime, PublishedVectorsFromDlmsCosem) {
  auto a = CosemDateTime::decode(hex("07 E4 01 01 FF 00 03 00 00 FF 88 FF"));  // 2020-01-01T00:03+02:00
  ASSERT_TRUE(a);
  EXPECT_EQ(a->deviation, -120);
  EXPECT_EQ(*a->to_utc(), utc(2019, 12, 31, 22, 3, 0));
  auto b = CosemDateTime::decode(hex("07 E4 01 06 FF 00 03 00 00 FF C4 FF"));  // 2020-01-06T00:03+01:00
  ASSERT_TRUE(b);
  EXPECT_EQ(b->deviation, -60);
  EXPECT_EQ(*b->to_utc(), utc(2020, 1, 5, 23, 3, 0));
  auto c = CosemDateTime::decode(hex("07 E2 02 0C FF 00 00 00 00 80 00 FF"));  // 2018-02-12, no deviation
  ASSERT_TRUE(c);
  EXPECT_EQ(c->deviation, cosem_time_value::deviation_not_specified);
  EXPECT_EQ(c->to_utc().error(), codec_errc::invalid_value);
  EXPECT_EQ(*c->local_as_sys(), utc(2018, 2, 12, 0, 0, 0));
  EXPECT_EQ(c->encode(),
            (std::array<std::uint8_t, 12>{0x07, 0xE2, 0x02, 0x0C, 0xFF, 0, 0, 0, 0, 0x80, 0, 0xFF}));
}

// Deviation is UTC - local (Blue Book; Gurux clock page: Paris is -60 in DLMS/IDIS).
TEST(CosemDateTime, DeviationSignAndFromUtc) {
  const auto t = CosemDateTime::from_utc(utc(2011, 12, 31, 22, 59, 59), -60, 0);
  EXPECT_EQ(t.year, 2011);
  EXPECT_EQ(t.month, 12);
  EXPECT_EQ(t.day_of_month, 31);
  EXPECT_EQ(t.hour, 23);
  EXPECT_EQ(t.minute, 59);
  EXPECT_EQ(t.day_of_week, 6);  // Saturday
  EXPECT_EQ(t.hundredths, 0);
  EXPECT_EQ(*t.to_utc(), utc(2011, 12, 31, 22, 59, 59));
  const auto west =
      CosemDateTime::from_utc(utc(2000, 3, 1, 2, 0, 0), 300, clock_status::daylight_saving_active);
  EXPECT_EQ(west.day_of_month, 29);  // 2000 is a leap year: 2000-02-29 21:00
  EXPECT_EQ(west.month, 2);
  EXPECT_EQ(west.hour, 21);
  EXPECT_EQ(west.clock_status, 0x80);
}

TEST(CosemDateTime, WildcardsAndMarkers) {
  // Every field not specified.
  auto all = CosemDateTime::decode(hex("FF FF FF FF FF FF FF FF FF 80 00 FF"));
  ASSERT_TRUE(all);
  EXPECT_FALSE(all->is_concrete());
  EXPECT_EQ(all->to_utc().error(), codec_errc::invalid_value);
  // DST begin month, last day of month, second last day.
  EXPECT_TRUE(CosemDateTime::decode(hex("FF FF FE FE 07 02 00 00 00 FF C4 00")));
  EXPECT_TRUE(CosemDateTime::decode(hex("FF FF FD FD 07 03 00 00 00 FF C4 00")));
  EXPECT_TRUE(CosemDate::decode(hex("FF FF 0A FE 07")));
  // Out of range fields.
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 0D 01 FF 00 00 00 00 00 00 00")));  // month 13
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 20 FF 00 00 00 00 00 00 00")));  // day 32
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 08 00 00 00 00 00 00 00")));  // weekday 8
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 18 00 00 00 00 00 00")));  // hour 24
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 3C 00 00 00 00 00")));  // minute 60
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 00 3C 00 00 00 00")));  // second 60
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 00 00 64 00 00 00")));  // hundredths 100
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 00 00 00 02 D1 00")));  // deviation 721
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 00 00 00 FD 2F 00")));  // deviation -721
  EXPECT_TRUE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 00 00 00 FD 30 00")));   // -720
  EXPECT_FALSE(CosemDateTime::decode(hex("07 E4 01 01 FF 00 00 00 00 00 00")));     // 11 octets
  // 2021-02-29 has valid fields but names no real day.
  auto feb29 = CosemDateTime::decode(hex("07 E5 02 1D FF 00 00 00 00 00 00 00"));
  ASSERT_TRUE(feb29);
  EXPECT_FALSE(feb29->is_concrete());
  EXPECT_FALSE(CosemTime::decode(hex("18 00 00 00")));
  EXPECT_TRUE(CosemTime::decode(hex("FF FF FF FF")));
}

TEST(CosemDateTime, ClockStatusBits) {
  EXPECT_EQ(clock_status::invalid_value, 0x01);
  EXPECT_EQ(clock_status::doubtful_value, 0x02);
  EXPECT_EQ(clock_status::different_clock_base, 0x04);
  EXPECT_EQ(clock_status::invalid_clock_status, 0x08);
  EXPECT_EQ(clock_status::daylight_saving_active, 0x80);
  auto t = CosemDateTime::decode(hex("07 E4 07 01 03 0C 00 00 00 FF 88 81"));
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->clock_status & clock_status::daylight_saving_active);
  EXPECT_TRUE(t->clock_status & clock_status::invalid_value);
}

TEST(CosemDateTime, CivilArithmetic) {
  EXPECT_EQ(civil::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(civil::days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(civil::days_from_civil(1969, 12, 31), -1);
  for (std::int64_t d = -800000; d < 800000; d += 997) {
    const auto ymd = civil::civil_from_days(d);
    EXPECT_EQ(civil::days_from_civil(ymd.year, ymd.month, ymd.day), d);
  }
  EXPECT_EQ(civil::weekday_from_days(0), 4U);                                     // Thursday
  EXPECT_EQ(civil::weekday_from_days(civil::days_from_civil(2026, 11, 24)), 2U);  // Tuesday
  EXPECT_EQ(civil::days_in_month(1900, 2), 28U);
  EXPECT_EQ(civil::days_in_month(2000, 2), 29U);
}

// Conversions use no time zone: changing TZ changes nothing (a known stack calls localtime()).
TEST(CosemDateTime, IndependentOfTz) {
  const auto bytes = hex("07 E4 01 01 FF 00 03 00 00 FF 88 FF");
  const auto before = CosemDateTime::decode(bytes)->to_utc();
  for (const char* tz : {"UTC", "America/New_York", "Asia/Kolkata", "XYZ-13:30"}) {
    ::setenv("TZ", tz, 1);
    ::tzset();
    EXPECT_EQ(*CosemDateTime::decode(bytes)->to_utc(), *before) << tz;
    EXPECT_EQ(CosemDateTime::from_utc(*before, -120, 0xFF).hour, 0) << tz;
  }
  ::unsetenv("TZ");
  ::tzset();
  EXPECT_EQ(*CosemDateTime::decode(bytes)->to_utc(), *before);
}

TEST(CosemDateTime, DateAndTimeRoundTrip) {
  const CosemDate d{2026, 11, 24, 2};
  EXPECT_EQ(*CosemDate::decode(d.encode()), d);
  const CosemTime t{23, 59, 59, 99};
  EXPECT_EQ(*CosemTime::decode(t.encode()), t);
  const auto dt = CosemDateTime::from(d, t, 0, 0);
  EXPECT_EQ(dt.date(), d);
  EXPECT_EQ(dt.time(), t);
}

}  // namespace
}  // namespace dlms::codec
