// Kill -9 the engine at random moments, many times, and check the store each time: never
// corrupt, energy monotonic and never below what a commit made durable, no committed event lost.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"

namespace dlms::meter {
namespace {

struct Report {
  std::int64_t kind;  // 0 started, 1 committed
  std::int64_t energy_mj;
  std::int64_t event_seq;
};

[[noreturn]] void child(const std::string& path, TimeMs start, int fd, unsigned seed) {
  try {
    ManualClock clock(start);
    MeterOptions o;
    o.store_path = path;
    Meter m(clock, Scenario::default_daily(), o);
    Report r{0, m.committed_energy_mj(), m.committed_event_seq()};
    (void)!::write(fd, &r, sizeof r);
    std::mt19937 rng(seed);
    bool cover = false;
    for (int i = 0; clock.now() < start + 9 * kDay; ++i) {
      clock.advance(1000 * static_cast<TimeMs>(1 + rng() % 600));
      m.run();
      if (i % 7 == 0) {
        cover = !cover;
        m.invoke("tamper.meter_cover", cover);
      }
      r = Report{1, m.committed_energy_mj(), m.committed_event_seq()};
      (void)!::write(fd, &r, sizeof r);
    }
    ::pause();
  } catch (...) {
  }
  ::_exit(3);
}

TEST(CrashTest, KillNineAtRandomMomentsNeverLosesCommittedState) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("meter_crash_" + std::to_string(::getpid()) + ".db"))
          .string();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  std::mt19937 rng(20261124);
  const TimeMs jan1 = ms_from_civil(2025, 1, 1);
  std::int64_t last_energy = 0, starts = 0, killed_running = 0;
  const int rounds = 40;
  for (int round = 0; round < rounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child(path, jan1 + round * 10 * kDay, fds[1], static_cast<unsigned>(round));
    }
    ::close(fds[1]);
    ::usleep(static_cast<useconds_t>(2000 + rng() % 200000));  // some kills land in start-up
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited by itself: " << status;
    Report r{}, last{-1, 0, 0};
    while (::read(fds[0], &r, sizeof r) == sizeof r) {
      if (r.kind == 0) ++starts;
      last = r;
    }
    ::close(fds[0]);
    if (last.kind == 1) ++killed_running;

    NvStore store(path, NvStore::Sync::kNormal);
    ASSERT_TRUE(store.integrity_ok()) << "round " << round;
    const auto blob = store.get("energy");
    if (!blob) {
      ASSERT_EQ(last.kind, -1) << "a commit was reported but the store has no energy";
      continue;
    }
    std::int64_t energy = 0;
    std::memcpy(&energy, blob->data(), sizeof energy);  // scope 0, +A
    EXPECT_GE(energy, last_energy) << "energy went backwards in round " << round;
    EXPECT_GE(energy, last.energy_mj) << "committed energy lost in round " << round;
    last_energy = energy;
    std::int64_t max_seq = 0;
    std::int64_t power_downs = 0;
    for (const auto& e : store.load("events")) {
      max_seq = std::max(max_seq, e.seq);
      if (e.code == event::kPowerDown) ++power_downs;
    }
    EXPECT_GE(max_seq, last.event_seq) << "committed event lost in round " << round;
    // Every restart that got as far as reporting itself logged its power outage.
    EXPECT_GE(power_downs, std::min<std::int64_t>(starts - 1, 100)) << round;
    const auto state = nlohmann::json::parse(*store.get("state"));
    EXPECT_EQ(state.at("counters")[2].get<std::int64_t>(), max_seq) << "event counter and log disagree";
  }
  EXPECT_GT(killed_running, rounds / 4);
  std::printf("[ crash ] %d kills, %lld while running\n", rounds, static_cast<long long>(killed_running));
  EXPECT_GT(last_energy, 0);
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

}  // namespace
}  // namespace dlms::meter
