#include "system_tests/support/exit_status.hpp"

#include <sys/wait.h>

#include <cstring>

namespace dlms::system_test {

std::string ExitStatus::describe() const {
  if (exited) return "exit " + std::to_string(code);
  return "signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
}

ExitStatus ExitStatus::from_wait_status(int status) noexcept {
  ExitStatus s;
  if (WIFEXITED(status)) {
    s.exited = true;
    s.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
  }
  return s;
}

}  // namespace dlms::system_test
