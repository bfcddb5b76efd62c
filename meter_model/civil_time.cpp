#include "meter_model/civil_time.hpp"

namespace dlms::meter {

// Days since 1970-01-01 of a civil date: the era-based algorithm of the proleptic Gregorian
// calendar (400-year cycles of 146097 days).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int weekday_from_days(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  std::int64_t w = (days + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

CivilTime civil_from_ms(TimeMs t) {
  std::int64_t days = t / kDay;
  TimeMs rem = t % kDay;
  if (rem < 0) {
    rem += kDay;
    --days;
  }
  CivilTime c;
  c.weekday = weekday_from_days(days);
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  c.hour = static_cast<int>(rem / kHour);
  c.minute = static_cast<int>(rem % kHour / kMinute);
  c.second = static_cast<int>(rem % kMinute / kSecond);
  c.millisecond = static_cast<int>(rem % kSecond);
  return c;
}

TimeMs ms_from_civil(int y, int m, int d, int hh, int mm, int ss) {
  return days_from_civil(y, m, d) * kDay + hh * kHour + mm * kMinute + ss * kSecond;
}

namespace {
// 01:00 UTC on the last Sunday of the month (EU rule, Directive 2000/84/EC).
TimeMs last_sunday_0100(int y, int m) {
  const int last = days_in_month(y, m);
  const std::int64_t days = days_from_civil(y, m, last);
  const int wd = weekday_from_days(days);  // 7 = Sunday
  return (days - (wd % 7)) * kDay + kHour;
}
}  // namespace

bool TimeZone::dst_active(TimeMs utc) const {
  if (!dst_enabled) return false;
  const int y = civil_from_ms(utc).year;
  return utc >= last_sunday_0100(y, 3) && utc < last_sunday_0100(y, 10);
}

TimeMs TimeZone::next_dst_change(TimeMs utc) const {
  if (!dst_enabled) return kNever;
  const int y = civil_from_ms(utc).year;
  for (int yy = y; yy <= y + 1; ++yy) {
    for (int m : {3, 10}) {
      const TimeMs c = last_sunday_0100(yy, m);
      if (c > utc) return c;
    }
  }
  return kNever;
}

}  // namespace dlms::meter
