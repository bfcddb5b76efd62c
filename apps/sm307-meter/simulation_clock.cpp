#include "apps/sm307-meter/simulation_clock.hpp"

#include <chrono>
#include <cmath>
#include <utility>

namespace dlms::meter_app {

SimulationClock::SimulationClock(meter::TimeMs start, double speed, Source source)
    : speed_(speed), source_(std::move(source)) {
  if (!source_) {
    source_ = [] {
      return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now().time_since_epoch())
                                           .count());
    };
  }
  run_from(start);
}

meter::TimeMs SimulationClock::now() const {
  if (frozen_) {
    return base_;
  }
  const double elapsed_ms = static_cast<double>(source_() - source_base_) / 1e6;
  return base_ + static_cast<meter::TimeMs>(std::floor(elapsed_ms * speed_));
}

void SimulationClock::freeze(meter::TimeMs t) {
  frozen_ = true;
  base_ = t;
}

void SimulationClock::run_from(meter::TimeMs t) {
  frozen_ = false;
  base_ = t;
  source_base_ = source_();
}

meter::TimeMs SimulationClock::wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace dlms::meter_app
