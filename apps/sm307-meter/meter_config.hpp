#pragma once
// MeterConfig: everything sm307-meter is told (session 3 contract, "sm307-meter"): listeners,
// data directory, simulation speed and backfill, logging, and the associations' secrets.
//
// Sources, strongest first: command-line option > environment (SM307_LLS_PASSWORD,
// SM307_BLOCK_KEY, SM307_AUTH_KEY, SM307_MASTER_KEY) > config file (--config FILE; every long
// option by its name without dashes, `key = value` as CLI11 reads TOML/INI) > the built-in
// TEST defaults below. The test defaults are labelled wherever they are printed.
//
// parse_meter_config() validates everything and answers with the config, or with an exit
// status and one message line (usage errors: 2; --help / --version: 0 with the text).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "apps/sm307-meter/logger.hpp"

namespace dlms::meter_app {

// Built-in TEST credentials (contract: "Built-in TEST credentials").
inline constexpr const char* kTestLlsPassword = "12345678";
inline constexpr const char* kTestBlockKey = "000102030405060708090A0B0C0D0E0F";
inline constexpr const char* kTestAuthKey = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";
inline constexpr const char* kTestMasterKey = "000102030405060708090A0B0C0D0E0F";
inline constexpr const char* kTestHlsSecret = "SM307-TEST-HLS-SECRET";
inline constexpr const char* kDefaultSystemTitle = "4D4D4D0000000001";

struct MeterConfig {
  std::string data_dir = "./sm307-data";
  std::string bind = "0.0.0.0";
  int wrapper_port = 4059;       // 0: any free port; -1: no wrapper listener
  int hdlc_port = 4061;          // likewise for HDLC over TCP
  std::string optical_device;    // serial device or pty for the optical port (empty: none)
  bool optical_pty = false;      // open a pty for the optical port and print its slave path
  double speed = 1.0;            // meter time runs this many times faster than real time
  std::int64_t backfill_ms = 0;  // fresh data dir: history starts this long before now
  std::string scenario_file;     // empty: the built-in daily curve
  std::size_t max_connections = 1100;
  double idle_timeout_s = 120;  // 0 disables
  LogLevel log_level = LogLevel::info;
  LogFormat log_format = LogFormat::text;

  std::string lls_password = kTestLlsPassword;
  std::vector<std::uint8_t> block_key;     // global unicast encryption key (16 or 32 octets)
  std::vector<std::uint8_t> auth_key;      // authentication key
  std::vector<std::uint8_t> master_key;    // KEK
  std::vector<std::uint8_t> system_title;  // the meter's (8 octets)
  std::string hls_secret = kTestHlsSecret;

  // Which secrets are still the built-in test values (for the "TEST" labels).
  bool test_password = true;
  bool test_keys = true;
  bool test_hls_secret = true;

  MeterConfig();
};

// Reads one environment variable (tests inject their own).
using EnvironmentLookup = std::function<std::optional<std::string>(const char* name)>;
EnvironmentLookup process_environment();

struct ConfigOutcome {
  std::optional<MeterConfig> config;  // set: run with it
  int exit_code = 0;                  // otherwise: exit with this status ...
  std::string message;                // ... after printing this (help on stdout, errors on stderr)
};

ConfigOutcome parse_meter_config(const std::vector<std::string>& args, const EnvironmentLookup& env);
ConfigOutcome parse_meter_config(int argc, const char* const* argv, const EnvironmentLookup& env);

}  // namespace dlms::meter_app
