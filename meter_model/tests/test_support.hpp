#pragma once
// Helpers shared by the meter_model tests.
#include <array>
#include <vector>

#include "meter_model/scenario.hpp"

namespace dlms::meter::test {

inline InputSample at(TimeMs t, std::array<double, 3> v, std::array<double, 3> i, std::array<double, 3> angle,
                      double f = 50.0) {
  InputSample s;
  s.t = t;
  s.frequency_hz = f;
  for (int k = 0; k < 3; ++k) s.phase[k] = PhaseSample{v[k], i[k], angle[k]};
  return s;
}

// 63.5 V, `amps` on every phase, in phase: 3 * 63.5 * amps W.
inline Scenario constant_load(double amps = 1.0, double angle = 0.0) {
  return Scenario({at(0, {63.5, 63.5, 63.5}, {amps, amps, amps}, {angle, angle, angle})}, 0,
                  Interpolation::kStep);
}

}  // namespace dlms::meter::test
