// Power quality, outage, tamper, relay, clock, display and firmware behaviour of the engine.
#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/sha256.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using test::at;

const TimeMs kT0 = ms_from_civil(2025, 3, 3, 10);

// Normal supply until t0 + 100 s, then `bad` until t0 + 300 s, then normal again.
Scenario episode(InputSample bad) {
  const InputSample ok = at(0, {63.5, 63.5, 63.5}, {1, 1, 1}, {10, 10, 10});
  InputSample a = ok, b = bad, c = ok;
  a.t = kT0;
  b.t = kT0 + 100 * kSecond;
  c.t = kT0 + 300 * kSecond;
  return Scenario({a, b, c}, 0, Interpolation::kStep);
}

std::vector<int> codes(const Meter& m, EventLog l) {
  std::vector<int> v;
  for (const auto& e : m.event_log(l)) v.push_back(e.code);
  return v;
}

struct Case {
  const char* name;
  InputSample bad;
  const char* time_threshold;
  int on, off;
};

TEST(Events, EachPowerQualityEventFiresAtItsTimeThresholdAndNotBefore) {
  const Case cases[] = {
      {"under voltage L1", at(0, {50.7, 63.5, 63.5}, {1, 1, 1}, {10, 10, 10}), "threshold.voltage_time_s",
       event::kUnderVoltageL1, event::kVoltageNormalL1},
      {"over voltage L3", at(0, {63.5, 63.5, 76.3}, {1, 1, 1}, {10, 10, 10}), "threshold.voltage_time_s",
       event::kOverVoltageL1 + 2, event::kVoltageNormalL1 + 2},
      {"missing voltage L1", at(0, {0, 63.5, 63.5}, {1, 1, 1}, {10, 10, 10}),
       "threshold.missing_voltage_time_s", event::kMissingVoltageL1, event::kVoltageNormalL1},
      {"missing voltage L2", at(0, {63.5, 31.7, 63.5}, {1, 1, 1}, {10, 10, 10}),
       "threshold.missing_voltage_time_s", event::kMissingVoltageL1 + 1, event::kVoltageNormalL1 + 1},
      {"missing voltage L3", at(0, {63.5, 63.5, 5.0}, {1, 1, 1}, {10, 10, 10}),
       "threshold.missing_voltage_time_s", event::kMissingVoltageL1 + 2, event::kVoltageNormalL1 + 2},
      {"over current L2", at(0, {63.5, 63.5, 63.5}, {1, 10.01, 1}, {10, 10, 10}),
       "threshold.over_current_time_s", event::kOverCurrentL1 + 1, event::kOverCurrentEndL1 + 1},
      {"current reverse L1", at(0, {63.5, 63.5, 63.5}, {1, 1, 1}, {170, 10, 10}), "threshold.reverse_time_s",
       event::kCurrentReverseL1, event::kCurrentReverseEndL1},
      {"unbalance", at(0, {63.5, 63.5, 52.0}, {1, 1, 1}, {10, 10, 10}), "threshold.unbalance_time_s",
       event::kUnbalanceOn, event::kUnbalanceOff},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ManualClock clock(kT0);
    Meter m(clock, episode(c.bad));
    m.set(c.time_threshold, 45);
    m.advance_to(kT0 + 144 * kSecond);  // condition since t0 + 100 s: 44 s
    EXPECT_EQ(m.event_count(c.on), 0);
    m.advance_to(kT0 + 145 * kSecond);
    ASSERT_EQ(m.event_count(c.on), 1);
    EXPECT_EQ(m.event_log(EventLog::kPowerQuality).back().time, kT0 + 145 * kSecond);
    m.advance_to(kT0 + 299 * kSecond);
    EXPECT_EQ(m.event_count(c.off), 0);
    m.advance_to(kT0 + 400 * kSecond);
    EXPECT_EQ(m.event_count(c.off), 1);
    EXPECT_EQ(m.event_log(EventLog::kPowerQuality).back().time, kT0 + 300 * kSecond);
    EXPECT_EQ(m.event_count(c.on), 1);
  }
}

TEST(Events, ThresholdsAreStrict) {
  // Exactly at the under-voltage threshold (0.8 Un = 50.8 V): no event.
  ManualClock clock(kT0);
  Meter m(clock, episode(at(0, {50.8, 63.5, 63.5}, {1, 1, 1}, {10, 10, 10})));
  m.advance_to(kT0 + 400 * kSecond);
  EXPECT_EQ(m.event_count(event::kUnderVoltageL1), 0);
  // A shorter episode than the time threshold: no event.
  m.set("threshold.under_voltage_v", 60.0);
  EXPECT_THROW(m.set("threshold.under_voltage_v", "x"), std::invalid_argument);
  EXPECT_THROW(m.set("threshold.voltage_time_s", -1), std::invalid_argument);
  EXPECT_THROW(m.set("instantaneous.voltage.l1", 1.0), std::invalid_argument);
  EXPECT_THROW(m.set("no.such.quantity", 1), std::invalid_argument);
}

TEST(Events, ShortAndLongOutagesWithConfigurableSplit) {
  ManualClock clock(kT0);
  const InputSample ok = at(kT0, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 0});
  InputSample off1 = at(kT0 + 100 * kSecond, {0, 0, 0}, {0, 0, 0}, {0, 0, 0});
  InputSample on1 = ok, off2 = off1, on2 = ok;
  on1.t = kT0 + 200 * kSecond;  // 100 s outage: short
  off2.t = kT0 + 1000 * kSecond;
  on2.t = kT0 + 1200 * kSecond;  // 200 s: long (split 180 s)
  Meter m(clock, Scenario({ok, off1, on1, off2, on2}, 0, Interpolation::kStep));
  m.advance_to(kT0 + 2000 * kSecond);
  EXPECT_EQ(m.power_failures(), 2);
  EXPECT_EQ(m.long_power_failures(), 1);
  const auto& pf = m.event_log(EventLog::kPowerFailure);
  ASSERT_EQ(pf.size(), 2u);
  EXPECT_EQ(pf[0].code, event::kShortPowerFailure);
  EXPECT_EQ(pf[0].value, 100);
  EXPECT_EQ(pf[1].code, event::kLongPowerFailure);
  EXPECT_EQ(pf[1].value, 200);
  EXPECT_EQ(codes(m, EventLog::kStandard), (std::vector<int>{1, 2, 1, 2}));
  EXPECT_EQ(m.event_log(EventLog::kStandard)[0].time, kT0 + 100 * kSecond);
  // No energy while the meter is unpowered: 1700 s of 190.5 W.
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 1700LL * 190500);
  // The profile entry of an interval with an outage carries the power-down status bit.
  bool flagged = false;
  for (const auto& e : m.load_profile()) flagged = flagged || (e.status & 0x80);
  EXPECT_TRUE(flagged);
}

TEST(Events, TamperIsLoggedCountedAndLatchesTheAlarm) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.invoke("tamper.meter_cover", true);
  m.invoke("tamper.meter_cover", true);  // no change, no event
  m.invoke("tamper.terminal_cover", true);
  m.invoke("tamper.magnetic_field", true);
  m.invoke("tamper.module_cover", true);
  m.invoke("tamper.bypass", true);
  m.invoke("tamper.meter_cover", false);
  EXPECT_EQ(codes(m, EventLog::kFraud), (std::vector<int>{44, 40, 42, 200, 202, 45}));
  EXPECT_EQ(m.alarm_register(), 0x1Fu);
  EXPECT_TRUE(m.get("alarm.led").get<bool>());
  EXPECT_EQ(m.get("counter.meter_cover_removed").get<int>(), 1);
  m.invoke("alarm.clear");
  EXPECT_EQ(m.alarm_register(), 0u);
  EXPECT_THROW(m.invoke("tamper.lid", true), std::invalid_argument);
}

TEST(Events, DisconnectControlStatesAndEnergy) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.advance_to(kT0 + 10 * kSecond);
  m.invoke("relay.remote_disconnect");
  EXPECT_EQ(m.relay_state(), RelayState::kDisconnected);
  m.advance_to(kT0 + 20 * kSecond);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 10 * 190500);
  EXPECT_EQ(m.get("instantaneous.current.l1").get<double>(), 0.0);
  m.invoke("relay.remote_reconnect");  // mode 1: needs the button
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  m.invoke("relay.button");
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  // IDIS disconnector log: remote disconnection, ready for manual reconnection, manual connection.
  EXPECT_EQ(codes(m, EventLog::kDisconnector), (std::vector<int>{62, 59, 61}));
  m.invoke("relay.button");  // mode 1: manual disconnection (class 70 transition f)
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  m.invoke("relay.button");
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  EXPECT_EQ(codes(m, EventLog::kDisconnector), (std::vector<int>{62, 59, 61, 60, 61}));
  m.set("relay.control_mode", 2);
  m.invoke("relay.local_disconnect");  // class 70 g: to ready for reconnection
  EXPECT_EQ(m.relay_state(), RelayState::kReadyForReconnection);
  m.invoke("relay.remote_disconnect");  // c
  m.invoke("relay.remote_reconnect");   // mode 2: direct (a)
  EXPECT_EQ(m.relay_state(), RelayState::kConnected);
  EXPECT_EQ(codes(m, EventLog::kDisconnector), (std::vector<int>{62, 59, 61, 60, 61, 64, 62, 63}));
  EXPECT_EQ(m.get("relay.output").get<bool>(), true);
}

TEST(Clock, AdjustmentIsLoggedAndFlagsTheProfile) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.advance_to(kT0 + 5 * kMinute);
  m.set("clock.time", kT0 + 5 * kMinute + 20 * kSecond);
  EXPECT_EQ(codes(m, EventLog::kStandard).size(), 2u);  // 4 and 5 (no parameter-change event for the time)
  EXPECT_EQ(m.event_log(EventLog::kStandard)[0].code, event::kClockAdjustedOld);
  EXPECT_EQ(m.event_log(EventLog::kStandard)[1].code, event::kClockAdjustedNew);
  m.advance_to(kT0 + 15 * kMinute);
  ASSERT_EQ(m.load_profile().size(), 1u);
  EXPECT_EQ(m.load_profile()[0].time, kT0 + 15 * kMinute);  // meter time reached the boundary 20 s early
  EXPECT_EQ(m.true_time(), kT0 + 15 * kMinute);
  EXPECT_TRUE(m.load_profile()[0].status & 0x20);
  m.invoke("clock.shift_s", -20);
  EXPECT_EQ(m.meter_time(), m.true_time());
  EXPECT_THROW(m.invoke("clock.shift_s", 901), std::invalid_argument);
}

TEST(Clock, DriftModelAndDst) {
  ManualClock clock(ms_from_civil(2025, 3, 29));
  MeterOptions o;
  o.time_zone = TimeZone{60, true, 60};
  o.rtc_drift_ppb = kMaxDriftPpb;
  o.measurement_step_ms = 60000;
  Meter m(clock, test::constant_load(), o);
  m.advance_to(ms_from_civil(2025, 3, 31));
  EXPECT_EQ(m.meter_time() - m.true_time(), 999);  // 2 days at 0.5 s/day
  EXPECT_EQ(m.event_count(event::kDstChanged), 1);
  EXPECT_EQ(m.get("clock.status").get<int>(), 0x80);
  EXPECT_TRUE(m.load_profile().back().status & 0x08);
  // Profile entries stay on the meter's 15-minute boundaries through the DST change.
  for (const auto& e : m.load_profile()) EXPECT_EQ(e.time % (15 * kMinute), 0);
  MeterOptions bad = o;
  bad.rtc_drift_ppb = 6000;
  EXPECT_THROW(Meter(clock, test::constant_load(), bad), std::invalid_argument);
}

TEST(Display, ScrollManualAndDecimals) {
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  m.advance_to(kT0 + kHour);
  // Scroll list item 1 (+A, 0.1905 kWh) shows for the second 10 s slot of each cycle.
  m.set("display.scroll_list", nlohmann::json::array({"clock.time", "energy.active_import.total"}));
  m.advance_to(kT0 + kHour + 10 * kSecond);
  EXPECT_EQ(m.display_text(), "     0.19");
  m.advance_to(kT0 + kHour + 20 * kSecond);
  EXPECT_EQ(m.display_text(), "11-00-20");  // UTC, offset 0
  m.set("display.decimals_energy", 3);
  m.set("display.manual_list",
        nlohmann::json::array(
            {"energy.active_import.total", "instantaneous.active_power.total", "instantaneous.voltage.l1"}));
  m.invoke("display.button");
  EXPECT_EQ(m.get("display.mode"), "manual");
  EXPECT_EQ(m.display_text(), "    0.192");  // 191.56 Wh at 1 h 20 s: 3 decimals of kWh
  m.invoke("display.button");
  EXPECT_EQ(m.display_text(), "    0.191");  // 0.1905 kW: 3 decimals for power (printf rounding of 0.1905)
  m.invoke("display.button");
  EXPECT_EQ(m.display_text(), "    63.50");
  m.advance_to(kT0 + kHour + 90 * kSecond);  // 60 s without a press: back to scroll
  EXPECT_EQ(m.get("display.mode"), "scroll");
  EXPECT_THROW(m.set("display.scroll_list", nlohmann::json::array({"nope"})), std::invalid_argument);
  EXPECT_THROW(m.set("display.decimals_power", 4), std::invalid_argument);
}

TEST(Firmware, BlocksVerifyActivate) {
  // FIPS 180-2 appendix B.1 test vector.
  EXPECT_EQ(Sha256::hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256::hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ManualClock clock(kT0);
  Meter m(clock, test::constant_load());
  const std::string image(1000, 'x');
  m.invoke("firmware.initiate",
           {{"id", "SM307-1.1.0"}, {"size", 1000}, {"block_size", 256}, {"sha256", Sha256::hex(image)}});
  for (int n = 0; n < 4; ++n)
    m.invoke("firmware.block", {{"number", n}, {"data", image.substr(n * 256, 256)}});
  EXPECT_THROW(m.invoke("firmware.block", {{"number", 4}, {"data", "x"}}), std::invalid_argument);
  EXPECT_EQ(m.invoke("firmware.verify"), true);
  m.invoke("firmware.activate");
  EXPECT_EQ(m.firmware_version(), "SM307-1.1.0");
  EXPECT_EQ(m.event_count(event::kFirmwareActivated), 1);
  m.invoke("firmware.initiate", {{"id", "SM307-1.2.0"}, {"size", 3}, {"sha256", Sha256::hex("abd")}});
  m.invoke("firmware.block", {{"number", 0}, {"data", "abc"}});
  EXPECT_EQ(m.invoke("firmware.verify"), false);
  EXPECT_THROW(m.invoke("firmware.activate"), std::invalid_argument);
}

}  // namespace
}  // namespace dlms::meter
