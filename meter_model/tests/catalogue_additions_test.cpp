// Catalogue quantities of issue #7's second round: last event code per log, absolute energy per
// tariff, neutral current, voltage angles, firmware signature.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "meter_model/meter.hpp"
#include "meter_model/sha256.hpp"
#include "meter_model/tests/test_support.hpp"

namespace dlms::meter {
namespace {

using test::at;
using test::constant_load;

const TimeMs kJan1 = ms_from_civil(2025, 1, 1);

std::string temp_db(const char* name) {
  const auto p = std::filesystem::temp_directory_path() / name;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + ext);
  return p.string();
}

int last(const Meter& m, const char* log) {
  return m.get(std::string("log.") + log + ".last_code").get<int>();
}

TEST(CatalogueAdditions, LastEventCodePerLogIsZeroWhenEmptyThenTheNewestCode) {
  ManualClock clock(kJan1);
  Meter m(clock, constant_load());
  for (const char* l : {"standard", "fraud", "disconnector", "power_quality", "power_failure"}) {
    EXPECT_EQ(last(m, l), 0) << l;
  }
  m.invoke("tamper.meter_cover", true);
  EXPECT_EQ(last(m, "fraud"), event::kMeterCoverOpen);
  m.invoke("tamper.meter_cover", false);
  EXPECT_EQ(last(m, "fraud"), event::kMeterCoverClosed);
  m.invoke("relay.remote_disconnect");
  EXPECT_EQ(last(m, "disconnector"), event::kRemoteDisconnection);
  m.set("threshold.voltage_time_s", 30);
  EXPECT_EQ(last(m, "standard"), event::kParameterChanged);
  EXPECT_EQ(last(m, "power_quality"), 0);
  EXPECT_EQ(last(m, "power_failure"), 0);
  EXPECT_EQ(m.last_event_code(EventLog::kFraud), event::kMeterCoverClosed);
}

TEST(CatalogueAdditions, LastEventCodeOfPowerQualityAndPowerFailureLogs) {
  // 77 V on every phase from 10 s (over voltage after 60 s; L1, L2, L3 in this order), then all
  // phases off for 200 s (long outage).
  const Scenario s({at(kJan1, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 0}),
                    at(kJan1 + 10'000, {77, 77, 77}, {1, 1, 1}, {0, 0, 0}),
                    at(kJan1 + 100'000, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}),
                    at(kJan1 + 300'000, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 0})},
                   0, Interpolation::kStep);
  ManualClock clock(kJan1);
  Meter m(clock, s);
  m.advance_to(kJan1 + 69'000);
  EXPECT_EQ(last(m, "power_quality"), 0);
  m.advance_to(kJan1 + 70'000);
  EXPECT_EQ(last(m, "power_quality"), event::kOverVoltageL1 + 2);
  m.advance_to(kJan1 + 301'000);
  EXPECT_EQ(last(m, "power_failure"), event::kLongPowerFailure);
  EXPECT_EQ(last(m, "standard"), event::kPowerUp);
  EXPECT_EQ(m.get("log.power_failure.last_code").get<int>(), 231);
}

nlohmann::json day_night_calendar() {
  // T1 from 06:00, T2 from 22:00 every day.
  return nlohmann::json::parse(
      R"({"name": "DN", "seasons": [{"name": "all", "month": 1, "day": 1, "week": "w"}],
      "weeks": [{"name": "w", "days": [1,1,1,1,1,1,1]}],
      "days": [{"id": 1, "switches": [{"time": "06:00", "tariff": 1}, {"time": "22:00", "tariff": 2}]}]})");
}

TEST(CatalogueAdditions, AbsoluteEnergyPerTariffAccumulatesInTheActiveTariff) {
  ManualClock clock(kJan1);
  MeterOptions o;
  o.measurement_step_ms = 60'000;
  Meter m(clock, Scenario::default_daily(), o);
  m.set("calendar.passive", day_night_calendar());
  m.invoke("calendar.activate_passive");
  m.advance_to(kJan1 + 3 * kDay);
  for (EnergyQuantity q : {kActiveAbsolute, kReactiveAbsolute}) {
    std::int64_t sum = 0;
    for (int t = 1; t <= kTariffs; ++t) {
      const std::int64_t v = m.tariff_energy_mj(t, q);
      sum += v;
      const EnergyQuantity imp = q == kActiveAbsolute ? kActiveImport : kReactiveImport;
      const EnergyQuantity exp = q == kActiveAbsolute ? kActiveExport : kReactiveExport;
      EXPECT_EQ(v, m.tariff_energy_mj(t, imp) + m.tariff_energy_mj(t, exp)) << q << " t" << t;
      const std::string name =
          std::string(q == kActiveAbsolute ? "energy.active_absolute.t" : "energy.reactive_absolute.t") +
          std::to_string(t);
      EXPECT_DOUBLE_EQ(m.get(name).get<double>(), static_cast<double>(v) / kMjPerWh) << name;
    }
    EXPECT_EQ(sum, m.energy_mj(0, q)) << q;  // the tariffs sum exactly to the total
    EXPECT_GT(m.tariff_energy_mj(1, q), 0);
    EXPECT_GT(m.tariff_energy_mj(2, q), 0);
    EXPECT_EQ(m.tariff_energy_mj(3, q), 0);
    EXPECT_EQ(m.tariff_energy_mj(4, q), 0);
  }
  // Units.
  for (const auto& i : Meter::catalogue()) {
    if (i.name == "energy.active_absolute.t1") {
      EXPECT_EQ(i.unit, "Wh");
    }
    if (i.name == "energy.reactive_absolute.t4") {
      EXPECT_EQ(i.unit, "varh");
    }
  }
}

TEST(CatalogueAdditions, AbsoluteTariffEnergyIsBilledAndPersisted) {
  const std::string db = temp_db("sm307_abs_tariff.db");
  ManualClock clock(kJan1);
  std::int64_t t1 = 0;
  {
    MeterOptions o;
    o.store_path = db;
    Meter m(clock, constant_load(), o);
    clock.set(kJan1 + 2 * kHour);
    m.run();
    t1 = m.tariff_energy_mj(1, kActiveAbsolute);
    EXPECT_EQ(t1, 2 * 685'800'000LL);
    m.invoke("billing.reset_remote");
    EXPECT_EQ(m.billing_history().back().values.at("energy.active_absolute.t1").get<std::int64_t>(), t1);
  }
  MeterOptions o;
  o.store_path = db;
  Meter m(clock, constant_load(), o);
  EXPECT_EQ(m.tariff_energy_mj(1, kActiveAbsolute), t1);
}

TEST(CatalogueAdditions, StoreWithoutAbsoluteTariffRegistersDerivesThem) {
  const std::string db = temp_db("sm307_abs_tariff_old.db");
  ManualClock clock(kJan1);
  std::int64_t imp = 0;
  {
    MeterOptions o;
    o.store_path = db;
    Meter m(clock, constant_load(), o);
    clock.set(kJan1 + kHour);
    m.run();
    imp = m.tariff_energy_mj(1, kActiveImport);
  }
  {
    // Rewrite the energy blob in the earlier layout: 8 registers per tariff.
    NvStore store(db, NvStore::Sync::kNormal);
    std::string blob = *store.get("energy");
    const std::size_t scope_bytes = sizeof(std::int64_t) * kScopes * kEnergyQuantities;
    std::string old = blob.substr(0, scope_bytes);
    for (int t = 0; t < kTariffs; ++t)
      old +=
          blob.substr(scope_bytes + sizeof(std::int64_t) * kEnergyQuantities * t, sizeof(std::int64_t) * 8);
    store.put("energy", old);
    store.commit();
  }
  MeterOptions o;
  o.store_path = db;
  Meter m(clock, constant_load(), o);
  EXPECT_EQ(m.tariff_energy_mj(1, kActiveImport), imp);
  EXPECT_EQ(m.tariff_energy_mj(1, kActiveAbsolute), imp);
  EXPECT_EQ(m.tariff_energy_mj(1, kReactiveAbsolute), 0);
}

TEST(CatalogueAdditions, NeutralCurrentIsThePhasorSum) {
  ManualClock clock(kJan1);
  {
    Meter m(clock, constant_load(1.0));  // balanced: the phasors cancel
    EXPECT_NEAR(m.get("instantaneous.current.neutral").get<double>(), 0.0, 1e-12);
  }
  {
    // Only L2 loaded: In = I2.
    Meter m(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {0, 2.5, 0}, {0, 30, 0})}, 0, Interpolation::kStep));
    EXPECT_NEAR(m.get("instantaneous.current.neutral").get<double>(), 2.5, 1e-12);
  }
  {
    // L1 and L2 at 1 A, resistive, 120 deg apart: In = 1 A; L3 at 1 A too but 180 deg (export)
    // adds -I3: |I1 + I2 - I3'| with I3' at 240 deg lag gives 2 A.
    Meter m(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {1, 1, 0}, {0, 0, 0})}, 0, Interpolation::kStep));
    EXPECT_NEAR(m.neutral_current_a(), 1.0, 1e-12);
    Meter n(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 0, 180})}, 0, Interpolation::kStep));
    EXPECT_NEAR(n.neutral_current_a(), 2.0, 1e-12);
  }
  {
    // Balanced magnitudes but different angles: I1 at 0, I2 at -120-60, I3 at -240: compute.
    Meter m(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {1, 1, 1}, {0, 60, 0})}, 0, Interpolation::kStep));
    const double pi = 3.14159265358979323846;
    const double re = 1 + std::cos(-180 * pi / 180) + std::cos(-240 * pi / 180);
    const double im = std::sin(-180 * pi / 180) + std::sin(-240 * pi / 180);
    EXPECT_NEAR(m.neutral_current_a(), std::hypot(re, im), 1e-12);
  }
  {
    // An open disconnector stops every current.
    Meter m(clock, Scenario({at(0, {63.5, 63.5, 63.5}, {0, 2.5, 0}, {0, 0, 0})}, 0, Interpolation::kStep));
    m.invoke("relay.remote_disconnect");
    EXPECT_EQ(m.neutral_current_a(), 0.0);
  }
}

TEST(CatalogueAdditions, VoltageAnglesComeFromTheScenario) {
  ManualClock clock(kJan1 + 12 * kHour);
  {
    Meter m(clock, Scenario::default_daily());
    EXPECT_DOUBLE_EQ(m.get("instantaneous.voltage_angle.l2").get<double>(), 120.0);
    EXPECT_DOUBLE_EQ(m.get("instantaneous.voltage_angle.l3").get<double>(), 240.0);
  }
  {
    // CSV with the two optional columns: negative sequence (L2 at 240, L3 at -240 = 120).
    const Scenario s = Scenario::from_csv_text(
        "time,v1,v2,v3,i1,i2,i3,a1,a2,a3,f,u2,u3\n"
        "0,63.5,63.5,63.5,1,1,1,0,0,0,50,240,-240\n");
    Meter m(clock, s);
    EXPECT_DOUBLE_EQ(m.voltage_angle_deg(1), 240.0);
    EXPECT_DOUBLE_EQ(m.voltage_angle_deg(2), 120.0);
    EXPECT_GT(m.neutral_current_a(), -1.0);
    EXPECT_NEAR(m.neutral_current_a(), 0.0, 1e-12);  // still balanced
  }
  {
    // JSON "u_angle": [U(L2), U(L3)]; held from one breakpoint to the next like phi.
    const Scenario s = Scenario::from_json_text(R"({"samples": [
        {"t": 0, "v": [63.5,63.5,63.5], "i": [1,1,1], "angle": [0,0,0], "u_angle": [118, 242]},
        {"t": "2025-01-02T00:00:00Z", "v": [63.5,63.5,63.5], "i": [1,1,1], "angle": [0,0,0], "u_angle": [125, 236]}]})");
    Meter m(clock, s);
    EXPECT_DOUBLE_EQ(m.get("instantaneous.voltage_angle.l2").get<double>(), 118.0);
    EXPECT_DOUBLE_EQ(m.get("instantaneous.voltage_angle.l3").get<double>(), 242.0);
    m.advance_to(kJan1 + kDay + kHour);
    EXPECT_DOUBLE_EQ(m.voltage_angle_deg(1), 125.0);
  }
  EXPECT_THROW(Scenario::from_csv_text("0,63.5,63.5,63.5,1,1,1,0,0,0,50,400,120\n"), std::invalid_argument);
  EXPECT_THROW(Scenario::from_csv_text("0,63.5,63.5,63.5,1,1,1,0,0,0,50,120\n"), std::invalid_argument);
}

TEST(CatalogueAdditions, FirmwareSignatureIsTheHashOfTheActiveImage) {
  const std::string db = temp_db("sm307_fw_signature.db");
  ManualClock clock(kJan1);
  const std::string image(1000, 'x');
  const std::string hash = Sha256::hex(image);
  {
    MeterOptions o;
    o.store_path = db;
    Meter m(clock, constant_load(), o);
    // Factory image: the hash of its version string stands in.
    EXPECT_EQ(m.get("firmware.signature"), Sha256::hex("SM307-1.0.0"));
    m.invoke("firmware.initiate",
             {{"id", "SM307-1.1.0"}, {"size", 1000}, {"block_size", 400}, {"sha256", hash}});
    m.invoke("firmware.block", {{"number", 0}, {"data", image.substr(0, 400)}});
    m.invoke("firmware.block", {{"number", 1}, {"data", image.substr(400, 400)}});
    m.invoke("firmware.block", {{"number", 2}, {"data", image.substr(800)}});
    EXPECT_EQ(m.invoke("firmware.verify"), true);
    EXPECT_EQ(m.get("firmware.signature"), Sha256::hex("SM307-1.0.0"));  // not active yet
    m.invoke("firmware.activate");
    EXPECT_EQ(m.get("firmware.signature"), hash);
    EXPECT_EQ(m.firmware_signature().size(), 64U);
  }
  MeterOptions o;
  o.store_path = db;
  Meter m(clock, constant_load(), o);
  EXPECT_EQ(m.get("firmware.version"), "SM307-1.1.0");
  EXPECT_EQ(m.get("firmware.signature"), hash);  // survives the restart
}

TEST(CatalogueAdditions, NewNamesHaveTheirTypesAndUnits) {
  struct Want {
    const char* name;
    const char* type;
    const char* unit;
  };
  const Want want[] = {
      {"log.standard.last_code", "integer", ""},
      {"log.fraud.last_code", "integer", ""},
      {"log.disconnector.last_code", "integer", ""},
      {"log.power_quality.last_code", "integer", ""},
      {"log.power_failure.last_code", "integer", ""},
      {"energy.active_absolute.t1", "double", "Wh"},
      {"energy.active_absolute.t2", "double", "Wh"},
      {"energy.active_absolute.t3", "double", "Wh"},
      {"energy.active_absolute.t4", "double", "Wh"},
      {"energy.reactive_absolute.t1", "double", "varh"},
      {"energy.reactive_absolute.t2", "double", "varh"},
      {"energy.reactive_absolute.t3", "double", "varh"},
      {"energy.reactive_absolute.t4", "double", "varh"},
      {"instantaneous.current.neutral", "double", "A"},
      {"instantaneous.voltage_angle.l2", "double", "deg"},
      {"instantaneous.voltage_angle.l3", "double", "deg"},
      {"firmware.signature", "string", "hex"},
  };
  for (const auto& w : want) {
    bool found = false;
    for (const auto& i : Meter::catalogue()) {
      if (i.name != w.name) continue;
      found = true;
      EXPECT_EQ(i.type, w.type) << w.name;
      EXPECT_EQ(i.unit, w.unit) << w.name;
      EXPECT_EQ(i.access, "r") << w.name;
    }
    EXPECT_TRUE(found) << w.name;
  }
}

}  // namespace
}  // namespace dlms::meter
