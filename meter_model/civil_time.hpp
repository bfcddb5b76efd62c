#pragma once
// Proleptic Gregorian calendar arithmetic on millisecond time stamps, and the meter's time zone
// with the European daylight-saving rule (last Sunday of March / October, 01:00 UTC), which is
// what the Clock object's dst_begin/dst_end of Blue Book class 8 express with wildcards.
#include <cstdint>

#include "meter_model/meter_clock.hpp"

namespace dlms::meter {

struct CivilTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
  int weekday = 4;  // 1 = Monday .. 7 = Sunday (COSEM day_of_week)
};

std::int64_t days_from_civil(int y, int m, int d);
CivilTime civil_from_ms(TimeMs t);
TimeMs ms_from_civil(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0);
int days_in_month(int y, int m);
int weekday_from_days(std::int64_t days);  // 1 = Monday

struct TimeZone {
  int offset_min = 0;  // local - UTC in standard time (COSEM "deviation" is its negative)
  bool dst_enabled = false;
  int dst_offset_min = 60;

  bool dst_active(TimeMs utc) const;
  int total_offset_min(TimeMs utc) const { return offset_min + (dst_active(utc) ? dst_offset_min : 0); }
  TimeMs to_local(TimeMs utc) const { return utc + total_offset_min(utc) * kMinute; }
  // The next DST begin or end strictly after utc (or a far-future time when DST is off).
  TimeMs next_dst_change(TimeMs utc) const;
};

inline constexpr TimeMs kNever = INT64_MAX / 4;

}  // namespace dlms::meter
