#pragma once
// MeterProcess: `sm307-meter` running as a child process on free loopback ports (port 0, the
// OS picks), started and parsed per /work/notes/SESSION3-CONTRACT.md: it waits for
// `sm307-meter: ready` and reads the `listening` lines for the ports and the optical pty.
// SM307_* variables of the test's environment are not passed on (only `env` is), so a
// developer's shell cannot change what the tests see.
//
//   TempDir dir;
//   MeterOptions o;
//   o.program = kMeterPath;
//   o.data_dir = dir / "data";
//   o.optical_pty = true;
//   MeterProcess meter(o);
//   meter.wrapper_port(); meter.optical_device();
//   EXPECT_TRUE(meter.stop().success());

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "system_tests/support/child_process.hpp"
#include "system_tests/support/exit_status.hpp"

namespace dlms::system_test {

struct MeterOptions {
  std::string program;  // path of sm307-meter
  std::filesystem::path data_dir;
  bool wrapper = true;       // --wrapper-port 0 (else -1: disabled)
  bool hdlc = true;          // --hdlc-port 0 (else -1)
  bool optical_pty = false;  // --optical-pty
  std::string speed;         // --speed X when not empty
  std::string backfill;      // --backfill DURATION when not empty
  std::vector<std::string> extra_args;
  std::vector<std::pair<std::string, std::string>> env;
  std::chrono::milliseconds ready_timeout{30000};
};

class MeterProcess {
 public:
  // Starts the meter and waits for `ready`. Throws std::runtime_error (with the meter's
  // output) when it does not get there or a listener asked for is not announced.
  explicit MeterProcess(MeterOptions options);

  [[nodiscard]] std::uint16_t wrapper_port() const noexcept { return wrapper_port_; }
  [[nodiscard]] std::uint16_t hdlc_port() const noexcept { return hdlc_port_; }
  [[nodiscard]] const std::string& optical_device() const noexcept { return optical_device_; }
  [[nodiscard]] pid_t pid() const noexcept { return process_->pid(); }
  [[nodiscard]] ChildProcess& process() noexcept { return *process_; }
  [[nodiscard]] const MeterOptions& options() const noexcept { return options_; }
  // stdout lines up to and including `ready`.
  [[nodiscard]] const std::vector<std::string>& banner() const noexcept { return banner_; }
  // Everything the meter wrote so far, for assertion messages.
  [[nodiscard]] std::string output() const;

  // SIGTERM, then waits for the exit (SIGKILL after `timeout`: then the status says signal 9).
  ExitStatus stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));

 private:
  MeterOptions options_;
  std::unique_ptr<ChildProcess> process_;
  std::vector<std::string> banner_;
  std::uint16_t wrapper_port_ = 0;
  std::uint16_t hdlc_port_ = 0;
  std::string optical_device_;
};

}  // namespace dlms::system_test
