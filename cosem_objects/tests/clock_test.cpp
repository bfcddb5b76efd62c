// Clock (class 8), Blue Book 4.5.1. time is an octet-string(12) date-time (4.1.6.1): year
// (2 octets), month, day, weekday (1 = Monday), hour, minute, second, hundredths, deviation
// (long, minutes, UTC - local: CET -60 = FF C4, CEST -120 = FF 88), clock status (0x80 =
// daylight saving active). EU summer time: last Sunday of March 02:00 CET to last Sunday of
// October 03:00 CEST (Directive 2000/84/EC), written with the 0xFE "last day" marker and
// weekday 7.
#include "cosem_objects/clock.hpp"

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

constexpr std::int64_t kJan15 = 1705314600000;  // 2024-01-15 10:30:00 UTC, Monday
constexpr std::int64_t kMinute = 60000;

Clock utc_clock(std::int64_t ms) {
  Clock c(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  c.source().set_ms(ms);
  return c;
}

void make_cet(Clock& c) {
  ASSERT_EQ(set_hex(c, 3, "10 FF C4"), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 5, "09 0C FF FF 03 FE 07 02 00 00 00 80 00 FF"), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 6, "09 0C FF FF 0A FE 07 03 00 00 00 80 00 FF"), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 7, "0F 3C"), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 8, "03 01"), DataAccessResult::success);
}

TEST(Clock, AttributesEncodeTheirTypes) {
  Clock c = utc_clock(kJan15 + 250);
  EXPECT_EQ(c.class_id(), 8);
  EXPECT_EQ(c.attribute_count(), 9);
  EXPECT_EQ(c.method_count(), 6);
  EXPECT_EQ(get_hex(c, 1), norm("09 06 00 00 01 00 00 FF"));
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 0A 1E 00 19 00 00 00"));
  EXPECT_EQ(get_hex(c, 3), norm("10 00 00"));
  EXPECT_EQ(get_hex(c, 4), norm("11 00"));
  EXPECT_EQ(get_hex(c, 5), norm("09 0C FF FF FF FF FF FF FF FF FF 80 00 FF"));
  EXPECT_EQ(get_hex(c, 6), norm("09 0C FF FF FF FF FF FF FF FF FF 80 00 FF"));
  EXPECT_EQ(get_hex(c, 7), norm("0F 3C"));
  EXPECT_EQ(get_hex(c, 8), norm("03 00"));
  EXPECT_EQ(get_hex(c, 9), norm("16 01"));
}

TEST(Clock, TimeZoneAndDaylightSaving) {
  Clock c = utc_clock(kJan15);
  make_cet(c);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 0B 1E 00 00 FF C4 00"));
  EXPECT_EQ(get_hex(c, 3), norm("10 FF C4"));
  EXPECT_EQ(get_hex(c, 5), norm("09 0C FF FF 03 FE 07 02 00 00 00 80 00 FF"));
  EXPECT_EQ(get_hex(c, 8), norm("03 01"));
  // 2024-03-31 (last Sunday of March): 01:59:59 CET, then 03:00:00 CEST.
  c.source().set_ms(1711846800000 - 1000);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 03 1F 07 01 3B 3B 00 FF C4 00"));
  EXPECT_EQ(get_hex(c, 4), norm("11 00"));
  c.source().set_ms(1711846800000);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 03 1F 07 03 00 00 00 FF 88 80"));
  EXPECT_EQ(get_hex(c, 4), norm("11 80"));
  // 2024-10-27: 02:59:59 CEST, then 02:00:00 CET.
  c.source().set_ms(1729990800000 - 1000);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 0A 1B 07 02 3B 3B 00 FF 88 80"));
  c.source().set_ms(1729990800000);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 0A 1B 07 02 00 00 00 FF C4 00"));
  // DST disabled: normal time all year.
  ASSERT_EQ(set_hex(c, 8, "03 00"), DataAccessResult::success);
  c.source().set_ms(1711846800000);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 03 1F 07 02 00 00 00 FF C4 00"));
}

TEST(Clock, SettingTheTime) {
  Clock c = utc_clock(0);
  make_cet(c);
  // 11:30 CET = 10:30 UTC.
  EXPECT_EQ(set_hex(c, 2, "09 0C 07 E8 01 0F 01 0B 1E 00 00 FF C4 00"), DataAccessResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15);
  // Deviation not specified: the one in force applies.
  EXPECT_EQ(set_hex(c, 2, "09 0C 07 E8 01 0F FF 0B 1F 00 00 80 00 FF"), DataAccessResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15 + kMinute);
  // Wildcards, bad fields, wrong type or size: refused, clock unchanged.
  EXPECT_EQ(set_hex(c, 2, "09 0C FF FF 01 0F 01 0B 1E 00 00 FF C4 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 2, "09 0C 07 E8 01 0F 01 18 1E 00 00 FF C4 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 2, "09 0B 07 E8 01 0F 01 0B 1E 00 00 FF C4"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 2, "06 00 00 00 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(c.source().now_ms(), kJan15 + kMinute);
}

TEST(Clock, ConfigurationRanges) {
  Clock c = utc_clock(kJan15);
  EXPECT_EQ(set_hex(c, 3, "10 03 48"), DataAccessResult::success);  // +840
  EXPECT_EQ(set_hex(c, 3, "10 03 49"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 3, "10 FD 30"), DataAccessResult::success);  // -720
  EXPECT_EQ(set_hex(c, 3, "10 FD 2F"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 3, "0F 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get_hex(c, 3), norm("10 FD 30"));
  EXPECT_EQ(set_hex(c, 4, "11 00"), DataAccessResult::read_write_denied);
  EXPECT_EQ(set_hex(c, 5, "09 0C FF FF 0D FE 07 02 00 00 00 80 00 FF"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 7, "0F 79"), DataAccessResult::other_reason);  // 121
  EXPECT_EQ(set_hex(c, 7, "10 00 3C"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 8, "11 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 9, "16 06"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 9, "11 02"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 9, "16 02"), DataAccessResult::success);
  EXPECT_EQ(get_hex(c, 9), norm("16 02"));
  EXPECT_EQ(get_hex(c, 7), norm("0F 3C"));
}

TEST(Clock, AdjustMethodsRoundToTheNearestBoundary) {
  Clock c = utc_clock(kJan15 + 7 * kMinute + 29000);  // 10:37:29
  EXPECT_EQ(invoke_hex(c, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15);
  c.source().set_ms(kJan15 + 7 * kMinute + 30000);  // 10:37:30
  EXPECT_EQ(invoke_hex(c, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15 + 15 * kMinute);
  c.source().set_ms(kJan15 + 29500);  // 10:30:29.5
  EXPECT_EQ(invoke_hex(c, 3, "0F 00"), ActionResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15);
  c.source().set_ms(kJan15 + 30000);
  EXPECT_EQ(invoke_hex(c, 3, "0F 00"), ActionResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15 + kMinute);
  ASSERT_TRUE(c.set_measuring_period(300));
  EXPECT_FALSE(c.set_measuring_period(0));
  c.source().set_ms(kJan15 + 3 * kMinute);  // 10:33 -> 10:35
  EXPECT_EQ(invoke_hex(c, 2, "0F 00"), ActionResult::success);
  EXPECT_EQ(c.source().now_ms(), kJan15 + 5 * kMinute);
  // data ::= integer(0).
  EXPECT_EQ(invoke_hex(c, 1, "0F 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(c, 3, "10 00 00"), ActionResult::type_unmatched);
  EXPECT_EQ(c.source().now_ms(), kJan15 + 5 * kMinute);
}

TEST(Clock, ShiftTime) {
  Clock c = utc_clock(kJan15);
  EXPECT_EQ(invoke_hex(c, 6, "10 00 3C"), ActionResult::success);  // +60 s
  EXPECT_EQ(c.source().now_ms(), kJan15 + kMinute);
  EXPECT_EQ(invoke_hex(c, 6, "10 FC 7C"), ActionResult::success);  // -900 s
  EXPECT_EQ(c.source().now_ms(), kJan15 + kMinute - 900000);
  EXPECT_EQ(invoke_hex(c, 6, "10 03 85"), ActionResult::other_reason);  // 901 s
  EXPECT_EQ(invoke_hex(c, 6, "10 FC 7B"), ActionResult::other_reason);  // -901 s
  EXPECT_EQ(invoke_hex(c, 6, "0F 3C"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(c, 6), ActionResult::type_unmatched);
  EXPECT_EQ(c.source().now_ms(), kJan15 + kMinute - 900000);
}

TEST(Clock, PresetAdjustingTime) {
  Clock c = utc_clock(kJan15);
  // preset 12:00, valid 10:00..11:00 (UTC, deviation 0).
  const char* preset =
      "02 03 09 0C 07 E8 01 0F 01 0C 00 00 00 00 00 00"
      " 09 0C 07 E8 01 0F 01 0A 00 00 00 00 00 00"
      " 09 0C 07 E8 01 0F 01 0B 00 00 00 00 00 00";
  EXPECT_EQ(invoke_hex(c, 4, "0F 00"), ActionResult::other_reason);  // nothing preset
  EXPECT_EQ(invoke_hex(c, 5, preset), ActionResult::success);
  EXPECT_EQ(invoke_hex(c, 4, "0F 00"), ActionResult::success);
  EXPECT_EQ(c.source().now_ms(), 1705320000000);
  EXPECT_EQ(invoke_hex(c, 4, "0F 00"), ActionResult::other_reason);  // used once
  // Outside the validity interval nothing happens.
  EXPECT_EQ(invoke_hex(c, 5, preset), ActionResult::success);
  EXPECT_EQ(invoke_hex(c, 4, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(c.source().now_ms(), 1705320000000);
  // Interval end before start; wildcards; wrong shapes.
  EXPECT_EQ(invoke_hex(c, 5,
                       "02 03 09 0C 07 E8 01 0F 01 0C 00 00 00 00 00 00"
                       " 09 0C 07 E8 01 0F 01 0B 00 00 00 00 00 00"
                       " 09 0C 07 E8 01 0F 01 0A 00 00 00 00 00 00"),
            ActionResult::other_reason);
  EXPECT_EQ(invoke_hex(c, 5,
                       "02 03 09 0C FF FF 01 0F 01 0C 00 00 00 00 00 00"
                       " 09 0C 07 E8 01 0F 01 0A 00 00 00 00 00 00"
                       " 09 0C 07 E8 01 0F 01 0B 00 00 00 00 00 00"),
            ActionResult::other_reason);
  EXPECT_EQ(
      invoke_hex(c, 5,
                 "02 02 09 0C 07 E8 01 0F 01 0C 00 00 00 00 00 00 09 0C 07 E8 01 0F 01 0A 00 00 00 00 00 00"),
      ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(c, 5, "0F 00"), ActionResult::type_unmatched);
}

class RefusingSource : public ClockSource {
 public:
  std::int64_t now_ms() override { return kJan15; }
  bool set_ms(std::int64_t /*utc_ms*/) override { return false; }
  std::uint8_t status_bits() override { return codec::clock_status::doubtful_value; }
};

TEST(Clock, InjectedSource) {
  Clock c(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  RefusingSource src;
  c.set_source(&src);
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 0A 1E 00 00 00 00 02"));
  EXPECT_EQ(get_hex(c, 4), norm("11 02"));
  EXPECT_EQ(set_hex(c, 2, "09 0C 07 E8 01 0F 01 0B 1E 00 00 00 00 00"), DataAccessResult::hardware_fault);
  EXPECT_EQ(invoke_hex(c, 6, "10 00 01"), ActionResult::hardware_fault);
  c.set_source(nullptr);  // back to the built-in source
  EXPECT_EQ(c.source().now_ms(), 0);
}

// A source that keeps its own time zone (a meter's clock): it holds the offset local - UTC the
// way meters usually do, the Clock shows it with the Blue Book sign (time_zone = UTC - local,
// Paris -60; https://www.gurux.fi/Gurux.DLMS.Objects.GXDLMSClock "DLMS and IDIS: -60").
class ZoneKeepingSource final : public ClockSource {
 public:
  int offset_min = 60;  // local - UTC, CET
  bool dst = false;
  std::int64_t now_ms() override { return kJan15; }
  bool set_ms(std::int64_t /*utc_ms*/) override { return true; }
  std::optional<std::int16_t> time_zone() override { return static_cast<std::int16_t>(-offset_min); }
  bool set_time_zone(std::int16_t minutes) override {
    if (minutes > 720) {
      return false;  // this hardware stops at UTC-12
    }
    offset_min = -minutes;
    return true;
  }
  std::optional<Zone> zone_at(std::int64_t /*utc_s*/) override {
    return Zone{static_cast<std::int16_t>(-(offset_min + (dst ? 60 : 0))), dst};
  }
};

TEST(Clock, SourceKeepsTheTimeZone) {
  Clock c(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  ZoneKeepingSource src;
  c.set_source(&src);
  EXPECT_EQ(get_hex(c, 3), norm("10 FF C4"));  // -60
  EXPECT_EQ(c.time_zone(), -60);
  // Local time 11:30 CET, deviation -60.
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 0B 1E 00 00 FF C4 00"));
  // A write goes to the source: time_zone +300 (UTC-5) is offset -300.
  EXPECT_EQ(set_hex(c, 3, "10 01 2C"), DataAccessResult::success);
  EXPECT_EQ(src.offset_min, -300);
  EXPECT_EQ(get_hex(c, 3), norm("10 01 2C"));
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 05 1E 00 00 01 2C 00"));
  // The class range still applies; the source may refuse more.
  EXPECT_EQ(set_hex(c, 3, "10 03 48"), DataAccessResult::other_reason);  // +840: the source refuses
  EXPECT_EQ(src.offset_min, -300);
  EXPECT_EQ(set_hex(c, 3, "10 03 49"), DataAccessResult::other_reason);  // +841: out of -720..840
  EXPECT_EQ(set_hex(c, 3, "10 FD 20"), DataAccessResult::other_reason);  // -736: out of -720..840
  src.offset_min = 60;
  EXPECT_EQ(set_hex(c, 3, "10 FD 30"), DataAccessResult::success);  // -720: offset +720
  EXPECT_EQ(src.offset_min, 720);
  EXPECT_EQ(set_hex(c, 3, "0F 00"), DataAccessResult::type_unmatched);
  // DST as the source says: status bit 7 and deviation -120.
  src.offset_min = 60;
  src.dst = true;
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 0C 1E 00 00 FF 88 80"));
  EXPECT_EQ(get_hex(c, 4), norm("11 80"));
  // Back on the built-in source, attribute 3 is the Clock's own again.
  c.set_source(nullptr);
  EXPECT_EQ(get_hex(c, 3), norm("10 00 00"));
}

TEST(Clock, BoundTimeAttribute) {
  Clock c(apdu::ObisCode(0, 0, 1, 0, 0, 255));
  FakeSource time("09 0C 07 E8 01 0F 01 0A 1E 00 00 00 00 00");
  ASSERT_TRUE(c.bind(2, &time));
  EXPECT_EQ(get_hex(c, 2), norm("09 0C 07 E8 01 0F 01 0A 1E 00 00 00 00 00"));
}

TEST(Clock, TruncatedTimeIsRefused) {
  Clock c = utc_clock(kJan15);
  const auto full = hex("09 0C 07 E8 01 0F 01 0B 1E 00 00 FF C4 00");
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_EQ(c.set_static(2, ByteSpan(full.data(), n)), DataAccessResult::type_unmatched) << n;
  }
  EXPECT_EQ(c.source().now_ms(), kJan15);
}

}  // namespace
}  // namespace dlms::cosem
