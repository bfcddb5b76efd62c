// Meter state to and from the non-volatile store.
#include <cstring>

#include "meter_model/meter.hpp"
#include "meter_model/sha256.hpp"

namespace dlms::meter {

namespace {
template <typename A>
nlohmann::json arr2(const A& a) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& row : a) j.push_back(row);
  return j;
}
}  // namespace

nlohmann::json Meter::config_json() const {
  nlohmann::json j;
  j["calendar"] = calendar_.to_json();
  j["passive_calendar"] = passive_calendar_.to_json();
  j["passive_activation"] = passive_activation_;
  j["special_days"] = special_days_to_json(special_days_);
  j["tz"] = {tz_.offset_min, tz_.dst_enabled, tz_.dst_offset_min};
  j["thresholds"] = {thr_.under_voltage_v,  thr_.over_voltage_v,      thr_.voltage_time_s,
                     thr_.over_current_a,   thr_.over_current_time_s, thr_.unbalance_pct,
                     thr_.unbalance_time_s, thr_.reverse_time_s,      thr_.outage_voltage_v,
                     thr_.long_outage_s,    thr_.missing_voltage_v,   thr_.missing_voltage_time_s};
  j["demand"] = {demand_.period_s, demand_.periods};
  j["profile_period_s"] = profile_period_s;
  j["profile_channels"] = profile_channels_;
  j["daily_channels"] = daily_channels_;
  j["billing"] = {billing_day_, billing_time_s_};
  j["relay_mode"] = relay_mode_;
  j["limiter"] = {limiter_.threshold_w, limiter_.min_over_s, limiter_.min_under_s};
  j["display"] = {{"scroll", display_.scroll},         {"manual", display_.manual},
                  {"scroll_s", display_.scroll_s},     {"timeout_s", display_.manual_timeout_s},
                  {"dec_e", display_.decimals_energy}, {"dec_p", display_.decimals_power}};
  return j;
}

void Meter::apply_config(const nlohmann::json& j) {
  calendar_ = Calendar::from_json(j.at("calendar"));
  passive_calendar_ = Calendar::from_json(j.at("passive_calendar"));
  passive_activation_ = j.at("passive_activation").get<TimeMs>();
  special_days_ = special_days_from_json(j.at("special_days"));
  const auto& tz = j.at("tz");
  tz_.offset_min = tz[0];
  tz_.dst_enabled = tz[1];
  tz_.dst_offset_min = tz[2];
  const auto& t = j.at("thresholds");
  thr_.under_voltage_v = t[0];
  thr_.over_voltage_v = t[1];
  thr_.voltage_time_s = t[2];
  thr_.over_current_a = t[3];
  thr_.over_current_time_s = t[4];
  thr_.unbalance_pct = t[5];
  thr_.unbalance_time_s = t[6];
  thr_.reverse_time_s = t[7];
  thr_.outage_voltage_v = t[8];
  thr_.long_outage_s = t[9];
  if (t.size() >= 12) {  // stores written before the missing-voltage thresholds keep the defaults
    thr_.missing_voltage_v = t[10];
    thr_.missing_voltage_time_s = t[11];
  }
  demand_.period_s = j.at("demand")[0];
  demand_.periods = j.at("demand")[1];
  profile_period_s = j.at("profile_period_s");
  profile_channels_ = j.at("profile_channels").get<std::vector<std::string>>();
  if (j.contains("daily_channels")) daily_channels_ = j.at("daily_channels").get<std::vector<std::string>>();
  billing_day_ = j.at("billing")[0];
  billing_time_s_ = j.at("billing")[1];
  relay_mode_ = j.at("relay_mode");
  if (j.contains("limiter")) {  // stores written before the limiter: off
    limiter_.threshold_w = j.at("limiter")[0];
    limiter_.min_over_s = j.at("limiter")[1];
    limiter_.min_under_s = j.at("limiter")[2];
  }
  const auto& d = j.at("display");
  display_.scroll = d.at("scroll").get<std::vector<std::string>>();
  display_.manual = d.at("manual").get<std::vector<std::string>>();
  display_.scroll_s = d.at("scroll_s");
  display_.manual_timeout_s = d.at("timeout_s");
  display_.decimals_energy = d.at("dec_e");
  display_.decimals_power = d.at("dec_p");
}

nlohmann::json Meter::state_json() const {
  nlohmann::json j;
  j["last_alive"] = now_;
  j["rtc"] = {rtc_.true_base, rtc_.rtc_base, rtc_.drift_ppb};
  j["powered"] = powered_;
  j["power_down_rtc"] = power_down_rtc_;
  j["demand"] = {
      {"start", demand_.start_mj}, {"window", arr2(demand_.window)},     {"last", demand_.last},
      {"max", arr2(demand_.max)},  {"max_time", arr2(demand_.max_time)}, {"cum", arr2(demand_.cumulative)}};
  j["counters"] = {billing_counter_, billing_seq_,  event_seq_,         profile_seq_,
                   outages_total_,   outages_long_, last_billing_time_, profile_status_pending_};
  nlohmann::json ec = nlohmann::json::object();
  for (const auto& [code, n] : event_counts_) ec[std::to_string(code)] = n;
  j["event_counts"] = ec;
  j["next_billing"] = next_billing_;
  j["alarm"] = alarm_register_;
  j["tamper"] = tamper_;
  j["relay"] = static_cast<int>(relay_);
  j["limiter_exceeded"] = limiter_.exceeded;
  auto mon = [](const auto& ms) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& m : ms) a.push_back(m.active);
    return a;
  };
  j["monitors"] = {mon(under_v_), mon(over_v_), mon(over_i_), mon(reverse_), unbalance_.active};
  j["monitors_missing_v"] = mon(missing_v_);
  j["voltage_abnormal"] = voltage_abnormal_;
  j["last_scheduled_billing"] = last_scheduled_billing_;
  j["clock_overlap_until"] = clock_overlap_until_;
  j["daily"] = {daily_seq_, daily_status_pending_};
  j["firmware"] = {{"version", firmware_.active_version}, {"signature", firmware_.active_signature}};
  return j;
}

void Meter::config_changed() { config_dirty_ = true; }

void Meter::commit() {
  dirty_ = false;
  if (!store_) return;
  std::string blob(sizeof(std::int64_t) * (kScopes * kEnergyQuantities + kTariffs * kEnergyQuantities), '\0');
  auto* p = blob.data();
  for (const auto& s : energy_)
    for (const auto& e : s) {
      std::memcpy(p, &e.mj, sizeof e.mj);
      p += sizeof e.mj;
    }
  for (const auto& t : tariff_energy_) {
    std::memcpy(p, t.data(), sizeof(std::int64_t) * kEnergyQuantities);
    p += sizeof(std::int64_t) * kEnergyQuantities;
  }
  store_->put("energy", blob);
  store_->put("state", state_json().dump());
  if (config_dirty_) {
    store_->put("config", config_json().dump());
    config_dirty_ = false;
  }
  store_->commit();
  ++commits_;
  committed_energy_mj_ = energy_[0][kActiveImport].mj;
  committed_event_seq_ = event_seq_;
}

void Meter::restore() {
  if (auto cfg = store_->get("config")) apply_config(nlohmann::json::parse(*cfg));
  const auto st = store_->get("state");
  if (!st) {
    init_schedule(meter_time());
    config_dirty_ = true;
    dirty_ = true;
    return;
  }
  const auto j = nlohmann::json::parse(*st);
  // Energy blob: the registers per scope, then per tariff. A store written before the
  // absolute tariff registers holds 8 per tariff: |A| and |R| are then import + export, the
  // same integer increments the engine adds to them.
  constexpr std::size_t kScopeBytes = sizeof(std::int64_t) * kScopes * kEnergyQuantities;
  if (auto e = store_->get("energy");
      e && (e->size() == kScopeBytes + sizeof(std::int64_t) * kTariffs * kEnergyQuantities ||
            e->size() == kScopeBytes + sizeof(std::int64_t) * kTariffs * 8)) {
    const std::size_t per_tariff = (e->size() - kScopeBytes) / sizeof(std::int64_t) / kTariffs;
    const char* p = e->data();
    for (auto& s : energy_)
      for (auto& acc : s) {
        std::memcpy(&acc.mj, p, sizeof acc.mj);
        p += sizeof acc.mj;
      }
    for (auto& t : tariff_energy_) {
      std::memcpy(t.data(), p, sizeof(std::int64_t) * per_tariff);
      p += sizeof(std::int64_t) * per_tariff;
      if (per_tariff == 8) {
        t[kActiveAbsolute] = t[kActiveImport] + t[kActiveExport];
        t[kReactiveAbsolute] = t[kReactiveImport] + t[kReactiveExport];
      }
    }
  }
  rtc_.true_base = j.at("rtc")[0];
  rtc_.rtc_base = j.at("rtc")[1];
  rtc_.drift_ppb = j.at("rtc")[2];
  const auto& d = j.at("demand");
  for (int q = 0; q < kDemandQuantities; ++q) {
    demand_.window[q].clear();
    for (const auto& v : d.at("window")[q]) demand_.window[q].push_back(v.get<std::int64_t>());
    demand_.last[q] = d.at("last")[q];
    for (int t = 0; t <= kTariffs; ++t) {
      demand_.max[q][t] = d.at("max")[q][t];
      demand_.max_time[q][t] = d.at("max_time")[q][t];
      demand_.cumulative[q][t] = d.at("cum")[q][t];
    }
  }
  const auto& c = j.at("counters");
  billing_counter_ = c[0];
  billing_seq_ = c[1];
  event_seq_ = c[2];
  profile_seq_ = c[3];
  outages_total_ = c[4];
  outages_long_ = c[5];
  last_billing_time_ = c[6];
  profile_status_pending_ = c[7];
  for (const auto& [k, v] : j.at("event_counts").items()) event_counts_[std::stoi(k)] = v.get<std::int64_t>();
  alarm_register_ = j.at("alarm");
  tamper_ = j.at("tamper").get<std::map<std::string, bool>>();
  relay_ = static_cast<RelayState>(j.at("relay").get<int>());
  limiter_.exceeded = j.value("limiter_exceeded", false);
  const auto& m = j.at("monitors");
  for (int k = 0; k < kPhases; ++k) {
    under_v_[k].active = m[0][k];
    over_v_[k].active = m[1][k];
    over_i_[k].active = m[2][k];
    reverse_[k].active = m[3][k];
  }
  unbalance_.active = m[4];
  if (j.contains("monitors_missing_v"))
    for (int k = 0; k < kPhases; ++k) missing_v_[k].active = j.at("monitors_missing_v")[k];
  if (j.contains("voltage_abnormal")) voltage_abnormal_ = j.at("voltage_abnormal").get<std::array<bool, 3>>();
  last_scheduled_billing_ = j.value("last_scheduled_billing", TimeMs{-1});
  clock_overlap_until_ = j.value("clock_overlap_until", TimeMs{-1});
  if (j.contains("daily")) {
    daily_seq_ = j.at("daily")[0];
    daily_status_pending_ = j.at("daily")[1];
  }
  firmware_.active_version = j.at("firmware").at("version");
  firmware_.active_signature =  // stores written before the signature: the factory stand-in
      j.at("firmware").value("signature", Sha256::hex(firmware_.active_version));
  // The load and daily profiles stay in the store (ProfileLog, attached before restore()).
  for (const auto& r : store_->load("billing"))
    billing_.push_back(
        BillingEntry{r.seq, r.t, r.code, nlohmann::json::parse(r.data), static_cast<int>(r.kind)});
  for (const auto& r : store_->load("events")) {
    if (r.kind < 0 || r.kind >= kEventLogs) continue;
    logs_[r.kind].push_back(
        EventRecord{r.seq, r.t, static_cast<int>(r.kind), static_cast<int>(r.code), std::stoll(r.data)});
  }

  // The process was down from the last commit to now: a power outage (the RTC kept running).
  const TimeMs last_alive = j.at("last_alive");
  now_ = std::max(clock_.now(), last_alive);
  const TimeMs down_rtc = rtc_.rtc(last_alive);
  const TimeMs up_rtc = meter_time();
  if (j.at("powered").get<bool>()) {
    powered_ = false;
    power_down_rtc_ = down_rtc;
    profile_status_pending_ |= kStatusPowerDown;
    daily_status_pending_ |= kStatusPowerDown;
    log_event(EventLog::kStandard, event::kPowerDown, down_rtc);
  } else {
    power_down_rtc_ = j.at("power_down_rtc");
  }
  power_fail_end(up_rtc, power_down_rtc_);
  // A billing date that passed while the meter was off is billed at power-up.
  const TimeMs missed = j.at("next_billing");
  if (missed <= up_rtc) do_billing(up_rtc, "power-up");
  init_schedule(up_rtc);
  dirty_ = true;
}

}  // namespace dlms::meter
