#pragma once
// MeterFixture: one sm307-meter process per test (fresh data dir, free loopback ports) and the
// dlms CLI pointed at it; helpers that run dlms and decode its JSON output, throwing (so the
// test fails with the command, its exit status and stderr) when dlms does not succeed.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/data.hpp"
#include "system_tests/support/dlms_command.hpp"
#include "system_tests/support/meter_process.hpp"
#include "system_tests/support/temp_dir.hpp"

namespace dlms::system_test {

inline const std::string kMeterPath = SM307_METER_PATH;
inline const std::string kDlmsPath = DLMS_CLI_PATH;

class MeterFixture : public ::testing::Test {
 protected:
  // Starts the meter (data dir: the test's temp dir) with the options' other settings.
  void start_meter(MeterOptions options = {});
  // Stops it (SIGTERM) and expects exit 0 and the `stopped` line.
  void stop_meter();

  [[nodiscard]] MeterProcess& meter() { return *meter_; }
  [[nodiscard]] const DlmsCommand& dlms() const { return *dlms_; }

  // dlms <connection> <args> as is.
  ProcessResult run(Transport t, Association a, const std::vector<std::string>& args) const;
  // dlms ... <args> expecting exit 0; throws otherwise.
  ProcessResult run_ok(Transport t, Association a, const std::vector<std::string>& args) const;
  // dlms ... get ATTR --format json, decoded.
  codec::Data get(Transport t, Association a, const std::string& attribute) const;
  // Unsigned scalar attribute (counter, enum, entries in use).
  std::uint64_t get_unsigned(Transport t, Association a, const std::string& attribute) const;

  TempDir dir_{"sm307-system-test"};

 private:
  std::unique_ptr<MeterProcess> meter_;
  std::unique_ptr<DlmsCommand> dlms_;
};

// Transport names for parameterised test names.
std::string transport_name(const ::testing::TestParamInfo<Transport>& info);

}  // namespace dlms::system_test
