#include "stack/codec/cosem_date_time.hpp"

#include "stack/codec/codec_error.hpp"

namespace dlms::codec {
namespace {

namespace v = cosem_time_value;

bool month_ok(std::uint8_t m) noexcept {
  return (m >= 1 && m <= 12) || m == v::month_dst_end || m == v::month_dst_begin || m == v::not_specified;
}
bool day_ok(std::uint8_t d) noexcept {
  return (d >= 1 && d <= 31) || d == v::day_second_last || d == v::day_last || d == v::not_specified;
}
bool weekday_ok(std::uint8_t d) noexcept { return (d >= 1 && d <= 7) || d == v::not_specified; }
bool in_range_or_ns(std::uint8_t x, std::uint8_t max) noexcept { return x <= max || x == v::not_specified; }
bool deviation_ok(std::int16_t d) noexcept {
  return (d >= -720 && d <= 720) || d == v::deviation_not_specified;
}

bool date_ok(std::uint8_t month, std::uint8_t day, std::uint8_t dow) noexcept {
  return month_ok(month) && day_ok(day) && weekday_ok(dow);
}
bool time_ok(std::uint8_t h, std::uint8_t m, std::uint8_t s, std::uint8_t hs) noexcept {
  return in_range_or_ns(h, 23) && in_range_or_ns(m, 59) && in_range_or_ns(s, 59) && in_range_or_ns(hs, 99);
}

}  // namespace

namespace civil {

// Proleptic Gregorian calendar over 400-year eras (the classic days-from-civil derivation:
// March-based years so the leap day is the last day of a year).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

YearMonthDay civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return {y, m, d};
}

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return leap ? 29 : 28;
  }
  return (m >= 1 && m <= 12) ? kDays[m - 1] : 0;
}

unsigned weekday_from_days(std::int64_t days) noexcept {
  // 1970-01-01 was a Thursday (ISO 4).
  const std::int64_t w = (days % 7 + 7 + 3) % 7;  // 0 = Monday
  return static_cast<unsigned>(w) + 1;
}

}  // namespace civil

Result<CosemDate> CosemDate::decode(ByteSpan o) noexcept {
  if (o.size() != kSize) {
    return codec_errc::invalid_value;
  }
  CosemDate d;
  d.year = static_cast<std::uint16_t>((o[0] << 8U) | o[1]);
  d.month = o[2];
  d.day_of_month = o[3];
  d.day_of_week = o[4];
  if (!d.valid()) {
    return codec_errc::invalid_value;
  }
  return d;
}

std::array<std::uint8_t, CosemDate::kSize> CosemDate::encode() const noexcept {
  return {static_cast<std::uint8_t>(year >> 8U), static_cast<std::uint8_t>(year & 0xFFU), month, day_of_month,
          day_of_week};
}

bool CosemDate::valid() const noexcept { return date_ok(month, day_of_month, day_of_week); }

Result<CosemTime> CosemTime::decode(ByteSpan o) noexcept {
  if (o.size() != kSize) {
    return codec_errc::invalid_value;
  }
  const CosemTime t{o[0], o[1], o[2], o[3]};
  if (!t.valid()) {
    return codec_errc::invalid_value;
  }
  return t;
}

std::array<std::uint8_t, CosemTime::kSize> CosemTime::encode() const noexcept {
  return {hour, minute, second, hundredths};
}

bool CosemTime::valid() const noexcept { return time_ok(hour, minute, second, hundredths); }

Result<CosemDateTime> CosemDateTime::decode(ByteSpan o) noexcept {
  if (o.size() != kSize) {
    return codec_errc::invalid_value;
  }
  CosemDateTime t;
  t.year = static_cast<std::uint16_t>((o[0] << 8U) | o[1]);
  t.month = o[2];
  t.day_of_month = o[3];
  t.day_of_week = o[4];
  t.hour = o[5];
  t.minute = o[6];
  t.second = o[7];
  t.hundredths = o[8];
  t.deviation = static_cast<std::int16_t>(static_cast<std::uint16_t>((o[9] << 8U) | o[10]));
  t.clock_status = o[11];
  if (!t.valid()) {
    return codec_errc::invalid_value;
  }
  return t;
}

std::array<std::uint8_t, CosemDateTime::kSize> CosemDateTime::encode() const noexcept {
  const auto dev = static_cast<std::uint16_t>(deviation);
  return {static_cast<std::uint8_t>(year >> 8U),
          static_cast<std::uint8_t>(year & 0xFFU),
          month,
          day_of_month,
          day_of_week,
          hour,
          minute,
          second,
          hundredths,
          static_cast<std::uint8_t>(dev >> 8U),
          static_cast<std::uint8_t>(dev & 0xFFU),
          clock_status};
}

bool CosemDateTime::valid() const noexcept {
  return date_ok(month, day_of_month, day_of_week) && time_ok(hour, minute, second, hundredths) &&
         deviation_ok(deviation);
}

CosemDateTime CosemDateTime::from(const CosemDate& d, const CosemTime& t, std::int16_t deviation,
                                  std::uint8_t clock_status) noexcept {
  return {d.year,   d.month,  d.day_of_month, d.day_of_week, t.hour,
          t.minute, t.second, t.hundredths,   deviation,     clock_status};
}

bool CosemDateTime::is_concrete() const noexcept {
  if (year == v::year_not_specified || month < 1 || month > 12 || day_of_month < 1 || hour > 23 ||
      minute > 59 || second > 59) {
    return false;
  }
  return day_of_month <= civil::days_in_month(year, month);
}

Result<std::chrono::sys_seconds> CosemDateTime::local_as_sys() const noexcept {
  if (!is_concrete()) {
    return codec_errc::invalid_value;
  }
  const std::int64_t days = civil::days_from_civil(year, month, day_of_month);
  const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second;
  return std::chrono::sys_seconds(std::chrono::seconds(secs));
}

Result<std::chrono::sys_seconds> CosemDateTime::to_utc() const noexcept {
  if (!deviation_ok(deviation) || deviation == v::deviation_not_specified) {
    return codec_errc::invalid_value;
  }
  auto local = local_as_sys();
  if (!local) {
    return local.error();
  }
  return *local + std::chrono::minutes(deviation);
}

CosemDateTime CosemDateTime::from_utc(std::chrono::sys_seconds utc, std::int16_t deviation,
                                      std::uint8_t clock_status) noexcept {
  const std::int64_t local = utc.time_since_epoch().count() - std::int64_t{deviation} * 60;
  std::int64_t days = local / 86400;
  std::int64_t sod = local % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  const auto ymd = civil::civil_from_days(days);
  CosemDateTime t;
  t.year = static_cast<std::uint16_t>(ymd.year);
  t.month = static_cast<std::uint8_t>(ymd.month);
  t.day_of_month = static_cast<std::uint8_t>(ymd.day);
  t.day_of_week = static_cast<std::uint8_t>(civil::weekday_from_days(days));
  t.hour = static_cast<std::uint8_t>(sod / 3600);
  t.minute = static_cast<std::uint8_t>(sod / 60 % 60);
  t.second = static_cast<std::uint8_t>(sod % 60);
  t.hundredths = 0;
  t.deviation = deviation;
  t.clock_status = clock_status;
  return t;
}

}  // namespace dlms::codec
