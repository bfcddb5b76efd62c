// A simulated year on the default scenario against an independent closed-form integral.
#include <chrono>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"

namespace dlms::meter {
namespace {

// Closed form of one day of the default scenario, per quadrant of each phase: on an hourly
// piece V and I are linear (V0 -> V1, I0 -> I1) and phi constant, so
//   integral of V I dt = T (V0 I0 + (V0 dI + I0 dV) / 2 + dV dI / 3).
struct Daily {
  double a_import = 0, a_export = 0, q[4] = {0, 0, 0, 0};
};
Daily closed_form_day(const Scenario& sc) {
  Daily d;
  const auto& s = sc.samples();
  for (std::size_t h = 0; h < s.size(); ++h) {
    const InputSample& a = s[h];
    const InputSample& b = s[(h + 1) % s.size()];
    const double T = (h + 1 < s.size() ? b.t - a.t : sc.period_ms() - a.t + b.t) / 1000.0;
    for (int k = 0; k < kPhases; ++k) {
      const double v0 = a.phase[k].voltage_v, dv = b.phase[k].voltage_v - v0;
      const double i0 = a.phase[k].current_a, di = b.phase[k].current_a - i0;
      const double vi = T * (v0 * i0 + (v0 * di + i0 * dv) / 2 + dv * di / 3);
      const double phi = a.phase[k].angle_deg * std::numbers::pi / 180;
      const double p = vi * std::cos(phi), q = vi * std::sin(phi);
      (p >= 0 ? d.a_import : d.a_export) += std::abs(p);
      const int quad = q >= 0 ? (p >= 0 ? 0 : 1) : (p >= 0 ? 3 : 2);
      d.q[quad] += std::abs(q);
    }
  }
  return d;
}

TEST(SimulatedYear, DefaultScenarioMatchesTheClosedFormIntegral) {
  const TimeMs start = ms_from_civil(2025, 1, 1);
  ManualClock clock(start);
  MeterOptions o;
  o.measurement_step_ms = 60000;
  const Scenario sc = Scenario::default_daily();
  Meter m(clock, sc, o);
  const auto wall0 = std::chrono::steady_clock::now();
  m.advance_to(start + 365 * kDay);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const Daily d = closed_form_day(sc);
  // In every hour of the default curve the three phases share a quadrant, so totals are sums.
  const double expected[] = {d.a_import, d.a_export, d.q[0], d.q[1], d.q[2], d.q[3]};
  const EnergyQuantity q[] = {kActiveImport, kActiveExport, kReactiveQ1,
                              kReactiveQ2,   kReactiveQ3,   kReactiveQ4};
  for (int k = 0; k < 6; ++k) {
    const double exp_mj = expected[k] * 365 * 1000.0;  // J -> mJ
    const double got = static_cast<double>(m.energy_mj(0, q[k]));
    SCOPED_TRACE(k);
    EXPECT_GT(exp_mj, 1e9);
    // Far inside class 0.5S / 1.0: the only error is floating point on ~10^6 pieces.
    EXPECT_NEAR(got, exp_mj, 1e-9 * exp_mj + 10.0);
  }
  EXPECT_EQ(m.billing_counter(), 12);  // 1 Feb 2025 .. 1 Jan 2026
  EXPECT_EQ(m.load_profile().size(), kLoadProfileCapacity);
  std::printf("[ year ] +A %.3f kWh, -A %.3f kWh; %.2f s wall, %.0fx real time\n",
              static_cast<double>(m.energy_mj(0, kActiveImport)) / 3.6e9,
              static_cast<double>(m.energy_mj(0, kActiveExport)) / 3.6e9, wall, 365 * 86400.0 / wall);
}

}  // namespace
}  // namespace dlms::meter
