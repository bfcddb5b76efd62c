// Disconnect control (Blue Book class 70) and the load limiter of the engine.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using test::at;
using test::constant_load;

const TimeMs kJan1 = ms_from_civil(2025, 1, 1);

constexpr RelayTrigger kTriggers[] = {RelayTrigger::kRemoteDisconnect, RelayTrigger::kRemoteReconnect,
                                      RelayTrigger::kManualDisconnect, RelayTrigger::kManualReconnect,
                                      RelayTrigger::kLocalDisconnect,  RelayTrigger::kLocalReconnect};

// Expected outcome per control mode, state (row: 0 disconnected, 1 connected, 2 ready for
// reconnection) and trigger (column: remote_disconnect, remote_reconnect, manual_disconnect,
// manual_reconnect, local_disconnect, local_reconnect): the new state's digit when a
// transition runs, '=' when the goal already holds (unchanged), 'x' when refused. Written out
// from the Blue Book class 70 tables (transitions a..h; modes 0 none, 1 bcfgde, 2 bcfgae,
// 3 bcgde, 4 bcgae, 5 bcfgdeh, 6 bcgdeh) and the outcome rules of
// cosem_objects/disconnect_control.hpp.
constexpr const char* kExpected[7][3] = {
    {"xxxxxx", "xxxxxx", "xxxxxx"},  // 0: nothing is allowed
    {"=2=x=x", "0=2=2x", "0==1=x"},  // 1
    {"=1=x=x", "0=2=2x", "0x=1=x"},  // 2: remote reconnection is direct (a)
    {"=2xx=x", "0=x=2x", "0=x1=x"},  // 3: no manual disconnection
    {"=1xx=x", "0=x=2x", "0xx1=x"},  // 4
    {"=2=x=x", "0=2=2=", "0==1=1"},  // 5: local reconnection (h)
    {"=2xx=x", "0=x=2=", "0=x1=1"},  // 6: remote reconnection to ready (d), h, no f
};

// The IDIS disconnector log code of the transition to `to` by `t`.
int expected_code(RelayTrigger t, int to) {
  switch (t) {
    case RelayTrigger::kRemoteDisconnect: return event::kRemoteDisconnection;  // b, c: 62
    case RelayTrigger::kRemoteReconnect:
      return to == 1 ? event::kRemoteConnection : event::kReadyForReconnection;  // a: 63, d: 59
    case RelayTrigger::kManualDisconnect: return event::kManualDisconnection;    // f: 60
    case RelayTrigger::kManualReconnect: return event::kManualConnection;        // e: 61
    case RelayTrigger::kLocalDisconnect: return event::kLocalDisconnection;      // g: 64
    case RelayTrigger::kLocalReconnect: return event::kLocalReconnection;        // h: 69
  }
  return -1;
}

// A meter with control mode `mode` and relay state `state` (reached through allowed triggers
// in a permissive mode, then the mode set).
void put_in(Meter& m, int mode, int state) {
  m.set("relay.control_mode", 5);
  if (state == 0) {
    m.relay_trigger(RelayTrigger::kRemoteDisconnect);
  } else if (state == 2) {
    m.relay_trigger(RelayTrigger::kLocalDisconnect);
  }
  m.set("relay.control_mode", mode);
  ASSERT_EQ(static_cast<int>(m.relay_state()), state);
  ASSERT_EQ(m.relay_control_mode(), mode);
}

TEST(Relay, EveryModeStateAndTriggerFollowsTheClass70Table) {
  ManualClock clock(kJan1);
  for (int mode = 0; mode <= 6; ++mode) {
    for (int state = 0; state <= 2; ++state) {
      for (int t = 0; t < 6; ++t) {
        SCOPED_TRACE("mode " + std::to_string(mode) + " state " + std::to_string(state) + " trigger " +
                     std::to_string(t));
        Meter m(clock, constant_load());
        put_in(m, mode, state);
        const std::size_t log_before = m.event_log(EventLog::kDisconnector).size();
        const char want = kExpected[mode][state][t];
        const RelayOutcome got = m.relay_trigger(kTriggers[t]);
        const auto& log = m.event_log(EventLog::kDisconnector);
        if (want == 'x' || want == '=') {
          EXPECT_EQ(got, want == 'x' ? RelayOutcome::kRefused : RelayOutcome::kUnchanged);
          EXPECT_EQ(static_cast<int>(m.relay_state()), state);
          EXPECT_EQ(log.size(), log_before);
        } else {
          const int to = want - '0';
          EXPECT_EQ(got, RelayOutcome::kDone);
          EXPECT_EQ(static_cast<int>(m.relay_state()), to);
          ASSERT_EQ(log.size(), log_before + 1);
          EXPECT_EQ(log.back().code, expected_code(kTriggers[t], to));
          EXPECT_EQ(m.get("relay.state").get<int>(), to);
          EXPECT_EQ(m.get("relay.output").get<bool>(), to == 1);
        }
      }
    }
  }
}

TEST(Relay, AllowedTransitionsPerMode) {
  const char* allowed[7] = {"", "bcfgde", "bcfgae", "bcgde", "bcgae", "bcfgdeh", "bcgdeh"};
  for (int mode = 0; mode <= 6; ++mode)
    for (char t = 'a'; t <= 'h'; ++t)
      EXPECT_EQ(Meter::relay_allows(mode, t), std::string(allowed[mode]).find(t) != std::string::npos)
          << mode << t;
  EXPECT_FALSE(Meter::relay_allows(7, 'b'));
  EXPECT_FALSE(Meter::relay_allows(-1, 'b'));
  EXPECT_FALSE(Meter::relay_allows(1, 'i'));
}

TEST(Relay, ActionsAgreeWithTheTriggersAndRefuseByThrowing) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  ASSERT_EQ(m.relay_control_mode(), 1);
  EXPECT_EQ(m.invoke("relay.remote_reconnect"), "unchanged");              // connected already
  EXPECT_THROW(m.invoke("relay.local_reconnect"), std::invalid_argument);  // h not in mode 1
  EXPECT_EQ(m.invoke("relay.local_disconnect"), "done");                   // g: to ready
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  EXPECT_EQ(m.invoke("relay.manual_reconnect"), "done");  // e
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  EXPECT_EQ(m.invoke("relay.manual_disconnect"), "done");                   // f
  EXPECT_EQ(m.invoke("relay.remote_disconnect"), "done");                   // c
  EXPECT_THROW(m.invoke("relay.manual_reconnect"), std::invalid_argument);  // e needs ready
  EXPECT_EQ(m.relay_state(), RelayState::kDisconnected);
  EXPECT_EQ(m.invoke("relay.remote_reconnect"), "done");  // d: mode 1 to ready
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  EXPECT_EQ(m.invoke("relay.remote_reconnect"), "unchanged");
  m.set("relay.control_mode", 0);  // changing the mode keeps the state
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  EXPECT_THROW(m.invoke("relay.remote_disconnect"), std::invalid_argument);
  EXPECT_EQ(m.invoke("relay.button"), "refused");  // a button press never fails
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  EXPECT_EQ(m.get("log.disconnector.last_code"), event::kReadyForReconnection);
}

TEST(Relay, ButtonIsTheManualTrigger) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  for (int mode : {1, 2, 5}) {  // f allowed: the button disconnects to ready, then reconnects
    m.set("relay.control_mode", mode);
    EXPECT_EQ(m.invoke("relay.button"), "done");
    EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection) << mode;
    EXPECT_EQ(m.invoke("relay.button"), "done");
    EXPECT_EQ(m.relay_state(), RelayState::kConnected) << mode;
  }
  for (int mode : {3, 4, 6}) {  // no f: a press while connected does nothing
    m.set("relay.control_mode", mode);
    EXPECT_EQ(m.invoke("relay.button"), "refused") << mode;
    EXPECT_EQ(m.relay_state(), RelayState::kConnected) << mode;
  }
  // Remotely disconnected: the button cannot reconnect (e needs ready for reconnection).
  m.set("relay.control_mode", 1);
  m.invoke("relay.remote_disconnect");
  EXPECT_EQ(m.invoke("relay.button"), "unchanged");  // a manual disconnection's goal holds
  EXPECT_EQ(m.relay_state(), RelayState::kDisconnected);
  EXPECT_EQ(m.event_count(event::kManualDisconnection), 3);
  EXPECT_EQ(m.event_count(event::kManualConnection), 3);
}

TEST(Relay, DisconnectControlScenarioAndEnergy) {
  // Mode 6 (Blue Book): remote reconnection goes to ready_for_reconnection (d), the button or
  // the limiter (h) closes the relay; no energy while it is open.
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  m.set("relay.control_mode", 6);
  m.advance_to(kJan1 + 10 * kSecond);
  m.invoke("relay.remote_disconnect");
  m.advance_to(kJan1 + 20 * kSecond);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 10 * 190'500);
  m.invoke("relay.remote_reconnect");
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  m.advance_to(kJan1 + 30 * kSecond);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 10 * 190'500);  // ready: still open
  m.invoke("relay.button");
  m.advance_to(kJan1 + 40 * kSecond);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 20 * 190'500);
  std::vector<int> codes;
  for (const auto& e : m.event_log(EventLog::kDisconnector)) codes.push_back(e.code);
  EXPECT_EQ(codes, (std::vector<int>{62, 59, 61}));
}

TEST(Relay, FreshMeterIsConnectedInControlMode1) {
  // A fresh meter, with and without a store, and after a restart: mode 1, connected.
  ManualClock clock(kJan1);
  {
    Meter m(clock, constant_load());
    EXPECT_EQ(m.get("relay.control_mode"), 1);
    EXPECT_EQ(m.relay_control_mode(), 1);
    EXPECT_EQ(m.get("relay.state"), 1);
  }
  const auto db = (std::filesystem::temp_directory_path() / "sm307_relay_fresh.db").string();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
  MeterOptions o;
  o.store_path = db;
  {
    Meter m(clock, constant_load(), o);
    EXPECT_EQ(m.get("relay.control_mode"), 1);
  }
  {
    Meter m(clock, constant_load(), o);
    EXPECT_EQ(m.get("relay.control_mode"), 1);
    m.set("relay.control_mode", 6);
    m.invoke("relay.remote_disconnect");
    m.invoke("relay.remote_reconnect");
  }
  Meter m(clock, constant_load(), o);
  EXPECT_EQ(m.relay_control_mode(), 6);
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
}

// 63.5 V on every phase; `amps` per phase from `from` on (before: 1 A).
Scenario load_step(TimeMs from, double amps) {
  return Scenario({at(kJan1, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 0}),
                   at(from, {63.5, 63.5, 63.5}, {amps, amps, amps}, {0, 0, 0})},
                  0, Interpolation::kStep);
}

TEST(Limiter, OffByDefault) {
  ManualClock clock(kJan1);
  Meter m(clock, load_step(kJan1 + kMinute, 9.0));
  EXPECT_EQ(m.get("limiter.threshold_w"), 0.0);
  m.advance_to(kJan1 + kHour);
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  EXPECT_FALSE(m.get("limiter.exceeded").get<bool>());
}

TEST(Limiter, LocalDisconnectionAfterTheOverTimeAndReconnectionInMode5) {
  // 190.5 W until 60 s, then 3 x 63.5 x 3 = 571.5 W: over a 500 W threshold.
  ManualClock clock(kJan1);
  Meter m(clock, load_step(kJan1 + kMinute, 3.0));
  m.set("relay.control_mode", 5);
  m.set("limiter.threshold_w", 500.0);
  m.set("limiter.min_over_s", 30);
  m.set("limiter.min_under_s", 20);
  EXPECT_EQ(m.get("log.disconnector.last_code"), event::kLimiterThresholdChanged);
  m.advance_to(kJan1 + 89 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);  // over for 29 s only
  m.advance_to(kJan1 + 90 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);  // g
  EXPECT_TRUE(m.get("limiter.exceeded").get<bool>());
  // Open: no current, so the value is under the threshold; h after 20 s (mode 5).
  m.advance_to(kJan1 + 109 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  m.advance_to(kJan1 + 110 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  std::vector<int> codes;
  for (const auto& e : m.event_log(EventLog::kDisconnector)) codes.push_back(e.code);
  EXPECT_EQ(codes, (std::vector<int>{67, 65, 64, 66, 69}));
  // The load is still too high: it trips again 30 s after the first measurement step that
  // sees it (111 s).
  m.advance_to(kJan1 + 140 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  m.advance_to(kJan1 + 141 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  EXPECT_EQ(m.event_count(event::kLocalDisconnection), 2);
}

TEST(Limiter, WithoutLocalReconnectionTheButtonCloses) {
  ManualClock clock(kJan1);
  Meter m(clock, load_step(kJan1 + kMinute, 3.0));  // mode 1: g allowed, h not
  m.set("limiter.threshold_w", 500.0);
  m.set("limiter.min_over_s", 10);
  m.set("limiter.min_under_s", 10);
  m.advance_to(kJan1 + 70 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  m.advance_to(kJan1 + 120 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);  // h refused in mode 1
  EXPECT_EQ(m.event_count(event::kLimiterThresholdOk), 1);
  m.invoke("relay.button");  // e
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  // Modes without g (none: every mode 1..6 has g) - mode 0 refuses: the limiter only logs.
  m.set("relay.control_mode", 0);
  m.advance_to(kJan1 + 200 * kSecond);
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  EXPECT_EQ(m.event_count(event::kLimiterThresholdExceeded), 2);
}

TEST(Limiter, SettingsPersist) {
  const auto db = (std::filesystem::temp_directory_path() / "sm307_limiter.db").string();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
  ManualClock clock(kJan1);
  MeterOptions o;
  o.store_path = db;
  {
    Meter m(clock, constant_load(), o);
    m.set("limiter.threshold_w", 150.0);
    m.set("limiter.min_over_s", 5);
    m.set("limiter.min_under_s", 7);
    clock.set(kJan1 + 10 * kSecond);
    m.run();
    EXPECT_TRUE(m.get("limiter.exceeded").get<bool>());
  }
  Meter m(clock, constant_load(), o);
  EXPECT_EQ(m.get("limiter.threshold_w"), 150.0);
  EXPECT_EQ(m.get("limiter.min_over_s"), 5);
  EXPECT_EQ(m.get("limiter.min_under_s"), 7);
  EXPECT_TRUE(m.get("limiter.exceeded").get<bool>());
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  EXPECT_THROW(m.set("limiter.threshold_w", -1.0), std::invalid_argument);
}

}  // namespace
}  // namespace dlms::meter
