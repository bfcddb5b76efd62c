#include "meter_model/meter_clock.hpp"

#include <chrono>
#include <cmath>

namespace dlms::meter {

AcceleratedClock::AcceleratedClock(TimeMs start, double speed, Source source)
    : start_(start), speed_(speed), source_(std::move(source)), source_start_(source_()) {}

AcceleratedClock AcceleratedClock::with_steady_clock(TimeMs start, double speed) {
  return AcceleratedClock(start, speed, [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
  });
}

TimeMs AcceleratedClock::now() const {
  const auto elapsed_ns = static_cast<long double>(source_() - source_start_);
  return start_ + static_cast<TimeMs>(std::floor(elapsed_ns * speed_ / 1e6L));
}

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

TimeMs Rtc::rtc(TimeMs t) const {
  const TimeMs d = t - true_base;
  return rtc_base + d + floor_div(d * drift_ppb, 1'000'000'000);
}

TimeMs Rtc::true_at(TimeMs r) const {
  const long double scale = 1.0L + static_cast<long double>(drift_ppb) / 1e9L;
  TimeMs t = true_base + static_cast<TimeMs>(std::floor(static_cast<long double>(r - rtc_base) / scale));
  while (rtc(t) >= r) --t;
  while (rtc(t) < r) ++t;
  return t;
}

}  // namespace dlms::meter
