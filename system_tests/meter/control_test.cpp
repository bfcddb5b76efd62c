// Management over HLS-GMAC with suite-0 authenticated encryption: setting the clock and reading
// it back, clock --sync, a remote disconnect and reconnect (Disconnect control 0.0.96.3.10.255,
// Blue Book class 70 methods 1 and 2), a remote billing reset (end of billing period script
// table 0.0.10.0.1.255 script 1, meter_model/sm307/objects.xml). Issue #8 "Must show".
#include <chrono>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "stack/codec/cosem_date_time.hpp"
#include "stack/core/hex.hpp"
#include "system_tests/meter/meter_fixture.hpp"

namespace dlms::system_test {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr Transport kW = Transport::wrapper;
constexpr Association kManagement = Association::management;
constexpr Association kReader = Association::reader;

const std::string kClock = "8/0.0.1.0.0.255/2";
const std::string kDisconnector = "0.0.96.3.10.255";

// The meter clock as UTC (its deviation applied).
sys_seconds meter_time(const codec::Data& clock) {
  const auto dt = codec::CosemDateTime::decode(ByteSpan(clock.octets().data(), clock.octets().size()));
  if (!dt) throw std::runtime_error("clock attribute 2 is not a date-time");
  auto utc =
      dt->deviation == codec::cosem_time_value::deviation_not_specified ? dt->local_as_sys() : dt->to_utc();
  if (!utc) throw std::runtime_error("clock attribute 2 names no instant");
  return *utc;
}

sys_seconds host_now() { return std::chrono::floor<seconds>(std::chrono::system_clock::now()); }

class ControlTest : public MeterFixture {
 protected:
  void SetUp() override { start_meter(); }
};

TEST_F(ControlTest, ManagementSetsTheClockAndReadsItBack) {
  // Three hours ahead, deviation 0 (the meter's time zone: UTC local time).
  const sys_seconds target = host_now() + std::chrono::hours(3);
  const auto dt = codec::CosemDateTime::from_utc(target, 0, 0);
  const auto octets = dt.encode();  // Blue Book 4.5.1: attribute 2 is octet-string(12)
  const std::string hex = "090C" + to_hex(ByteSpan(octets.data(), octets.size()), '\0');
  run_ok(kW, kManagement, {"set", kClock, "--hex", hex});
  const sys_seconds read_back = meter_time(get(kW, kManagement, kClock));
  EXPECT_GE(read_back, target - seconds(2));
  EXPECT_LE(read_back, target + seconds(20));
  // The reader sees the same clock, and may not set it.
  EXPECT_GE(meter_time(get(kW, kReader, kClock)), target - seconds(2));
  const ProcessResult denied = run(kW, kReader, {"set", kClock, "--hex", hex});
  EXPECT_EQ(denied.status.code, 1) << denied.describe();
  // clock --sync brings it back to the host's time.
  run_ok(kW, kManagement, {"clock", "--sync"});
  const sys_seconds synced = meter_time(get(kW, kManagement, kClock));
  EXPECT_LE(std::chrono::abs(synced - host_now()), seconds(5));
  run_ok(kW, kReader, {"clock"});
}

TEST_F(ControlTest, RemoteDisconnectAndReconnect) {
  const std::string output = "70/" + kDisconnector + "/2";  // output_state, boolean
  const std::string state = "70/" + kDisconnector + "/3";   // control_state, enum
  const std::string mode = "70/" + kDisconnector + "/4";    // control_mode, enum
  const std::string events = "7/0.0.99.98.2.255/7";         // disconnector control log, entries in use
  ASSERT_EQ(get_unsigned(kW, kManagement, state), 1U) << "a fresh meter is connected";
  EXPECT_TRUE(get(kW, kManagement, output).as_bool());
  const std::uint64_t control_mode = get_unsigned(kW, kManagement, mode);
  ASSERT_NE(control_mode, 0U) << "control mode 0 (none) allows no remote disconnection";
  const std::uint64_t events_before = get_unsigned(kW, kReader, events);

  // remote_disconnect (data: integer 0)
  run_ok(kW, kManagement, {"action", "70/" + kDisconnector + "/1", "--hex", "0F00"});
  EXPECT_EQ(get_unsigned(kW, kManagement, state), 0U);
  EXPECT_FALSE(get(kW, kManagement, output).as_bool());

  // remote_reconnect: modes 2, 4, 6 reconnect at once (transition a); modes 1, 3, 5 go to
  // ready_for_reconnection (transition d) and wait for the local button.
  run_ok(kW, kManagement, {"action", "70/" + kDisconnector + "/2", "--hex", "0F00"});
  const bool direct = control_mode % 2 == 0;
  EXPECT_EQ(get_unsigned(kW, kManagement, state), direct ? 1U : 2U) << "control mode " << control_mode;
  EXPECT_EQ(get(kW, kReader, output).as_bool(), direct);
  EXPECT_EQ(get_unsigned(kW, kReader, events), events_before + 2) << "one log entry per transition";

  // The reader may not act on it.
  const ProcessResult denied = run(kW, kReader, {"action", "70/" + kDisconnector + "/1", "--hex", "0F00"});
  EXPECT_EQ(denied.status.code, 1) << denied.describe();
}

TEST_F(ControlTest, RemoteBillingReset) {
  const std::string counter = "1/0.0.0.1.0.255/2";       // billing period counter
  const std::string entries = "7/0.0.98.1.0.255/7";      // billing profile, entries in use
  const std::string last_billing = "1/0.0.0.1.2.255/2";  // time of the last billing
  const std::uint64_t counter_before = get_unsigned(kW, kReader, counter);
  const std::uint64_t entries_before = get_unsigned(kW, kReader, entries);
  // end of billing period script table, execute (method 1) script 1 (long-unsigned)
  run_ok(kW, kManagement, {"action", "9/0.0.10.0.1.255/1", "--hex", "120001"});
  EXPECT_EQ(get_unsigned(kW, kReader, counter), counter_before + 1);
  EXPECT_EQ(get_unsigned(kW, kReader, entries), entries_before + 1);
  const codec::Data when = get(kW, kReader, last_billing);
  ASSERT_EQ(when.octets().size(), codec::CosemDateTime::kSize);
  EXPECT_LE(std::chrono::abs(meter_time(when) - host_now()), seconds(30));
  // The new entry is in the billing profile buffer.
  const ProcessResult csv = run_ok(kW, kReader, {"--format", "csv", "profile", "0.0.98.1.0.255"});
  std::size_t rows = 0;
  for (char c : csv.out) rows += c == '\n' ? 1 : 0;
  EXPECT_GE(rows, entries_before + 2) << "header and one row per entry:\n" << csv.out;
  // The reader may not reset it.
  const ProcessResult denied = run(kW, kReader, {"action", "9/0.0.10.0.1.255/1", "--hex", "120001"});
  EXPECT_EQ(denied.status.code, 1) << denied.describe();
}

}  // namespace
}  // namespace dlms::system_test
