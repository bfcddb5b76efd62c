// The meter as a process: SIGTERM / SIGINT end it cleanly (state persisted, `stopped`, exit 0);
// a restart on the same data dir continues where it stopped (energy not lower, billing kept)
// and logs the outage; secrets from the environment and the command line (precedence
// command line > environment > built-in test defaults). Issue #8, SESSION3-CONTRACT.md.
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "stack/codec/cosem_date_time.hpp"
#include "system_tests/meter/meter_fixture.hpp"

namespace dlms::system_test {
namespace {

constexpr Transport kW = Transport::wrapper;
constexpr Association kReader = Association::reader;

class LifecycleTest : public MeterFixture {};

TEST_F(LifecycleTest, SigtermAndSigintStopCleanlyWithExit0) {
  for (int sig : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(::strsignal(sig));
    start_meter();
    run_ok(kW, kReader, {"associate"});
    ASSERT_TRUE(meter().process().send_signal(sig));
    const auto status = meter().process().wait(std::chrono::seconds(20));
    ASSERT_TRUE(status) << "still running 20 s after the signal\n" << meter().output();
    EXPECT_TRUE(status->success()) << status->describe() << "\n" << meter().output();
    EXPECT_TRUE(meter().process().wait_for_line("sm307-meter: stopped", std::chrono::seconds(1)))
        << meter().output();
  }
}

TEST_F(LifecycleTest, RestartOnTheSameDataDirKeepsStateAndLogsTheOutage) {
  // A day of history so the energy registers hold something.
  MeterOptions o;
  o.hdlc = false;
  o.backfill = "1d";
  start_meter(o);
  const std::string energy = "3/1.0.1.8.0.255/2";
  const std::string billing_counter = "1/0.0.0.1.0.255/2";
  const std::string billing_entries = "7/0.0.98.1.0.255/7";
  const std::string power_failures = "1/0.0.96.7.21.255/2";  // number of power failures, any phase
  const std::string failure_log = "7/1.0.99.97.0.255/7";     // power failure event log, entries

  run_ok(kW, Association::management, {"action", "9/0.0.10.0.1.255/1", "--hex", "120001"});
  const std::uint64_t energy_before = get_unsigned(kW, kReader, energy);
  EXPECT_GT(energy_before, 0U) << "a day of backfill leaves energy in +A";
  const std::uint64_t counter_before = get_unsigned(kW, kReader, billing_counter);
  const std::uint64_t entries_before = get_unsigned(kW, kReader, billing_entries);
  const std::uint64_t failures_before = get_unsigned(kW, kReader, power_failures);
  const std::uint64_t log_before = get_unsigned(kW, kReader, failure_log);
  EXPECT_GE(entries_before, 1U);
  stop_meter();

  o.backfill.clear();
  start_meter(o);  // same data dir, no backfill: it continues the stored state
  EXPECT_GE(get_unsigned(kW, kReader, energy), energy_before);
  EXPECT_EQ(get_unsigned(kW, kReader, billing_counter), counter_before);
  EXPECT_EQ(get_unsigned(kW, kReader, billing_entries), entries_before);
  EXPECT_EQ(get_unsigned(kW, kReader, power_failures), failures_before + 1) << "the restart is an outage";
  EXPECT_EQ(get_unsigned(kW, kReader, failure_log), log_before + 1);
  stop_meter();
}

TEST_F(LifecycleTest, LlsPasswordFromEnvironmentAndCommandLine) {
  // Environment over the built-in default.
  MeterOptions o;
  o.hdlc = false;
  o.env = {{"SM307_LLS_PASSWORD", "fromenv1"}};
  start_meter(o);
  std::vector<std::string> args = transport_args(meter(), kW);
  for (const char* a : {"--client", "32", "--auth", "lls", "--password"}) args.emplace_back(a);
  auto with = [&](const std::string& password) {
    auto all = args;
    all.push_back(password);
    all.emplace_back("associate");
    return dlms().run_raw(all, std::chrono::seconds(25));
  };
  EXPECT_EQ(with("fromenv1").status.code, 0);
  EXPECT_EQ(with("12345678").status.code, 1);
  stop_meter();
  // Command line over the environment.
  o.extra_args = {"--lls-password", "fromcli1"};
  start_meter(o);
  args = transport_args(meter(), kW);
  for (const char* a : {"--client", "32", "--auth", "lls", "--password"}) args.emplace_back(a);
  EXPECT_EQ(with("fromcli1").status.code, 0);
  EXPECT_EQ(with("fromenv1").status.code, 1);
  stop_meter();
}

TEST_F(LifecycleTest, SpeedRunsMeterTimeFaster) {
  // --speed 3600: an hour of meter time per second; the load profile (15 min) fills meanwhile.
  MeterOptions o;
  o.hdlc = false;
  o.speed = "3600";
  start_meter(o);
  const std::string clock = "8/0.0.1.0.0.255/2";
  const std::string profile_entries = "7/1.0.99.1.0.255/7";
  auto meter_time = [&] {
    const codec::Data d = get(kW, kReader, clock);
    const auto dt = codec::CosemDateTime::decode(ByteSpan(d.octets().data(), d.octets().size()));
    if (!dt) throw std::runtime_error("clock is not a date-time");
    return dt->local_as_sys().value_or(std::chrono::sys_seconds{});
  };
  const auto t1 = meter_time();
  const auto wall1 = std::chrono::steady_clock::now();
  const std::uint64_t entries1 = get_unsigned(kW, kReader, profile_entries);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto t2 = meter_time();
  const auto wall =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - wall1);
  const std::uint64_t entries2 = get_unsigned(kW, kReader, profile_entries);
  EXPECT_GE(t2 - t1, std::chrono::hours(1)) << "2 s of wall time at speed 3600";
  EXPECT_LE(t2 - t1, (wall + std::chrono::seconds(2)) * 3600);
  EXPECT_GE(entries2, entries1 + 4) << "at least 4 quarter hours captured";
  stop_meter();
}

TEST_F(LifecycleTest, BannerLabelsTheTestCredentials) {
  MeterOptions o;
  o.optical_pty = true;
  start_meter(o);
  const auto& banner = meter().banner();
  ASSERT_FALSE(banner.empty());
  EXPECT_EQ(banner.back(), "sm307-meter: ready");
  auto has = [&](const std::string& prefix) {
    for (const auto& line : banner) {
      if (line.rfind(prefix, 0) == 0) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("sm307-meter: association public client 16 auth none"));
  EXPECT_TRUE(has("sm307-meter: association reader client 32 auth lls password 12345678 (TEST CREDENTIALS)"));
  EXPECT_TRUE(has(
      "sm307-meter: association management client 1 auth hls-gmac suite 0 security auth-enc (TEST KEYS)"));
  stop_meter();
}

}  // namespace
}  // namespace dlms::system_test
