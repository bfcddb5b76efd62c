#pragma once
// SimulationClock: the meter's true time (meter::MeterClock) in the running simulator. Running,
// it is `base + (steady now - steady at base) x speed` (--speed); frozen, it stands at a set
// time, which is how --backfill walks the meter through its past before the listeners open.
// run_from() restarts it from a time (e.g. after the backfill, or when the restored meter is
// already ahead of the wall clock because an earlier run was accelerated).

#include <cstdint>
#include <functional>

#include "meter_model/meter_clock.hpp"

namespace dlms::meter_app {

class SimulationClock final : public meter::MeterClock {
 public:
  using Source = std::function<std::int64_t()>;  // monotonic nanoseconds

  // Running from `start` at `speed`; `source` defaults to std::chrono::steady_clock.
  SimulationClock(meter::TimeMs start, double speed, Source source = {});

  [[nodiscard]] meter::TimeMs now() const override;
  void freeze(meter::TimeMs t);
  void run_from(meter::TimeMs t);
  [[nodiscard]] bool frozen() const noexcept { return frozen_; }
  [[nodiscard]] double speed() const noexcept { return speed_; }

  // Wall-clock time in ms since 1970 (std::chrono::system_clock): where a fresh meter starts.
  static meter::TimeMs wall_now();

 private:
  double speed_;
  Source source_;
  meter::TimeMs base_ = 0;
  std::int64_t source_base_ = 0;
  bool frozen_ = false;
};

}  // namespace dlms::meter_app
