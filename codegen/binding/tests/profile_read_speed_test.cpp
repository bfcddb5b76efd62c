// What the whole-load-profile read leans on (bench/profile_read.sh): LogicalDevice::find by
// index (profile columns resolve their capture objects per cell), time_context without the
// catalogue.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "codegen/binding/meter_value_source.hpp"
#include "codegen/binding/object_list.hpp"
#include "codegen/binding/value_conversion.hpp"
#include "meter_model/meter.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::binding {
namespace {


TEST(LogicalDeviceFind, AnswersAsAScanOfTheObjectsInTheOrderTheyWereAdded) {
  LogicalDevice ld(1, "test");
  const std::vector<std::pair<std::uint16_t, apdu::ObisCode>> objects{
      {3, {1, 0, 1, 8, 0, 255}},  {1, {0, 0, 96, 1, 0, 255}}, {3, {1, 0, 2, 8, 0, 255}},
      {8, {0, 0, 1, 0, 0, 255}},  {7, {1, 0, 99, 1, 0, 255}}, {1, {1, 0, 1, 8, 0, 255}},
      {3, {1, 0, 32, 7, 0, 255}}, {1, {0, 0, 42, 0, 0, 255}}};
  for (const auto& [class_id, ln] : objects) {
    ld.add_object(class_id, ln);
  }
  for (const auto& [class_id, ln] : objects) {
    cosem::InterfaceClass* scan = nullptr;
    cosem::InterfaceClass* scan_by_name = nullptr;
    for (cosem::InterfaceClass* o : ld.objects()) {
      if (scan == nullptr && o->class_id() == class_id && o->logical_name() == ln) {
        scan = o;
      }
      if (scan_by_name == nullptr && o->logical_name() == ln) {
        scan_by_name = o;
      }
    }
    ASSERT_NE(scan, nullptr);
    EXPECT_EQ(ld.find(class_id, ln), scan);
    EXPECT_EQ(ld.find(ln), scan_by_name);
  }
  // 1.0.1.8.0.255 is both a Register (added first) and a Data object.
  EXPECT_EQ(ld.find({1, 0, 1, 8, 0, 255})->class_id(), 3);
  EXPECT_EQ(ld.find(1, {1, 0, 1, 8, 0, 255})->class_id(), 1);
  EXPECT_EQ(ld.find(4, {1, 0, 1, 8, 0, 255}), nullptr);
  EXPECT_EQ(ld.find(3, {1, 0, 1, 8, 0, 254}), nullptr);
  EXPECT_EQ(ld.find({9, 9, 9, 9, 9, 9}), nullptr);
  EXPECT_EQ(ld.find({0, 0, 0, 0, 0, 0}), nullptr);
}

TEST(TimeContext, DstFlagIsTheClockStatusBit) {
  meter::MeterOptions options;
  options.time_zone = meter::TimeZone{60, true, 60};
  for (const meter::TimeMs t :
       {meter::ms_from_civil(2025, 1, 15, 12), meter::ms_from_civil(2025, 7, 15, 12),
        meter::ms_from_civil(2025, 3, 30, 0, 59, 59), meter::ms_from_civil(2025, 3, 30, 1)}) {
    meter::ManualClock clock(t);
    meter::Meter m(clock, meter::Scenario::default_daily(), options);
    const TimeContext tc = time_context(m);
    EXPECT_EQ(tc.dst_active, (m.get("clock.status").get<int>() & 0x80) != 0);
    EXPECT_EQ(tc.dst_active, m.dst_active());
    EXPECT_EQ(tc.local_minus_utc_ms, (tc.dst_active ? 120 : 60) * meter::kMinute);
  }
}

}  // namespace
}  // namespace dlms::binding
