#pragma once
// ExitStatus: how a child process ended (waitpid status decoded), with a one-line description
// for test failure messages.

#include <string>

namespace dlms::system_test {

struct ExitStatus {
  bool exited = false;  // normal exit (then `code`), else killed by `signal`
  int code = -1;
  int signal = 0;

  [[nodiscard]] bool success() const noexcept { return exited && code == 0; }
  // "exit 0", "exit 2", "signal 9 (Killed)".
  [[nodiscard]] std::string describe() const;

  // Decodes a waitpid() status word.
  static ExitStatus from_wait_status(int status) noexcept;
};

}  // namespace dlms::system_test
