#include "meter_model/meter.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <tuple>

#include "meter_model/sha256.hpp"

namespace dlms::meter {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

constexpr EnergyQuantity kBase[] = {kActiveImport, kActiveExport, kReactiveQ1,
                                    kReactiveQ2,   kReactiveQ3,   kReactiveQ4};
constexpr EnergyQuantity kDemandSource[kDemandQuantities] = {kActiveImport, kActiveExport, kReactiveImport,
                                                             kReactiveExport};

}  // namespace

Meter::Meter(const MeterClock& clock, Scenario scenario, MeterOptions options)
    : clock_(clock), scenario_(std::move(scenario)), options_(std::move(options)), tz_(options_.time_zone) {
  if (std::abs(options_.rtc_drift_ppb) > kMaxDriftPpb)
    throw std::invalid_argument("rtc drift above 0.5 s/day");
  if (options_.measurement_step_ms < 1) throw std::invalid_argument("measurement step must be >= 1 ms");
  rtc_.drift_ppb = options_.rtc_drift_ppb;
  firmware_.active_signature = Sha256::hex(firmware_.active_version);
  now_ = clock_.now();
  rtc_.set(now_, now_);
  profile_channels_ = {
      "energy.active_import.total",   "energy.active_export.total", "energy.reactive_import.total",
      "energy.reactive_export.total", "energy.reactive_q1.total",   "energy.reactive_q2.total",
      "energy.reactive_q3.total",     "energy.reactive_q4.total",   "instantaneous.voltage.l1",
      "instantaneous.voltage.l2",     "instantaneous.voltage.l3",   "instantaneous.current.l1",
      "instantaneous.current.l2",     "instantaneous.current.l3",   "instantaneous.active_power.total",
      "instantaneous.frequency"};
  daily_channels_ = {
      "energy.active_import.total", "energy.active_import.t1",      "energy.active_import.t2",
      "energy.active_import.t3",    "energy.active_import.t4",      "energy.active_export.total",
      "energy.active_export.t1",    "energy.active_export.t2",      "energy.active_export.t3",
      "energy.active_export.t4",    "energy.reactive_import.total", "energy.reactive_export.total",
      "energy.reactive_q1.total",   "energy.reactive_q2.total",     "energy.reactive_q3.total",
      "energy.reactive_q4.total"};
  for (const char* t : {"meter_cover", "terminal_cover", "module_cover", "magnetic_field", "bypass"})
    tamper_[t] = false;
  if (!options_.store_path.empty()) {
    store_ = std::make_unique<NvStore>(options_.store_path, options_.sync);
    profile_.attach(*store_, "profile");
    daily_.attach(*store_, "daily");
    restore();
  } else {
    init_schedule(meter_time());
  }
  piece_ = scenario_.piece_at(now_);
  piece_valid_ = true;
  next_tick_ = now_;
  if (dirty_ || config_dirty_) commit();
}

Meter::~Meter() {
  try {
    shutdown();
  } catch (...) {
  }
}

void Meter::shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  commit();
}

// ---------------------------------------------------------------- schedule

TimeMs Meter::local_boundary_after(TimeMs rtc, std::int64_t period_s) const {
  const TimeMs off = tz_.total_offset_min(rtc) * kMinute;
  const TimeMs p = period_s * kSecond;
  return (floor_div(rtc + off, p) + 1) * p - off;
}

TimeMs Meter::next_billing_after(TimeMs rtc) const {
  const TimeMs off = tz_.total_offset_min(rtc) * kMinute;
  const CivilTime c = civil_from_ms(rtc + off);
  int y = c.year, m = c.month;
  for (int k = 0; k < 3; ++k) {
    const TimeMs cand = ms_from_civil(y, m, billing_day_) + billing_time_s_ * kSecond - off;
    if (cand > rtc) return cand;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return kNever;
}

void Meter::init_schedule(TimeMs rtc) {
  next_commit_ = (floor_div(rtc, kMinute) + 1) * kMinute;
  next_profile_ = local_boundary_after(rtc, profile_period_s);
  next_daily_ = local_boundary_after(rtc, 86400);
  demand_.next_end = local_boundary_after(rtc, demand_.period_s);
  demand_.period_start = rtc;
  for (int q = 0; q < kDemandQuantities; ++q) demand_.start_mj[q] = energy_mj(0, kDemandSource[q]);
  next_billing_ = next_billing_after(rtc);
  next_dst_ = tz_.next_dst_change(rtc);
  update_tariff();
  recompute_due();
}

void Meter::recompute_due() {
  TimeMs d = std::min(
      {next_commit_, next_profile_, next_daily_, demand_.next_end, next_billing_, next_dst_, next_tariff_});
  if (passive_activation_ < kNever)
    d = std::min(d, passive_activation_ - tz_.total_offset_min(meter_time()) * kMinute);
  next_due_rtc_ = d;
  next_due_true_ = d >= kNever ? kNever : rtc_.true_at(d);
}

void Meter::update_tariff() {
  const TimeMs rtc = meter_time();
  const TimeMs off = tz_.total_offset_min(rtc) * kMinute;
  const TimeMs local = rtc + off;
  active_tariff_ = calendar_.tariff_at(local, special_days_);
  next_tariff_ = calendar_.next_change(local) - off;
}

// ---------------------------------------------------------------- stepping

void Meter::advance_to(TimeMs t) {
  while (now_ < t) {
    if (now_ < piece_.t0 || now_ >= piece_.t1) piece_ = scenario_.piece_at(now_);
    TimeMs nb = std::min({t, next_tick_, piece_.t1, next_due_true_});
    if (nb <= now_) nb = now_;  // a due or tick at now_: process without integrating
    step(nb);
    if (nb == t && now_ >= t) break;
  }
}

void Meter::step(TimeMs to) {
  if (to > now_) {
    integrate(now_, to);
    now_ = to;
  }
  if (now_ < piece_.t0 || now_ >= piece_.t1) piece_ = scenario_.piece_at(now_);
  if (now_ >= next_tick_) {
    if (bulk_) {
      // Backfill: when this evaluation changes nothing, skip the steps that would not either.
      const auto state = std::make_tuple(event_seq_, powered_, relay_, missing_v_, under_v_, over_v_, over_i_,
                                         reverse_, unbalance_, voltage_abnormal_, limiter_);
      evaluate_conditions();
      const bool changed =
          state != std::make_tuple(event_seq_, powered_, relay_, missing_v_, under_v_, over_v_, over_i_,
                                   reverse_, unbalance_, voltage_abnormal_, limiter_);
      next_tick_ = changed ? step_after(now_) : quiet_until();
    } else {
      evaluate_conditions();
      next_tick_ = step_after(now_);
    }
  }
  if (now_ >= next_due_true_) run_due();
  if (dirty_ && !bulk_) commit();
}

void Meter::integrate(TimeMs a, TimeMs b) {
  if (!powered_) return;
  integration_.load_connected = relay_ == RelayState::kConnected;
  EnergyDelta d;
  integrate_energy(piece_, a, b, integration_, d);
  for (int s = 0; s < kScopes; ++s) {
    std::array<std::int64_t, kEnergyQuantities> inc{};
    for (EnergyQuantity q : kBase) {
      const std::int64_t before = energy_[s][q].mj;
      energy_[s][q].add_joules(d.j[s][q]);
      inc[q] = energy_[s][q].mj - before;
    }
    inc[kReactiveImport] = inc[kReactiveQ1] + inc[kReactiveQ2];
    inc[kReactiveExport] = inc[kReactiveQ3] + inc[kReactiveQ4];
    inc[kActiveAbsolute] = inc[kActiveImport] + inc[kActiveExport];
    inc[kReactiveAbsolute] = inc[kReactiveImport] + inc[kReactiveExport];
    for (EnergyQuantity q : {kReactiveImport, kReactiveExport, kActiveAbsolute, kReactiveAbsolute})
      energy_[s][q].mj += inc[q];
    if (s == 0)
      for (int q = 0; q < kEnergyQuantities; ++q) tariff_energy_[active_tariff_ - 1][q] += inc[q];
  }
}

InputSample Meter::instantaneous() const {
  InputSample s = scenario_.sample_at(now_);
  if (relay_ != RelayState::kConnected || !powered_)
    for (auto& p : s.phase) p.current_a = 0;
  return s;
}

double Meter::voltage_angle_deg(int phase) const {
  const double a =
      std::fmod(scenario_.sample_at(now_).voltage_angle_deg.at(static_cast<std::size_t>(phase)), 360.0);
  return a < 0 ? a + 360.0 : a;
}

double Meter::neutral_current_a() const {
  // Phasors with U(L1) at angle 0: angle(U(Lk)) = -voltage_angle_k, angle(I(Lk)) = angle(U(Lk)) - phi_k.
  const InputSample s = instantaneous();
  double re = 0, im = 0;
  for (int k = 0; k < kPhases; ++k) {
    const double a = -(s.voltage_angle_deg[k] + s.phase[k].angle_deg) * std::numbers::pi / 180.0;
    re += s.phase[k].current_a * std::cos(a);
    im += s.phase[k].current_a * std::sin(a);
  }
  return std::hypot(re, im);
}

int Meter::last_event_code(EventLog l) const {
  const auto& d = logs_.at(static_cast<std::size_t>(l));
  return d.empty() ? 0 : d.back().code;
}

Meter::Conditions Meter::conditions_at(TimeMs t) const {
  Conditions c;
  const bool connected = relay_ == RelayState::kConnected;
  double vsum = 0;
  double p_total = 0;
  for (int k = 0; k < kPhases; ++k) {
    const double v = piece_.voltage(k, t);
    const double i = connected ? piece_.current(k, t) : 0.0;
    c.v[k] = v;
    vsum += v;
    p_total += v * i * piece_.cos_phi[k];
    c.up[k] = v >= thr_.outage_voltage_v;
    c.any_up = c.any_up || c.up[k];
    c.missing[k] = v < thr_.missing_voltage_v;
    c.below_under[k] = v < thr_.under_voltage_v;
    c.over[k] = v > thr_.over_voltage_v;
    c.over_current[k] = i > thr_.over_current_a;
    c.reverse[k] = i >= integration_.start_current_active_a && piece_.cos_phi[k] < 0;
  }
  const double mean = vsum / kPhases;
  double dev = 0;
  for (double x : c.v) dev = std::max(dev, std::abs(x - mean));
  c.unbalance = mean > 0 && dev / mean * 100.0 > thr_.unbalance_pct;
  c.import_power_w = std::max(0.0, p_total);
  return c;
}

void Meter::evaluate_conditions() {
  // piece_ covers now_ here (step() refreshed it).
  const Conditions c = conditions_at(now_);
  const TimeMs rtc = meter_time();
  if (powered_ && !c.any_up) {
    power_fail_begin(rtc);
    return;
  }
  if (!powered_) {
    if (!c.any_up) return;
    power_fail_end(rtc, power_down_rtc_);
  }
  // off < 0: the end is logged elsewhere (voltage normal).
  auto update = [&](Monitor& m, bool cond, std::int64_t time_s, EventLog log, int on, int off) {
    if (cond) {
      if (m.since < 0) m.since = now_;
      if (!m.active && now_ - m.since >= time_s * kSecond) {
        m.active = true;
        log_event(log, on, rtc);
      }
    } else {
      m.since = -1;
      if (m.active) {
        m.active = false;
        if (off >= 0) log_event(log, off, rtc);
      }
    }
  };
  for (int k = 0; k < kPhases; ++k) {
    // Voltage bands of a phase (IDIS power quality log): missing below the missing-voltage
    // threshold, under voltage from there to the under-voltage threshold, over voltage above
    // the over-voltage one. Each fires after its time threshold; "voltage normal" (85-87)
    // closes them once the voltage is back inside [under, over].
    update(missing_v_[k], c.missing[k], thr_.missing_voltage_time_s, EventLog::kPowerQuality,
           event::kMissingVoltageL1 + k, -1);
    update(under_v_[k], !c.missing[k] && c.below_under[k], thr_.voltage_time_s, EventLog::kPowerQuality,
           event::kUnderVoltageL1 + k, -1);
    update(over_v_[k], c.over[k], thr_.voltage_time_s, EventLog::kPowerQuality, event::kOverVoltageL1 + k,
           -1);
    if (missing_v_[k].active || under_v_[k].active || over_v_[k].active) {
      voltage_abnormal_[k] = true;
    } else if (voltage_abnormal_[k] && !c.below_under[k] && !c.over[k]) {
      voltage_abnormal_[k] = false;
      log_event(EventLog::kPowerQuality, event::kVoltageNormalL1 + k, rtc);
    }
    update(over_i_[k], c.over_current[k], thr_.over_current_time_s, EventLog::kPowerQuality,
           event::kOverCurrentL1 + k, event::kOverCurrentEndL1 + k);
    update(reverse_[k], c.reverse[k], thr_.reverse_time_s, EventLog::kPowerQuality,
           event::kCurrentReverseL1 + k, event::kCurrentReverseEndL1 + k);
  }
  update(unbalance_, c.unbalance, thr_.unbalance_time_s, EventLog::kPowerQuality, event::kUnbalanceOn,
         event::kUnbalanceOff);
  evaluate_limiter(c.import_power_w);
}

// ---------------------------------------------------------------- backfill

TimeMs Meter::step_after(TimeMs t) const {
  return (floor_div(t, options_.measurement_step_ms) + 1) * options_.measurement_step_ms;
}

// Every threshold comparison evaluate_conditions() makes, as bits. Each is a comparison of a
// linear function of t on the piece (voltages, currents; the unbalance test split into its
// linear parts), so a bit that has the same value at two instants has it in between; the
// limiter's power is a quadratic, handled in quiet_until().
std::uint64_t Meter::condition_mask(TimeMs t) const {
  const Conditions c = conditions_at(t);
  std::uint64_t mask = 0;
  int bit = 0;
  auto put = [&](bool b) {
    if (b) mask |= std::uint64_t{1} << bit;
    ++bit;
  };
  const double mean = (c.v[0] + c.v[1] + c.v[2]) / kPhases;
  const double pct = thr_.unbalance_pct;
  for (int k = 0; k < kPhases; ++k) {
    put(c.up[k]);
    put(c.missing[k]);
    put(c.below_under[k]);
    put(c.over[k]);
    put(c.over_current[k]);
    put(c.reverse[k]);
    put((c.v[k] - mean) * 100.0 > pct * mean);
    put((mean - c.v[k]) * 100.0 > pct * mean);
  }
  put(mean > 0);
  put(c.unbalance);
  put(limiter_.threshold_w > 0 && c.import_power_w > limiter_.threshold_w);
  return mask;
}

// After an evaluation at now_ that changed nothing, the evaluations at later steps change
// nothing either while every comparison keeps its value and no condition's time threshold
// elapses: returns the first step that must be evaluated.
TimeMs Meter::quiet_until() const {
  const TimeMs step = options_.measurement_step_ms;
  const TimeMs first = step_after(now_);
  TimeMs upper = piece_.t1;  // steps before `upper` are candidates for skipping
  auto deadline = [&](const Monitor& m, std::int64_t time_s) {
    if (m.since >= 0 && !m.active) upper = std::min(upper, m.since + time_s * kSecond);
  };
  for (int k = 0; k < kPhases; ++k) {
    deadline(missing_v_[k], thr_.missing_voltage_time_s);
    deadline(under_v_[k], thr_.voltage_time_s);
    deadline(over_v_[k], thr_.voltage_time_s);
    deadline(over_i_[k], thr_.over_current_time_s);
    deadline(reverse_[k], thr_.reverse_time_s);
  }
  deadline(unbalance_, thr_.unbalance_time_s);
  if (limiter_.threshold_w > 0) {
    if (limiter_.over_since >= 0 && !limiter_.exceeded)
      upper = std::min(upper, limiter_.over_since + limiter_.min_over_s * kSecond);
    if (limiter_.exceeded && limiter_.under_since >= 0)
      upper = std::min(upper, limiter_.under_since + limiter_.min_under_s * kSecond);
    // The power is a quadratic in t: monotone on either side of its extremum.
    if (relay_ == RelayState::kConnected) {
      double a2 = 0, a1 = 0;
      for (int k = 0; k < kPhases; ++k) {
        a2 += piece_.cos_phi[k] * piece_.dv[k] * piece_.di[k];
        a1 += piece_.cos_phi[k] * (piece_.v0[k] * piece_.di[k] + piece_.dv[k] * piece_.i0[k]);
      }
      if (a2 != 0) {
        const double vertex = static_cast<double>(piece_.t0) - a1 / (2 * a2) * 1000.0;
        if (vertex > static_cast<double>(now_) && vertex < static_cast<double>(upper))
          upper = static_cast<TimeMs>(std::ceil(vertex));
      }
    }
  }
  // The last step before `upper`.
  const TimeMs last = step_after(upper - 1) - step;
  if (last < first) return first;
  const std::uint64_t m0 = condition_mask(now_);
  if (condition_mask(last) == m0) return last + step;
  // Bisection: `lo` keeps the mask, `hi` does not.
  TimeMs lo = now_, hi = last;
  while (hi - lo > step) {
    const TimeMs mid = lo + (hi - lo) / step / 2 * step;
    if (condition_mask(mid) == m0)
      lo = mid;
    else
      hi = mid;
  }
  return std::max(first, hi);
}

void Meter::backfill_to(TimeMs t) {
  struct BulkMode {
    bool& flag;
    explicit BulkMode(bool& f) : flag(f) { flag = true; }
    ~BulkMode() { flag = false; }
    BulkMode(const BulkMode&) = delete;
    BulkMode& operator=(const BulkMode&) = delete;
  };
  {
    const BulkMode bulk(bulk_);
    while (now_ < t) {
      advance_to(std::min(t, now_ + kDay));  // one store transaction per simulated day
      commit();
    }
  }
  // Back on every measurement step, as advance_to(t) leaves it.
  next_tick_ = std::min(next_tick_, step_after(now_));
}

void Meter::run_due() {
  const TimeMs rtc = meter_time();
  if (rtc >= demand_.next_end) {
    end_demand_period(rtc);
    demand_.next_end = local_boundary_after(rtc, demand_.period_s);
  }
  if (rtc >= next_profile_) {
    capture_profile(rtc);
    next_profile_ = local_boundary_after(rtc, profile_period_s);
  }
  if (rtc >= next_daily_) {
    capture_daily(rtc);
    next_daily_ = local_boundary_after(rtc, 86400);
  }
  if (rtc >= next_billing_) {
    last_scheduled_billing_ = next_billing_;
    do_billing(rtc, "schedule");
    next_billing_ = next_billing_after(rtc);
  }
  if (rtc >= next_dst_) {
    log_event(EventLog::kStandard, event::kDstChanged, rtc);
    next_dst_ = tz_.next_dst_change(rtc);
    next_profile_ = local_boundary_after(rtc, profile_period_s);
    next_daily_ = local_boundary_after(rtc, 86400);
    demand_.next_end = local_boundary_after(rtc, demand_.period_s);
    next_billing_ = next_billing_after(rtc);
  }
  if (passive_activation_ < kNever && tz_.to_local(rtc) >= passive_activation_) {
    calendar_ = passive_calendar_;
    passive_activation_ = kNever;
    log_event(EventLog::kStandard, event::kTouActivated, rtc);
    config_changed();
    next_tariff_ = rtc;
  }
  if (rtc >= next_tariff_) update_tariff();
  if (rtc >= next_commit_) {
    dirty_ = true;
    next_commit_ = (floor_div(rtc, kMinute) + 1) * kMinute;
  }
  recompute_due();
}

// ---------------------------------------------------------------- functions

std::int64_t Meter::energy_mj(int scope, EnergyQuantity q) const { return energy_.at(scope).at(q).mj; }

std::int64_t Meter::tariff_energy_mj(int tariff, EnergyQuantity q) const {
  if (tariff < 1 || tariff > kTariffs || q < 0 || q >= kEnergyQuantities)
    throw std::out_of_range("tariff energy");
  return tariff_energy_[tariff - 1][q];
}

double Meter::demand_current_w(int q) const {
  std::int64_t sum = energy_mj(0, kDemandSource[q]) - demand_.start_mj[q];
  const auto& w = demand_.window[q];
  const std::size_t keep = static_cast<std::size_t>(demand_.periods - 1);
  for (std::size_t k = w.size() > keep ? w.size() - keep : 0; k < w.size(); ++k) sum += w[k];
  return static_cast<double>(sum) / 1000.0 / static_cast<double>(demand_.periods * demand_.period_s);
}

void Meter::end_demand_period(TimeMs rtc) {
  for (int q = 0; q < kDemandQuantities; ++q) {
    const std::int64_t e = energy_mj(0, kDemandSource[q]);
    auto& w = demand_.window[q];
    w.push_back(e - demand_.start_mj[q]);
    demand_.start_mj[q] = e;
    while (w.size() > static_cast<std::size_t>(demand_.periods)) w.pop_front();
    std::int64_t sum = 0;
    for (auto v : w) sum += v;
    const double avg =
        static_cast<double>(sum) / 1000.0 / static_cast<double>(demand_.periods * demand_.period_s);
    demand_.last[q] = avg;
    for (int t : {0, active_tariff_}) {
      if (avg > demand_.max[q][t]) {
        demand_.max[q][t] = avg;
        demand_.max_time[q][t] = rtc;
      }
    }
  }
  demand_.period_start = rtc;
}

ProfileEntry Meter::make_entry(TimeMs rtc, const std::vector<std::string>& channels, int status) const {
  ProfileEntry e;
  e.time = rtc;
  e.status = status | (tz_.dst_active(rtc) ? kStatusDst : 0) | (powered_ ? 0 : kStatusPowerDown) |
             (rtc <= clock_overlap_until_ ? kStatusClockAdjusted : 0);
  for (int c = 0; c < kProfileChannels && c < static_cast<int>(channels.size()); ++c)
    e.values[c] = quantity_value(channels[c]);
  return e;
}

void Meter::capture_profile(TimeMs rtc, int extra_status) {
  ProfileEntry e = make_entry(rtc, profile_channels_, profile_status_pending_ | extra_status);
  e.seq = ++profile_seq_;
  profile_status_pending_ = 0;
  profile_.append(e);  // and to the store
  dirty_ = true;
}

void Meter::capture_daily(TimeMs rtc, int extra_status) {
  ProfileEntry e = make_entry(rtc, daily_channels_, daily_status_pending_ | extra_status);
  e.seq = ++daily_seq_;
  daily_status_pending_ = 0;
  daily_.append(e);  // and to the store
  dirty_ = true;
}

void Meter::do_billing(TimeMs rtc, const char* source, int status) {
  BillingEntry b;
  b.seq = ++billing_seq_;
  b.status = status;
  b.time = rtc;
  b.counter = ++billing_counter_;
  nlohmann::json v;
  v["source"] = source;
  static const char* kQ[] = {"active_import",   "active_export",    "reactive_import", "reactive_export",
                             "reactive_q1",     "reactive_q2",      "reactive_q3",     "reactive_q4",
                             "active_absolute", "reactive_absolute"};
  for (int q = 0; q < kEnergyQuantities; ++q) {
    v[std::string("energy.") + kQ[q] + ".total"] = energy_[0][q].mj;
    for (int t = 1; t <= kTariffs; ++t)
      v[std::string("energy.") + kQ[q] + ".t" + std::to_string(t)] = tariff_energy_[t - 1][q];
  }
  for (int q = 0; q < kDemandQuantities; ++q) {
    for (int t = 0; t <= kTariffs; ++t) {
      const std::string sc = t == 0 ? "total" : "t" + std::to_string(t);
      const std::string base = std::string("demand.") + kQ[q];
      v[std::string(base).append(".max.").append(sc)] = demand_.max[q][t];
      v[std::string(base).append(".max_time.").append(sc)] = demand_.max_time[q][t];
      demand_.cumulative[q][t] += demand_.max[q][t];
      v[std::string(base).append(".cumulative.").append(sc)] = demand_.cumulative[q][t];
      demand_.max[q][t] = 0;
      demand_.max_time[q][t] = 0;
    }
  }
  b.values = std::move(v);
  billing_.push_back(b);
  while (billing_.size() > kBillingCapacity) billing_.pop_front();
  last_billing_time_ = rtc;
  if (store_) {
    store_->append("billing", StoredRow{b.seq, b.time, b.status, b.counter, b.values.dump()});
    if (b.seq > static_cast<std::int64_t>(kBillingCapacity))
      store_->erase_upto("billing", b.seq - static_cast<std::int64_t>(kBillingCapacity));
  }
  dirty_ = true;
}

void Meter::log_event(EventLog log, int code, TimeMs rtc, std::int64_t value) {
  const int l = static_cast<int>(log);
  EventRecord r{++event_seq_, rtc, l, code, value};
  auto& d = logs_[l];
  d.push_back(r);
  std::int64_t dropped = -1;
  while (d.size() > kEventLogCapacity) {
    dropped = d.front().seq;
    d.pop_front();
  }
  ++event_counts_[code];
  if (store_) {
    store_->append("events", StoredRow{r.seq, r.time, l, code, std::to_string(value)});
    if (dropped >= 0) store_->erase_upto("events", dropped, l);
  }
  dirty_ = true;
}

std::int64_t Meter::event_count(int code) const {
  auto it = event_counts_.find(code);
  return it == event_counts_.end() ? 0 : it->second;
}

void Meter::power_fail_begin(TimeMs rtc) {
  powered_ = false;
  power_down_rtc_ = rtc;
  profile_status_pending_ |= kStatusPowerDown;
  daily_status_pending_ |= kStatusPowerDown;
  log_event(EventLog::kStandard, event::kPowerDown, rtc);
  for (auto* ms : {&under_v_, &over_v_, &missing_v_, &over_i_, &reverse_})
    for (auto& m : *ms) m = Monitor{};
  unbalance_ = Monitor{};
  voltage_abnormal_ = {};
}

void Meter::power_fail_end(TimeMs rtc, TimeMs down_rtc) {
  powered_ = true;
  const std::int64_t dur_s = std::max<std::int64_t>(0, (rtc - down_rtc) / kSecond);
  log_event(EventLog::kStandard, event::kPowerUp, rtc);
  const bool long_outage = dur_s >= thr_.long_outage_s;
  ++outages_total_;
  if (long_outage) ++outages_long_;
  // Power failure log (1.0.99.97.0.255): end time stamp and duration.
  log_event(EventLog::kPowerFailure, long_outage ? event::kLongPowerFailure : event::kShortPowerFailure, rtc,
            dur_s);
}

// A time adjustment (Blue Book class 8: time set, shift_time): events 4 (old time) and 5 (new
// time). Forward, the periods the jump skips are closed as if their boundaries had passed:
// every skipped profile boundary gets an entry (the last capacity's worth of them; load and
// daily profile), the
// demand period in progress ends at its boundary (and the skipped ones with zero energy), a
// skipped billing date bills once, a skipped DST change is logged; these entries carry the
// clock-adjusted status bit. Backward, the schedule restarts from the new time: boundaries up
// to the old time come again and their entries carry the clock-adjusted bit (their time stamps
// repeat); a billing date billed already is not billed twice. The period the new time lands
// in is shortened either way: its entry carries the bit too.
void Meter::adjust_clock(TimeMs new_rtc) {
  const TimeMs old = meter_time();
  log_event(EventLog::kStandard, event::kClockAdjustedOld, old);
  if (new_rtc > old) close_skipped_periods(new_rtc);
  rtc_.set(now_, new_rtc);
  log_event(EventLog::kStandard, event::kClockAdjustedNew, new_rtc);
  profile_status_pending_ |= kStatusClockAdjusted;
  daily_status_pending_ |= kStatusClockAdjusted;
  if (new_rtc < old) clock_overlap_until_ = std::max(clock_overlap_until_, old);
  const auto start = demand_.start_mj;
  const auto window = demand_.window;
  init_schedule(new_rtc);
  demand_.start_mj = start;
  demand_.window = window;
  if (new_rtc < old && last_scheduled_billing_ >= new_rtc)
    next_billing_ = next_billing_after(last_scheduled_billing_);
  recompute_due();
}

void Meter::close_skipped_periods(TimeMs new_rtc) {
  // Demand: the period in progress ends at its boundary; after `periods` more (empty) ones the
  // sliding window holds only zeros, so further skipped periods change nothing.
  for (int n = 0; demand_.next_end <= new_rtc && n <= demand_.periods; ++n) {
    end_demand_period(demand_.next_end);
    demand_.next_end = local_boundary_after(demand_.next_end, demand_.period_s);
  }
  // Profile: one entry per skipped boundary, at most the buffer's capacity (older ones would
  // be pushed out by the later ones anyway).
  if (next_profile_ <= new_rtc) {
    const TimeMs span = static_cast<TimeMs>(kLoadProfileCapacity) * profile_period_s * kSecond;
    TimeMs b = next_profile_;
    if (new_rtc - b > span) b = local_boundary_after(new_rtc - span, profile_period_s);
    for (; b <= new_rtc; b = local_boundary_after(b, profile_period_s))
      capture_profile(b, kStatusClockAdjusted);
  }
  if (next_daily_ <= new_rtc) {
    const TimeMs span = static_cast<TimeMs>(kDailyProfileCapacity) * kDay;
    TimeMs b = next_daily_;
    if (new_rtc - b > span) b = local_boundary_after(new_rtc - span, 86400);
    for (; b <= new_rtc; b = local_boundary_after(b, 86400)) capture_daily(b, kStatusClockAdjusted);
  }
  if (next_billing_ <= new_rtc) {
    last_scheduled_billing_ = next_billing_;
    do_billing(next_billing_, "clock-forward", kStatusClockAdjusted);
  }
  for (int n = 0; next_dst_ <= new_rtc && n < 4; ++n) {
    log_event(EventLog::kStandard, event::kDstChanged, next_dst_);
    next_dst_ = tz_.next_dst_change(next_dst_);
  }
}

}  // namespace dlms::meter
