#include "meter_model/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "meter_model/civil_time.hpp"

namespace dlms::meter {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// "2025-01-01T00:00:00Z" (UTC only) or a number of seconds.
TimeMs parse_time(const std::string& s) {
  if (s.find('T') != std::string::npos) {
    int y, mo, d, h, mi;
    double sec;
    if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%lfZ", &y, &mo, &d, &h, &mi, &sec) != 6 || s.back() != 'Z')
      throw std::invalid_argument("scenario: bad time stamp '" + s + "' (want YYYY-MM-DDThh:mm:ssZ)");
    return ms_from_civil(y, mo, d, h, mi, 0) + std::llround(sec * 1000.0);
  }
  std::size_t used = 0;
  const double v = std::stod(s, &used);
  if (used != s.size()) throw std::invalid_argument("scenario: bad time '" + s + "'");
  return std::llround(v * 1000.0);
}

void check_sample(const InputSample& s) {
  for (const auto& p : s.phase) {
    if (!(p.voltage_v >= 0 && p.voltage_v < 1000) || !(p.current_a >= 0 && p.current_a < 1000) ||
        !(p.angle_deg >= -360 && p.angle_deg <= 360))
      throw std::invalid_argument("scenario: value out of range at t=" + std::to_string(s.t));
  }
  if (!(s.frequency_hz > 0 && s.frequency_hz < 1000)) throw std::invalid_argument("scenario: bad frequency");
  if (s.voltage_angle_deg[0] != 0.0) throw std::invalid_argument("scenario: U(L1) is the angle reference");
  for (double a : s.voltage_angle_deg)
    if (!(a >= -360 && a <= 360)) throw std::invalid_argument("scenario: voltage angle out of range");
}

}  // namespace

Scenario::Scenario(std::vector<InputSample> samples, TimeMs period_ms, Interpolation interpolation)
    : samples_(std::move(samples)), period_(period_ms), interpolation_(interpolation) {
  if (samples_.empty()) throw std::invalid_argument("scenario: no samples");
  if (period_ < 0) throw std::invalid_argument("scenario: negative period");
  for (std::size_t k = 0; k < samples_.size(); ++k) {
    check_sample(samples_[k]);
    if (k > 0 && samples_[k].t <= samples_[k - 1].t)
      throw std::invalid_argument("scenario: times must increase strictly");
    if (period_ > 0 && (samples_[k].t < 0 || samples_[k].t >= period_))
      throw std::invalid_argument("scenario: periodic sample time outside [0, period)");
  }
}

InputPiece Scenario::make_piece(const InputSample& a, const InputSample& b, TimeMs t0, TimeMs t1) const {
  InputPiece p;
  p.t0 = t0;
  p.t1 = t1;
  p.frequency_hz = a.frequency_hz;
  p.voltage_angle_deg = a.voltage_angle_deg;
  const double span_s = static_cast<double>(t1 - t0) / 1000.0;
  const bool linear = interpolation_ == Interpolation::kLinear && t1 < kNever && span_s > 0;
  for (int k = 0; k < kPhases; ++k) {
    p.v0[k] = a.phase[k].voltage_v;
    p.i0[k] = a.phase[k].current_a;
    p.dv[k] = linear ? (b.phase[k].voltage_v - a.phase[k].voltage_v) / span_s : 0.0;
    p.di[k] = linear ? (b.phase[k].current_a - a.phase[k].current_a) / span_s : 0.0;
    p.angle_deg[k] = a.phase[k].angle_deg;
    const double rad = a.phase[k].angle_deg * std::numbers::pi / 180.0;
    p.cos_phi[k] = std::cos(rad);
    p.sin_phi[k] = std::sin(rad);
  }
  return p;
}

InputPiece Scenario::piece_at(TimeMs t) const {
  const auto n = samples_.size();
  if (period_ == 0) {
    if (t < samples_.front().t)
      return make_piece(samples_.front(), samples_.front(), -kNever, samples_.front().t);
    auto it = std::upper_bound(samples_.begin(), samples_.end(), t,
                               [](TimeMs v, const InputSample& s) { return v < s.t; });
    const auto idx = static_cast<std::size_t>(it - samples_.begin()) - 1;
    if (idx + 1 == n) return make_piece(samples_[idx], samples_[idx], samples_[idx].t, kNever);
    return make_piece(samples_[idx], samples_[idx + 1], samples_[idx].t, samples_[idx + 1].t);
  }
  const TimeMs b0 = samples_.front().t;
  const std::int64_t m = floor_div(t - b0, period_);
  const TimeMs base = m * period_;
  const TimeMs local = t - base;  // in [b0, b0 + period)
  auto it = std::upper_bound(samples_.begin(), samples_.end(), local,
                             [](TimeMs v, const InputSample& s) { return v < s.t; });
  const auto idx = static_cast<std::size_t>(it - samples_.begin()) - 1;
  const InputSample& a = samples_[idx];
  if (idx + 1 < n) return make_piece(a, samples_[idx + 1], base + a.t, base + samples_[idx + 1].t);
  return make_piece(a, samples_.front(), base + a.t, base + period_ + b0);
}

InputSample Scenario::sample_at(TimeMs t) const {
  const InputPiece p = piece_at(t);
  InputSample s;
  s.t = t;
  s.frequency_hz = p.frequency_hz;
  s.voltage_angle_deg = p.voltage_angle_deg;
  for (int k = 0; k < kPhases; ++k) {
    s.phase[k].voltage_v = p.voltage(k, t);
    s.phase[k].current_a = p.current(k, t);
    s.phase[k].angle_deg = p.angle_deg[k];
  }
  return s;
}

Scenario Scenario::default_daily() {
  // Per hour: L1 current (A), power-factor angle (deg), voltage (V). Hours 10..14 export
  // (local generation exceeds load: angle 180 + x). L2 and L3 scale and shift L1.
  static constexpr double kCurrent[24] = {0.30, 0.25, 0.22, 0.22, 0.25, 0.35, 0.70, 1.30,
                                          1.50, 1.10, 0.60, 0.90, 1.10, 0.80, 0.40, 0.80,
                                          1.00, 1.40, 1.90, 2.10, 1.80, 1.30, 0.80, 0.45};
  // Night: light capacitive load (Q4); export: Q3 then Q2 (capacitive inverter setting).
  static constexpr double kAngle[24] = {-12, -15, -18, -15, 20, 25, 30, 32, 30, 28, 195, 200,
                                        165, 160, 190, 30,  28, 30, 32, 35, 33, 30, 25,  22};
  static constexpr double kVoltage[24] = {64.6, 64.8, 64.9, 64.9, 64.7, 64.2, 63.6, 63.0,
                                          62.8, 63.1, 63.9, 64.6, 64.9, 64.5, 63.9, 63.4,
                                          63.0, 62.6, 62.2, 62.0, 62.3, 62.9, 63.6, 64.2};
  static constexpr double kScale[3] = {1.00, 0.85, 1.15};
  static constexpr double kShift[3] = {0.0, 4.0, -3.0};
  static constexpr double kVolt[3] = {0.0, 0.4, -0.3};
  std::vector<InputSample> s;
  for (int h = 0; h < 24; ++h) {
    InputSample x;
    x.t = h * kHour;
    x.frequency_hz = 50.0 + 0.02 * ((h % 5) - 2);
    for (int k = 0; k < kPhases; ++k) {
      x.phase[k].voltage_v = kVoltage[h] + kVolt[k];
      x.phase[k].current_a = kCurrent[h] * kScale[k];
      x.phase[k].angle_deg = kAngle[h] + kShift[k];
    }
    s.push_back(x);
  }
  return Scenario(std::move(s), kDay, Interpolation::kLinear);
}

Scenario Scenario::from_csv_text(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  TimeMs period = 0;
  Interpolation interp = Interpolation::kLinear;
  std::vector<InputSample> samples;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.rfind("#period_s=", 0) == 0) period = std::llround(std::stod(line.substr(10)) * 1000.0);
      if (line.rfind("#interpolation=", 0) == 0) {
        const std::string v = line.substr(15);
        if (v == "step")
          interp = Interpolation::kStep;
        else if (v == "linear")
          interp = Interpolation::kLinear;
        else
          throw std::invalid_argument("scenario csv: line " + std::to_string(lineno) + ": bad interpolation");
      }
      continue;
    }
    if (line.rfind("time", 0) == 0) continue;  // header row
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() != 11 && f.size() != 13)
      throw std::invalid_argument("scenario csv: line " + std::to_string(lineno) + ": want 11 or 13 fields");
    try {
      InputSample x;
      x.t = parse_time(f[0]);
      for (int k = 0; k < kPhases; ++k) {
        x.phase[k].voltage_v = std::stod(f[1 + k]);
        x.phase[k].current_a = std::stod(f[4 + k]);
        x.phase[k].angle_deg = std::stod(f[7 + k]);
      }
      x.frequency_hz = std::stod(f[10]);
      if (f.size() == 13) x.voltage_angle_deg = {0.0, std::stod(f[11]), std::stod(f[12])};
      samples.push_back(x);
    } catch (const std::logic_error& e) {
      throw std::invalid_argument("scenario csv: line " + std::to_string(lineno) + ": " + e.what());
    }
  }
  return Scenario(std::move(samples), period, interp);
}

Scenario Scenario::from_json_text(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  const TimeMs period = std::llround(j.value("period_s", 0.0) * 1000.0);
  const std::string ip = j.value("interpolation", std::string("linear"));
  if (ip != "linear" && ip != "step") throw std::invalid_argument("scenario json: bad interpolation");
  std::vector<InputSample> samples;
  for (const auto& e : j.at("samples")) {
    InputSample x;
    const auto& t = e.at("t");
    x.t = t.is_string() ? parse_time(t.get<std::string>()) : std::llround(t.get<double>() * 1000.0);
    for (int k = 0; k < kPhases; ++k) {
      x.phase[k].voltage_v = e.at("v").at(k).get<double>();
      x.phase[k].current_a = e.at("i").at(k).get<double>();
      x.phase[k].angle_deg = e.at("angle").at(k).get<double>();
    }
    x.frequency_hz = e.value("f", 50.0);
    if (e.contains("u_angle"))  // angles of U(L2), U(L3) against U(L1)
      x.voltage_angle_deg = {0.0, e.at("u_angle").at(0).get<double>(), e.at("u_angle").at(1).get<double>()};
    samples.push_back(x);
  }
  return Scenario(std::move(samples), period, ip == "step" ? Interpolation::kStep : Interpolation::kLinear);
}

Scenario Scenario::from_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::invalid_argument("scenario: cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  if (path.size() >= 5 && path.substr(path.size() - 5) == ".json") return from_json_text(ss.str());
  return from_csv_text(ss.str());
}

}  // namespace dlms::meter
