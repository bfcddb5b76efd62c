#include "meter_model/nv_store.hpp"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/sha256.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

const TimeMs kJan1 = ms_from_civil(2025, 1, 1);

struct TempDb {
  std::string path;
  TempDb() {
    path = (std::filesystem::temp_directory_path() /
            ("meter_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".db"))
               .string();
    cleanup();
  }
  ~TempDb() { cleanup(); }
  void cleanup() {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
  static inline int counter = 0;
};

MeterOptions with_store(const std::string& path) {
  MeterOptions o;
  o.store_path = path;
  return o;
}

TEST(NvStore, KeyValueAndFifoTables) {
  TempDb db;
  {
    NvStore s(db.path, NvStore::Sync::kFull);
    s.put("k", std::string("a\0b", 3));
    for (int i = 1; i <= 5; ++i) s.append("events", StoredRow{i, i * 10, i % 2, 40 + i, "x"});
    s.erase_upto("events", 3, 1);  // removes seq 1 and 3 (kind 1)
    s.commit();
    EXPECT_TRUE(s.integrity_ok());
  }
  NvStore s(db.path, NvStore::Sync::kNormal);
  EXPECT_EQ(*s.get("k"), std::string("a\0b", 3));
  EXPECT_FALSE(s.get("none"));
  const auto rows = s.load("events");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].seq, 2);
  EXPECT_EQ(rows[2].code, 45);
}

TEST(NvStore, UncommittedWritesAreNotVisibleAfterAbandon) {
  TempDb db;
  {
    NvStore s(db.path, NvStore::Sync::kNormal);
    s.put("a", "1");
    s.commit();
  }
  // A second connection sees only committed data while the first holds an open transaction.
  NvStore writer(db.path, NvStore::Sync::kNormal);
  writer.put("a", "2");
  NvStore reader(db.path, NvStore::Sync::kNormal);
  EXPECT_EQ(*reader.get("a"), "1");
  writer.commit();
  EXPECT_EQ(*reader.get("a"), "2");
}

TEST(MeterStore, RestartRestoresEverythingAndLogsTheOutage) {
  TempDb db;
  ManualClock clock(kJan1);
  std::int64_t energy = 0;
  {
    Meter m(clock, test::constant_load(), with_store(db.path));
    m.set("threshold.long_outage_s", 600);
    m.set(
        "calendar.passive",
        nlohmann::json::parse(R"({"name": "P", "seasons": [{"name": "s", "month": 1, "day": 1, "week": "w"}],
       "weeks": [{"name": "w", "days": [1,1,1,1,1,1,1]}], "days": [{"id": 1, "switches": [{"time": "00:00", "tariff": 2}]}]})"));
    m.invoke("calendar.activate_passive");
    m.invoke("tamper.terminal_cover", true);
    m.invoke("firmware.initiate", {{"id", "SM307-2.0"}, {"size", 3}, {"sha256", Sha256::hex("abc")}});
    m.invoke("firmware.block", {{"number", 0}, {"data", "abc"}});
    m.invoke("firmware.verify");
    m.invoke("firmware.activate");
    clock.advance(2 * kHour);
    m.run();
    energy = m.energy_mj(0, kActiveImport);
    EXPECT_EQ(m.load_profile().size(), 8u);
  }                            // clean shutdown: commit
  clock.advance(5 * kMinute);  // 300 s off: a short outage
  {
    Meter m(clock, test::constant_load(), with_store(db.path));
    EXPECT_EQ(m.energy_mj(0, kActiveImport), energy);
    EXPECT_EQ(m.tariff_energy_mj(2, kActiveImport), energy);
    EXPECT_EQ(m.active_tariff(), 2);
    EXPECT_EQ(m.load_profile().size(), 8u);
    EXPECT_EQ(m.firmware_version(), "SM307-2.0");
    EXPECT_EQ(m.get("threshold.long_outage_s"), 600);
    EXPECT_EQ(m.alarm_register(), 2u);
    EXPECT_EQ(m.power_failures(), 1);
    EXPECT_EQ(m.long_power_failures(), 0);
    const auto& pf = m.event_log(EventLog::kPowerFailure);
    ASSERT_EQ(pf.size(), 1u);
    EXPECT_EQ(pf[0].value, 300);
    EXPECT_EQ(pf[0].time, kJan1 + 2 * kHour + 5 * kMinute);
    const auto& st = m.event_log(EventLog::kStandard);
    ASSERT_GE(st.size(), 2u);
    EXPECT_EQ(st[st.size() - 2].code, event::kPowerDown);
    EXPECT_EQ(st[st.size() - 2].time, kJan1 + 2 * kHour);
    EXPECT_EQ(st.back().code, event::kPowerUp);
    EXPECT_EQ(m.event_log(EventLog::kFraud).size(), 1u);
    clock.advance(kHour);
    m.run();
    EXPECT_EQ(m.energy_mj(0, kActiveImport), energy + 685'800'000);
    EXPECT_TRUE(m.load_profile()[8].status & 0x80);  // first entry after the outage
  }
}

TEST(MeterStore, LongOutageOverTheBillingDateBillsAtPowerUp) {
  TempDb db;
  ManualClock clock(ms_from_civil(2025, 1, 31, 23));
  {
    Meter m(clock, test::constant_load(), with_store(db.path));
    clock.advance(30 * kMinute);
    m.run();
  }
  clock.set(ms_from_civil(2025, 2, 1, 8));
  Meter m(clock, test::constant_load(), with_store(db.path));
  EXPECT_EQ(m.billing_counter(), 1);
  EXPECT_EQ(m.billing_history().back().time, ms_from_civil(2025, 2, 1, 8));
  EXPECT_EQ(m.billing_history().back().values.at("source"), "power-up");
  EXPECT_EQ(m.long_power_failures(), 1);
}

}  // namespace
}  // namespace dlms::meter
