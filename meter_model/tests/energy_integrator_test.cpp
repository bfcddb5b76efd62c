#include "meter_model/energy_integrator.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace dlms::meter {
namespace {

InputSample sample(TimeMs t, double v, std::array<double, 3> i, std::array<double, 3> angle) {
  InputSample s;
  s.t = t;
  for (int k = 0; k < 3; ++k) s.phase[k] = PhaseSample{v, i[k], angle[k]};
  return s;
}

EnergyDelta run(const Scenario& sc, TimeMs a, TimeMs b, IntegrationParams p = {}) {
  EnergyDelta d;
  TimeMs t = a;
  while (t < b) {
    const InputPiece piece = sc.piece_at(t);
    const TimeMs e = std::min(b, piece.t1);
    integrate_energy(piece, t, e, p, d);
    t = e;
  }
  return d;
}

TEST(EnergyIntegrator, ConstantLoadOneHour) {
  const Scenario sc({sample(0, 63.5, {1, 1, 1}, {0, 0, 0})}, 0, Interpolation::kStep);
  const EnergyDelta d = run(sc, 0, kHour);
  EXPECT_DOUBLE_EQ(d.j[1][kActiveImport], 63.5 * 3600);
  EXPECT_DOUBLE_EQ(d.j[0][kActiveImport], 3 * 63.5 * 3600);
  EXPECT_EQ(d.j[0][kActiveExport], 0);
  EXPECT_NEAR(d.j[0][kReactiveQ1] + d.j[0][kReactiveQ4], 0, 1e-9);
}

TEST(EnergyIntegrator, LinearRampMatchesClosedFormWithStartingCurrentCut) {
  // I: 0 -> 2 A over 100 s at 60 V, phi = 30 deg on L1 only.
  const Scenario sc({sample(0, 60, {0, 0, 0}, {30, 0, 0}), sample(100 * kSecond, 60, {2, 0, 0}, {30, 0, 0})},
                    0, Interpolation::kLinear);
  const EnergyDelta d = run(sc, 0, 100 * kSecond);
  const double c = std::cos(30 * 3.14159265358979323846 / 180),
               s = std::sin(30 * 3.14159265358979323846 / 180);
  // P(t) = 60 * 0.02 t * cos; below 1 mA (t < 0.05 s) nothing counts, reactive below 4 mA (t < 0.2 s).
  auto integral = [](double t0, double t1) { return 60 * 0.02 * (t1 * t1 - t0 * t0) / 2; };
  EXPECT_NEAR(d.j[1][kActiveImport], c * integral(0.05, 100), 1e-9);
  EXPECT_NEAR(d.j[1][kReactiveQ1], s * integral(0.2, 100), 1e-9);
  EXPECT_NEAR(d.j[0][kActiveImport], c * integral(0.05, 100), 1e-9);
}

TEST(EnergyIntegrator, FourQuadrants) {
  const Scenario sc({sample(0, 100, {1, 1, 1}, {45, 135, -135})}, 0, Interpolation::kStep);
  const EnergyDelta d = run(sc, 0, 10 * kSecond);
  const double e = 100 * 10 * std::sqrt(0.5);
  EXPECT_NEAR(d.j[1][kActiveImport], e, 1e-9);
  EXPECT_NEAR(d.j[1][kReactiveQ1], e, 1e-9);
  EXPECT_NEAR(d.j[2][kActiveExport], e, 1e-9);
  EXPECT_NEAR(d.j[2][kReactiveQ2], e, 1e-9);
  EXPECT_NEAR(d.j[3][kActiveExport], e, 1e-9);
  EXPECT_NEAR(d.j[3][kReactiveQ3], e, 1e-9);
  const Scenario q4({sample(0, 100, {1, 0, 0}, {-45, 0, 0})}, 0, Interpolation::kStep);
  EXPECT_NEAR(run(q4, 0, 10 * kSecond).j[1][kReactiveQ4], e, 1e-9);
}

TEST(EnergyIntegrator, TotalDirectionSplitsWhereTheSumChangesSign) {
  // L1 imports 60 W; L2 exports 0 -> 120 W linearly over T: the total crosses zero at T/2.
  const double T = 1000;
  const Scenario sc({sample(0, 60, {1, 0, 0}, {0, 180, 0}),
                     sample(static_cast<TimeMs>(T * 1000), 60, {1, 2, 0}, {0, 180, 0})},
                    0, Interpolation::kLinear);
  const EnergyDelta d = run(sc, 0, static_cast<TimeMs>(T * 1000));
  EXPECT_NEAR(d.j[1][kActiveImport], 60 * T, 1e-6);
  // L2 stays below 1 mA for its first 0.5 s (2 mA/s): 60 V * 0.002 * 0.5^2 / 2 = 0.015 J not counted.
  EXPECT_NEAR(d.j[2][kActiveExport], 60 * T - 0.015, 1e-6);
  EXPECT_NEAR(d.j[0][kActiveImport], 60 * T / 4 + 0.015, 1e-6);
  EXPECT_NEAR(d.j[0][kActiveExport], 60 * T / 4, 1e-6);
}

TEST(EnergyIntegrator, StartingCurrentThresholds) {
  IntegrationParams p;
  const Scenario below({sample(0, 63.5, {0.0009, 0, 0}, {60, 0, 0})}, 0, Interpolation::kStep);
  EnergyDelta d = run(below, 0, kHour, p);
  EXPECT_EQ(d.j[0][kActiveImport], 0);
  EXPECT_EQ(d.j[0][kReactiveQ1], 0);
  const Scenario between({sample(0, 63.5, {0.002, 0, 0}, {60, 0, 0})}, 0, Interpolation::kStep);
  d = run(between, 0, kHour, p);
  EXPECT_GT(d.j[0][kActiveImport], 0);  // 0.1 % Ib = 1 mA: counts
  EXPECT_EQ(d.j[0][kReactiveQ1], 0);    // 0.4 % Ib = 4 mA: does not
  const Scenario above({sample(0, 63.5, {0.004, 0, 0}, {60, 0, 0})}, 0, Interpolation::kStep);
  EXPECT_GT(run(above, 0, kHour, p).j[0][kReactiveQ1], 0);
}

TEST(EnergyAccumulator, CarriesTheRemainder) {
  EnergyAccumulator a;
  for (int k = 0; k < 1'000'000; ++k) a.add_joules(0.0001234);  // 0.1234 mJ each
  EXPECT_NEAR(static_cast<double>(a.mj) + a.residual, 123400.0, 1e-6);
  EXPECT_GE(a.mj, 123399);
}

}  // namespace
}  // namespace dlms::meter
