// ChildProcess / run_process: spawning with arguments and environment, stdout lines with a
// deadline, exit status, and no process left behind (/bin/sh as the child).
#include "system_tests/support/child_process.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "system_tests/support/run_process.hpp"

namespace dlms::system_test {
namespace {

using namespace std::chrono_literals;

ProcessOptions shell(const std::string& script) { return ProcessOptions{{"/bin/sh", "-c", script}, {}, {}}; }

bool alive(pid_t pid) { return ::kill(pid, 0) == 0; }

// Not running: no such process, or a zombie its new parent has not reaped yet.
bool ended(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_field, name, state;
    if (!(stat >> pid_field >> name >> state) || state == "Z" || state == "X") return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(ChildProcess, CapturesStdoutLinesAndStderrAndExitCode) {
  auto r = run_process(shell("echo one; echo two >&2; printf 'three\\r\\nfour'; exit 3"), 10s);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.status.exited);
  EXPECT_EQ(r.status.code, 3);
  EXPECT_EQ(r.out, "one\nthree\r\nfour");
  EXPECT_EQ(r.err, "two\n");
  EXPECT_NE(r.describe().find("exit 3"), std::string::npos);
}

TEST(ChildProcess, WaitsForALineWithADeadline) {
  auto p = ChildProcess::start(shell("echo starting; sleep 0.2; echo 'sm307-meter: ready'; sleep 30"));
  auto line = p->wait_for_line("sm307-meter: ready", 10s);
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, "sm307-meter: ready");
  EXPECT_FALSE(p->wait_for_line("never", 100ms));
  EXPECT_EQ(p->stdout_lines().size(), 2U);
  EXPECT_TRUE(p->running());
  EXPECT_FALSE(p->wait(10ms));
  EXPECT_TRUE(p->send_signal(SIGTERM));
  auto s = p->wait(10s);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->exited);
  EXPECT_EQ(s->signal, SIGTERM);
  EXPECT_FALSE(p->send_signal(SIGTERM));  // reaped: nothing to signal
}

TEST(ChildProcess, WaitForLineEndsWhenStdoutCloses) {
  auto p = ChildProcess::start(shell("echo bye"));
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(p->wait_for_line("ready", 20s));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
  EXPECT_TRUE(p->wait(10s)->success());
}

TEST(ChildProcess, EnvironmentIsSetAndPrefixedVariablesDropped) {
  ::setenv("SM307_SYSTEM_TEST_PROBE", "leaked", 1);
  ProcessOptions o = shell("echo \"a=$ST_A b=${SM307_SYSTEM_TEST_PROBE:-unset} c=$SM307_KEEP\"");
  o.env = {{"ST_A", "1"}, {"SM307_KEEP", "given"}};
  o.unset_env_prefixes = {"SM307_"};
  auto r = run_process(o, 10s);
  ::unsetenv("SM307_SYSTEM_TEST_PROBE");
  EXPECT_EQ(r.out, "a=1 b=unset c=given\n");
}

TEST(ChildProcess, DestructorKillsARunningChild) {
  pid_t pid = 0;
  {
    auto p = ChildProcess::start(shell("exec sleep 60"));
    pid = p->pid();
    EXPECT_TRUE(alive(pid));
  }
  EXPECT_FALSE(alive(pid));  // killed and reaped: not even a zombie
}

TEST(ChildProcess, KillEndsWhatTheChildStartedToo) {
  auto p = ChildProcess::start(shell("sleep 60 & echo $!; wait"));
  auto line = p->wait_for_line("", 10s);
  ASSERT_TRUE(line);
  const pid_t grandchild = std::stoi(*line);
  EXPECT_TRUE(alive(grandchild));
  p->kill();
  EXPECT_TRUE(ended(grandchild));
}

TEST(ChildProcess, DeadlineKillsAHangingProgram) {
  const auto t0 = std::chrono::steady_clock::now();
  auto r = run_process(shell("exec sleep 60"), 200ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.status.signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
}

TEST(ChildProcess, ProgramThatCannotRunExits127) {
  auto r = run_process(ProcessOptions{{"/nonexistent/program"}, {}, {}}, 10s);
  EXPECT_EQ(r.status.code, 127);
  EXPECT_NE(r.err.find("cannot execute"), std::string::npos);
}

TEST(ChildProcess, ChattyStderrDoesNotBlockTheChild) {
  // 1 MB on stderr (far beyond a pipe's 64 KiB) while the test only waits for stdout.
  auto p = ChildProcess::start(shell("head -c 1000000 /dev/zero | tr '\\0' x >&2; echo done"));
  EXPECT_TRUE(p->wait_for_line("done", 20s));
  EXPECT_TRUE(p->wait(10s)->success());
  EXPECT_EQ(p->stderr_text().size(), 1000000U);
}

}  // namespace
}  // namespace dlms::system_test
