// Names of the Activity calendar (calendar_name, season_profile_name, week_profile_name: Blue
// Book 4.5.5 octet-strings) in the meter's calendar JSON: printable ASCII as text, other octets
// (and text that would read as hex) as "0x" + hex, so every octet-string survives the trip.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codegen/binding/meter_activity_calendar.hpp"

namespace dlms::binding {
namespace {

std::string to_json(std::vector<std::uint8_t> v) { return name_to_json(ByteSpan(v.data(), v.size())); }

TEST(MeterCalendarNames, PrintableAsciiIsText) {
  EXPECT_EQ(to_json({'S', 'M', '3', '0', '7'}), "SM307");
  EXPECT_EQ(to_json({}), "");
  EXPECT_EQ(to_json({'0', 'x'}), "0x");  // too short to read as hex
  EXPECT_EQ(name_from_json("SM307"), (std::vector<std::uint8_t>{'S', 'M', '3', '0', '7'}));
  EXPECT_EQ(name_from_json("0x"), (std::vector<std::uint8_t>{'0', 'x'}));
  EXPECT_EQ(name_from_json("0x1"), (std::vector<std::uint8_t>{'0', 'x', '1'}));
}

TEST(MeterCalendarNames, OtherOctetsAreHex) {
  EXPECT_EQ(to_json({0x01}), "0x01");
  EXPECT_EQ(to_json({0x00, 0xFF, 0x41}), "0x00ff41");
  EXPECT_EQ(name_from_json("0x00ff41"), (std::vector<std::uint8_t>{0x00, 0xFF, 0x41}));
  EXPECT_EQ(name_from_json("0x00FF41"), (std::vector<std::uint8_t>{0x00, 0xFF, 0x41}));
  // Text that reads as hex is written as hex of its characters.
  EXPECT_EQ(to_json({'0', 'x', '4', '1'}), "0x30783431");
}

TEST(MeterCalendarNames, EveryOctetStringRoundTrips) {
  const std::vector<std::vector<std::uint8_t>> names = {
      {}, {'a'}, {'0', 'x'}, {'0', 'x', 'a', 'b'}, {'0', 'x', 'g', 'g'}, {0x7F}, {0x20, 0x7E}, {0x80, 0x00}};
  for (const auto& n : names) {
    EXPECT_EQ(name_from_json(to_json(n)), n) << to_json(n);
  }
}

}  // namespace
}  // namespace dlms::binding
