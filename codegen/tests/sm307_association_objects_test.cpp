// SM307 objects over the metering engine that session 3 left unbound or too strict, driven
// through the generated objects as a client would (A-XDR per Blue Book 4.1.5, date-time per
// 4.1.6.1):
//   - Clock 0.0.1.0.0.255 attribute 3 time_zone is the meter's clock.offset_min with the Blue
//     Book sign (UTC - local standard time: the meter's offset +60 is time_zone -60; Blue Book
//     4.5.1 / 4.1.6.1, https://www.gurux.fi/Gurux.DLMS.Objects.GXDLMSClock "DLMS and IDIS: -60
//     minutes" for Paris); writing it sets the meter's offset; local time follows it;
//   - the daily profile 1.0.99.2.0.255 (Profile generic) is the meter's profile.daily, captured
//     at local midnight (100 days);
//   - Special days table entries may name a day profile of the passive calendar (Blue Book
//     4.5.4 day_id -> the Activity calendar's day_profile_table); they apply once it is active.
// The meter runs on a ManualClock from 2025-01-01 00:00 UTC (a Wednesday; offset 0, no DST).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <memory>
#include <string>

#include "codegen/sm307/sm307_objects.hpp"
#include "meter_model/meter.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"

namespace dlms::codegen {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using apdu::ObisCode;
using nlohmann::json;

server::RequestContext remote() {
  static int dummy = 0;
  return {reinterpret_cast<association::AssociationContext*>(&dummy), 0};
}

std::string hex_of(std::string_view h) { return to_hex(*from_hex(h)); }

struct Sm307Objects : ::testing::Test {
  meter::ManualClock clock{meter::ms_from_civil(2025, 1, 1)};
  meter::Meter meter{clock, meter::Scenario::default_daily()};
  std::unique_ptr<sm307::Sm307ObjectList> list = sm307::build_sm307_objects(meter);
  binding::LogicalDevice& ld = *list->logical_devices()[0];

  cosem::InterfaceClass& object(const ObisCode& code) {
    auto* o = ld.find(code);
    EXPECT_NE(o, nullptr) << code.to_string();
    return *o;
  }
  void run_to(meter::TimeMs t) {
    clock.set(t);
    meter.run();
  }
  static std::string get(cosem::InterfaceClass& o, std::int8_t attribute) {
    std::array<std::uint8_t, 8192> buf{};
    ByteWriter w(buf);
    server::GetCursor cursor;
    EXPECT_EQ(o.get(remote(), attribute, nullptr, cursor, w), DataAccessResult::success) << int(attribute);
    EXPECT_FALSE(cursor.more);
    return to_hex(w.written());
  }
  static DataAccessResult set(cosem::InterfaceClass& o, std::int8_t attribute, std::string_view h) {
    const auto bytes = *from_hex(h);
    const auto v = codec::read_data_exact(bytes);
    EXPECT_TRUE(v.has_value()) << h;
    return v ? o.set(remote(), attribute, nullptr, *v) : DataAccessResult::type_unmatched;
  }
  static ActionResult invoke(cosem::InterfaceClass& o, std::int8_t method, std::string_view h) {
    const auto bytes = *from_hex(h);
    const auto v = codec::read_data_exact(bytes);
    EXPECT_TRUE(v.has_value()) << h;
    std::array<std::uint8_t, 64> buf{};
    ByteWriter w(buf);
    return v ? o.invoke(remote(), method, &*v, w).result : ActionResult::type_unmatched;
  }
};

TEST_F(Sm307Objects, ClockTimeZoneIsTheMetersOffsetWithTheBlueBookSign) {
  cosem::InterfaceClass& c = object(ObisCode{0, 0, 1, 0, 0, 255});
  EXPECT_TRUE(ld.unbound().empty());
  run_to(meter::ms_from_civil(2025, 1, 1, 10, 30));
  EXPECT_EQ(get(c, 3), hex_of("10 00 00"));
  EXPECT_EQ(get(c, 2), hex_of("09 0C 07 E9 01 01 03 0A 1E 00 00 00 00 00"));
  // The meter's offset +60 (CET): time_zone -60, local 11:30 with deviation -60.
  meter.set("clock.offset_min", 60);
  EXPECT_EQ(get(c, 3), hex_of("10 FF C4"));
  EXPECT_EQ(get(c, 2), hex_of("09 0C 07 E9 01 01 03 0B 1E 00 00 FF C4 00"));
  // A client writes time_zone +300 (UTC-5): the meter's offset becomes -300.
  EXPECT_EQ(set(c, 3, "10 01 2C"), DataAccessResult::success);
  EXPECT_EQ(meter.get("clock.offset_min"), -300);
  EXPECT_EQ(get(c, 2), hex_of("09 0C 07 E9 01 01 03 05 1E 00 00 01 2C 00"));
  // Out of the class range (-720..840), or of the meter's (offset -720..840): refused, unchanged.
  EXPECT_EQ(set(c, 3, "10 FD 20"), DataAccessResult::other_reason);  // -736
  EXPECT_EQ(set(c, 3, "10 03 48"), DataAccessResult::other_reason);  // +840 = offset -840
  EXPECT_EQ(set(c, 3, "0F 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(meter.get("clock.offset_min"), -300);
  // DST follows the meter (EU rule): 1 July, offset +60 -> deviation -120, status 0x80.
  EXPECT_EQ(set(c, 3, "10 FF C4"), DataAccessResult::success);
  meter.set("clock.dst_enabled", true);
  meter.set("clock.time", meter::ms_from_civil(2025, 7, 1, 10, 30));  // a time adjustment, no simulation
  EXPECT_EQ(get(c, 2), hex_of("09 0C 07 E9 07 01 02 0C 1E 00 00 FF 88 80"));
  EXPECT_EQ(get(c, 3), hex_of("10 FF C4"));
}

TEST_F(Sm307Objects, DailyProfileIsTheMetersDailyValues) {
  cosem::InterfaceClass& daily = object(ObisCode{1, 0, 99, 2, 0, 255});
  EXPECT_EQ(daily.class_id(), 7);
  EXPECT_TRUE(ld.unbound().empty());
  EXPECT_EQ(get(daily, 7), hex_of("06 00 00 00 00"));  // nothing captured yet
  EXPECT_EQ(get(daily, 8), hex_of("06 00 00 00 64"));  // 100 days
  EXPECT_EQ(get(daily, 4), hex_of("06 00 01 51 80"));  // 86400 s
  // 18 columns: clock, status, 16 energy registers (the meter's daily channels, in order).
  EXPECT_EQ(get(daily, 3).substr(0, 5), "01 12");
  EXPECT_EQ(meter.get("profile.daily.capture_objects")[5], "energy.active_export.total");

  run_to(meter::ms_from_civil(2025, 1, 3, 0, 30));
  ASSERT_EQ(meter.daily_profile().size(), 2U);
  EXPECT_EQ(get(daily, 7), hex_of("06 00 00 00 02"));
  const std::string buffer = get(daily, 2);
  // Entry 1: 2025-01-02 00:00:00 local (Thursday), deviation 0, then the status.
  EXPECT_EQ(buffer.rfind(hex_of("01 02 02 12 09 0C 07 E9 01 02 04 00 00 00 00 00 00 00 11"), 0), 0U)
      << buffer;
  // Its +A total column is the captured value in Wh (double-long-unsigned).
  const auto& first = meter.daily_profile().front();
  const auto wh = static_cast<std::uint32_t>(std::llround(first.values[0]));
  std::array<std::uint8_t, 5> v{0x06, static_cast<std::uint8_t>(wh >> 24U),
                                static_cast<std::uint8_t>(wh >> 16U), static_cast<std::uint8_t>(wh >> 8U),
                                static_cast<std::uint8_t>(wh)};
  const std::string status_and_energy = to_hex(ByteSpan(v));
  EXPECT_NE(buffer.find(status_and_energy), std::string::npos) << status_and_energy << "\n" << buffer;
  EXPECT_GT(wh, 0U);
  // Entry 2: 2025-01-03 00:00.
  EXPECT_NE(buffer.find(hex_of("09 0C 07 E9 01 03 05 00 00 00 00 00 00 00")), std::string::npos);
  // Captures and resets are the meter's.
  EXPECT_EQ(invoke(daily, 2, "0F 00"), ActionResult::temporary_failure);
}

// The passive calendar of sm307_tou_test.cpp: day 1 (00:00 T1, 10:00 T2, 18:00 T1) every day,
// day 2 = T3 all day (only in the passive calendar; the factory calendar has day 1 only).
constexpr const char* kName = "09 04 54 4F 55 32";
constexpr const char* kSeasons =
    "01 01 02 03 09 02 53 31 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 02 57 31";
constexpr const char* kWeeks = "01 01 02 08 09 02 57 31 11 01 11 01 11 01 11 01 11 01 11 01 11 01";
constexpr const char* kDays =
    "01 02"
    " 02 02 11 01 01 03"
    "  02 03 09 04 00 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01"
    "  02 03 09 04 0A 00 00 00 09 06 00 00 0A 00 64 FF 12 00 02"
    "  02 03 09 04 12 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01"
    " 02 02 11 02 01 01"
    "  02 03 09 04 00 00 00 00 09 06 00 00 0A 00 64 FF 12 00 03";

TEST_F(Sm307Objects, SpecialDayMayNameAPassiveDayProfileAndAppliesOnceActivated) {
  cosem::InterfaceClass& calendar = object(ObisCode{0, 0, 13, 0, 0, 255});
  cosem::InterfaceClass& special = object(ObisCode{0, 0, 11, 0, 0, 255});
  ASSERT_EQ(set(calendar, 6, kName), DataAccessResult::success);
  ASSERT_EQ(set(calendar, 7, kSeasons), DataAccessResult::success);
  ASSERT_EQ(set(calendar, 8, kWeeks), DataAccessResult::success);
  ASSERT_EQ(set(calendar, 9, kDays), DataAccessResult::success);

  // 2025-01-02, day_id 2: only the passive calendar has day 2. Accepted now.
  ASSERT_EQ(invoke(special, 1, "02 03 12 00 01 09 05 07 E9 01 02 FF 11 02"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.special_days"),
            json::parse(R"([{"index":1,"year":2025,"month":1,"day":2,"day_id":2}])"));
  // A day_id neither calendar has is still refused, nothing changed.
  EXPECT_EQ(invoke(special, 1, "02 03 12 00 02 09 05 07 E9 01 03 FF 11 09"), ActionResult::other_reason);
  EXPECT_EQ(meter.get("calendar.special_days").size(), 1U);

  // Before activation the factory calendar rules: the special day is not applied.
  run_to(meter::ms_from_civil(2025, 1, 2, 12, 0));
  EXPECT_EQ(meter.active_tariff(), 1);
  // activate_passive_calendar: day 2 exists now and the special day applies (tariff 3).
  ASSERT_EQ(invoke(calendar, 1, "0F 00"), ActionResult::success);
  run_to(meter::ms_from_civil(2025, 1, 2, 12, 30));
  EXPECT_EQ(meter.active_tariff(), 3);
  EXPECT_EQ(get(object(ObisCode{0, 0, 96, 14, 0, 255}), 2), hex_of("11 03"));
  // The next day is a normal day 1 (T2 at 12:00).
  run_to(meter::ms_from_civil(2025, 1, 3, 12, 0));
  EXPECT_EQ(meter.active_tariff(), 2);
}

}  // namespace
}  // namespace dlms::codegen
