// MeterConfig: defaults, precedence (command line > environment > config file > test
// defaults), and one-line usage errors with exit status 2 (session 3 contract, sm307-meter).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "apps/sm307-meter/duration.hpp"
#include "apps/sm307-meter/meter_config.hpp"
#include "stack/core/hex.hpp"

namespace dlms::meter_app {
namespace {

EnvironmentLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

ConfigOutcome parse(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) {
  return parse_meter_config(args, env_of(std::move(env)));
}

std::string write_file(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(MeterConfig, DefaultsAreTheContracts) {
  const ConfigOutcome r = parse({});
  ASSERT_TRUE(r.config.has_value()) << r.message;
  const MeterConfig& c = *r.config;
  EXPECT_EQ(c.data_dir, "./sm307-data");
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.wrapper_port, 4059);
  EXPECT_EQ(c.hdlc_port, 4061);
  EXPECT_TRUE(c.optical_device.empty());
  EXPECT_FALSE(c.optical_pty);
  EXPECT_EQ(c.speed, 1.0);
  EXPECT_EQ(c.max_connections, 1100U);
  EXPECT_EQ(c.lls_password, "12345678");
  EXPECT_EQ(to_hex(c.block_key, '\0'), "000102030405060708090A0B0C0D0E0F");
  EXPECT_EQ(to_hex(c.auth_key, '\0'), "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
  EXPECT_EQ(to_hex(c.master_key, '\0'), "000102030405060708090A0B0C0D0E0F");
  EXPECT_EQ(to_hex(c.system_title, '\0'), "4D4D4D0000000001");
  EXPECT_TRUE(c.test_password);
  EXPECT_TRUE(c.test_keys);
}

TEST(MeterConfig, OptionsAreRead) {
  const ConfigOutcome r = parse({"--data-dir",
                                 "/tmp/x",
                                 "--bind",
                                 "127.0.0.1",
                                 "--wrapper-port",
                                 "0",
                                 "--hdlc-port",
                                 "-1",
                                 "--optical-pty",
                                 "--speed",
                                 "3600",
                                 "--backfill",
                                 "100d",
                                 "--max-connections",
                                 "5",
                                 "--idle-timeout",
                                 "2.5",
                                 "--log-level",
                                 "debug",
                                 "--log-format",
                                 "json"});
  ASSERT_TRUE(r.config.has_value()) << r.message;
  const MeterConfig& c = *r.config;
  EXPECT_EQ(c.data_dir, "/tmp/x");
  EXPECT_EQ(c.bind, "127.0.0.1");
  EXPECT_EQ(c.wrapper_port, 0);
  EXPECT_EQ(c.hdlc_port, -1);
  EXPECT_TRUE(c.optical_pty);
  EXPECT_EQ(c.speed, 3600.0);
  EXPECT_EQ(c.backfill_ms, 100LL * 86400 * 1000);
  EXPECT_EQ(c.max_connections, 5U);
  EXPECT_EQ(c.idle_timeout_s, 2.5);
  EXPECT_EQ(c.log_level, LogLevel::debug);
  EXPECT_EQ(c.log_format, LogFormat::json);
}

TEST(MeterConfig, CommandLineBeatsEnvironmentBeatsConfigFileBeatsDefaults) {
  const std::string file = write_file("sm307-precedence.ini",
                                      "lls-password = fromfile\n"
                                      "block-key = 11111111111111111111111111111111\n"
                                      "auth-key = 22222222222222222222222222222222\n"
                                      "wrapper-port = 5000\n");
  // Config file only.
  ConfigOutcome r = parse({"--config", file});
  ASSERT_TRUE(r.config.has_value()) << r.message;
  EXPECT_EQ(r.config->lls_password, "fromfile");
  EXPECT_EQ(to_hex(r.config->block_key, '\0'), "11111111111111111111111111111111");
  EXPECT_EQ(r.config->wrapper_port, 5000);
  EXPECT_FALSE(r.config->test_password);
  EXPECT_FALSE(r.config->test_keys);
  // The environment beats the file.
  r = parse({"--config", file},
            {{"SM307_LLS_PASSWORD", "fromenv"}, {"SM307_BLOCK_KEY", "33333333333333333333333333333333"}});
  ASSERT_TRUE(r.config.has_value()) << r.message;
  EXPECT_EQ(r.config->lls_password, "fromenv");
  EXPECT_EQ(to_hex(r.config->block_key, '\0'), "33333333333333333333333333333333");
  EXPECT_EQ(to_hex(r.config->auth_key, '\0'), "22222222222222222222222222222222");
  // The command line beats both (also for a non-secret option against the file).
  r = parse({"--config", file, "--lls-password", "fromcli", "--wrapper-port", "6000"},
            {{"SM307_LLS_PASSWORD", "fromenv"}});
  ASSERT_TRUE(r.config.has_value()) << r.message;
  EXPECT_EQ(r.config->lls_password, "fromcli");
  EXPECT_EQ(r.config->wrapper_port, 6000);
  // The environment beats the defaults and clears the TEST label.
  r = parse({}, {{"SM307_MASTER_KEY", "44444444444444444444444444444444"}});
  ASSERT_TRUE(r.config.has_value()) << r.message;
  EXPECT_EQ(to_hex(r.config->master_key, '\0'), "44444444444444444444444444444444");
  EXPECT_FALSE(r.config->test_keys);
  EXPECT_TRUE(r.config->test_password);
}

TEST(MeterConfig, UsageErrorsAreOneLineWithStatusTwo) {
  const std::vector<std::vector<std::string>> bad = {
      {"--wrapper-port", "70000"},
      {"--hdlc-port", "-2"},
      {"--speed", "0"},
      {"--backfill", "ten days"},
      {"--log-level", "chatty"},
      {"--log-format", "xml"},
      {"--block-key", "0011"},
      {"--auth-key", "zz"},
      {"--system-title", "4D4D"},
      {"--max-connections", "0"},
      {"--idle-timeout", "-1"},
      {"--optical", "/dev/ttyUSB0", "--optical-pty"},
      {"--no-such-option"},
      {"--config", "/nonexistent/sm307.ini"},
  };
  for (const auto& args : bad) {
    const ConfigOutcome r = parse(args);
    EXPECT_FALSE(r.config.has_value()) << args[0];
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(r.message.rfind("sm307-meter: ", 0), 0U) << r.message;
    EXPECT_EQ(r.message.find('\n'), std::string::npos) << r.message;
  }
  // A bad key in the environment is reported under its option.
  const ConfigOutcome env = parse({}, {{"SM307_AUTH_KEY", "12"}});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_NE(env.message.find("--auth-key"), std::string::npos);
  // Unknown keys in the config file are errors too.
  const ConfigOutcome extra = parse({"--config", write_file("sm307-extra.ini", "no-such-key = 1\n")});
  EXPECT_EQ(extra.exit_code, 2);
}

TEST(MeterConfig, HelpExitsZero) {
  const ConfigOutcome r = parse({"--help"});
  EXPECT_FALSE(r.config.has_value());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.message.find("--wrapper-port"), std::string::npos);
}

TEST(Duration, ParsesTheContractsForms) {
  EXPECT_EQ(parse_duration_ms("100d"), 100LL * 86'400'000);
  EXPECT_EQ(parse_duration_ms("36h"), 36LL * 3'600'000);
  EXPECT_EQ(parse_duration_ms("90m"), 90LL * 60'000);
  EXPECT_EQ(parse_duration_ms("45s"), 45'000);
  EXPECT_EQ(parse_duration_ms("45"), 45'000);
  EXPECT_EQ(parse_duration_ms("1d12h"), 36LL * 3'600'000);
  EXPECT_EQ(parse_duration_ms("1.5h"), 5'400'000);
  EXPECT_EQ(parse_duration_ms(""), std::nullopt);
  EXPECT_EQ(parse_duration_ms("d"), std::nullopt);
  EXPECT_EQ(parse_duration_ms("10x"), std::nullopt);
  EXPECT_EQ(parse_duration_ms("-5d"), std::nullopt);
  EXPECT_EQ(parse_duration_ms("1d30"), std::nullopt);
  EXPECT_EQ(parse_duration_ms("99999d"), std::nullopt);
  EXPECT_EQ(format_duration_ms(100LL * 86'400'000), "100d");
  EXPECT_EQ(format_duration_ms(90LL * 60'000), "90m");
  EXPECT_EQ(format_duration_ms(1500), "1500ms");
}

}  // namespace
}  // namespace dlms::meter_app
