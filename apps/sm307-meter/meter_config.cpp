#include "apps/sm307-meter/meter_config.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include <CLI/CLI.hpp>

#include "apps/sm307-meter/duration.hpp"
#include "stack/core/hex.hpp"

namespace dlms::meter_app {
namespace {

// Option values as typed (validated after parsing, so every error is one clear line).
struct RawOptions {
  std::string config_file;
  std::string data_dir;
  std::string bind;
  int wrapper_port = 0;
  int hdlc_port = 0;
  std::string optical_device;
  bool optical_pty = false;
  double speed = 1;
  std::string backfill;
  std::string scenario_file;
  long long max_connections = 0;
  double idle_timeout_s = 0;
  std::string log_level = "info";
  std::string log_format = "text";
  std::string lls_password;
  std::string block_key;
  std::string auth_key;
  std::string master_key;
  std::string system_title;
  std::string hls_secret;
};

struct UsageError {
  std::string message;
};

void define_options(CLI::App& app, RawOptions& raw, bool with_config) {
  app.description(
      "sm307-meter: the simulated SM307 smart meter (DLMS/COSEM over the wrapper, HDLC over TCP and "
      "the optical port). Secrets may come from SM307_LLS_PASSWORD, SM307_BLOCK_KEY, SM307_AUTH_KEY, "
      "SM307_MASTER_KEY; without them the built-in TEST credentials are used.");
  if (with_config) {
    app.set_config("--config", "",
                   "Read options from FILE (TOML/INI `key = value`, option names without dashes)");
    app.allow_config_extras(CLI::config_extras_mode::error);
  } else {
    app.add_option("--config", raw.config_file);
  }
  app.add_option("--data-dir", raw.data_dir, "State directory (SQLite store, counters); created on first run")
      ->capture_default_str();
  app.add_option("--bind", raw.bind, "Address the TCP listeners bind")->capture_default_str();
  app.add_option("--wrapper-port", raw.wrapper_port, "Wrapper (IEC 62056-47) TCP port; 0 any, -1 off")
      ->capture_default_str();
  app.add_option("--hdlc-port", raw.hdlc_port, "HDLC-over-TCP port; 0 any, -1 off")->capture_default_str();
  app.add_option("--optical", raw.optical_device, "Serve the optical port (IEC 62056-21 mode E) on DEVICE");
  app.add_flag("--optical-pty", raw.optical_pty, "Open a pty for the optical port and print its path");
  app.add_option("--speed", raw.speed, "Meter time runs X times faster than real time")
      ->capture_default_str();
  app.add_option("--backfill", raw.backfill, "Fresh data dir: simulate this much history first (100d, 36h)");
  app.add_option("--scenario", raw.scenario_file, "Measurement scenario (.csv or .json)");
  app.add_option("--max-connections", raw.max_connections, "Concurrent connections, all listeners")
      ->capture_default_str();
  app.add_option("--idle-timeout", raw.idle_timeout_s, "Close a connection silent this long (s); 0 never")
      ->capture_default_str();
  app.add_option("--log-level", raw.log_level, "debug|info|warn|error")->capture_default_str();
  app.add_option("--log-format", raw.log_format, "text|json")->capture_default_str();
  app.add_option("--lls-password", raw.lls_password, "Reader (SAP 32) LLS password");
  app.add_option("--block-key", raw.block_key, "Global unicast encryption key (hex, 16 or 32 octets)");
  app.add_option("--auth-key", raw.auth_key, "Authentication key (hex)");
  app.add_option("--master-key", raw.master_key, "Master key / KEK (hex)");
  app.add_option("--system-title", raw.system_title, "The meter's system title (hex, 8 octets)")
      ->capture_default_str();
  app.add_option("--hls-secret", raw.hls_secret, "Management HLS secret (mechanisms 2-4, 6)");
  app.set_version_flag("--version", "sm307-meter 0.1.0");
}

std::vector<std::uint8_t> parse_key(const std::string& option, const std::string& text) {
  auto bytes = from_hex(text);
  if (!bytes || (bytes->size() != 16 && bytes->size() != 32)) {
    throw UsageError{option + ": expected 16 or 32 octets in hex, got '" + text + "'"};
  }
  return *bytes;
}

MeterConfig validate(const RawOptions& raw, const CLI::App& cli_only, const EnvironmentLookup& env) {
  MeterConfig c;
  c.data_dir = raw.data_dir;
  if (c.data_dir.empty()) {
    throw UsageError{"--data-dir: must not be empty"};
  }
  c.bind = raw.bind;
  if (raw.wrapper_port < -1 || raw.wrapper_port > 65535) {
    throw UsageError{"--wrapper-port: expected -1 (off), 0 (any) or 1..65535"};
  }
  if (raw.hdlc_port < -1 || raw.hdlc_port > 65535) {
    throw UsageError{"--hdlc-port: expected -1 (off), 0 (any) or 1..65535"};
  }
  c.wrapper_port = raw.wrapper_port;
  c.hdlc_port = raw.hdlc_port;
  c.optical_device = raw.optical_device;
  c.optical_pty = raw.optical_pty;
  if (!c.optical_device.empty() && c.optical_pty) {
    throw UsageError{"--optical and --optical-pty: give one of them"};
  }
  if (!std::isfinite(raw.speed) || raw.speed <= 0 || raw.speed > 1e7) {
    throw UsageError{"--speed: expected a number above 0 (at most 1e7)"};
  }
  c.speed = raw.speed;
  if (!raw.backfill.empty()) {
    const auto ms = parse_duration_ms(raw.backfill);
    if (!ms) {
      throw UsageError{"--backfill: expected a duration such as 100d, 36h or 90m, got '" + raw.backfill +
                       "'"};
    }
    c.backfill_ms = *ms;
  }
  c.scenario_file = raw.scenario_file;
  if (raw.max_connections < 1 || raw.max_connections > 100000) {
    throw UsageError{"--max-connections: expected 1..100000"};
  }
  c.max_connections = static_cast<std::size_t>(raw.max_connections);
  if (!std::isfinite(raw.idle_timeout_s) || raw.idle_timeout_s < 0 || raw.idle_timeout_s > 86400) {
    throw UsageError{"--idle-timeout: expected 0 (never) .. 86400 seconds"};
  }
  c.idle_timeout_s = raw.idle_timeout_s;
  const auto level = parse_log_level(raw.log_level);
  if (!level) {
    throw UsageError{"--log-level: expected debug, info, warn or error, got '" + raw.log_level + "'"};
  }
  c.log_level = *level;
  const auto format = parse_log_format(raw.log_format);
  if (!format) {
    throw UsageError{"--log-format: expected text or json, got '" + raw.log_format + "'"};
  }
  c.log_format = *format;

  // Secrets: command line > environment > config file > test defaults.
  auto pick = [&](const char* option, const char* variable, const std::string& parsed,
                  const char* test_default, bool& is_test) -> std::string {
    if (cli_only.count(option) > 0) {
      is_test = false;
      return parsed;
    }
    if (variable != nullptr) {
      if (auto v = env(variable); v && !v->empty()) {
        is_test = false;
        return *v;
      }
    }
    if (!parsed.empty()) {  // from the config file
      is_test = false;
      return parsed;
    }
    return test_default;
  };
  bool test_password = true;
  c.lls_password =
      pick("--lls-password", "SM307_LLS_PASSWORD", raw.lls_password, kTestLlsPassword, test_password);
  c.test_password = test_password;
  if (c.lls_password.empty() || c.lls_password.size() > 64) {
    throw UsageError{"--lls-password: expected 1..64 characters"};
  }
  bool test_block = true;
  bool test_auth = true;
  bool test_master = true;
  c.block_key = parse_key("--block-key",
                          pick("--block-key", "SM307_BLOCK_KEY", raw.block_key, kTestBlockKey, test_block));
  c.auth_key =
      parse_key("--auth-key", pick("--auth-key", "SM307_AUTH_KEY", raw.auth_key, kTestAuthKey, test_auth));
  c.master_key = parse_key(
      "--master-key", pick("--master-key", "SM307_MASTER_KEY", raw.master_key, kTestMasterKey, test_master));
  c.test_keys = test_block && test_auth && test_master;
  bool test_secret = true;
  c.hls_secret = pick("--hls-secret", nullptr, raw.hls_secret, kTestHlsSecret, test_secret);
  c.test_hls_secret = test_secret;
  if (c.hls_secret.empty() || c.hls_secret.size() > 64) {
    throw UsageError{"--hls-secret: expected 1..64 characters"};
  }
  auto title = from_hex(raw.system_title);
  if (!title || title->size() != 8) {
    throw UsageError{"--system-title: expected 8 octets in hex, got '" + raw.system_title + "'"};
  }
  c.system_title = *title;
  return c;
}

}  // namespace

MeterConfig::MeterConfig()
    : block_key(*from_hex(kTestBlockKey)),
      auth_key(*from_hex(kTestAuthKey)),
      master_key(*from_hex(kTestMasterKey)),
      system_title(*from_hex(kDefaultSystemTitle)) {}

EnvironmentLookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read at start-up only
    if (v == nullptr) {
      return std::nullopt;
    }
    return std::string(v);
  };
}

ConfigOutcome parse_meter_config(int argc, const char* const* argv, const EnvironmentLookup& env) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    args.emplace_back(argv[i]);
  }
  return parse_meter_config(args, env);
}

ConfigOutcome parse_meter_config(const std::vector<std::string>& args, const EnvironmentLookup& env) {
  const MeterConfig defaults;
  RawOptions raw;
  raw.data_dir = defaults.data_dir;
  raw.bind = defaults.bind;
  raw.wrapper_port = defaults.wrapper_port;
  raw.hdlc_port = defaults.hdlc_port;
  raw.speed = defaults.speed;
  raw.max_connections = static_cast<long long>(defaults.max_connections);
  raw.idle_timeout_s = defaults.idle_timeout_s;
  raw.system_title = kDefaultSystemTitle;

  // CLI11 wants argv[0] first.
  std::vector<const char*> argv{"sm307-meter"};
  for (const std::string& a : args) {
    argv.push_back(a.c_str());
  }
  const int argc = static_cast<int>(argv.size());

  CLI::App app{"sm307-meter", "sm307-meter"};
  define_options(app, raw, true);
  // The same options without the config file: tells what came from the command line itself.
  RawOptions cli_raw;
  CLI::App cli_only{"sm307-meter", "sm307-meter"};
  define_options(cli_only, cli_raw, false);
  try {
    app.parse(argc, argv.data());
  } catch (const CLI::Success& e) {  // --help, --version
    std::ostringstream out;
    std::ostringstream err;
    const int code = app.exit(e, out, err);
    return {std::nullopt, code, out.str() + err.str()};
  } catch (const CLI::ParseError& e) {
    return {std::nullopt, 2, std::string("sm307-meter: ") + e.what()};
  }
  try {
    cli_only.parse(argc, argv.data());
  } catch (const CLI::ParseError&) {
    // Parsed above already; nothing else can fail here.
  }
  try {
    return {validate(raw, cli_only, env), 0, {}};
  } catch (const UsageError& e) {
    return {std::nullopt, 2, "sm307-meter: " + e.message};
  }
}

}  // namespace dlms::meter_app
