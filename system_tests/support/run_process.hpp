#pragma once
// run_process: a program run to its end (or killed after a deadline), with its exit status and
// everything it wrote. For short-lived clients such as `dlms`.

#include <chrono>
#include <string>

#include "system_tests/support/child_process.hpp"
#include "system_tests/support/exit_status.hpp"

namespace dlms::system_test {

struct ProcessResult {
  ExitStatus status;
  bool timed_out = false;
  std::string out;
  std::string err;
  // "exit 1 (`dlms ... get ...`); stderr: ...": for assertion messages.
  std::string command;
  [[nodiscard]] std::string describe() const;
};

ProcessResult run_process(const ProcessOptions& options, std::chrono::milliseconds timeout);

}  // namespace dlms::system_test
