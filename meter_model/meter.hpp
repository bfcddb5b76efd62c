#pragma once
// The SM307 metering engine: measurement, energy, demand, TOU, load profile, billing, events,
// disconnect control, clock, display and the non-volatile store, on an injected clock. It
// holds no protocol; COSEM objects bind to it through the quantity catalogue (get/set by
// stable names listed in meter_model/quantities.json) or the typed accessors below.
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "meter_model/activity_calendar.hpp"
#include "meter_model/civil_time.hpp"
#include "meter_model/energy_integrator.hpp"
#include "meter_model/meter_clock.hpp"
#include "meter_model/nv_store.hpp"
#include "meter_model/profile_log.hpp"
#include "meter_model/scenario.hpp"

namespace dlms::meter {

struct MeterOptions {
  std::string store_path;  // empty: no persistence
  NvStore::Sync sync = NvStore::Sync::kNormal;
  TimeMs measurement_step_ms = 1000;  // power quality is evaluated on this grid of true time
  TimeZone time_zone{};
  std::int64_t rtc_drift_ppb = 0;  // |drift| <= 5787 (0.5 s/day)
};

// Event logs (Blue Book class 7 event logs of the SM307 object list).
enum class EventLog : int {
  kStandard = 0,
  kFraud = 1,
  kDisconnector = 2,
  kPowerQuality = 3,
  kPowerFailure = 4
};
inline constexpr int kEventLogs = 5;
inline constexpr std::size_t kEventLogCapacity = 100;

// Event codes: IDIS where IDIS defines one, 200+ manufacturer specific (quantities.json lists all).
// The IDIS codes are checked against the IDIS event log decoders of the open-source Connexo
// head end (github.com/chandangeek/Connexo_Code, protocolimpl/dlms/idis/events/
// StandardEventLog, FraudDetectionLog, DisconnectorControlLog, PowerQualityEventLog.java).
namespace event {
inline constexpr int kPowerDown = 1, kPowerUp = 2, kDstChanged = 3, kClockAdjustedOld = 4,
                     kClockAdjustedNew = 5;
inline constexpr int kTouActivated = 9, kAlarmCleared = 11, kFirmwareReady = 17, kFirmwareActivated = 18;
inline constexpr int kPassiveTouProgrammed = 19, kParameterChanged = 47;
inline constexpr int kTerminalCoverOpen = 40, kTerminalCoverClosed = 41, kMagneticOn = 42, kMagneticOff = 43;
inline constexpr int kMeterCoverOpen = 44, kMeterCoverClosed = 45;
inline constexpr int kReadyForReconnection = 59, kManualDisconnection = 60;
inline constexpr int kManualConnection = 61, kRemoteDisconnection = 62, kRemoteConnection = 63;
inline constexpr int kLocalDisconnection = 64, kLimiterThresholdExceeded = 65, kLimiterThresholdOk = 66,
                     kLimiterThresholdChanged = 67, kLocalReconnection = 69;
inline constexpr int kUnderVoltageL1 = 76, kOverVoltageL1 = 79, kMissingVoltageL1 = 82, kVoltageNormalL1 = 85;
inline constexpr int kModuleCoverOpen = 200, kModuleCoverClosed = 201, kBypassOn = 202, kBypassOff = 203;
inline constexpr int kUnbalanceOn = 210, kUnbalanceOff = 211;
inline constexpr int kOverCurrentL1 = 212, kOverCurrentEndL1 = 215, kCurrentReverseL1 = 218,
                     kCurrentReverseEndL1 = 221;
inline constexpr int kShortPowerFailure = 230, kLongPowerFailure = 231;
}  // namespace event

struct EventRecord {
  std::int64_t seq = 0;
  TimeMs time = 0;  // meter (RTC) time
  int log = 0;
  int code = 0;
  std::int64_t value = 0;  // power failure log: duration in seconds
};

// IDIS AMR profile status bits (0.0.96.10.1.255), on profile and billing entries.
inline constexpr int kStatusPowerDown = 0x80;
inline constexpr int kStatusClockAdjusted = 0x20;
inline constexpr int kStatusDst = 0x08;

inline constexpr std::size_t kLoadProfileCapacity = 9600;  // 100 days at 15 min
inline constexpr std::size_t kDailyProfileCapacity = 100;  // daily profile 1.0.99.2.0.255: 100 days
inline constexpr std::size_t kBillingCapacity = 12;

// ProfileEntry and kProfileChannels: meter_model/profile_log.hpp.

// NOLINTNEXTLINE(bugprone-exception-escape): its implicit moves only move an nlohmann::json.
struct BillingEntry {
  std::int64_t seq = 0;
  TimeMs time = 0;
  std::int64_t counter = 0;
  nlohmann::json values;  // name -> value, the billing snapshot (see quantities.json "billing")
  int status = 0;         // AMR status bits: kStatusClockAdjusted for a billing a clock jump skipped
};

// Demand quantities: +P, -P, +Q, -Q (total), from +A, -A, +R, -R energy.
inline constexpr int kDemandQuantities = 4;

enum class RelayState : int { kDisconnected = 0, kConnected = 1, kReadyForReconnection = 2 };

// Disconnect control (Blue Book class 70) triggers and their outcome; the transitions a..h, the
// control modes 0..6 and the outcome rules are those of cosem_objects/disconnect_control.hpp
// (see Meter::relay_trigger and meter_relay.cpp).
enum class RelayTrigger : int {
  kRemoteDisconnect,  // b, c
  kRemoteReconnect,   // a (modes 2, 4) or d (modes 1, 3, 5, 6)
  kManualDisconnect,  // f
  kManualReconnect,   // e
  kLocalDisconnect,   // g (the limiter)
  kLocalReconnect     // h (the limiter, modes 5, 6)
};
enum class RelayOutcome : int {
  kDone,       // a transition ran
  kUnchanged,  // the trigger's goal already held
  kRefused     // not allowed in this mode and state; nothing changed
};

struct QuantityInfo {
  std::string name;
  std::string type;  // double, integer, boolean, string, time, profile, log, calendar, list, action
  std::string unit;
  std::string access;  // "r", "rw", "w" (actions: "x")
  std::string description;
};

class Meter {
 public:
  // Opens (or creates) the store and restores from it; the time between the last commit and
  // clock.now() is a power outage and is logged as one.
  Meter(const MeterClock& clock, Scenario scenario, MeterOptions options = {});
  ~Meter();  // shutdown(): final commit
  Meter(const Meter&) = delete;
  Meter& operator=(const Meter&) = delete;

  // Advances the engine to clock.now() (or to `t`, true time, not before the current time).
  void run() { advance_to(clock_.now()); }
  void advance_to(TimeMs t);
  // Simulates a long stretch of history quickly (sm307-meter --backfill): the same engine and
  // rules as advance_to(t), with two differences that leave the resulting state the same.
  // (1) Power quality is not evaluated on measurement steps where that evaluation provably
  // changes nothing: the inputs are linear on a scenario piece, so a comparison of a voltage or
  // current against a threshold keeps its value between two steps where it has it; steps are
  // skipped up to the first one where a condition changes (found by bisection), a condition's
  // time threshold elapses, the piece ends or the limiter's power passes its extremum. (2) One
  // store transaction per simulated day instead of a commit per minute and per entry.
  // Energy is integrated over longer intervals, so registers may differ from advance_to(t)'s in
  // the last millijoule (floating-point rounding of the closed-form integral; see README).
  void backfill_to(TimeMs t);
  void shutdown();

  // ---- quantity catalogue ----
  static const std::vector<QuantityInfo>& catalogue();
  static nlohmann::json catalogue_json();  // what quantities.json holds
  nlohmann::json get(std::string_view name) const;
  // Validates and sets; throws std::invalid_argument (unknown name, read-only, bad value).
  void set(std::string_view name, const nlohmann::json& value);
  // Actions: "billing.reset_remote", "billing.reset_button", "relay.remote_disconnect",
  // "relay.remote_reconnect", "relay.manual_disconnect", "relay.manual_reconnect",
  // "relay.local_disconnect", "relay.local_reconnect" (class 70 triggers: result "done" or
  // "unchanged", std::invalid_argument when refused), "relay.button" (the manual trigger:
  // result "done", "unchanged" or "refused", never throws), "display.button",
  // "clock.shift_s" (arg seconds), "tamper.<which>" (arg bool), "alarm.clear",
  // "calendar.activate_passive", "firmware.initiate", "firmware.block", "firmware.verify",
  // "firmware.activate".
  nlohmann::json invoke(std::string_view action, const nlohmann::json& arg = {});

  // ---- typed accessors ----
  TimeMs true_time() const { return now_; }
  TimeMs meter_time() const { return rtc_.rtc(now_); }
  TimeMs local_time() const { return tz_.to_local(meter_time()); }
  bool dst_active() const { return tz_.dst_active(meter_time()); }    // clock.status bit 7
  std::int64_t energy_mj(int scope, EnergyQuantity q) const;          // scope 0 total, 1..3 phases
  std::int64_t tariff_energy_mj(int tariff, EnergyQuantity q) const;  // tariff 1..4, any quantity
  int active_tariff() const { return active_tariff_; }
  InputSample instantaneous() const;  // inputs at now (zero current if open)
  double demand_last_w(int q) const { return demand_.last[q]; }
  double demand_current_w(int q) const;
  double max_demand_w(int q, int tariff) const { return demand_.max[q][tariff]; }
  TimeMs max_demand_time(int q, int tariff) const { return demand_.max_time[q][tariff]; }
  double cumulative_demand_w(int q, int tariff) const { return demand_.cumulative[q][tariff]; }
  // With a store the profiles' entries are read from it on demand (ProfileLog).
  const ProfileLog& load_profile() const { return profile_; }
  const ProfileLog& daily_profile() const { return daily_; }
  const std::deque<BillingEntry>& billing_history() const { return billing_; }
  const std::deque<EventRecord>& event_log(EventLog l) const { return logs_[static_cast<int>(l)]; }
  std::int64_t event_count(int code) const;
  std::int64_t billing_counter() const { return billing_counter_; }
  RelayState relay_state() const { return relay_; }
  int relay_control_mode() const { return relay_mode_; }
  // Runs a disconnect control trigger: the allowed transition that leaves the current state
  // (logged in the disconnector log), else kUnchanged when the trigger's goal already holds,
  // else kRefused. Exactly the class 70 object's rules.
  RelayOutcome relay_trigger(RelayTrigger trigger);
  // Whether control mode `mode` (0..6) allows transition `transition` ('a'..'h').
  static bool relay_allows(int mode, char transition);
  std::int64_t pulses_active() const { return energy_mj(0, kActiveAbsolute) / 360'000; }  // 10000 imp/kWh
  std::int64_t pulses_reactive() const { return energy_mj(0, kReactiveAbsolute) / 360'000; }
  std::string display_text() const;
  std::uint32_t alarm_register() const { return alarm_register_; }
  std::int64_t power_failures() const { return outages_total_; }
  std::int64_t long_power_failures() const { return outages_long_; }
  std::string firmware_version() const { return firmware_.active_version; }
  std::string firmware_signature() const { return firmware_.active_signature; }  // SHA-256, hex
  int last_event_code(EventLog l) const;                                         // 0 when the log is empty
  // |I1 + I2 + I3| (phasors) from the scenario's currents, phase and voltage angles; 0 when open.
  double neutral_current_a() const;
  // Angle of U(L`phase`+1) relative to U(L1), lagging positive, normalised to [0, 360).
  double voltage_angle_deg(int phase) const;
  std::int64_t commits() const { return commits_; }
  // What the last commit made durable (for crash tests): +A total and the last event number.
  std::int64_t committed_energy_mj() const { return committed_energy_mj_; }
  std::int64_t committed_event_seq() const { return committed_event_seq_; }

 private:
  struct Monitor {  // a condition that must hold for a time threshold before its event fires
    bool active = false;
    TimeMs since = -1;  // true time the condition started to hold, -1 when it does not
    bool operator==(const Monitor&) const = default;
  };
  // What evaluate_conditions() reads of the inputs at one instant (the comparisons against the
  // thresholds), also used by the backfill to find the steps where nothing changes.
  struct Conditions {
    std::array<double, kPhases> v{};
    std::array<bool, kPhases> up{}, missing{}, below_under{}, over{}, over_current{}, reverse{};
    bool any_up = false;
    bool unbalance = false;
    double import_power_w = 0;
  };
  struct Thresholds {
    double under_voltage_v = 50.8;  // datasheet voltage range 0.8 Un .. 1.2 Un, Un = 63.5 V
    double over_voltage_v = 76.2;
    std::int64_t voltage_time_s = 60;
    double missing_voltage_v = 31.75;  // 0.5 Un: below it a phase is missing (voltage cut)
    std::int64_t missing_voltage_time_s = 60;
    double over_current_a = 10.0;  // Imax
    std::int64_t over_current_time_s = 60;
    double unbalance_pct = 10.0;
    std::int64_t unbalance_time_s = 60;
    std::int64_t reverse_time_s = 60;
    double outage_voltage_v = 6.35;    // all three phases below: the meter is unpowered
    std::int64_t long_outage_s = 180;  // 0.0.96.7.20.255, short/long split
  };
  struct Demand {
    std::int64_t period_s = 900;
    int periods = 1;  // 1: block demand; >1: sliding window of `periods` sub-periods
    std::array<std::int64_t, kDemandQuantities> start_mj{};  // energy at the start of the sub-period
    std::array<std::deque<std::int64_t>, kDemandQuantities> window{};
    std::array<double, kDemandQuantities> last{};
    std::array<std::array<double, kTariffs + 1>, kDemandQuantities> max{}, cumulative{};
    std::array<std::array<TimeMs, kTariffs + 1>, kDemandQuantities> max_time{};
    TimeMs next_end = 0;  // RTC
    TimeMs period_start = 0;
  };
  struct Firmware {
    std::string active_version = "SM307-1.0.0";
    // SHA-256 (hex) of the active image: the verified hash of the last activated image; the
    // factory image (never transferred) stands in as the SHA-256 of its version string.
    std::string active_signature;
    std::string image_id;
    std::int64_t image_size = 0;
    std::int64_t block_size = 0;
    std::map<std::int64_t, std::string> blocks;
    std::string expected_sha256;
    bool verified = false;
  };
  struct Display {
    std::vector<std::string> scroll{"clock.time",
                                    "energy.active_import.total",
                                    "energy.active_export.total",
                                    "energy.reactive_import.total",
                                    "energy.reactive_export.total",
                                    "demand.active_import.max.total",
                                    "instantaneous.active_power.total"};
    std::vector<std::string> manual{"clock.time",
                                    "energy.active_import.total",
                                    "energy.active_import.t1",
                                    "energy.active_import.t2",
                                    "energy.active_import.t3",
                                    "energy.active_import.t4",
                                    "energy.active_export.total",
                                    "instantaneous.voltage.l1",
                                    "instantaneous.voltage.l2",
                                    "instantaneous.voltage.l3",
                                    "instantaneous.current.l1",
                                    "instantaneous.current.l2",
                                    "instantaneous.current.l3",
                                    "instantaneous.frequency"};
    std::int64_t scroll_s = 10;
    std::int64_t manual_timeout_s = 60;
    int decimals_energy = 2;
    int decimals_power = 3;
    bool manual_mode = false;
    std::size_t manual_index = 0;
    TimeMs last_press = 0;  // RTC
  };

  struct Binding;
  static const std::vector<Binding>& bindings();
  static const Binding* find_binding(std::string_view name);
  void init_schedule(TimeMs rtc);
  // stepping
  void step(TimeMs to);
  void integrate(TimeMs a, TimeMs b);
  void evaluate_conditions();
  Conditions conditions_at(TimeMs t) const;  // t inside piece_
  std::uint64_t condition_mask(TimeMs t) const;
  TimeMs quiet_until() const;  // backfill: the first step after now_ that must be evaluated
  TimeMs step_after(TimeMs t) const;
  void run_due();
  void recompute_due();
  TimeMs local_boundary_after(TimeMs rtc, std::int64_t period_s) const;  // next local multiple, in RTC
  // functions
  void update_tariff();
  void end_demand_period(TimeMs rtc);
  void capture_profile(TimeMs rtc, int extra_status = 0);
  void capture_daily(TimeMs rtc, int extra_status = 0);
  ProfileEntry make_entry(TimeMs rtc, const std::vector<std::string>& channels, int status) const;
  void close_skipped_periods(TimeMs new_rtc);
  void do_billing(TimeMs rtc, const char* source, int status = 0);
  TimeMs next_billing_after(TimeMs rtc) const;
  void log_event(EventLog log, int code, TimeMs rtc, std::int64_t value = 0);
  void evaluate_limiter(double import_power_w);
  void power_fail_begin(TimeMs rtc);
  void power_fail_end(TimeMs rtc, TimeMs down_rtc);
  void adjust_clock(TimeMs new_rtc);
  double quantity_value(const std::string& name) const;
  // persistence
  void commit();
  void restore();
  nlohmann::json state_json() const;
  nlohmann::json config_json() const;
  void apply_config(const nlohmann::json& j);
  void config_changed();

  const MeterClock& clock_;
  Scenario scenario_;
  MeterOptions options_;
  std::unique_ptr<NvStore> store_;
  TimeMs now_ = 0;  // true time
  Rtc rtc_;
  TimeZone tz_;
  InputPiece piece_{};
  bool piece_valid_ = false;
  IntegrationParams integration_{};

  std::array<std::array<EnergyAccumulator, kEnergyQuantities>, kScopes> energy_{};
  std::array<std::array<std::int64_t, kEnergyQuantities>, kTariffs> tariff_energy_{};
  int active_tariff_ = 1;
  Calendar calendar_ = Calendar::single_tariff();
  Calendar passive_calendar_ = Calendar::single_tariff();
  TimeMs passive_activation_ = kNever;  // RTC local time of activation
  std::vector<SpecialDay> special_days_;
  Demand demand_;
  Thresholds thr_;
  std::array<Monitor, 3> under_v_{}, over_v_{}, missing_v_{}, over_i_{}, reverse_{};
  std::array<bool, 3> voltage_abnormal_{};  // an under/over/missing event awaits its "voltage normal"
  Monitor unbalance_{};
  bool powered_ = true;
  TimeMs power_down_rtc_ = 0;

  std::int64_t profile_period_s = 900;
  std::vector<std::string> profile_channels_;
  ProfileLog profile_{kLoadProfileCapacity};
  int profile_status_pending_ = 0;
  std::int64_t profile_seq_ = 0;

  // Daily profile (1.0.99.2.0.255): captured at local midnight.
  std::vector<std::string> daily_channels_;
  ProfileLog daily_{kDailyProfileCapacity};
  int daily_status_pending_ = 0;
  std::int64_t daily_seq_ = 0;
  TimeMs next_daily_ = 0;

  int billing_day_ = 1;
  std::int64_t billing_time_s_ = 0;
  std::deque<BillingEntry> billing_;
  std::int64_t billing_counter_ = 0;
  std::int64_t billing_seq_ = 0;
  TimeMs last_billing_time_ = 0;
  TimeMs last_scheduled_billing_ = -1;  // the billing date last billed (a backward jump bills it once)
  TimeMs clock_overlap_until_ = -1;     // after a backward jump: entries up to here repeat time stamps

  std::array<std::deque<EventRecord>, kEventLogs> logs_;
  std::map<int, std::int64_t> event_counts_;
  std::int64_t event_seq_ = 0;
  std::int64_t outages_total_ = 0, outages_long_ = 0;
  std::uint32_t alarm_register_ = 0;
  std::map<std::string, bool> tamper_;

  RelayState relay_ = RelayState::kConnected;
  int relay_mode_ = 1;
  // Load limiter (Blue Book class 71 semantics, monitored value: total active import power).
  // Off (threshold 0) by default: the datasheet asks for no load limiting.
  struct Limiter {
    double threshold_w = 0;  // 0: no limiter
    std::int64_t min_over_s = 60;
    std::int64_t min_under_s = 60;
    bool exceeded = false;  // over the threshold for min_over_s, not yet under for min_under_s
    TimeMs over_since = -1, under_since = -1;
    bool operator==(const Limiter&) const = default;
  };
  Limiter limiter_;
  Display display_;
  Firmware firmware_;

  // schedule (RTC times)
  TimeMs next_commit_ = 0, next_profile_ = 0, next_tariff_ = 0, next_billing_ = 0, next_dst_ = 0;
  TimeMs next_due_rtc_ = 0, next_due_true_ = 0;
  TimeMs next_tick_ = 0;  // true time of the next condition evaluation
  bool dirty_ = false;    // a commit point happened in this step
  bool bulk_ = false;     // inside backfill_to(): skip no-op evaluations, commit once a day
  bool config_dirty_ = false;
  std::int64_t commits_ = 0;
  std::int64_t committed_energy_mj_ = 0, committed_event_seq_ = 0;
  bool shut_down_ = false;
};

}  // namespace dlms::meter
