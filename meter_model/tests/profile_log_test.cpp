// ProfileLog: the load and daily profiles' entries, in memory or read from the store on demand.
#include "meter_model/profile_log.hpp"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/nv_store.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

struct TempDb {
  std::string path;
  TempDb() {
    path = (std::filesystem::temp_directory_path() /
            ("profile_log_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".db"))
               .string();
    cleanup();
  }
  ~TempDb() { cleanup(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  void cleanup() const {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
  static inline int counter = 0;
};

ProfileEntry entry(std::int64_t seq) {
  ProfileEntry e;
  e.seq = seq;
  e.time = seq * 15 * kMinute;
  e.status = static_cast<int>(seq % 256);
  for (int c = 0; c < kProfileChannels; ++c) e.values[c] = static_cast<double>(seq) * 100.0 + c + 0.25;
  return e;
}

void expect_entry(const ProfileEntry& e, std::int64_t seq) {
  const ProfileEntry want = entry(seq);
  EXPECT_EQ(e.seq, want.seq);
  EXPECT_EQ(e.time, want.time);
  EXPECT_EQ(e.status, want.status);
  EXPECT_EQ(e.values, want.values);
}

// The same checks for a log holding entries first..last.
void expect_holds(const ProfileLog& log, std::int64_t first, std::int64_t last) {
  ASSERT_EQ(log.size(), static_cast<std::size_t>(last - first + 1));
  EXPECT_EQ(log.first_sequence(), first);
  EXPECT_EQ(log.last_sequence(), last);
  expect_entry(log.front(), first);
  expect_entry(log.back(), last);
  EXPECT_EQ(log.find(first - 1), nullptr);
  EXPECT_EQ(log.find(last + 1), nullptr);
  std::int64_t seq = first;
  for (const auto& e : log) expect_entry(e, seq++);
  EXPECT_EQ(seq, last + 1);
  for (std::int64_t s = last; s >= first; s -= 7) {
    const ProfileEntry* e = log.find(s);
    ASSERT_NE(e, nullptr) << s;
    expect_entry(*e, s);
    expect_entry(log[static_cast<std::size_t>(s - first)], s);
  }
}

TEST(ProfileLog, InMemoryFifoDropsTheOldestBeyondItsCapacity) {
  ProfileLog log(100);
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(log.first_sequence(), 0);
  EXPECT_EQ(log.find(1), nullptr);
  EXPECT_EQ(log.begin(), log.end());
  for (int s = 1; s <= 60; ++s) log.append(entry(s));
  expect_holds(log, 1, 60);
  for (int s = 61; s <= 250; ++s) log.append(entry(s));
  expect_holds(log, 151, 250);
  EXPECT_EQ(log.store_reads(), 0U);
}

TEST(ProfileLog, StoreBackedLogReadsTheSameEntriesAndTrimsTheTable) {
  TempDb db;
  NvStore store(db.path, NvStore::Sync::kNormal);
  ProfileLog log(300);
  log.attach(store, "profile");
  EXPECT_TRUE(log.empty());
  for (int s = 1; s <= 1000; ++s) {
    log.append(entry(s));
    if (s % 96 == 0) store.commit();
  }
  expect_holds(log, 701, 1000);  // also sees the open transaction's rows
  store.commit();
  const StoredSpan span = store.span("profile");
  EXPECT_EQ(span.first, 701);
  EXPECT_EQ(span.last, 1000);
  EXPECT_EQ(span.count, 300);
  // The rows as Meter wrote them before ProfileLog: status in `kind`, the values as doubles.
  const auto rows = store.load("profile");
  ASSERT_EQ(rows.size(), 300U);
  EXPECT_EQ(rows[0].kind, entry(701).status);
  EXPECT_EQ(rows[0].data.size(), sizeof(double) * kProfileChannels);
}

TEST(ProfileLog, RestartTakesTheStoredEntries) {
  TempDb db;
  {
    NvStore store(db.path, NvStore::Sync::kNormal);
    ProfileLog log(50);
    log.attach(store, "daily");
    for (int s = 1; s <= 80; ++s) log.append(entry(s));
  }  // ~NvStore commits
  NvStore store(db.path, NvStore::Sync::kNormal);
  ProfileLog log(50);
  log.append(entry(1));  // held in memory until attached: dropped by attach()
  log.attach(store, "daily");
  expect_holds(log, 31, 80);
  log.append(entry(81));
  expect_holds(log, 32, 81);
}

// What the COSEM binding does: every column of every row in sequence order. One query per
// kBatch rows, not one per row or per cell.
TEST(ProfileLog, SequentialReadCostsOneQueryPerBatch) {
  TempDb db;
  NvStore store(db.path, NvStore::Sync::kNormal);
  ProfileLog log(kLoadProfileCapacity);
  log.attach(store, "profile");
  const auto n = static_cast<std::int64_t>(kLoadProfileCapacity);
  for (std::int64_t s = 1; s <= n + 5; ++s) log.append(entry(s));
  store.commit();
  const std::size_t before = log.store_reads();
  for (std::int64_t s = log.first_sequence(); s <= log.last_sequence(); ++s) {
    for (int column = 0; column < 2 + kProfileChannels; ++column) {
      const ProfileEntry* e = log.find(s);
      ASSERT_NE(e, nullptr);
      ASSERT_EQ(e->seq, s);
    }
  }
  EXPECT_EQ(log.store_reads() - before, (kLoadProfileCapacity + ProfileLog::kBatch - 1) / ProfileLog::kBatch);
  // Appending keeps the cached rows (entries never change once written).
  const std::size_t reads = log.store_reads();
  ASSERT_NE(log.find(log.last_sequence()), nullptr);
  log.append(entry(n + 6));
  expect_entry(*log.find(n + 5), n + 5);
  EXPECT_EQ(log.store_reads(), reads);
  expect_entry(*log.find(n + 6), n + 6);  // past the cached rows: read
  EXPECT_EQ(log.store_reads(), reads + 1);
  EXPECT_EQ(log.find(6), nullptr);  // dropped
  // From the newest backwards: one query per batch as well.
  const std::size_t backwards = log.store_reads();
  for (std::int64_t s = log.last_sequence(); s >= log.first_sequence(); --s) {
    const ProfileEntry* e = log.find(s);
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->seq, s);
  }
  EXPECT_LE(log.store_reads() - backwards, kLoadProfileCapacity / ProfileLog::kBatch + 2);
}

TEST(ProfileLog, AttachingToATableTheStoreDoesNotHaveThrows) {
  TempDb db;
  NvStore store(db.path, NvStore::Sync::kNormal);
  ProfileLog log(10);
  EXPECT_THROW(log.attach(store, "no_such_table"), std::logic_error);
}

// The meter with a store serves the same load and daily profile as without one, and again
// after a restart.
TEST(ProfileLog, MeterWithAStoreServesTheSameProfilesAsWithout) {
  TempDb db;
  const TimeMs t0 = ms_from_civil(2025, 3, 1);
  ManualClock clock(t0);
  MeterOptions with_store;
  with_store.store_path = db.path;
  Meter plain(clock, test::constant_load(2.0, 10.0));
  std::vector<ProfileEntry> load;
  std::vector<ProfileEntry> daily;
  {
    Meter stored(clock, test::constant_load(2.0, 10.0), with_store);
    clock.advance(3 * kDay + 5 * kHour);
    plain.run();
    stored.run();
    ASSERT_EQ(stored.load_profile().size(), plain.load_profile().size());
    ASSERT_EQ(stored.load_profile().size(), 3U * 96U + 20U);
    ASSERT_EQ(stored.daily_profile().size(), 3U);
    for (const auto& e : stored.load_profile()) load.push_back(e);
    for (const auto& e : stored.daily_profile()) daily.push_back(e);
    std::size_t k = 0;
    for (const auto& e : plain.load_profile()) {
      EXPECT_EQ(e.seq, load[k].seq);
      EXPECT_EQ(e.time, load[k].time);
      EXPECT_EQ(e.status, load[k].status);
      EXPECT_EQ(e.values, load[k].values);
      ++k;
    }
    k = 0;
    for (const auto& e : plain.daily_profile()) EXPECT_EQ(e.values, daily[k++].values);
  }
  Meter restarted(clock, test::constant_load(2.0, 10.0), with_store);
  ASSERT_EQ(restarted.load_profile().size(), load.size());
  std::size_t k = 0;
  for (const auto& e : restarted.load_profile()) {
    EXPECT_EQ(e.seq, load[k].seq);
    EXPECT_EQ(e.values, load[k].values);
    ++k;
  }
  ASSERT_EQ(restarted.daily_profile().size(), daily.size());
  EXPECT_EQ(restarted.daily_profile().back().time, daily.back().time);
}

}  // namespace
}  // namespace dlms::meter
