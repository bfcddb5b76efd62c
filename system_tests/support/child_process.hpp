#pragma once
// ChildProcess: a program started with arguments and environment (fork/exec) in its own
// process group, its stdout and stderr captured through pipes by a reader thread (so a chatty
// child never blocks on a full pipe), stdout split into lines that a test can wait for with a
// deadline.
//
// A child never outlives its test: the destructor kills (SIGKILL) and reaps it and its process
// group, so a failed ASSERT that leaves the scope early still cleans up; once the child has
// ended, what it left in its group is killed too; and the child is started with
// PR_SET_PDEATHSIG = SIGKILL, so it dies even when the test process itself is killed (e.g. by
// a CTest time-out).
//
//   auto p = ChildProcess::start(ProcessOptions{{"/bin/echo", "hi"}, {}, {}});
//   auto line = p->wait_for_line("hi", 5s);      // std::optional<std::string>
//   ExitStatus s = p->wait(5s).value();

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "system_tests/support/exit_status.hpp"

namespace dlms::system_test {

struct ProcessOptions {
  std::vector<std::string> args;                         // args[0]: the program's path
  std::vector<std::pair<std::string, std::string>> env;  // set (or replace) in the child
  std::vector<std::string> unset_env_prefixes;           // inherited names starting so are dropped
};

class ChildProcess {
 public:
  // Throws std::runtime_error when the pipes cannot be made or the fork fails; a program that
  // cannot be executed exits with status 127 (its stderr says why).
  static std::unique_ptr<ChildProcess> start(const ProcessOptions& options);

  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

  // The first stdout line (from the start, not only new ones) starting with `prefix`; nullopt
  // when the deadline passes or stdout ends without one.
  std::optional<std::string> wait_for_line(std::string_view prefix, std::chrono::milliseconds timeout);
  // Every complete stdout line so far.
  [[nodiscard]] std::vector<std::string> stdout_lines() const;
  [[nodiscard]] std::string stdout_text() const;
  [[nodiscard]] std::string stderr_text() const;

  // kill(pid, sig) while the child has not been reaped; false otherwise.
  bool send_signal(int sig) noexcept;
  // Reaps the child when it ends within `timeout` (then all its output has been read);
  // nullopt when it is still running. Once reaped, returns the same status again.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  // SIGKILL and reap (no-op once reaped).
  ExitStatus kill();
  [[nodiscard]] bool running() const noexcept { return !status_.has_value(); }

 private:
  ChildProcess() = default;
  void read_loop();
  void finish_reading();
  void reap(int wait_status);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int wake_read_fd_ = -1;  // finish_reading() -> reader thread
  int wake_write_fd_ = -1;
  std::optional<ExitStatus> status_;
  std::thread reader_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string out_;                 // all stdout
  std::string err_;                 // all stderr
  std::vector<std::string> lines_;  // complete stdout lines
  std::size_t line_start_ = 0;      // where the next unfinished line begins in out_
  bool out_closed_ = false;
  bool err_closed_ = false;
};

}  // namespace dlms::system_test
