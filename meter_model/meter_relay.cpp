// The disconnect unit (auxiliary relay, 5 A / 250 VAC) and the load limiter.
//
// Blue Book class 70 (Disconnect control) state machine, as cosem_objects/disconnect_control
// implements it:
//   a remote_reconnect   disconnected (0)           -> connected (1)              IDIS 63
//   b remote_disconnect  connected (1)              -> disconnected (0)           IDIS 62
//   c remote_disconnect  ready_for_reconnection (2) -> disconnected (0)           IDIS 62
//   d remote_reconnect   disconnected (0)           -> ready_for_reconnection (2) IDIS 59
//   e manual_reconnect   ready_for_reconnection (2) -> connected (1)              IDIS 61
//   f manual_disconnect  connected (1)              -> ready_for_reconnection (2) IDIS 60
//   g local_disconnect   connected (1)              -> ready_for_reconnection (2) IDIS 64
//   h local_reconnect    ready_for_reconnection (2) -> connected (1)              IDIS 69
// Allowed per control_mode: 0 none; 1 bcfgde; 2 bcfgae; 3 bcgde; 4 bcgae; 5 bcfgdeh; 6 bcgdeh.
// A trigger runs the allowed transition that leaves the current state; when none does, it is
// "unchanged" if its goal already holds (a disconnect while disconnected, a reconnect while
// connected, a remote_reconnect of modes 1/3/5/6 while ready_for_reconnection), else refused.
// IDIS event codes: the disconnector control log (59..69).
#include <array>

#include "meter_model/meter.hpp"

namespace dlms::meter {

namespace {

constexpr std::uint8_t bit(char t) { return static_cast<std::uint8_t>(1U << (t - 'a')); }

constexpr std::uint8_t bits(const char* s) {
  std::uint8_t b = 0;
  for (; *s != '\0'; ++s) b = static_cast<std::uint8_t>(b | bit(*s));
  return b;
}

constexpr std::array<std::uint8_t, 7> kAllowed = {
    0, bits("bcfgde"), bits("bcfgae"), bits("bcgde"), bits("bcgae"), bits("bcfgdeh"), bits("bcgdeh"),
};

struct Edge {
  char transition;
  RelayTrigger trigger;
  RelayState from;
  RelayState to;
  int code;
};

constexpr Edge kEdges[] = {
    {'a', RelayTrigger::kRemoteReconnect, RelayState::kDisconnected, RelayState::kConnected,
     event::kRemoteConnection},
    {'b', RelayTrigger::kRemoteDisconnect, RelayState::kConnected, RelayState::kDisconnected,
     event::kRemoteDisconnection},
    {'c', RelayTrigger::kRemoteDisconnect, RelayState::kReadyForReconnection, RelayState::kDisconnected,
     event::kRemoteDisconnection},
    {'d', RelayTrigger::kRemoteReconnect, RelayState::kDisconnected, RelayState::kReadyForReconnection,
     event::kReadyForReconnection},
    {'e', RelayTrigger::kManualReconnect, RelayState::kReadyForReconnection, RelayState::kConnected,
     event::kManualConnection},
    {'f', RelayTrigger::kManualDisconnect, RelayState::kConnected, RelayState::kReadyForReconnection,
     event::kManualDisconnection},
    {'g', RelayTrigger::kLocalDisconnect, RelayState::kConnected, RelayState::kReadyForReconnection,
     event::kLocalDisconnection},
    {'h', RelayTrigger::kLocalReconnect, RelayState::kReadyForReconnection, RelayState::kConnected,
     event::kLocalReconnection},
};

constexpr bool is_reconnect(RelayTrigger t) {
  return t == RelayTrigger::kRemoteReconnect || t == RelayTrigger::kManualReconnect ||
         t == RelayTrigger::kLocalReconnect;
}

}  // namespace

bool Meter::relay_allows(int mode, char transition) {
  return mode >= 0 && mode <= 6 && transition >= 'a' && transition <= 'h' &&
         (kAllowed[static_cast<std::size_t>(mode)] & bit(transition)) != 0;
}

RelayOutcome Meter::relay_trigger(RelayTrigger trigger) {
  bool any_allowed = false;
  bool goal_holds =
      is_reconnect(trigger) ? relay_ == RelayState::kConnected : relay_ == RelayState::kDisconnected;
  for (const Edge& e : kEdges) {
    if (e.trigger != trigger || !relay_allows(relay_mode_, e.transition)) continue;
    any_allowed = true;
    if (e.from == relay_) {
      relay_ = e.to;
      log_event(EventLog::kDisconnector, e.code, meter_time());
      return RelayOutcome::kDone;
    }
    goal_holds = goal_holds || e.to == relay_;
  }
  return any_allowed && goal_holds ? RelayOutcome::kUnchanged : RelayOutcome::kRefused;
}

// Load limiter (Blue Book class 71): when the monitored value (total active import power) is
// above threshold_active for min_over_threshold_duration, the over-threshold action runs (a
// local disconnection, g: IDIS 65 then 64); once it is at or below the threshold for
// min_under_threshold_duration, the under-threshold action (local reconnection h, IDIS 66
// then 69, only in control modes 5 and 6; otherwise the relay waits in ready_for_reconnection
// for the button). With the relay open no load current flows, so the value drops to zero.
void Meter::evaluate_limiter(double import_power_w) {
  if (limiter_.threshold_w <= 0) {
    limiter_.exceeded = false;
    limiter_.over_since = limiter_.under_since = -1;
    return;
  }
  const TimeMs rtc = meter_time();
  if (import_power_w > limiter_.threshold_w) {
    limiter_.under_since = -1;
    if (limiter_.over_since < 0) limiter_.over_since = now_;
    if (!limiter_.exceeded && now_ - limiter_.over_since >= limiter_.min_over_s * kSecond) {
      limiter_.exceeded = true;
      log_event(EventLog::kDisconnector, event::kLimiterThresholdExceeded, rtc);
      // Open, the load draws nothing: the under-threshold time runs from now.
      if (relay_trigger(RelayTrigger::kLocalDisconnect) == RelayOutcome::kDone) limiter_.under_since = now_;
    }
  } else {
    limiter_.over_since = -1;
    if (!limiter_.exceeded) return;
    if (limiter_.under_since < 0) limiter_.under_since = now_;
    if (now_ - limiter_.under_since >= limiter_.min_under_s * kSecond) {
      limiter_.exceeded = false;
      limiter_.under_since = -1;
      log_event(EventLog::kDisconnector, event::kLimiterThresholdOk, rtc);
      relay_trigger(RelayTrigger::kLocalReconnect);
    }
  }
}

}  // namespace dlms::meter
