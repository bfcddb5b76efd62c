// SM307 objects bound to the meter quantities the datasheet asks for beyond the energy and
// demand registers: event code objects (0.0.96.11.e.255: the last event code of each log,
// long-unsigned, IDIS event numbers), absolute energies per tariff (|A| 1.0.15.8.t.255, |R|
// manufacturer C = 128), neutral current (1.0.91.7.0.255), voltage angles U(L2)/U(L3) against
// U(L1) (1.0.81.7.1/2.255), the active firmware signature (1.0.0.2.8.255) and the constants
// (meter constants 1.0.0.3.0/1.255, nominal frequency 1.0.0.6.2.255). Register values per
// Blue Book 4.3.2 (value x 10^scaler in the unit of scaler_unit); A-XDR per 4.1.5.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "codegen/sm307/sm307_objects.hpp"
#include "meter_model/meter.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"

namespace dlms::codegen {
namespace {

using apdu::DataAccessResult;
using apdu::ObisCode;

struct Sm307Measurements : ::testing::Test {
  meter::ManualClock clock{meter::ms_from_civil(2025, 1, 1)};
  meter::Meter meter{clock, meter::Scenario::default_daily()};
  std::unique_ptr<sm307::Sm307ObjectList> list = sm307::build_sm307_objects(meter);
  binding::LogicalDevice& ld = *list->logical_devices()[0];

  void run_for(meter::TimeMs dt) {
    clock.advance(dt);
    meter.run();
  }
  std::string get(const ObisCode& code, std::int8_t attribute) {
    auto* o = ld.find(code);
    EXPECT_NE(o, nullptr) << code.to_string();
    if (o == nullptr) {
      return {};
    }
    std::array<std::uint8_t, 512> buf{};
    ByteWriter w(buf);
    server::GetCursor cursor;
    EXPECT_EQ(o->get(server::RequestContext{}, attribute, nullptr, cursor, w), DataAccessResult::success);
    return to_hex(w.written());
  }
  static std::string u16(long v) {
    const std::array<std::uint8_t, 3> b = {0x12, static_cast<std::uint8_t>(v >> 8U),
                                           static_cast<std::uint8_t>(v)};
    return to_hex(b);
  }
  static std::string u32(long long v) {
    const std::array<std::uint8_t, 5> b = {0x06, static_cast<std::uint8_t>(v >> 24U),
                                           static_cast<std::uint8_t>(v >> 16U),
                                           static_cast<std::uint8_t>(v >> 8U), static_cast<std::uint8_t>(v)};
    return to_hex(b);
  }
};

TEST_F(Sm307Measurements, EventCodeObjectsHoldTheLastEventOfTheirLog) {
  const ObisCode standard{0, 0, 96, 11, 0, 255};
  const ObisCode fraud{0, 0, 96, 11, 1, 255};
  const ObisCode disconnector{0, 0, 96, 11, 2, 255};
  EXPECT_EQ(get(fraud, 2), "12 00 00");  // no event yet
  meter.invoke("alarm.clear");           // IDIS 11: alarm register cleared
  EXPECT_EQ(get(standard, 2), "12 00 0B");
  meter.invoke("tamper.meter_cover", true);  // IDIS 44: meter cover removed
  EXPECT_EQ(get(fraud, 2), "12 00 2C");
  meter.invoke("relay.remote_disconnect");  // IDIS 62: remote disconnection
  EXPECT_EQ(get(disconnector, 2), "12 00 3E");
  EXPECT_EQ(get(ObisCode{0, 0, 96, 11, 4, 255}, 2),
            u16(meter.get("log.power_quality.last_code").get<long>()));
  EXPECT_EQ(get(ObisCode{0, 0, 96, 11, 6, 255}, 2),
            u16(meter.get("log.power_failure.last_code").get<long>()));

  // The log's event code column is rendered as the code object renders it.
  const auto bytes = *from_hex(get(ObisCode{0, 0, 99, 98, 2, 255}, 2));
  const auto log = codec::read_data_exact(bytes);
  ASSERT_TRUE(log.has_value());
  ASSERT_GE(log->size(), 1U);
  const codec::DataView last = *log->at(log->size() - 1);
  EXPECT_EQ(to_hex(last.at(1)->encoded()), "12 00 3E");
}

TEST_F(Sm307Measurements, AbsoluteEnergiesPerTariff) {
  run_for(3 * 3600 * 1000);
  double sum_a = 0;
  double sum_r = 0;
  for (std::uint8_t t = 1; t <= 4; ++t) {
    const std::string n = std::to_string(t);
    const double a = meter.get("energy.active_absolute.t" + n).get<double>();
    const double r = meter.get("energy.reactive_absolute.t" + n).get<double>();
    EXPECT_EQ(get(ObisCode{1, 0, 15, 8, t, 255}, 2), u32(std::llround(a))) << n;
    EXPECT_EQ(get(ObisCode{1, 0, 128, 8, t, 255}, 2), u32(std::llround(r))) << n;
    sum_a += a;
    sum_r += r;
  }
  EXPECT_EQ(get(ObisCode{1, 0, 15, 8, 1, 255}, 3), "02 02 0F 00 16 1E");   // Wh
  EXPECT_EQ(get(ObisCode{1, 0, 128, 8, 1, 255}, 3), "02 02 0F 00 16 20");  // varh
  EXPECT_GT(sum_a, 0.0);
  EXPECT_NEAR(sum_a, meter.get("energy.active_absolute.total").get<double>(), 1e-3);
  EXPECT_NEAR(sum_r, meter.get("energy.reactive_absolute.total").get<double>(), 1e-3);
}

TEST_F(Sm307Measurements, NeutralCurrentAndVoltageAngles) {
  run_for(8 * 3600 * 1000);
  const double in = meter.get("instantaneous.current.neutral").get<double>();
  EXPECT_EQ(get(ObisCode{1, 0, 91, 7, 0, 255}, 2), u16(std::lround(in * 1000)));
  EXPECT_EQ(get(ObisCode{1, 0, 91, 7, 0, 255}, 3), "02 02 0F FD 16 21");  // mA
  // Positive sequence: U(L2) 120 deg, U(L3) 240 deg after U(L1), in 0.1 deg.
  const double a2 = meter.get("instantaneous.voltage_angle.l2").get<double>();
  const double a3 = meter.get("instantaneous.voltage_angle.l3").get<double>();
  EXPECT_EQ(get(ObisCode{1, 0, 81, 7, 1, 255}, 2), u16(std::lround(a2 * 10)));
  EXPECT_EQ(get(ObisCode{1, 0, 81, 7, 2, 255}, 2), u16(std::lround(a3 * 10)));
  EXPECT_EQ(get(ObisCode{1, 0, 81, 7, 1, 255}, 3), "02 02 0F FF 16 08");  // 0.1 deg
}

TEST_F(Sm307Measurements, FirmwareSignatureIsTheOctetsOfTheHash) {
  const std::string hex = meter.get("firmware.signature").get<std::string>();
  ASSERT_EQ(hex.size(), 64U);
  EXPECT_EQ(get(ObisCode{1, 0, 0, 2, 8, 255}, 2), to_hex(*from_hex(std::string("09 20 ") + hex)));
}

TEST_F(Sm307Measurements, DatasheetConstants) {
  // 10000 imp/kWh = 10 imp/Wh: 10000 x 10^-3 in 1/(Wh) (unit 45), 1/(varh) (unit 46).
  EXPECT_EQ(get(ObisCode{1, 0, 0, 3, 0, 255}, 2), "12 27 10");
  EXPECT_EQ(get(ObisCode{1, 0, 0, 3, 0, 255}, 3), "02 02 0F FD 16 2D");
  EXPECT_EQ(get(ObisCode{1, 0, 0, 3, 1, 255}, 3), "02 02 0F FD 16 2E");
  // Nominal frequency 50 Hz (unit 44).
  EXPECT_EQ(get(ObisCode{1, 0, 0, 6, 2, 255}, 2), "12 00 32");
  EXPECT_EQ(get(ObisCode{1, 0, 0, 6, 2, 255}, 3), "02 02 0F 00 16 2C");
  // Missing-voltage threshold (0.01 V) and its time threshold follow the meter.
  EXPECT_EQ(get(ObisCode{1, 0, 12, 39, 0, 255}, 2),
            u16(std::lround(meter.get("threshold.missing_voltage_v").get<double>() * 100)));
  EXPECT_EQ(get(ObisCode{1, 0, 12, 45, 0, 255}, 2),
            u16(meter.get("threshold.missing_voltage_time_s").get<long>()));
}

}  // namespace
}  // namespace dlms::codegen
