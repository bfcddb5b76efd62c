#pragma once
// Injected clocks of the metering engine. The engine never reads the system clock: it asks a
// MeterClock for the current simulated (true) time and advances to it. Time is an integer count
// of milliseconds since 1970-01-01T00:00:00Z.
#include <cstdint>
#include <functional>

namespace dlms::meter {

using TimeMs = std::int64_t;
inline constexpr TimeMs kSecond = 1000;
inline constexpr TimeMs kMinute = 60 * kSecond;
inline constexpr TimeMs kHour = 60 * kMinute;
inline constexpr TimeMs kDay = 24 * kHour;

class MeterClock {
 public:
  virtual ~MeterClock() = default;
  // True (physical) time now; the scenario is indexed by it. The meter's own RTC derives from it
  // through the drift model (see Rtc).
  virtual TimeMs now() const = 0;
};

// A clock that only moves when told: tests and the year-long simulations step it.
class ManualClock final : public MeterClock {
 public:
  explicit ManualClock(TimeMs start = 0) : now_(start) {}
  TimeMs now() const override { return now_; }
  void set(TimeMs t) { now_ = t; }
  void advance(TimeMs dt) { now_ += dt; }

 private:
  TimeMs now_;
};

// Meter time running `speed` times faster than a monotonic source (the steady wall clock in the
// apps, a fake in tests): now = start + (source() - source_at_start) * speed.
class AcceleratedClock final : public MeterClock {
 public:
  using Source = std::function<std::int64_t()>;  // monotonic nanoseconds
  AcceleratedClock(TimeMs start, double speed, Source source);
  // The real-clock adapter: std::chrono::steady_clock as the source.
  static AcceleratedClock with_steady_clock(TimeMs start, double speed);
  TimeMs now() const override;
  double speed() const { return speed_; }

 private:
  TimeMs start_;
  double speed_;
  Source source_;
  std::int64_t source_start_;
};

// The meter's real-time clock: a crystal that drifts by `drift_ppb` (parts per billion; the
// datasheet allows 0.5 s/day = 5787 ppb) from true time, re-based whenever it is set.
// rtc(t) = rtc_base + d + floor(d * drift_ppb / 1e9), d = t - true_base: monotonic, exact.
struct Rtc {
  TimeMs true_base = 0;
  TimeMs rtc_base = 0;
  std::int64_t drift_ppb = 0;

  TimeMs rtc(TimeMs t) const;
  // The earliest true time at which rtc() reaches r.
  TimeMs true_at(TimeMs r) const;
  // Set the RTC to `r` at true time `t` (a time adjustment), keeping the drift.
  void set(TimeMs t, TimeMs r) {
    true_base = t;
    rtc_base = r;
  }
};

inline constexpr std::int64_t kMaxDriftPpb = 5787;  // 0.5 s/day, datasheet "Real-time Clock Accuracy"

}  // namespace dlms::meter
