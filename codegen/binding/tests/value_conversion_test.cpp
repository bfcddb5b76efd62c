// Meter quantity <-> A-XDR conversions of the binding runtime (binding_format.hpp): exact bytes
// of each carried type (Blue Book 4.1.5 A-XDR encodings; Register value = quantity / 10^scaler,
// Blue Book 4.3.2), date-time rendering (4.1.6.1) and the inverse for writes.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "codegen/binding/value_conversion.hpp"
#include "stack/core/hex.hpp"

namespace dlms::binding {
namespace {

using apdu::DataAccessResult;
using codec::DataType;

std::vector<std::uint8_t> enc(const nlohmann::json& v, BindingFormat f, TimeContext tc = {}) {
  std::array<std::uint8_t, 64> buf{};
  ByteWriter w(buf);
  if (encode_quantity(v, f, tc, w) != DataAccessResult::success) {
    return {};
  }
  return {w.written().begin(), w.written().end()};
}

std::vector<std::uint8_t> hex(const char* h) { return *dlms::from_hex(h); }

TEST(ValueConversion, IntegerTypesWithScaler) {
  EXPECT_EQ(enc(12345.4, {DataType::double_long_unsigned, 0, false}), hex("0600003039"));
  EXPECT_EQ(enc(12345.6, {DataType::double_long_unsigned, 1, false}), hex("06000004D3"));  // 1235 x 10 Wh
  EXPECT_EQ(enc(63.51, {DataType::long_unsigned, -2, false}), hex("1218CF"));              // 6351 x 0.01 V
  EXPECT_EQ(enc(-12.5, {DataType::long_, -1, false}), hex("10FF83"));                      // -125
  EXPECT_EQ(enc(-1, {DataType::double_long, 0, false}), hex("05FFFFFFFF"));
  EXPECT_EQ(enc(3, {DataType::unsigned_, 0, false}), hex("1103"));
  EXPECT_EQ(enc(2, {DataType::enum_, 0, false}), hex("1602"));
  EXPECT_EQ(enc(-3, {DataType::integer, 0, false}), hex("0FFD"));
  EXPECT_EQ(enc(1, {DataType::long64_unsigned, 0, false}), hex("150000000000000001"));
  EXPECT_EQ(enc(-2, {DataType::long64, 0, false}), hex("14FFFFFFFFFFFFFFFE"));
  EXPECT_EQ(enc(true, {DataType::boolean, 0, false}), hex("0301"));
  EXPECT_EQ(enc(1.5, {DataType::float32, 0, false}), hex("173FC00000"));
  EXPECT_EQ(enc(1.5, {DataType::float64, 0, false}), hex("183FF8000000000000"));
}

TEST(ValueConversion, OutOfRangeOrWrongKindIsTypeUnmatched) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter w(buf);
  EXPECT_EQ(encode_quantity(70000, {DataType::long_unsigned, 0, false}, {}, w),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(encode_quantity(-1, {DataType::double_long_unsigned, 0, false}, {}, w),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(encode_quantity("x", {DataType::double_long, 0, false}, {}, w), DataAccessResult::type_unmatched);
  EXPECT_EQ(w.size(), 0U);  // nothing written on a refusal
}

TEST(ValueConversion, Strings) {
  EXPECT_EQ(enc("SM307", {DataType::visible_string, 0, false}), hex("0A05534D333037"));
  EXPECT_EQ(enc("ab", {DataType::octet_string, 0, false}), hex("09026162"));
  EXPECT_EQ(enc("é", {DataType::utf8_string, 0, false}), hex("0C02C3A9"));
}

TEST(ValueConversion, TimesAreLocalDateTimesWithDeviation) {
  // 2025-01-01T00:00:00Z = 1735689600000 ms; CET (UTC+1): local 01:00, deviation -60 (FFC4).
  const TimeContext cet{60 * 60'000, false};
  EXPECT_EQ(enc(1735689600000LL, {DataType::octet_string, 0, true}, cet), hex("090C07E9010103010000"
                                                                              "00FFC400"));
  EXPECT_EQ(enc(1735689600000LL, {DataType::date_time, 0, true}, {}), hex("1907E9010103000000"
                                                                          "00000000"));
  // DST active: status bit 7.
  const TimeContext cest{120 * 60'000, true};
  EXPECT_EQ(enc(1735689600000LL, {DataType::octet_string, 0, true}, cest), hex("090C07E9010103020000"
                                                                               "00FF8880"));
  // No time recorded (0): every field not specified.
  EXPECT_EQ(enc(0, {DataType::octet_string, 0, true}), hex("090CFFFFFFFFFFFFFFFFFF8000FF"));
}

TEST(ValueConversion, WritesConvertBack) {
  auto dv = [](const std::vector<std::uint8_t>& b) { return *codec::read_data_exact(b); };
  const auto v1 = hex("12012C");  // 300 x 10^1
  EXPECT_EQ(*decode_quantity(dv(v1), {DataType::long_unsigned, 1, false}, true), 3000);
  const auto v2 = hex("12012C");
  EXPECT_DOUBLE_EQ(decode_quantity(dv(v2), {DataType::long_unsigned, -2, false}, false)->get<double>(), 3.0);
  const auto wrong = hex("06000000FF");
  EXPECT_FALSE(decode_quantity(dv(wrong), {DataType::long_unsigned, 0, false}, true).has_value());
  const auto t =
      hex("090C07E9010103010000"
          "00FFC400");
  EXPECT_EQ(*decode_quantity(dv(t), {DataType::octet_string, 0, true}, true), 1735689600000LL);
  const auto b = hex("0300");
  EXPECT_EQ(*decode_quantity(dv(b), {DataType::boolean, 0, false}, false), false);
}

TEST(ValueConversion, MethodParametersAsJson) {
  EXPECT_TRUE(data_to_json(nullptr).is_null());
  const auto s =
      hex("0202100384"
          "0903AABBCC");
  const auto v = *codec::read_data_exact(s);
  EXPECT_EQ(data_to_json(&v), nlohmann::json::parse(R"([900, "aabbcc"])"));
}

// A hex-digit string quantity (unit "hex", e.g. firmware.signature) in an octet-string: the
// octets it spells, and back.
TEST(ValueConversion, HexStringsAsOctets) {
  const BindingFormat f{DataType::octet_string, 0, false, true};
  EXPECT_EQ(enc("00ff1A", f), hex("090300FF1A"));
  EXPECT_EQ(enc("", f), hex("0900"));
  EXPECT_TRUE(enc("0f0", f).empty());  // odd length
  EXPECT_TRUE(enc("zz", f).empty());   // not hex
  EXPECT_TRUE(enc(12, f).empty());     // not a string
  const auto v = hex("090300FF1A");
  EXPECT_EQ(*decode_quantity(*codec::read_data_exact(v), f, false), "00ff1a");
  // Without the flag the characters themselves are carried.
  EXPECT_EQ(enc("0A", {DataType::octet_string, 0, false}), hex("09023041"));
}

}  // namespace
}  // namespace dlms::binding
