// The SM307's TOU and display objects over the metering engine, driven through the generated
// objects as a client would: the Activity calendar 0.0.13.0.0.255 (Blue Book 4.5.5, class 20)
// programs and activates the meter's calendar, the Special days table 0.0.11.0.0.255 (4.5.4,
// class 11) its special days, the display lists 0.0.21.0.1/2.255 (Profile generic) follow the
// meter's scroll and manual lists. A-XDR per Blue Book 4.1.5; date-time, date and time octet
// strings per 4.1.6.1. The meter runs on a ManualClock from 2025-01-01 00:00 UTC (a Wednesday;
// meter local time = UTC, no DST in January).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "codegen/sm307/sm307_objects.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "meter_model/meter.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"

namespace dlms::codegen {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using apdu::ObisCode;
using nlohmann::json;

// A request context as if from an association (the objects never dereference it).
server::RequestContext remote() {
  static int dummy = 0;
  return {reinterpret_cast<association::AssociationContext*>(&dummy), 0};
}

std::string hex_of(std::string_view h) { return to_hex(*from_hex(h)); }

struct Sm307Tou : ::testing::Test {
  meter::ManualClock clock{meter::ms_from_civil(2025, 1, 1)};
  meter::Meter meter{clock, meter::Scenario::default_daily()};
  std::unique_ptr<sm307::Sm307ObjectList> list = sm307::build_sm307_objects(meter);
  binding::LogicalDevice& ld = *list->logical_devices()[0];

  cosem::InterfaceClass& object(const ObisCode& code) {
    auto* o = ld.find(code);
    EXPECT_NE(o, nullptr) << code.to_string();
    return *o;
  }
  cosem::InterfaceClass& calendar() { return object(ObisCode{0, 0, 13, 0, 0, 255}); }
  cosem::InterfaceClass& special_days() { return object(ObisCode{0, 0, 11, 0, 0, 255}); }

  void run_to(meter::TimeMs t) {
    clock.set(t);
    meter.run();
  }
  static std::string get(cosem::InterfaceClass& o, std::int8_t attribute,
                         DataAccessResult expected = DataAccessResult::success) {
    std::array<std::uint8_t, 4096> buf{};
    ByteWriter w(buf);
    server::GetCursor cursor;
    EXPECT_EQ(o.get(remote(), attribute, nullptr, cursor, w), expected) << int(attribute);
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
  double energy(const char* q) { return meter.get(q).get<double>(); }
};

// The passive calendar programmed below: "TOU2", one season "S1" from 1 January (every year)
// with week "W1" (day profile 1 every day); day 1: 00:00 tariff 1, 10:00 tariff 2, 18:00
// tariff 1; day 2 (for special days): 00:00 tariff 3. Day actions name the tariffication script
// table 0.0.10.0.100.255, script_selector = tariff.
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
// The meter's factory calendar: "default", season "all" from 1 January, week "week" of day 1,
// day 1 = tariff 1 all day.
constexpr const char* kDefaultName = "09 07 64 65 66 61 75 6C 74";
constexpr const char* kDefaultSeasons =
    "01 01 02 03 09 03 61 6C 6C 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 04 77 65 65 6B";
constexpr const char* kDefaultWeeks =
    "01 01 02 08 09 04 77 65 65 6B 11 01 11 01 11 01 11 01 11 01 11 01 11 01";
constexpr const char* kDefaultDays =
    "01 01 02 02 11 01 01 01 02 03 09 04 00 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01";
constexpr const char* kNotSpecified = "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF";

void program_passive(Sm307Tou& t) {
  ASSERT_EQ(Sm307Tou::set(t.calendar(), 6, kName), DataAccessResult::success);
  ASSERT_EQ(Sm307Tou::set(t.calendar(), 7, kSeasons), DataAccessResult::success);
  ASSERT_EQ(Sm307Tou::set(t.calendar(), 8, kWeeks), DataAccessResult::success);
  ASSERT_EQ(Sm307Tou::set(t.calendar(), 9, kDays), DataAccessResult::success);
}

TEST_F(Sm307Tou, CalendarAttributesAreTheMetersCalendars) {
  EXPECT_EQ(get(calendar(), 2), hex_of(kDefaultName));
  EXPECT_EQ(get(calendar(), 3), hex_of(kDefaultSeasons));
  EXPECT_EQ(get(calendar(), 4), hex_of(kDefaultWeeks));
  EXPECT_EQ(get(calendar(), 5), hex_of(kDefaultDays));
  EXPECT_EQ(get(calendar(), 6), hex_of(kDefaultName));
  EXPECT_EQ(get(calendar(), 10), hex_of(kNotSpecified));

  program_passive(*this);
  const json passive = meter.get("calendar.passive");
  EXPECT_EQ(passive["name"], "TOU2");
  EXPECT_EQ(passive["seasons"],
            json::parse(R"([{"name":"S1","month":1,"day":1,"time":"00:00:00","week":"W1"}])"));
  EXPECT_EQ(passive["days"][0]["switches"][1], json::parse(R"({"time":"10:00:00","tariff":2})"));
  EXPECT_EQ(get(calendar(), 6), hex_of(kName));
  EXPECT_EQ(get(calendar(), 7), hex_of(kSeasons));
  EXPECT_EQ(get(calendar(), 8), hex_of(kWeeks));
  EXPECT_EQ(get(calendar(), 9), hex_of(kDays));
  EXPECT_EQ(get(calendar(), 2), hex_of(kDefaultName));  // not active yet
}

// Issue #6: program the passive calendar through the object, activate it (method 1), and the
// meter's tariff switching follows it: tariff 2 from 10:00, its registers count.
TEST_F(Sm307Tou, ActivatePassiveCalendarSwitchesTheMetersTariffs) {
  run_to(meter::ms_from_civil(2025, 1, 1, 9, 0));
  program_passive(*this);
  EXPECT_EQ(invoke(calendar(), 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.active")["name"], "TOU2");
  EXPECT_EQ(get(calendar(), 2), hex_of(kName));
  EXPECT_EQ(get(calendar(), 3), hex_of(kSeasons));
  EXPECT_EQ(get(calendar(), 4), hex_of(kWeeks));
  EXPECT_EQ(get(calendar(), 5), hex_of(kDays));
  EXPECT_EQ(meter.event_count(meter::event::kTouActivated), 1);

  auto& active_tariff = object(ObisCode{0, 0, 96, 14, 0, 255});
  run_to(meter::ms_from_civil(2025, 1, 1, 9, 59));
  EXPECT_EQ(meter.active_tariff(), 1);
  EXPECT_EQ(get(active_tariff, 2), "11 01");
  const double t1_at_10 = energy("energy.active_export.t1");
  const double t2_at_10 = energy("energy.active_export.t2");
  run_to(meter::ms_from_civil(2025, 1, 1, 10, 0) + 1000);
  EXPECT_EQ(meter.active_tariff(), 2);
  EXPECT_EQ(get(active_tariff, 2), "11 02");
  // 10:00-12:00 the default scenario exports: -A counts in tariff 2 only.
  run_to(meter::ms_from_civil(2025, 1, 1, 12, 0));
  EXPECT_NEAR(energy("energy.active_export.t1"), t1_at_10, 1e-6);
  EXPECT_GT(energy("energy.active_export.t2"), t2_at_10 + 1.0);
  // The tariff 2 register object renders the meter's register.
  const auto reg = get(object(ObisCode{1, 0, 2, 8, 2, 255}), 2);
  const auto wh = static_cast<std::uint32_t>(std::llround(energy("energy.active_export.t2")));
  std::array<std::uint8_t, 5> want = {0x06, static_cast<std::uint8_t>(wh >> 24U),
                                      static_cast<std::uint8_t>(wh >> 16U),
                                      static_cast<std::uint8_t>(wh >> 8U), static_cast<std::uint8_t>(wh)};
  EXPECT_EQ(reg, to_hex(want));
  run_to(meter::ms_from_civil(2025, 1, 1, 18, 0) + 1000);
  EXPECT_EQ(meter.active_tariff(), 1);
}

// activate_passive_calendar_time: the meter activates the passive calendar at that local time.
TEST_F(Sm307Tou, ActivationTimeActivatesInTheMeter) {
  program_passive(*this);
  // 2025-01-01 (Wednesday) 08:00:00 local.
  const char* at_8 = "09 0C 07 E9 01 01 03 08 00 00 00 80 00 FF";
  ASSERT_EQ(set(calendar(), 10, at_8), DataAccessResult::success);
  EXPECT_EQ(meter.get("calendar.activation_time").get<std::int64_t>(),
            meter::ms_from_civil(2025, 1, 1, 8, 0));
  EXPECT_EQ(get(calendar(), 10), hex_of(at_8));
  // The deviation a client gives is not needed (local time) and not kept.
  ASSERT_EQ(set(calendar(), 10, "09 0C 07 E9 01 01 FF 08 00 00 00 FF C4 00"), DataAccessResult::success);
  EXPECT_EQ(get(calendar(), 10), hex_of(at_8));

  run_to(meter::ms_from_civil(2025, 1, 1, 7, 59));
  EXPECT_EQ(get(calendar(), 2), hex_of(kDefaultName));
  run_to(meter::ms_from_civil(2025, 1, 1, 8, 1));
  EXPECT_EQ(get(calendar(), 2), hex_of(kName));
  EXPECT_EQ(get(calendar(), 10), hex_of(kNotSpecified));  // done: none planned
  run_to(meter::ms_from_civil(2025, 1, 1, 10, 30));
  EXPECT_EQ(meter.active_tariff(), 2);

  // Not specified at all: no activation planned.
  ASSERT_EQ(set(calendar(), 10, at_8), DataAccessResult::success);
  ASSERT_EQ(set(calendar(), 10, kNotSpecified), DataAccessResult::success);
  EXPECT_EQ(meter.get("calendar.activation_time").get<std::int64_t>(), -1);
  // Partly specified (wildcard day): the meter cannot plan it.
  EXPECT_EQ(set(calendar(), 10, "09 0C 07 E9 01 FF FF 08 00 00 00 80 00 FF"), DataAccessResult::other_reason);
  EXPECT_EQ(meter.get("calendar.activation_time").get<std::int64_t>(), -1);
}

// Writes the SM307 cannot hold are refused with the data-access-result the class gives and
// change nothing, neither in the object nor in the meter.
TEST_F(Sm307Tou, InvalidPassiveCalendarsAreRefusedWithoutChange) {
  program_passive(*this);
  const json before = meter.get("calendar.passive");
  const auto events = meter.event_log(meter::EventLog::kStandard).size();
  auto day = [](const char* start, const char* script, const char* selector) {
    return std::string("01 01 02 02 11 01 01 01 02 03 09 04 ") + start + " 09 06 " + script + " 12 " +
           selector;
  };
  const char* kTariffScripts = "00 00 0A 00 64 FF";
  // Selector 5: the SM307 has 4 tariffs.
  EXPECT_EQ(set(calendar(), 9, day("00 00 00 00", kTariffScripts, "00 05")), DataAccessResult::other_reason);
  EXPECT_EQ(set(calendar(), 9, day("00 00 00 00", kTariffScripts, "00 00")), DataAccessResult::other_reason);
  // A script other than the tariffication script table's.
  EXPECT_EQ(set(calendar(), 9, day("00 00 00 00", "00 00 0A 00 01 FF", "00 01")),
            DataAccessResult::other_reason);
  // Start hour not specified.
  EXPECT_EQ(set(calendar(), 9, day("FF 00 00 00", kTariffScripts, "00 01")), DataAccessResult::other_reason);
  // Two actions at the same second (00:00:00.00 and 00:00:00.50).
  EXPECT_EQ(set(calendar(), 9,
                "01 01 02 02 11 01 01 02 02 03 09 04 00 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01"
                " 02 03 09 04 00 00 00 32 09 06 00 00 0A 00 64 FF 12 00 02"),
            DataAccessResult::other_reason);
  // A day profile without actions; no day profiles at all.
  EXPECT_EQ(set(calendar(), 9, "01 01 02 02 11 01 01 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set(calendar(), 9, "01 00"), DataAccessResult::other_reason);
  // 17 switches in a day (limit 16).
  std::string seventeen = "01 01 02 02 11 01 01 11";
  for (int h = 0; h < 17; ++h) {
    std::array<char, 64> b{};
    std::snprintf(b.data(), b.size(), " 02 03 09 04 %02X 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01", h);
    seventeen += b.data();
  }
  EXPECT_EQ(set(calendar(), 9, seventeen), DataAccessResult::other_reason);
  // 13 seasons (limit 12).
  std::string seasons = "01 0D";
  for (int m = 1; m <= 13; ++m) {
    std::array<char, 96> b{};
    std::snprintf(b.data(), b.size(),
                  " 02 03 09 01 %02X 09 0C FF FF %02X 01 FF 00 00 00 00 80 00 FF 09 02 57 31", m,
                  m <= 12 ? m : 12);
    seasons += b.data();
  }
  EXPECT_EQ(set(calendar(), 7, seasons), DataAccessResult::other_reason);
  // A season of one year only (the SM307's seasons recur every year); a wildcard month.
  EXPECT_EQ(
      set(calendar(), 7, "01 01 02 03 09 02 53 31 09 0C 07 E9 01 01 FF 00 00 00 00 80 00 FF 09 02 57 31"),
      DataAccessResult::other_reason);
  EXPECT_EQ(
      set(calendar(), 7, "01 01 02 03 09 02 53 31 09 0C FF FF FF 01 FF 00 00 00 00 80 00 FF 09 02 57 31"),
      DataAccessResult::other_reason);
  // Wrong types: a visible-string name, a long-unsigned day_id.
  EXPECT_EQ(set(calendar(), 6, "0A 04 54 4F 55 33"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(calendar(), 8, "01 01 02 08 09 02 57 31 12 00 01 11 01 11 01 11 01 11 01 11 01 11 01"),
            DataAccessResult::type_unmatched);
  // The active calendar changes by activation only.
  EXPECT_EQ(set(calendar(), 2, kName), DataAccessResult::read_write_denied);
  EXPECT_EQ(set(calendar(), 5, kDays), DataAccessResult::read_write_denied);

  EXPECT_EQ(meter.get("calendar.passive"), before);
  EXPECT_EQ(meter.event_log(meter::EventLog::kStandard).size(), events);
  EXPECT_EQ(get(calendar(), 9), hex_of(kDays));
  EXPECT_EQ(get(calendar(), 2), hex_of(kDefaultName));
}

// Tables written one at a time: a passive calendar whose references do not hold yet is kept as
// written (and read back) but cannot be activated until it is complete.
TEST_F(Sm307Tou, IncompletePassiveCalendarIsNotActivated) {
  program_passive(*this);
  // Seasons now name week "W2", which the week table lacks.
  const char* w2_season = "01 01 02 03 09 02 53 32 09 0C FF FF 06 01 FF 00 00 00 00 80 00 FF 09 02 57 32";
  ASSERT_EQ(set(calendar(), 7, w2_season), DataAccessResult::success);
  EXPECT_EQ(get(calendar(), 7), hex_of(w2_season));
  EXPECT_EQ(meter.get("calendar.passive")["seasons"][0]["week"], "W1");  // the meter keeps the last whole one
  EXPECT_EQ(invoke(calendar(), 1, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(get(calendar(), 2), hex_of(kDefaultName));
  EXPECT_EQ(meter.event_count(meter::event::kTouActivated), 0);
  // The week table completes it: W2 = day 2 every day.
  ASSERT_EQ(set(calendar(), 8, "01 01 02 08 09 02 57 32 11 02 11 02 11 02 11 02 11 02 11 02 11 02"),
            DataAccessResult::success);
  EXPECT_EQ(meter.get("calendar.passive")["seasons"][0]["week"], "W2");
  EXPECT_EQ(invoke(calendar(), 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get(calendar(), 3), hex_of(w2_season));
  // Method 1's parameter is integer(0).
  EXPECT_EQ(invoke(calendar(), 1, "11 00"), ActionResult::type_unmatched);
}

// Issue #6: the special days table is the meter's; an inserted special day overrides the week
// profile in the meter's tariff switching.
TEST_F(Sm307Tou, SpecialDaysOverrideTheWeekProfile) {
  program_passive(*this);
  ASSERT_EQ(invoke(calendar(), 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get(special_days(), 2), "01 00");

  // Insert { index 1, 2025-01-02 (day of week not specified), day_id 2 }.
  ASSERT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 07 E9 01 02 FF 11 02"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.special_days"),
            json::parse(R"([{"index":1,"year":2025,"month":1,"day":2,"day_id":2}])"));
  // Read back with the date's weekday (Thursday, 4).
  EXPECT_EQ(get(special_days(), 2), hex_of("01 01 02 03 12 00 01 09 05 07 E9 01 02 04 11 02"));
  // 25 December every year, day 2.
  ASSERT_EQ(invoke(special_days(), 1, "02 03 12 00 02 09 05 FF FF 0C 19 FF 11 02"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.special_days")[1],
            json::parse(R"({"index":2,"year":-1,"month":12,"day":25,"day_id":2})"));

  run_to(meter::ms_from_civil(2025, 1, 1, 12, 0));
  EXPECT_EQ(meter.active_tariff(), 2);  // Wednesday: week profile, day 1
  run_to(meter::ms_from_civil(2025, 1, 2, 12, 0));
  EXPECT_EQ(meter.active_tariff(), 3);  // Thursday 2 January: special day 2
  EXPECT_EQ(get(object(ObisCode{0, 0, 96, 14, 0, 255}), 2), "11 03");

  // The same date under another index replaces it (dates are unique).
  ASSERT_EQ(invoke(special_days(), 1, "02 03 12 00 07 09 05 07 E9 01 02 04 11 01"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.special_days").size(), 2U);
  EXPECT_EQ(meter.get("calendar.special_days")[1]["index"], 7);
  EXPECT_EQ(meter.active_tariff(), 2);  // day 1 at 12:00

  // Delete index 7: the week profile rules again.
  ASSERT_EQ(invoke(special_days(), 2, "12 00 07"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.special_days").size(), 1U);
  EXPECT_EQ(invoke(special_days(), 2, "12 00 07"), ActionResult::other_reason);
}

TEST_F(Sm307Tou, SpecialDaysTheMeterCannotHoldAreRefused) {
  const json before = meter.get("calendar.special_days");
  // day_id 9: not a day profile of the active calendar.
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 07 E9 01 02 FF 11 09"),
            ActionResult::other_reason);
  // Month not specified (every month), last day of month, a weekday the date does not have,
  // a weekday with an every-year date.
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 FF FF FF 01 FF 11 01"),
            ActionResult::other_reason);
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 FF FF 01 FE FF 11 01"),
            ActionResult::other_reason);
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 07 E9 01 02 01 11 01"),
            ActionResult::other_reason);
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 FF FF 01 02 04 11 01"),
            ActionResult::other_reason);
  // 30 February 2025.
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 07 E9 02 1E FF 11 01"),
            ActionResult::other_reason);
  EXPECT_EQ(meter.get("calendar.special_days"), before);
  EXPECT_EQ(get(special_days(), 2), "01 00");

  // 100 entries fit (the meter's capacity); the 101st is refused.
  for (int i = 0; i < 100; ++i) {
    std::array<char, 64> b{};
    std::snprintf(b.data(), b.size(), "02 03 12 00 %02X 09 05 07 E9 %02X %02X FF 11 01", i + 1, i / 28 + 1,
                  i % 28 + 1);
    ASSERT_EQ(invoke(special_days(), 1, b.data()), ActionResult::success) << i;
  }
  EXPECT_EQ(meter.get("calendar.special_days").size(), 100U);
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 FF 09 05 07 E9 0C 01 FF 11 01"),
            ActionResult::other_reason);
  // Replacing one of them still works when full.
  EXPECT_EQ(invoke(special_days(), 1, "02 03 12 00 01 09 05 07 E9 0C 01 FF 11 01"), ActionResult::success);
  EXPECT_EQ(meter.get("calendar.special_days").size(), 100U);
}

// Issue #6: the display lists are the meter's scroll and manual lists.
TEST_F(Sm307Tou, DisplayListsFollowTheMeter) {
  auto& scroll = object(ObisCode{0, 0, 21, 0, 1, 255});
  auto& manual = object(ObisCode{0, 0, 21, 0, 2, 255});
  // capture_objects: the meter's default scroll list (clock, +A, -A, +R, -R totals, maximum
  // demand +P total, active power total), each { class_id, logical_name, attribute 2, data 0 }.
  EXPECT_EQ(get(scroll, 3), hex_of("01 07"
                                   " 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00"
                                   " 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00"
                                   " 02 04 12 00 03 09 06 01 00 02 08 00 FF 0F 02 12 00 00"
                                   " 02 04 12 00 03 09 06 01 00 03 08 00 FF 0F 02 12 00 00"
                                   " 02 04 12 00 03 09 06 01 00 04 08 00 FF 0F 02 12 00 00"
                                   " 02 04 12 00 04 09 06 01 00 01 06 00 FF 0F 02 12 00 00"
                                   " 02 04 12 00 03 09 06 01 00 01 07 00 FF 0F 02 12 00 00"));
  EXPECT_EQ(meter.get("display.manual_list").size(), 14U);
  EXPECT_EQ(get(manual, 7), "06 00 00 00 01");
  EXPECT_EQ(get(manual, 8), "06 00 00 00 01");

  // The buffer: one entry, the items' values as their objects render them.
  run_to(meter::ms_from_civil(2025, 1, 1, 2, 0));
  const auto buffer = *from_hex(get(scroll, 2));
  auto v = codec::read_data_exact(buffer);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), 1U);
  const codec::DataView entry = *v->at(0);
  ASSERT_EQ(entry.size(), 7U);
  EXPECT_EQ(to_hex(entry.at(0)->encoded()), get(object(ObisCode{0, 0, 1, 0, 0, 255}), 2));
  EXPECT_EQ(to_hex(entry.at(1)->encoded()), get(object(ObisCode{1, 0, 1, 8, 0, 255}), 2));
  EXPECT_EQ(to_hex(entry.at(6)->encoded()), get(object(ObisCode{1, 0, 1, 7, 0, 255}), 2));

  // A client's new list becomes the meter's: clock and voltage L1.
  const char* two =
      "01 02 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00"
      " 02 04 12 00 03 09 06 01 00 20 07 00 FF 0F 02 12 00 00";
  ASSERT_EQ(set(scroll, 3, two), DataAccessResult::success);
  EXPECT_EQ(meter.get("display.scroll_list"), json::parse(R"(["clock.time","instantaneous.voltage.l1"])"));
  EXPECT_EQ(get(scroll, 3), hex_of(two));
  // An item the meter cannot display (the static serial number): refused, nothing changed.
  EXPECT_EQ(set(scroll, 3, "01 01 02 04 12 00 01 09 06 00 00 60 01 00 FF 0F 02 12 00 00"),
            DataAccessResult::read_write_denied);
  EXPECT_EQ(meter.get("display.scroll_list").size(), 2U);
  EXPECT_EQ(get(scroll, 3), hex_of(two));

  // A list built later over the same meter (a restart) shows the meter's list.
  auto again = sm307::build_sm307_objects(meter);
  auto* scroll2 = again->logical_devices()[0]->find(ObisCode{0, 0, 21, 0, 1, 255});
  ASSERT_NE(scroll2, nullptr);
  EXPECT_EQ(get(*scroll2, 3), hex_of(two));
  EXPECT_TRUE(again->logical_devices()[0]->unbound().empty());
}

}  // namespace
}  // namespace dlms::codegen
