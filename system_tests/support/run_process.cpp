#include "system_tests/support/run_process.hpp"

namespace dlms::system_test {

std::string ProcessResult::describe() const {
  std::string s = timed_out ? "timed out, killed" : status.describe();
  s += " (`" + command + "`)";
  if (!err.empty()) s += "; stderr: " + err;
  if (!out.empty() && out.size() < 2000) s += "; stdout: " + out;
  return s;
}

ProcessResult run_process(const ProcessOptions& options, std::chrono::milliseconds timeout) {
  ProcessResult r;
  for (const auto& a : options.args) {
    if (!r.command.empty()) r.command += ' ';
    r.command += a;
  }
  auto child = ChildProcess::start(options);
  if (auto s = child->wait(timeout)) {
    r.status = *s;
  } else {
    r.timed_out = true;
    r.status = child->kill();
  }
  r.out = child->stdout_text();
  r.err = child->stderr_text();
  return r;
}

}  // namespace dlms::system_test
