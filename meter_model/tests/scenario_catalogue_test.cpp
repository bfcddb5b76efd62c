#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/scenario.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

const TimeMs kJan1 = ms_from_civil(2025, 1, 1);

TEST(Scenario, CsvFileLinearInterpolation) {
  const Scenario s = Scenario::from_file(std::string(DLMS_TEST_DATA_DIR) + "/scenario.csv");
  EXPECT_EQ(s.period_ms(), 0);
  const InputSample x = s.sample_at(kJan1 + 30 * kMinute);
  EXPECT_DOUBLE_EQ(x.phase[0].current_a, 2.0);
  EXPECT_DOUBLE_EQ(x.phase[1].current_a, 1.0);
  EXPECT_DOUBLE_EQ(s.sample_at(kJan1 - kDay).phase[0].current_a, 1.0);  // before: first values hold
  EXPECT_DOUBLE_EQ(s.sample_at(kJan1 + kDay).phase[0].current_a, 3.0);  // after: last values hold
  // Energy of L1 over the ramp: 63.5 V * mean(1..3 A) * 1 h = 127 Wh.
  ManualClock clock(kJan1);
  Meter m(clock, s);
  m.advance_to(kJan1 + kHour);
  EXPECT_NEAR(static_cast<double>(m.energy_mj(1, kActiveImport)), 127.0 * kMjPerWh, 1.0);  // within 1 mJ
}

TEST(Scenario, JsonFilePeriodicStep) {
  const Scenario s = Scenario::from_file(std::string(DLMS_TEST_DATA_DIR) + "/scenario.json");
  EXPECT_EQ(s.period_ms(), kDay);
  EXPECT_DOUBLE_EQ(s.sample_at(kJan1 + 11 * kHour).phase[0].current_a, 1.0);
  EXPECT_DOUBLE_EQ(s.sample_at(kJan1 + 13 * kHour).phase[0].current_a, 2.0);
  EXPECT_DOUBLE_EQ(s.sample_at(kJan1 + 13 * kHour).phase[0].angle_deg, 180);
  ManualClock clock(kJan1);
  Meter m(clock, s);
  m.advance_to(kJan1 + 2 * kDay);
  EXPECT_EQ(m.energy_mj(0, kActiveImport), 2LL * 3 * 635 * 12 * 360'000);  // 3 * 63.5 W * 12 h, twice
  EXPECT_EQ(m.energy_mj(0, kActiveExport), 2LL * 3 * 1270 * 12 * 360'000);
}

TEST(Scenario, RejectsBadInput) {
  EXPECT_THROW(Scenario::from_csv_text("0,1,2\n"), std::invalid_argument);
  EXPECT_THROW(Scenario::from_csv_text("10,63,63,63,1,1,1,0,0,0,50\n5,63,63,63,1,1,1,0,0,0,50\n"),
               std::invalid_argument);
  EXPECT_THROW(Scenario::from_csv_text("0,63,63,63,-1,1,1,0,0,0,50\n"), std::invalid_argument);
  EXPECT_THROW(Scenario::from_csv_text("2025-01-01 00:00,63,63,63,1,1,1,0,0,0,50\n"), std::invalid_argument);
  EXPECT_THROW(
      Scenario::from_json_text(
          R"({"period_s": 10, "samples": [{"t": 20, "v": [1,1,1], "i": [1,1,1], "angle": [0,0,0]}]})"),
      std::invalid_argument);
  EXPECT_THROW(Scenario::from_csv_text(""), std::invalid_argument);
}

TEST(Catalogue, DataFileIsCurrent) {
  const std::string path = std::string(DLMS_SOURCE_DIR) + "/meter_model/quantities.json";
  const nlohmann::json expected = Meter::catalogue_json();
  if (std::getenv("DLMS_UPDATE_CATALOGUE")) {
    std::ofstream(path) << expected.dump(1) << "\n";
  }
  std::ifstream f(path);
  ASSERT_TRUE(f) << path << " missing: run with DLMS_UPDATE_CATALOGUE=1";
  const auto file = nlohmann::json::parse(f);
  EXPECT_EQ(file, expected) << "quantities.json is stale: run the test with DLMS_UPDATE_CATALOGUE=1";
}

TEST(Catalogue, EveryNameResolvesWithItsTypeAndIsUnique) {
  std::ifstream f(std::string(DLMS_SOURCE_DIR) + "/meter_model/quantities.json");
  const auto file = nlohmann::json::parse(f);
  ManualClock clock(kJan1);
  Meter m(clock, Scenario::default_daily());
  m.advance_to(kJan1 + kHour);
  std::set<std::string> names;
  int energy = 0, tariff = 0, demand_tariff = 0;
  for (const auto& q : file.at("quantities")) {
    const std::string name = q.at("name");
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(name).second);
    const auto v = m.get(name);
    const std::string type = q.at("type");
    if (type == "double") {
      EXPECT_TRUE(v.is_number());
    }
    if (type == "integer" || type == "time") {
      EXPECT_TRUE(v.is_number_integer());
    }
    if (type == "boolean") {
      EXPECT_TRUE(v.is_boolean());
    }
    if (type == "string") {
      EXPECT_TRUE(v.is_string());
    }
    if (type == "profile" || type == "log" || type == "list") {
      EXPECT_TRUE(v.is_array());
    }
    if (type == "calendar") {
      EXPECT_TRUE(v.is_object());
    }
    // The datasheet's 32 energy tariff registers (TOU of the import/export quantities); the
    // absolute registers per tariff come on top.
    if (name.rfind("energy.", 0) == 0 && name.find(".t") != std::string::npos &&
        name.find("total") == std::string::npos && name.find("absolute") == std::string::npos)
      ++tariff;
    if (name.rfind("energy.", 0) == 0) ++energy;
    const bool per_tariff = name.size() > 3 && name[name.size() - 3] == '.' && name[name.size() - 2] == 't';
    if (name.rfind("demand.", 0) == 0 && per_tariff &&
        (name.find(".max.") != std::string::npos || name.find(".cumulative.") != std::string::npos))
      ++demand_tariff;
  }
  EXPECT_EQ(tariff, 32);         // 8 energy quantities x 4 tariffs
  EXPECT_EQ(demand_tariff, 32);  // (maximum + cumulative) x 4 demand quantities x 4 tariffs
  std::set<int> codes;
  for (const auto& e : file.at("events")) EXPECT_TRUE(codes.insert(e.at("code").get<int>()).second);
}

TEST(Catalogue, SettableValuesRoundTripThroughTheSameNames) {
  ManualClock clock(kJan1);
  Meter m(clock, test::constant_load());
  m.set("threshold.over_current_a", 5.5);
  EXPECT_EQ(m.get("threshold.over_current_a"), 5.5);
  m.set("demand.period_s", 1800);
  EXPECT_EQ(m.get("demand.period_s"), 1800);
  EXPECT_THROW(m.set("demand.period_s", 700), std::invalid_argument);  // does not divide an hour
  auto channels = m.get("profile.load.capture_objects");
  channels[15] = "instantaneous.reactive_power.total";
  m.set("profile.load.capture_objects", channels);
  channels[15] = "log.fraud";
  EXPECT_THROW(m.set("profile.load.capture_objects", channels), std::invalid_argument);
  EXPECT_THROW(
      m.set("calendar.passive", nlohmann::json::parse(R"({"seasons": [], "weeks": [], "days": []})")),
      std::invalid_argument);
  EXPECT_THROW(m.set("calendar.special_days",
                     nlohmann::json::parse(R"([{"index": 1, "month": 1, "day": 2, "day_id": 9}])")),
               std::invalid_argument);
  EXPECT_EQ(m.event_count(event::kParameterChanged), 3);
}

TEST(Calendar, PassiveCalendarActivatesAtItsTime) {
  ManualClock clock(kJan1);
  Meter m(clock, test::constant_load());
  auto cal =
      nlohmann::json::parse(R"({"name": "B", "seasons": [{"name": "s", "month": 1, "day": 1, "week": "w"}],
     "weeks": [{"name": "w", "days": [1,1,1,1,1,1,1]}], "days": [{"id": 1, "switches": [{"time": "00:00", "tariff": 3}]}]})");
  m.set("calendar.passive", cal);
  m.set("calendar.activation_time", kJan1 + 2 * kHour + 30 * kMinute);
  m.advance_to(kJan1 + 2 * kHour + 30 * kMinute - 1);
  EXPECT_EQ(m.active_tariff(), 1);
  m.advance_to(kJan1 + 2 * kHour + 30 * kMinute);
  EXPECT_EQ(m.active_tariff(), 3);
  EXPECT_EQ(m.get("calendar.active").at("name"), "B");
  EXPECT_EQ(m.event_count(event::kTouActivated), 1);
  EXPECT_EQ(m.get("calendar.activation_time"), -1);
}

}  // namespace
}  // namespace dlms::meter
