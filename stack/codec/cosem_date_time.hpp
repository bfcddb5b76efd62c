#pragma once
// COSEM date and time formats (Blue Book, DLMS UA 1000-1, 4.1.6.1 "Date and time formats"):
// date (5 octets), time (4 octets) and date-time (12 octets), each field with its
// "not specified" value, the DST begin/end and last-day markers, the deviation and the clock
// status. Conversions to and from UTC use only calendar arithmetic and the deviation carried
// in the value: nothing here reads a time zone, the TZ variable or the system clock.
//
// Deviation sign: the Blue Book defines the deviation as the minutes of local (normal) time
// *to* UTC, i.e. deviation = UTC - local time: Paris in winter (UTC+01:00) is -60, as the
// DLMS UA text, the public Gurux clock-object documentation page ("DLMS and IDIS: -60
// minutes") and dlms-cosem's test vectors (tests/test_time.py: deviation 0xFF88 = -120 for
// +02:00) state. So UTC = local + deviation.

#include <array>
#include <chrono>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::codec {

// Field values with a meaning of their own (Blue Book 4.1.6.1).
namespace cosem_time_value {
inline constexpr std::uint16_t year_not_specified = 0xFFFF;
inline constexpr std::uint8_t not_specified = 0xFF;  // month, day, day of week, h, min, s, hundredths
inline constexpr std::uint8_t month_dst_end = 0xFD;
inline constexpr std::uint8_t month_dst_begin = 0xFE;
inline constexpr std::uint8_t day_second_last = 0xFD;  // second last day of month
inline constexpr std::uint8_t day_last = 0xFE;         // last day of month
inline constexpr std::int16_t deviation_not_specified = static_cast<std::int16_t>(-0x8000);
inline constexpr std::uint8_t status_not_specified = 0xFF;
}  // namespace cosem_time_value

// Clock status bits (Blue Book 4.1.6.1, clock_status).
namespace clock_status {
inline constexpr std::uint8_t invalid_value = 0x01;
inline constexpr std::uint8_t doubtful_value = 0x02;
inline constexpr std::uint8_t different_clock_base = 0x04;
inline constexpr std::uint8_t invalid_clock_status = 0x08;
inline constexpr std::uint8_t daylight_saving_active = 0x80;
}  // namespace clock_status

// date: year (Unsigned16), month, day of month, day of week (1 = Monday .. 7 = Sunday).
struct CosemDate {
  std::uint16_t year = cosem_time_value::year_not_specified;
  std::uint8_t month = cosem_time_value::not_specified;
  std::uint8_t day_of_month = cosem_time_value::not_specified;
  std::uint8_t day_of_week = cosem_time_value::not_specified;

  static constexpr std::size_t kSize = 5;
  // Decodes 5 octets; rejects field values outside their ranges (codec_errc::invalid_value).
  static Result<CosemDate> decode(ByteSpan octets) noexcept;
  [[nodiscard]] std::array<std::uint8_t, kSize> encode() const noexcept;
  [[nodiscard]] bool valid() const noexcept;
  friend constexpr bool operator==(const CosemDate&, const CosemDate&) noexcept = default;
};

// time: hour, minute, second, hundredths.
struct CosemTime {
  std::uint8_t hour = cosem_time_value::not_specified;
  std::uint8_t minute = cosem_time_value::not_specified;
  std::uint8_t second = cosem_time_value::not_specified;
  std::uint8_t hundredths = cosem_time_value::not_specified;

  static constexpr std::size_t kSize = 4;
  static Result<CosemTime> decode(ByteSpan octets) noexcept;
  [[nodiscard]] std::array<std::uint8_t, kSize> encode() const noexcept;
  [[nodiscard]] bool valid() const noexcept;
  friend constexpr bool operator==(const CosemTime&, const CosemTime&) noexcept = default;
};

// date-time: date, time, deviation (Integer16 minutes, UTC - local, -720..720 or 0x8000 not
// specified) and clock status.
struct CosemDateTime {
  std::uint16_t year = cosem_time_value::year_not_specified;
  std::uint8_t month = cosem_time_value::not_specified;
  std::uint8_t day_of_month = cosem_time_value::not_specified;
  std::uint8_t day_of_week = cosem_time_value::not_specified;
  std::uint8_t hour = cosem_time_value::not_specified;
  std::uint8_t minute = cosem_time_value::not_specified;
  std::uint8_t second = cosem_time_value::not_specified;
  std::uint8_t hundredths = cosem_time_value::not_specified;
  std::int16_t deviation = cosem_time_value::deviation_not_specified;
  std::uint8_t clock_status = cosem_time_value::status_not_specified;

  static constexpr std::size_t kSize = 12;
  static Result<CosemDateTime> decode(ByteSpan octets) noexcept;
  [[nodiscard]] std::array<std::uint8_t, kSize> encode() const noexcept;
  [[nodiscard]] bool valid() const noexcept;

  [[nodiscard]] CosemDate date() const noexcept { return {year, month, day_of_month, day_of_week}; }
  [[nodiscard]] CosemTime time() const noexcept { return {hour, minute, second, hundredths}; }
  static CosemDateTime from(const CosemDate& d, const CosemTime& t, std::int16_t deviation,
                            std::uint8_t clock_status) noexcept;

  // True when year, month, day, hour, minute and second are all concrete (no wildcard, no DST
  // or last-day marker) and form a real calendar date, so the value names one local instant.
  [[nodiscard]] bool is_concrete() const noexcept;

  // The UTC instant (whole seconds; hundredths dropped): local time + deviation. Fails with
  // codec_errc::invalid_value unless is_concrete() and the deviation is specified.
  [[nodiscard]] Result<std::chrono::sys_seconds> to_utc() const noexcept;
  // The local wall-clock time as seconds of a UTC-like scale (deviation ignored).
  [[nodiscard]] Result<std::chrono::sys_seconds> local_as_sys() const noexcept;

  // The local time for `utc` at `deviation` (UTC - local, minutes), day of week filled in,
  // hundredths 0. E.g. from_utc(t, -60, 0) gives Central European normal time.
  static CosemDateTime from_utc(std::chrono::sys_seconds utc, std::int16_t deviation,
                                std::uint8_t clock_status = 0) noexcept;

  friend constexpr bool operator==(const CosemDateTime&, const CosemDateTime&) noexcept = default;
};

namespace civil {
// Days since 1970-01-01 of a proleptic Gregorian date, and back (pure integer arithmetic).
[[nodiscard]] std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept;
struct YearMonthDay {
  std::int64_t year;
  unsigned month;
  unsigned day;
};
[[nodiscard]] YearMonthDay civil_from_days(std::int64_t days) noexcept;
[[nodiscard]] unsigned days_in_month(std::int64_t y, unsigned m) noexcept;
// ISO day of week, 1 = Monday .. 7 = Sunday.
[[nodiscard]] unsigned weekday_from_days(std::int64_t days) noexcept;
}  // namespace civil

}  // namespace dlms::codec
