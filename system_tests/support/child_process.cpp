#include "system_tests/support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace dlms::system_test {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

bool has_prefix(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// name=value strings of the child's environment: the inherited one without the variables the
// options replace or drop, then the options' own.
std::vector<std::string> child_environment(const ProcessOptions& o) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    bool keep = true;
    for (const auto& [n, v] : o.env) keep = keep && name != n;
    for (const auto& p : o.unset_env_prefixes) keep = keep && !has_prefix(name, p);
    if (keep) env.emplace_back(entry);
  }
  for (const auto& [n, v] : o.env) {
    std::string entry = n;
    entry += '=';
    entry += v;
    env.push_back(std::move(entry));
  }
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> p;
  p.reserve(strings.size() + 1);
  for (auto& s : strings) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(pid_t parent, int in_fd, int out_fd, int err_fd, char* const* argv,
                             char* const* envp) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
  ::setpgid(0, 0);                          // its own group: kill() ends its children too
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(127);
  ::execve(argv[0], argv, envp);
  static constexpr char kMessage[] = "child_process: cannot execute the program\n";
  (void)!::write(2, kMessage, sizeof kMessage - 1);
  ::_exit(127);
}

}  // namespace

std::unique_ptr<ChildProcess> ChildProcess::start(const ProcessOptions& options) {
  if (options.args.empty()) throw std::invalid_argument("ChildProcess: no program");
  std::vector<std::string> args = options.args;
  std::vector<std::string> env = child_environment(options);
  const std::vector<char*> argv = pointers(args);
  const std::vector<char*> envp = pointers(env);

  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  if (::pipe2(out.data(), O_CLOEXEC) != 0) fail("pipe");
  if (::pipe2(err.data(), O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    fail("pipe");
  }
  std::array<int, 2> wake{-1, -1};
  if (::pipe2(wake.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
    fail("pipe");
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = null_fd < 0 ? -1 : ::fork();
  if (pid == 0) exec_child(parent, null_fd, out[1], err[1], argv.data(), envp.data());
  if (pid > 0) ::setpgid(pid, pid);  // as the child does: whichever runs first
  const int saved_errno = errno;
  for (int fd : {out[1], err[1], null_fd}) {
    if (fd >= 0) ::close(fd);
  }
  if (pid < 0) {
    for (int fd : {out[0], err[0], wake[0], wake[1]}) ::close(fd);
    errno = saved_errno;
    fail("fork " + options.args[0]);
  }
  std::unique_ptr<ChildProcess> p(new ChildProcess());
  p->pid_ = pid;
  p->out_fd_ = out[0];
  p->err_fd_ = err[0];
  p->wake_read_fd_ = wake[0];
  p->wake_write_fd_ = wake[1];
  p->reader_ = std::thread([raw = p.get()] { raw->read_loop(); });
  return p;
}

ChildProcess::~ChildProcess() {
  kill();
  finish_reading();
  for (int fd : {wake_read_fd_, wake_write_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

void ChildProcess::read_loop() {
  std::array<char, 4096> buffer{};
  int out_fd = out_fd_;
  int err_fd = err_fd_;
  bool woken = false;
  while ((out_fd >= 0 || err_fd >= 0) && !woken) {
    std::array<pollfd, 3> fds{pollfd{out_fd, POLLIN, 0}, pollfd{err_fd, POLLIN, 0},
                              pollfd{wake_read_fd_, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    // Woken by finish_reading(): what is readable now is read, then the loop ends.
    woken = fds[2].revents != 0;
    for (std::size_t i = 0; i < 2; ++i) {
      int& fd = i == 0 ? out_fd : err_fd;
      if (fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard lock(mutex_);
      if (n <= 0) {
        ::close(fd);
        fd = -1;
        if (i == 0) {
          if (line_start_ < out_.size()) lines_.push_back(out_.substr(line_start_));
          line_start_ = out_.size();
          out_closed_ = true;
        } else {
          err_closed_ = true;
        }
      } else if (i == 0) {
        out_.append(buffer.data(), static_cast<std::size_t>(n));
        for (std::size_t nl = out_.find('\n', line_start_); nl != std::string::npos;
             nl = out_.find('\n', line_start_)) {
          std::size_t end = nl;
          if (end > line_start_ && out_[end - 1] == '\r') --end;
          lines_.push_back(out_.substr(line_start_, end - line_start_));
          line_start_ = nl + 1;
        }
      } else {
        err_.append(buffer.data(), static_cast<std::size_t>(n));
      }
      changed_.notify_all();
    }
  }
  for (int fd : {out_fd, err_fd}) {
    if (fd >= 0) ::close(fd);
  }
  std::lock_guard lock(mutex_);
  if (out_fd >= 0 && line_start_ < out_.size()) lines_.push_back(out_.substr(line_start_));
  line_start_ = out_.size();
  out_closed_ = true;
  err_closed_ = true;
  changed_.notify_all();
}

void ChildProcess::finish_reading() {
  if (!reader_.joinable()) return;
  {
    // The child is gone: its output ends at once unless something else (a grandchild that left
    // the process group) still holds the pipes; that is not waited for long.
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(2), [this] { return out_closed_ && err_closed_; });
  }
  const char byte = 0;
  (void)!::write(wake_write_fd_, &byte, 1);
  reader_.join();
}

void ChildProcess::reap(int status) {
  status_ = ExitStatus::from_wait_status(status);
  ::kill(-pid_, SIGKILL);  // whatever the child left in its process group
  finish_reading();
}

std::optional<std::string> ChildProcess::wait_for_line(std::string_view prefix,
                                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  std::size_t scanned = 0;
  for (;;) {
    for (; scanned < lines_.size(); ++scanned) {
      if (has_prefix(lines_[scanned], prefix)) return lines_[scanned];
    }
    if (out_closed_) return std::nullopt;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && scanned == lines_.size()) {
      return std::nullopt;
    }
  }
}

std::vector<std::string> ChildProcess::stdout_lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::string ChildProcess::stdout_text() const {
  std::lock_guard lock(mutex_);
  return out_;
}

std::string ChildProcess::stderr_text() const {
  std::lock_guard lock(mutex_);
  return err_;
}

bool ChildProcess::send_signal(int sig) noexcept { return !status_ && ::kill(pid_, sig) == 0; }

std::optional<ExitStatus> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reap(status);
      return status_;
    }
    if (r < 0 && errno != EINTR) {
      status_ = ExitStatus{};  // not our child any more: nothing to reap
      finish_reading();
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

ExitStatus ChildProcess::kill() {
  if (status_) return *status_;
  ::kill(pid_, SIGKILL);
  ::kill(-pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reap(status);
  return *status_;
}

}  // namespace dlms::system_test
