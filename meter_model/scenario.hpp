#pragma once
// Measurement inputs: per phase RMS voltage, RMS current and phase angle, and the frequency, as a
// list of time-stamped breakpoints. Between breakpoints voltage and current are interpolated
// linearly (or held, with interpolation "step"); phase angle and frequency are held from one
// breakpoint to the next. So on every piece the per-phase power V(t)I(t)cos(phi) is a quadratic
// in t, and the engine integrates it in closed form. Formats: meter_model/README.md.
#include <array>
#include <string>
#include <vector>

#include "meter_model/meter_clock.hpp"

namespace dlms::meter {

inline constexpr int kPhases = 3;

struct PhaseSample {
  double voltage_v = 0;  // secondary RMS, phase to neutral
  double current_a = 0;  // secondary RMS
  double angle_deg = 0;  // phi = angle(U) - angle(I); +ve inductive, |phi| > 90 export
};

// Default voltage angles: a positive-sequence supply, U(L2) lags U(L1) by 120 deg, U(L3) by 240.
inline constexpr std::array<double, 3> kDefaultVoltageAngles{0.0, 120.0, 240.0};

struct InputSample {
  TimeMs t = 0;  // absolute ms, or offset into the period for a periodic scenario
  std::array<PhaseSample, kPhases> phase{};
  double frequency_hz = 50.0;
  // Angle of U(Lk) relative to U(L1): angle(U(L1)) - angle(U(Lk)), i.e. how far U(Lk) lags
  // U(L1), the same sense as phi (OBIS 1.0.81.7.10/20.255); element 0 is always 0.
  std::array<double, kPhases> voltage_angle_deg = kDefaultVoltageAngles;
};

// One linear piece [t0, t1) of the scenario, with per-second slopes.
struct InputPiece {
  TimeMs t0 = 0;
  TimeMs t1 = 0;
  std::array<double, kPhases> v0{}, dv{};  // V(t) = v0 + dv * (t - t0) / 1000
  std::array<double, kPhases> i0{}, di{};
  std::array<double, kPhases> cos_phi{}, sin_phi{}, angle_deg{};
  std::array<double, kPhases> voltage_angle_deg = kDefaultVoltageAngles;  // held, as phi
  double frequency_hz = 50;

  double voltage(int p, TimeMs t) const { return v0[p] + dv[p] * static_cast<double>(t - t0) / 1000.0; }
  double current(int p, TimeMs t) const { return i0[p] + di[p] * static_cast<double>(t - t0) / 1000.0; }
};

enum class Interpolation { kLinear, kStep };

class Scenario {
 public:
  // `period_ms` > 0: sample times are offsets in [0, period) and the curve repeats forever.
  // `period_ms` == 0: absolute times; before the first sample its values hold, after the last
  // the last values hold. Throws std::invalid_argument on an invalid list.
  Scenario(std::vector<InputSample> samples, TimeMs period_ms, Interpolation interpolation);

  // The built-in daily curve on 3 x 63.5/110 V, 1(10) A: night base load, morning and evening
  // peaks (inductive, import) and a midday export period (generation), hourly breakpoints.
  static Scenario default_daily();
  static Scenario from_csv_text(const std::string& text);
  static Scenario from_json_text(const std::string& text);
  static Scenario from_file(const std::string& path);  // by extension: .csv or .json

  InputPiece piece_at(TimeMs t) const;
  InputSample sample_at(TimeMs t) const;
  TimeMs period_ms() const { return period_; }
  Interpolation interpolation() const { return interpolation_; }
  const std::vector<InputSample>& samples() const { return samples_; }

 private:
  InputPiece make_piece(const InputSample& a, const InputSample& b, TimeMs t0, TimeMs t1) const;
  std::vector<InputSample> samples_;
  TimeMs period_;
  Interpolation interpolation_;
};

}  // namespace dlms::meter
