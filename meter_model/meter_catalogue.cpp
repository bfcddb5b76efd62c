// The quantity catalogue: every value a COSEM object can bind to, by stable name, with its
// type and unit; settable values are validated here. meter_model/quantities.json is this table
// written out (catalogue_json()); a test keeps the two identical.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <stdexcept>

#include "meter_model/meter.hpp"
#include "meter_model/sha256.hpp"

namespace dlms::meter {

using nlohmann::json;

struct Meter::Binding {
  const QuantityInfo* info = nullptr;  // its row of catalogue()
  std::function<json(const Meter&)> get;
  std::function<void(Meter&, const json&)> set;  // empty: read-only
};

namespace {

// How many quantities the catalogue holds (quantities.json; the vectors are trimmed to the
// real count anyway).
constexpr std::size_t kCatalogueSize = 318;

// The rows of catalogue(), in the order of bindings() (filled with it).
std::vector<QuantityInfo>& catalogue_rows() {
  static std::vector<QuantityInfo> rows;
  return rows;
}

const RelayTrigger* relay_action(std::string_view action) {
  static constexpr std::pair<std::string_view, RelayTrigger> kActions[] = {
      {"relay.remote_disconnect", RelayTrigger::kRemoteDisconnect},
      {"relay.remote_reconnect", RelayTrigger::kRemoteReconnect},
      {"relay.manual_disconnect", RelayTrigger::kManualDisconnect},
      {"relay.manual_reconnect", RelayTrigger::kManualReconnect},
      {"relay.local_disconnect", RelayTrigger::kLocalDisconnect},
      {"relay.local_reconnect", RelayTrigger::kLocalReconnect},
  };
  for (const auto& a : kActions)
    if (a.first == action) return &a.second;
  return nullptr;
}

[[noreturn]] void bad(std::string_view name, const std::string& why) {
  throw std::invalid_argument(std::string(name) + ": " + why);
}

std::int64_t int_in(std::string_view n, const json& v, std::int64_t lo, std::int64_t hi) {
  if (!v.is_number_integer()) bad(n, "integer expected");
  const auto x = v.get<std::int64_t>();
  if (x < lo || x > hi) bad(n, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return x;
}

double num_in(std::string_view n, const json& v, double lo, double hi) {
  if (!v.is_number()) bad(n, "number expected");
  const double x = v.get<double>();
  if (!(x >= lo && x <= hi)) bad(n, "out of range");
  return x;
}

bool boolean(std::string_view n, const json& v) {
  if (!v.is_boolean()) bad(n, "boolean expected");
  return v.get<bool>();
}

constexpr const char* kQuantityNames[kEnergyQuantities] = {
    "active_import", "active_export", "reactive_import", "reactive_export", "reactive_q1",
    "reactive_q2",   "reactive_q3",   "reactive_q4",     "active_absolute", "reactive_absolute"};
constexpr const char* kScopeNames[kScopes] = {"total", "l1", "l2", "l3"};

struct EventInfo {
  int code;
  const char* name;
  EventLog log;
  const char* source;
};
constexpr EventInfo kEvents[] = {
    {event::kPowerDown, "power_down", EventLog::kStandard, "IDIS"},
    {event::kPowerUp, "power_up", EventLog::kStandard, "IDIS"},
    {event::kDstChanged, "dst_changed", EventLog::kStandard, "IDIS"},
    {event::kClockAdjustedOld, "clock_adjusted_old", EventLog::kStandard, "IDIS"},
    {event::kClockAdjustedNew, "clock_adjusted_new", EventLog::kStandard, "IDIS"},
    {event::kTouActivated, "tou_activated", EventLog::kStandard, "IDIS"},
    {event::kAlarmCleared, "alarm_register_cleared", EventLog::kStandard, "IDIS"},
    {event::kFirmwareReady, "firmware_ready_for_activation", EventLog::kStandard, "IDIS"},
    {event::kFirmwareActivated, "firmware_activated", EventLog::kStandard, "IDIS"},
    {event::kPassiveTouProgrammed, "passive_tou_programmed", EventLog::kStandard, "IDIS"},
    {event::kParameterChanged, "parameter_changed", EventLog::kStandard, "IDIS"},
    {event::kTerminalCoverOpen, "terminal_cover_removed", EventLog::kFraud, "IDIS"},
    {event::kTerminalCoverClosed, "terminal_cover_closed", EventLog::kFraud, "IDIS"},
    {event::kMagneticOn, "strong_dc_field", EventLog::kFraud, "IDIS"},
    {event::kMagneticOff, "strong_dc_field_gone", EventLog::kFraud, "IDIS"},
    {event::kMeterCoverOpen, "meter_cover_removed", EventLog::kFraud, "IDIS"},
    {event::kMeterCoverClosed, "meter_cover_closed", EventLog::kFraud, "IDIS"},
    {event::kModuleCoverOpen, "module_cover_removed", EventLog::kFraud, "manufacturer"},
    {event::kModuleCoverClosed, "module_cover_closed", EventLog::kFraud, "manufacturer"},
    {event::kBypassOn, "bypass_detected", EventLog::kFraud, "manufacturer"},
    {event::kBypassOff, "bypass_ended", EventLog::kFraud, "manufacturer"},
    {event::kReadyForReconnection, "ready_for_reconnection", EventLog::kDisconnector, "IDIS"},
    {event::kManualDisconnection, "manual_disconnection", EventLog::kDisconnector, "IDIS"},
    {event::kManualConnection, "manual_connection", EventLog::kDisconnector, "IDIS"},
    {event::kRemoteDisconnection, "remote_disconnection", EventLog::kDisconnector, "IDIS"},
    {event::kRemoteConnection, "remote_connection", EventLog::kDisconnector, "IDIS"},
    {event::kLocalDisconnection, "local_disconnection", EventLog::kDisconnector, "IDIS"},
    {event::kLimiterThresholdExceeded, "limiter_threshold_exceeded", EventLog::kDisconnector, "IDIS"},
    {event::kLimiterThresholdOk, "limiter_threshold_ok", EventLog::kDisconnector, "IDIS"},
    {event::kLimiterThresholdChanged, "limiter_threshold_changed", EventLog::kDisconnector, "IDIS"},
    {event::kLocalReconnection, "local_reconnection", EventLog::kDisconnector, "IDIS"},
    {event::kUnderVoltageL1, "under_voltage_l1", EventLog::kPowerQuality, "IDIS"},
    {event::kUnderVoltageL1 + 1, "under_voltage_l2", EventLog::kPowerQuality, "IDIS"},
    {event::kUnderVoltageL1 + 2, "under_voltage_l3", EventLog::kPowerQuality, "IDIS"},
    {event::kOverVoltageL1, "over_voltage_l1", EventLog::kPowerQuality, "IDIS"},
    {event::kOverVoltageL1 + 1, "over_voltage_l2", EventLog::kPowerQuality, "IDIS"},
    {event::kOverVoltageL1 + 2, "over_voltage_l3", EventLog::kPowerQuality, "IDIS"},
    {event::kMissingVoltageL1, "missing_voltage_l1", EventLog::kPowerQuality, "IDIS"},
    {event::kMissingVoltageL1 + 1, "missing_voltage_l2", EventLog::kPowerQuality, "IDIS"},
    {event::kMissingVoltageL1 + 2, "missing_voltage_l3", EventLog::kPowerQuality, "IDIS"},
    {event::kVoltageNormalL1, "voltage_normal_l1", EventLog::kPowerQuality, "IDIS"},
    {event::kVoltageNormalL1 + 1, "voltage_normal_l2", EventLog::kPowerQuality, "IDIS"},
    {event::kVoltageNormalL1 + 2, "voltage_normal_l3", EventLog::kPowerQuality, "IDIS"},
    {event::kUnbalanceOn, "voltage_unbalance", EventLog::kPowerQuality, "manufacturer"},
    {event::kUnbalanceOff, "voltage_unbalance_end", EventLog::kPowerQuality, "manufacturer"},
    {event::kOverCurrentL1, "over_current_l1", EventLog::kPowerQuality, "manufacturer"},
    {event::kOverCurrentL1 + 1, "over_current_l2", EventLog::kPowerQuality, "manufacturer"},
    {event::kOverCurrentL1 + 2, "over_current_l3", EventLog::kPowerQuality, "manufacturer"},
    {event::kOverCurrentEndL1, "over_current_end_l1", EventLog::kPowerQuality, "manufacturer"},
    {event::kOverCurrentEndL1 + 1, "over_current_end_l2", EventLog::kPowerQuality, "manufacturer"},
    {event::kOverCurrentEndL1 + 2, "over_current_end_l3", EventLog::kPowerQuality, "manufacturer"},
    {event::kCurrentReverseL1, "current_reverse_l1", EventLog::kPowerQuality, "manufacturer"},
    {event::kCurrentReverseL1 + 1, "current_reverse_l2", EventLog::kPowerQuality, "manufacturer"},
    {event::kCurrentReverseL1 + 2, "current_reverse_l3", EventLog::kPowerQuality, "manufacturer"},
    {event::kCurrentReverseEndL1, "current_reverse_end_l1", EventLog::kPowerQuality, "manufacturer"},
    {event::kCurrentReverseEndL1 + 1, "current_reverse_end_l2", EventLog::kPowerQuality, "manufacturer"},
    {event::kCurrentReverseEndL1 + 2, "current_reverse_end_l3", EventLog::kPowerQuality, "manufacturer"},
    {event::kShortPowerFailure, "short_power_failure", EventLog::kPowerFailure, "manufacturer"},
    {event::kLongPowerFailure, "long_power_failure", EventLog::kPowerFailure, "manufacturer"},
};
constexpr const char* kLogNames[kEventLogs] = {"standard", "fraud", "disconnector", "power_quality",
                                               "power_failure"};
constexpr const char* kTampers[] = {"meter_cover", "terminal_cover", "module_cover", "magnetic_field",
                                    "bypass"};
constexpr int kTamperOn[] = {event::kMeterCoverOpen, event::kTerminalCoverOpen, event::kModuleCoverOpen,
                             event::kMagneticOn, event::kBypassOn};
constexpr int kTamperOff[] = {event::kMeterCoverClosed, event::kTerminalCoverClosed,
                              event::kModuleCoverClosed, event::kMagneticOff, event::kBypassOff};

std::string unit_of_energy(int q) {
  return q == kActiveImport || q == kActiveExport || q == kActiveAbsolute ? "Wh" : "varh";
}

}  // namespace

const std::vector<Meter::Binding>& Meter::bindings() {
  static const std::vector<Binding> table = [] {
    // Built once, then trimmed to size: the table and the catalogue rows are the meter's
    // largest static data (issue #8, under 5 MB per process).
    std::vector<Binding> b;
    std::vector<QuantityInfo>& rows = catalogue_rows();
    b.reserve(kCatalogueSize);
    rows.reserve(kCatalogueSize);
    auto ro = [&](std::string name, std::string type, std::string unit, std::string desc,
                  std::function<json(const Meter&)> g) {
      rows.push_back({std::move(name), std::move(type), std::move(unit), "r", std::move(desc)});
      b.push_back(Binding{nullptr, std::move(g), {}});
    };
    auto rw = [&](std::string name, std::string type, std::string unit, std::string desc,
                  std::function<json(const Meter&)> g, std::function<void(Meter&, const json&)> s) {
      rows.push_back({std::move(name), std::move(type), std::move(unit), "rw", std::move(desc)});
      b.push_back(Binding{nullptr, std::move(g), std::move(s)});
    };
    // Energy: total and per phase, and the 32 tariff registers.
    for (int q = 0; q < kEnergyQuantities; ++q) {
      for (int s = 0; s < kScopes; ++s)
        ro(std::string("energy.") + kQuantityNames[q] + "." + kScopeNames[s], "double", unit_of_energy(q),
           "cumulative energy register", [q, s](const Meter& m) {
             return static_cast<double>(m.energy_mj(s, static_cast<EnergyQuantity>(q))) / kMjPerWh;
           });
      // The 32 TOU registers (+A, -A, +R, -R, RQ1..RQ4) and the absolute ones |A|, |R| per
      // tariff (accumulated in the active tariff like the others).
      for (int t = 1; t <= kTariffs; ++t)
        ro(std::string("energy.") + kQuantityNames[q] + ".t" + std::to_string(t), "double", unit_of_energy(q),
           q < 8 ? "tariff energy register" : "tariff energy register (absolute, import + export)",
           [q, t](const Meter& m) {
             return static_cast<double>(m.tariff_energy_mj(t, static_cast<EnergyQuantity>(q))) / kMjPerWh;
           });
    }
    ro("energy.pulses.active", "integer", "imp", "LED pulses, 10000 imp/kWh of |A|",
       [](const Meter& m) { return m.pulses_active(); });
    ro("energy.pulses.reactive", "integer", "imp", "LED pulses, 10000 imp/kvarh of |R|",
       [](const Meter& m) { return m.pulses_reactive(); });
    // Instantaneous values.
    for (int k = 0; k < kPhases; ++k) {
      const std::string ph = kScopeNames[k + 1];
      ro("instantaneous.voltage." + ph, "double", "V", "RMS voltage, secondary",
         [k](const Meter& m) { return m.instantaneous().phase[k].voltage_v; });
      ro("instantaneous.current." + ph, "double", "A", "RMS current, secondary",
         [k](const Meter& m) { return m.instantaneous().phase[k].current_a; });
      ro("instantaneous.angle." + ph, "double", "deg", "phase angle U against I",
         [k](const Meter& m) { return m.instantaneous().phase[k].angle_deg; });
    }
    ro("instantaneous.current.neutral", "double", "A",
       "neutral current: magnitude of the phasor sum of the three phase currents",
       [](const Meter& m) { return m.neutral_current_a(); });
    for (int k = 1; k < kPhases; ++k)
      ro(std::string("instantaneous.voltage_angle.") + kScopeNames[k + 1], "double", "deg",
         std::string("angle of U(L") + std::to_string(k + 1) +
             ") relative to U(L1), lagging positive, 0..360 (120 / 240 for L2 / L3 in positive sequence)",
         [k](const Meter& m) { return m.voltage_angle_deg(k); });
    auto power = [](const Meter& m, int scope, int what) {
      const InputSample s = m.instantaneous();
      double p = 0, q = 0, sa = 0;
      for (int k = 0; k < kPhases; ++k) {
        if (scope != 0 && scope != k + 1) continue;
        const double va = s.phase[k].voltage_v * s.phase[k].current_a;
        const double r = s.phase[k].angle_deg * std::numbers::pi / 180.0;
        p += va * std::cos(r);
        q += va * std::sin(r);
        sa += va;
      }
      if (scope == 0) sa = std::hypot(p, q);  // total apparent power: vector sum
      if (what == 0) return p;
      if (what == 1) return q;
      if (what == 2) return sa;
      return sa > 0 ? p / sa : 1.0;
    };
    for (int s = 0; s < kScopes; ++s) {
      const std::string sc = kScopeNames[s];
      ro("instantaneous.active_power." + sc, "double", "W", "active power, + import / - export",
         [s, power](const Meter& m) { return power(m, s, 0); });
      ro("instantaneous.reactive_power." + sc, "double", "var", "reactive power, + Q1/Q2",
         [s, power](const Meter& m) { return power(m, s, 1); });
      ro("instantaneous.apparent_power." + sc, "double", "VA", "apparent power",
         [s, power](const Meter& m) { return power(m, s, 2); });
      ro("instantaneous.power_factor." + sc, "double", "", "power factor P/S, signed",
         [s, power](const Meter& m) { return power(m, s, 3); });
    }
    ro("instantaneous.frequency", "double", "Hz", "supply frequency",
       [](const Meter& m) { return m.instantaneous().frequency_hz; });
    // Demand.
    for (int q = 0; q < kDemandQuantities; ++q) {
      const std::string base = std::string("demand.") + kQuantityNames[q];
      const std::string unit = q < 2 ? "W" : "var";
      ro(base + ".current", "double", unit, "current average (running window)",
         [q](const Meter& m) { return m.demand_current_w(q); });
      ro(base + ".last", "double", unit, "last average (last completed window)",
         [q](const Meter& m) { return m.demand_last_w(q); });
      for (int t = 0; t <= kTariffs; ++t) {
        const std::string sc = t == 0 ? "total" : "t" + std::to_string(t);
        ro(std::string(base).append(".max.").append(sc), "double", unit, "maximum demand since billing",
           [q, t](const Meter& m) { return m.max_demand_w(q, t); });
        ro(std::string(base).append(".max_time.").append(sc), "time", "ms", "time of the maximum demand",
           [q, t](const Meter& m) { return m.max_demand_time(q, t); });
        ro(std::string(base).append(".cumulative.").append(sc), "double", unit, "cumulative maximum demand",
           [q, t](const Meter& m) { return m.cumulative_demand_w(q, t); });
      }
    }
    rw(
        "demand.period_s", "integer", "s", "demand sub-period (divides 3600)",
        [](const Meter& m) { return m.demand_.period_s; },
        [](Meter& m, const json& v) {
          const auto p = int_in("demand.period_s", v, 60, 3600);
          if (3600 % p != 0) bad("demand.period_s", "must divide 3600");
          m.demand_.period_s = p;
          m.demand_.window = {};
          m.demand_.next_end = m.local_boundary_after(m.meter_time(), p);
        });
    rw(
        "demand.number_of_periods", "integer", "", "sliding window length in sub-periods (1 = block)",
        [](const Meter& m) { return m.demand_.periods; },
        [](Meter& m, const json& v) {
          m.demand_.periods = static_cast<int>(int_in("demand.number_of_periods", v, 1, 15));
          m.demand_.window = {};
        });
    // TOU.
    ro("tou.active_tariff", "integer", "", "active tariff 1..4",
       [](const Meter& m) { return m.active_tariff_; });
    ro("calendar.active", "calendar", "", "active activity calendar",
       [](const Meter& m) { return m.calendar_.to_json(); });
    rw(
        "calendar.passive", "calendar", "", "passive activity calendar",
        [](const Meter& m) { return m.passive_calendar_.to_json(); },
        [](Meter& m, const json& v) {
          m.passive_calendar_ = Calendar::from_json(v);
          m.log_event(EventLog::kStandard, event::kPassiveTouProgrammed, m.meter_time());
        });
    rw(
        "calendar.activation_time", "time", "ms",
        "local time the passive calendar becomes active (-1: never)",
        [](const Meter& m) {
          return m.passive_activation_ >= kNever ? std::int64_t{-1} : m.passive_activation_;
        },
        [](Meter& m, const json& v) {
          const auto t = int_in("calendar.activation_time", v, -1, kNever - 1);
          m.passive_activation_ = t < 0 ? kNever : t;
        });
    rw(
        "calendar.special_days", "list", "", "special days table (up to 100)",
        [](const Meter& m) { return special_days_to_json(m.special_days_); },
        [](Meter& m, const json& v) {
          // A day_id names a day profile of the activity calendar (Blue Book 4.5.4 / 4.5.5): of
          // the active one, or of the passive one (it applies once that is activated; until
          // then the TOU engine skips it, Calendar::day_id_for).
          auto sd = special_days_from_json(v);
          const auto known = [](const Calendar& c, int day_id) {
            return std::any_of(c.days.begin(), c.days.end(),
                               [&](const DayProfile& p) { return p.day_id == day_id; });
          };
          for (const auto& d : sd)
            if (!known(m.calendar_, d.day_id) && !known(m.passive_calendar_, d.day_id))
              bad("calendar.special_days", "unknown day_id " + std::to_string(d.day_id));
          m.special_days_ = std::move(sd);
        });
    // Profiles and billing.
    ro("profile.load", "profile", "", "load profile buffer (time, status, 16 channels)", [](const Meter& m) {
      json a = json::array();
      for (const auto& e : m.profile_)
        a.push_back({{"time", e.time}, {"status", e.status}, {"values", e.values}});
      return a;
    });
    ro("profile.load.entries_in_use", "integer", "", "entries in the load profile",
       [](const Meter& m) { return m.profile_.size(); });
    ro("profile.load.capacity", "integer", "", "load profile capacity",
       [](const Meter&) { return kLoadProfileCapacity; });
    rw(
        "profile.load.period_s", "integer", "s", "capture period 60..3600 s (default 900)",
        [](const Meter& m) { return m.profile_period_s; },
        [](Meter& m, const json& v) {
          m.profile_period_s = int_in("profile.load.period_s", v, 60, 3600);
          m.next_profile_ = m.local_boundary_after(m.meter_time(), m.profile_period_s);
        });
    rw(
        "profile.load.capture_objects", "list", "", "names of the 16 captured quantities",
        [](const Meter& m) { return m.profile_channels_; },
        [](Meter& m, const json& v) {
          if (!v.is_array() || v.size() != kProfileChannels)
            bad("profile.load.capture_objects", "16 names required");
          std::vector<std::string> names;
          for (const auto& n : v) {
            const Binding* bd = n.is_string() ? find_binding(n.get<std::string>()) : nullptr;
            if (!bd || (bd->info->type != "double" && bd->info->type != "integer"))
              bad("profile.load.capture_objects", "not a numeric quantity: " + n.dump());
            names.push_back(n.get<std::string>());
          }
          m.profile_channels_ = std::move(names);
        });
    ro("profile.daily", "profile", "",
       "daily profile 1.0.99.2.0.255 (time, status, channels), at local midnight", [](const Meter& m) {
         json a = json::array();
         for (const auto& e : m.daily_) {
           json v = json::array();
           for (std::size_t c = 0; c < m.daily_channels_.size() && c < e.values.size(); ++c)
             v.push_back(e.values[c]);
           a.push_back({{"time", e.time}, {"status", e.status}, {"values", v}});
         }
         return a;
       });
    ro("profile.daily.entries_in_use", "integer", "", "entries in the daily profile",
       [](const Meter& m) { return m.daily_.size(); });
    ro("profile.daily.capacity", "integer", "", "daily profile capacity (days)",
       [](const Meter&) { return kDailyProfileCapacity; });
    rw(
        "profile.daily.capture_objects", "list", "", "names of the 1..16 captured quantities",
        [](const Meter& m) { return m.daily_channels_; },
        [](Meter& m, const json& v) {
          if (!v.is_array() || v.empty() || v.size() > kProfileChannels)
            bad("profile.daily.capture_objects", "1..16 names required");
          std::vector<std::string> names;
          for (const auto& n : v) {
            const Binding* bd = n.is_string() ? find_binding(n.get<std::string>()) : nullptr;
            if (!bd || (bd->info->type != "double" && bd->info->type != "integer"))
              bad("profile.daily.capture_objects", "not a numeric quantity: " + n.dump());
            names.push_back(n.get<std::string>());
          }
          m.daily_channels_ = std::move(names);
        });
    ro("billing.history", "profile", "", "billing profile (12 months): time, counter, status, values",
       [](const Meter& m) {
         json a = json::array();
         for (const auto& e : m.billing_)
           a.push_back(
               {{"time", e.time}, {"counter", e.counter}, {"status", e.status}, {"values", e.values}});
         return a;
       });
    ro("billing.counter", "integer", "", "billing period counter",
       [](const Meter& m) { return m.billing_counter_; });
    ro("billing.last_time", "time", "ms", "time of the last billing",
       [](const Meter& m) { return m.last_billing_time_; });
    rw(
        "billing.day", "integer", "", "day of month of the automatic billing (1..28)",
        [](const Meter& m) { return m.billing_day_; },
        [](Meter& m, const json& v) {
          m.billing_day_ = static_cast<int>(int_in("billing.day", v, 1, 28));
          m.next_billing_ = m.next_billing_after(m.meter_time());
        });
    rw(
        "billing.time_s", "integer", "s", "local time of day of the automatic billing",
        [](const Meter& m) { return m.billing_time_s_; },
        [](Meter& m, const json& v) {
          m.billing_time_s_ = int_in("billing.time_s", v, 0, 86399);
          m.next_billing_ = m.next_billing_after(m.meter_time());
        });
    // Events.
    for (int l = 0; l < kEventLogs; ++l)
      ro(std::string("log.") + kLogNames[l], "log", "", "event log (FIFO, 100 entries): time, code, value",
         [l](const Meter& m) {
           json a = json::array();
           for (const auto& e : m.logs_[l])
             a.push_back({{"time", e.time}, {"code", e.code}, {"value", e.value}});
           return a;
         });
    for (int l = 0; l < kEventLogs; ++l)
      ro(std::string("log.") + kLogNames[l] + ".last_code", "integer", "",
         "code of the last event in the log (long-unsigned), 0 when the log is empty",
         [l](const Meter& m) { return m.last_event_code(static_cast<EventLog>(l)); });
    for (const auto& e : kEvents)
      ro(std::string("counter.") + e.name, "integer", "",
         std::string("occurrences of event ") + std::to_string(e.code),
         [code = e.code](const Meter& m) { return m.event_count(code); });
    ro("counter.power_failures", "integer", "", "power failures in any phase (0.0.96.7.21.255)",
       [](const Meter& m) { return m.outages_total_; });
    ro("counter.long_power_failures", "integer", "", "long power failures (0.0.96.7.9.255)",
       [](const Meter& m) { return m.outages_long_; });
    struct T {
      const char* name;
      const char* unit;
      double Thresholds::*d;
      std::int64_t Thresholds::*i;
      double lo, hi;
    };
    static const T kThr[] = {
        {"threshold.under_voltage_v", "V", &Thresholds::under_voltage_v, nullptr, 0, 200},
        {"threshold.over_voltage_v", "V", &Thresholds::over_voltage_v, nullptr, 0, 200},
        {"threshold.voltage_time_s", "s", nullptr, &Thresholds::voltage_time_s, 0, 86400},
        {"threshold.missing_voltage_v", "V", &Thresholds::missing_voltage_v, nullptr, 0, 200},
        {"threshold.missing_voltage_time_s", "s", nullptr, &Thresholds::missing_voltage_time_s, 0, 86400},
        {"threshold.over_current_a", "A", &Thresholds::over_current_a, nullptr, 0, 20},
        {"threshold.over_current_time_s", "s", nullptr, &Thresholds::over_current_time_s, 0, 86400},
        {"threshold.unbalance_pct", "%", &Thresholds::unbalance_pct, nullptr, 0, 100},
        {"threshold.unbalance_time_s", "s", nullptr, &Thresholds::unbalance_time_s, 0, 86400},
        {"threshold.reverse_time_s", "s", nullptr, &Thresholds::reverse_time_s, 0, 86400},
        {"threshold.long_outage_s", "s", nullptr, &Thresholds::long_outage_s, 1, 86400},
    };
    for (const auto& t : kThr)
      rw(
          t.name, t.d ? "double" : "integer", t.unit, "power quality threshold",
          [t](const Meter& m) { return t.d ? json(m.thr_.*(t.d)) : json(m.thr_.*(t.i)); },
          [t](Meter& m, const json& v) {
            if (t.d)
              m.thr_.*(t.d) = num_in(t.name, v, t.lo, t.hi);
            else
              m.thr_.*(t.i) =
                  int_in(t.name, v, static_cast<std::int64_t>(t.lo), static_cast<std::int64_t>(t.hi));
          });
    // Tamper and alarms.
    for (const char* t : kTampers)
      ro(std::string("tamper.") + t, "boolean", "", "tamper input state",
         [name = std::string(t)](const Meter& m) { return m.tamper_.at(name); });
    ro("alarm.register", "integer", "",
       "latched alarm flags: bit0 meter cover, 1 terminal cover, 2 module cover, 3 "
       "magnetic field, 4 bypass",
       [](const Meter& m) { return m.alarm_register_; });
    ro("alarm.led", "boolean", "", "tamper alarm LED / LCD flag",
       [](const Meter& m) { return m.alarm_register_ != 0; });
    // Relay.
    ro("relay.state", "integer", "",
       "disconnect control state 0 disconnected, 1 connected, 2 ready for reconnection",
       [](const Meter& m) { return static_cast<int>(m.relay_); });
    ro("relay.output", "boolean", "", "auxiliary relay output (5 A / 250 VAC) closed",
       [](const Meter& m) { return m.relay_ == RelayState::kConnected; });
    rw(
        "relay.control_mode", "integer", "", "disconnect control mode 0..6 (Blue Book class 70)",
        [](const Meter& m) { return m.relay_mode_; },
        [](Meter& m, const json& v) {
          m.relay_mode_ = static_cast<int>(int_in("relay.control_mode", v, 0, 6));
        });
    // Load limiter (class 71 semantics) acting on the relay through local disconnection (g) and
    // reconnection (h).
    rw(
        "limiter.threshold_w", "double", "W",
        "limiter threshold on total active import power (0: no limiter, the default)",
        [](const Meter& m) { return m.limiter_.threshold_w; },
        [](Meter& m, const json& v) {
          m.limiter_.threshold_w = num_in("limiter.threshold_w", v, 0, 1e6);
          m.log_event(EventLog::kDisconnector, event::kLimiterThresholdChanged, m.meter_time());
        });
    rw(
        "limiter.min_over_s", "integer", "s",
        "limiter: time over the threshold before the local disconnection",
        [](const Meter& m) { return m.limiter_.min_over_s; },
        [](Meter& m, const json& v) { m.limiter_.min_over_s = int_in("limiter.min_over_s", v, 0, 86400); });
    rw(
        "limiter.min_under_s", "integer", "s",
        "limiter: time at or under the threshold before the local reconnection",
        [](const Meter& m) { return m.limiter_.min_under_s; },
        [](Meter& m, const json& v) { m.limiter_.min_under_s = int_in("limiter.min_under_s", v, 0, 86400); });
    ro("limiter.exceeded", "boolean", "", "limiter threshold exceeded (and not yet back under it)",
       [](const Meter& m) { return m.limiter_.exceeded; });
    // Clock.
    rw(
        "clock.time", "time", "ms", "meter time (UTC ms); setting it is a time adjustment",
        [](const Meter& m) { return m.meter_time(); },
        [](Meter& m, const json& v) { m.adjust_clock(int_in("clock.time", v, 0, kNever - 1)); });
    ro("clock.date", "time", "ms", "meter time (UTC ms), a display item shown as the local date yy-mm-dd",
       [](const Meter& m) { return m.meter_time(); });
    ro("clock.local_time", "time", "ms", "meter local time (ms, local)",
       [](const Meter& m) { return m.local_time(); });
    ro("clock.status", "integer", "", "clock status (bit 7: daylight saving active)",
       [](const Meter& m) { return m.tz_.dst_active(m.meter_time()) ? 0x80 : 0; });
    rw(
        "clock.offset_min", "integer", "min", "local standard time minus UTC",
        [](const Meter& m) { return m.tz_.offset_min; },
        [](Meter& m, const json& v) {
          m.tz_.offset_min = static_cast<int>(int_in("clock.offset_min", v, -720, 840));
        });
    rw(
        "clock.dst_enabled", "boolean", "", "daylight saving (EU rule)",
        [](const Meter& m) { return m.tz_.dst_enabled; },
        [](Meter& m, const json& v) { m.tz_.dst_enabled = boolean("clock.dst_enabled", v); });
    rw(
        "clock.drift_ppb", "integer", "ppb", "RTC drift model (|drift| <= 5787 ppb = 0.5 s/day)",
        [](const Meter& m) { return m.rtc_.drift_ppb; },
        [](Meter& m, const json& v) {
          const auto d = int_in("clock.drift_ppb", v, -kMaxDriftPpb, kMaxDriftPpb);
          m.rtc_.set(m.now_, m.meter_time());
          m.rtc_.drift_ppb = d;
        });
    // Display.
    ro("display.text", "string", "", "current LCD text (8 digits)",
       [](const Meter& m) { return m.display_text(); });
    ro("display.mode", "string", "", "scroll or manual", [](const Meter& m) {
      return m.display_.manual_mode &&
                     m.meter_time() - m.display_.last_press < m.display_.manual_timeout_s * kSecond
                 ? "manual"
                 : "scroll";
    });
    auto list_setter = [](std::vector<std::string> Display::*field, const char* name) {
      return [field, name](Meter& m, const json& v) {
        if (!v.is_array() || v.empty() || v.size() > 64) bad(name, "1..64 names required");
        std::vector<std::string> names;
        for (const auto& n : v) {
          const Binding* bd = n.is_string() ? find_binding(n.get<std::string>()) : nullptr;
          if (!bd) bad(name, "unknown quantity " + n.dump());
          // The LCD shows numbers and the time; strings, lists and profiles are not display items.
          if (bd->info->type != "double" && bd->info->type != "integer" && bd->info->type != "time")
            bad(name, "not a displayable (numeric or time) quantity: " + n.dump());
          names.push_back(n.get<std::string>());
        }
        m.display_.*field = std::move(names);
      };
    };
    rw(
        "display.scroll_list", "list", "", "automatic scroll list",
        [](const Meter& m) { return m.display_.scroll; },
        list_setter(&Display::scroll, "display.scroll_list"));
    rw(
        "display.manual_list", "list", "", "push-button list",
        [](const Meter& m) { return m.display_.manual; },
        list_setter(&Display::manual, "display.manual_list"));
    rw(
        "display.decimals_energy", "integer", "", "decimals of energy items (kWh)",
        [](const Meter& m) { return m.display_.decimals_energy; },
        [](Meter& m, const json& v) {
          m.display_.decimals_energy = static_cast<int>(int_in("display.decimals_energy", v, 0, 3));
        });
    rw(
        "display.decimals_power", "integer", "", "decimals of power and demand items (kW)",
        [](const Meter& m) { return m.display_.decimals_power; },
        [](Meter& m, const json& v) {
          m.display_.decimals_power = static_cast<int>(int_in("display.decimals_power", v, 0, 3));
        });
    rw(
        "display.scroll_s", "integer", "s", "scroll time per item",
        [](const Meter& m) { return m.display_.scroll_s; },
        [](Meter& m, const json& v) { m.display_.scroll_s = int_in("display.scroll_s", v, 1, 60); });
    // Firmware.
    ro("firmware.version", "string", "", "active firmware version",
       [](const Meter& m) { return m.firmware_.active_version; });
    ro("firmware.signature", "string", "hex",
       "SHA-256 of the active image as 64 hex digits (an octet-string of 32 bytes once hex-decoded)",
       [](const Meter& m) { return m.firmware_signature(); });
    ro("firmware.image_status", "string", "", "idle, transferring, verified", [](const Meter& m) {
      return m.firmware_.image_id.empty() ? "idle" : (m.firmware_.verified ? "verified" : "transferring");
    });
    // Meter constants.
    ro("meter.ct_ratio", "double", "", "CT ratio (values in this catalogue are secondary)",
       [](const Meter&) { return 1.0; });
    ro("meter.vt_ratio", "double", "", "VT ratio (values in this catalogue are secondary)",
       [](const Meter&) { return 1.0; });
    ro("meter.nominal_voltage_v", "double", "V", "Un phase to neutral (3 x 63.5/110 V)",
       [](const Meter&) { return 63.5; });
    ro("meter.basic_current_a", "double", "A", "Ib (1(10) A)", [](const Meter&) { return 1.0; });
    ro("meter.max_current_a", "double", "A", "Imax", [](const Meter&) { return 10.0; });
    b.shrink_to_fit();
    rows.shrink_to_fit();
    for (std::size_t k = 0; k < b.size(); ++k) b[k].info = &rows[k];
    return b;
  }();
  return table;
}

const Meter::Binding* Meter::find_binding(std::string_view name) {
  // The bindings sorted by name (names are unique).
  static const auto index = [] {
    std::vector<const Binding*> v;
    v.reserve(bindings().size());
    for (const auto& b : bindings()) v.push_back(&b);
    std::sort(v.begin(), v.end(),
              [](const Binding* x, const Binding* y) { return x->info->name < y->info->name; });
    return v;
  }();
  const auto it = std::lower_bound(index.begin(), index.end(), name,
                                   [](const Binding* b, std::string_view n) { return b->info->name < n; });
  return it != index.end() && (*it)->info->name == name ? *it : nullptr;
}

const std::vector<QuantityInfo>& Meter::catalogue() {
  bindings();  // fills the rows
  return catalogue_rows();
}

json Meter::catalogue_json() {
  json j;
  j["format"] = "sm307-quantities/1";
  j["note"] = "Generated from meter_model/meter_catalogue.cpp; meter_model tests check it is current.";
  json q = json::array();
  for (const auto& i : catalogue())
    q.push_back({{"name", i.name},
                 {"type", i.type},
                 {"unit", i.unit},
                 {"access", i.access},
                 {"description", i.description}});
  j["quantities"] = q;
  json ev = json::array();
  for (const auto& e : kEvents)
    ev.push_back({{"code", e.code},
                  {"name", e.name},
                  {"log", kLogNames[static_cast<int>(e.log)]},
                  {"source", e.source}});
  j["events"] = ev;
  j["actions"] = {"billing.reset_remote",
                  "billing.reset_button",
                  "relay.remote_disconnect",
                  "relay.remote_reconnect",
                  "relay.local_disconnect",
                  "relay.manual_disconnect",
                  "relay.manual_reconnect",
                  "relay.local_reconnect",
                  "relay.button",
                  "display.button",
                  "clock.shift_s",
                  "tamper.meter_cover",
                  "tamper.terminal_cover",
                  "tamper.module_cover",
                  "tamper.magnetic_field",
                  "tamper.bypass",
                  "alarm.clear",
                  "calendar.activate_passive",
                  "firmware.initiate",
                  "firmware.block",
                  "firmware.verify",
                  "firmware.activate"};
  return j;
}

json Meter::get(std::string_view name) const {
  const Binding* b = find_binding(name);
  if (!b) throw std::invalid_argument(std::string("unknown quantity: ") + std::string(name));
  return b->get(*this);
}

void Meter::set(std::string_view name, const json& value) {
  const Binding* b = find_binding(name);
  if (!b) throw std::invalid_argument(std::string("unknown quantity: ") + std::string(name));
  if (!b->set) throw std::invalid_argument(std::string(name) + ": read-only");
  b->set(*this, value);
  if (name != "clock.time") log_event(EventLog::kStandard, event::kParameterChanged, meter_time());
  config_changed();
  update_tariff();
  recompute_due();
  commit();
}

double Meter::quantity_value(const std::string& name) const {
  const json v = get(name);
  return v.is_number() ? v.get<double>() : 0.0;
}

std::string Meter::display_text() const {
  const TimeMs rtc = meter_time();
  const bool manual = display_.manual_mode && rtc - display_.last_press < display_.manual_timeout_s * kSecond;
  const auto& list = manual ? display_.manual : display_.scroll;
  if (list.empty()) return "        ";
  const std::size_t idx = manual ? display_.manual_index % list.size()
                                 : static_cast<std::size_t>((rtc / (display_.scroll_s * kSecond)) %
                                                            static_cast<TimeMs>(list.size()));
  const std::string& name = list[idx];
  const Binding* b = find_binding(name);
  char buf[64];
  if (b && b->info->type == "time") {
    // The time of day hh-mm-ss of the item's own value (the clock, a maximum demand's time
    // stamp), in local time; clock.date as the date yy-mm-dd.
    const TimeMs t = name == "clock.time" || name == "clock.date" ? rtc : get(name).get<TimeMs>();
    const CivilTime c = civil_from_ms(name == "clock.local_time" ? t : tz_.to_local(t));
    if (name == "clock.date")
      std::snprintf(buf, sizeof buf, "%02d-%02d-%02d", c.year % 100, c.month % 100, c.day % 100);
    else
      std::snprintf(buf, sizeof buf, "%02d-%02d-%02d", c.hour % 100, c.minute % 100, c.second % 100);
    return buf;
  }
  const double v = b ? get(name).get<double>() : 0.0;
  const std::string& u = b ? b->info->unit : "";
  int dec = 2;
  double x = v;
  if (u == "Wh" || u == "varh") {
    x = v / 1000.0;
    dec = display_.decimals_energy;
  } else if (u == "W" || u == "var" || u == "VA") {
    x = v / 1000.0;
    dec = display_.decimals_power;
  }
  std::snprintf(buf, sizeof buf, "%.*f", dec, x);
  std::string s = buf;
  // 8 digit positions; the decimal point is a segment of its digit. Overflow keeps the low digits.
  std::string digits;
  for (char ch : s)
    if (ch != '.') digits += ch;
  if (digits.size() > 8) {
    const std::size_t drop = digits.size() - 8;
    s = s.substr(drop);
    digits = digits.substr(drop);
  }
  return std::string(8 - digits.size(), ' ') + s;
}

json Meter::invoke(std::string_view action, const json& arg) {
  const TimeMs rtc = meter_time();
  json result = nullptr;
  if (action == "billing.reset_remote" || action == "billing.reset_button") {
    do_billing(rtc, action == "billing.reset_remote" ? "remote" : "button");
  } else if (const RelayTrigger* trig = relay_action(action)) {
    // Class 70 triggers (meter_relay.cpp). A refused one throws and changes nothing; the
    // result says whether a transition ran ("done") or the goal already held ("unchanged").
    const RelayOutcome o = relay_trigger(*trig);
    if (o == RelayOutcome::kRefused)
      throw std::invalid_argument(std::string(action) + ": not allowed in control mode " +
                                  std::to_string(relay_mode_) + " from state " +
                                  std::to_string(static_cast<int>(relay_)));
    result = o == RelayOutcome::kDone ? "done" : "unchanged";
  } else if (action == "relay.button") {
    // The push button is the manual trigger: manual reconnection (e) when ready for
    // reconnection, else manual disconnection (f, modes 1, 2, 5). A press the mode does not
    // allow does nothing (result "refused"); a button never fails.
    const RelayOutcome o =
        relay_trigger(relay_ == RelayState::kReadyForReconnection ? RelayTrigger::kManualReconnect
                                                                  : RelayTrigger::kManualDisconnect);
    result = o == RelayOutcome::kDone ? "done" : (o == RelayOutcome::kUnchanged ? "unchanged" : "refused");
  } else if (action == "display.button") {
    const bool manual =
        display_.manual_mode && rtc - display_.last_press < display_.manual_timeout_s * kSecond;
    display_.manual_index =
        manual ? (display_.manual_index + 1) % std::max<std::size_t>(1, display_.manual.size()) : 0;
    display_.manual_mode = true;
    display_.last_press = rtc;
  } else if (action == "clock.shift_s") {
    adjust_clock(rtc + int_in(action, arg, -900, 900) * kSecond);  // Blue Book class 8 shift_time: +-900 s
  } else if (action.substr(0, 7) == "tamper.") {
    const std::string which(action.substr(7));
    auto it =
        std::find_if(std::begin(kTampers), std::end(kTampers), [&](const char* t) { return which == t; });
    if (it == std::end(kTampers)) throw std::invalid_argument("unknown action: " + std::string(action));
    const auto k = static_cast<std::size_t>(it - std::begin(kTampers));
    const bool on = boolean(action, arg);
    if (tamper_[which] != on) {
      tamper_[which] = on;
      if (on) alarm_register_ |= 1u << k;
      log_event(EventLog::kFraud, on ? kTamperOn[k] : kTamperOff[k], rtc);
    }
  } else if (action == "alarm.clear") {
    alarm_register_ = 0;
    log_event(EventLog::kStandard, event::kAlarmCleared, rtc);
  } else if (action == "calendar.activate_passive") {
    calendar_ = passive_calendar_;
    passive_activation_ = kNever;
    log_event(EventLog::kStandard, event::kTouActivated, rtc);
    config_changed();
  } else if (action == "firmware.initiate") {
    Firmware f;
    f.active_version = firmware_.active_version;
    f.active_signature = firmware_.active_signature;
    f.image_id = arg.at("id").get<std::string>();
    f.image_size = arg.at("size").get<std::int64_t>();
    f.block_size = arg.value("block_size", std::int64_t{256});
    f.expected_sha256 = arg.at("sha256").get<std::string>();
    firmware_ = std::move(f);
    if (firmware_.image_size <= 0 || firmware_.block_size <= 0 || firmware_.image_id.empty())
      throw std::invalid_argument("firmware.initiate: bad size or id");
  } else if (action == "firmware.block") {
    if (firmware_.image_id.empty()) throw std::invalid_argument("firmware.block: no transfer initiated");
    const auto n = arg.at("number").get<std::int64_t>();
    const auto data = arg.at("data").get<std::string>();
    const std::int64_t blocks = (firmware_.image_size + firmware_.block_size - 1) / firmware_.block_size;
    if (n < 0 || n >= blocks || static_cast<std::int64_t>(data.size()) > firmware_.block_size)
      throw std::invalid_argument("firmware.block: block out of range");
    firmware_.blocks[n] = data;
    firmware_.verified = false;
    if (store_) store_->append("firmware", StoredRow{n + 1, rtc, 0, 0, data});
  } else if (action == "firmware.verify") {
    std::string image;
    for (const auto& [n, d] : firmware_.blocks) image += d;
    firmware_.verified = !firmware_.image_id.empty() &&
                         static_cast<std::int64_t>(image.size()) == firmware_.image_size &&
                         Sha256::hex(image) == firmware_.expected_sha256;
    if (firmware_.verified) log_event(EventLog::kStandard, event::kFirmwareReady, rtc);
    result = firmware_.verified;
  } else if (action == "firmware.activate") {
    if (!firmware_.verified) throw std::invalid_argument("firmware.activate: image not verified");
    Firmware f;
    f.active_version = firmware_.image_id;
    f.active_signature = firmware_.expected_sha256;  // equal to the image's hash: verified
    firmware_ = std::move(f);
    log_event(EventLog::kStandard, event::kFirmwareActivated, rtc);
  } else {
    throw std::invalid_argument("unknown action: " + std::string(action));
  }
  update_tariff();
  recompute_due();
  commit();
  return result;
}

}  // namespace dlms::meter
