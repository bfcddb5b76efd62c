// A-XDR encoding of every COSEM data type (Blue Book "Data" CHOICE), exact bytes both ways.
#include "stack/codec/data_view.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data.hpp"
#include "stack/codec/tests/axdr_test_util.hpp"

namespace dlms::codec {
namespace {

using test::hex;

template <class F>
std::vector<std::uint8_t> encode_with(F&& f) {
  std::array<std::uint8_t, 1024> buf{};
  ByteWriter w(buf);
  f(w);
  EXPECT_TRUE(w.ok());
  return {w.written().begin(), w.written().end()};
}

DataView view_of(const std::vector<std::uint8_t>& bytes) {
  auto v = read_data_exact(bytes);
  EXPECT_TRUE(v.has_value()) << v.error().message();
  return v.value_or(DataView{});
}

// Checks encode(f) == hex, the bytes validate, Data round-trips them, and returns the view.
template <class F>
DataView check(std::string_view expected_hex, F&& f) {
  const auto expected = hex(expected_hex);
  EXPECT_EQ(encode_with(f), expected) << expected_hex;
  auto data = Data::decode(expected);
  EXPECT_TRUE(data.has_value());
  if (data) {
    EXPECT_EQ(data->encode(), expected);
    EXPECT_EQ(data->encoded_size(), expected.size());
  }
  static std::vector<std::vector<std::uint8_t>> keep;  // views below point into these
  keep.push_back(expected);
  return view_of(keep.back());
}

TEST(AxdrData, NullDataAndDontCare) {
  EXPECT_TRUE(check("00", [](ByteWriter& w) { axdr::write_null_data(w); }).is_null());
  EXPECT_EQ(check("FF", [](ByteWriter& w) { axdr::write_dont_care(w); }).type(), DataType::dont_care);
}

TEST(AxdrData, Boolean) {
  EXPECT_TRUE(*check("03 01", [](ByteWriter& w) { axdr::write_boolean(w, true); }).as_bool());
  EXPECT_FALSE(*check("03 00", [](ByteWriter& w) { axdr::write_boolean(w, false); }).as_bool());
  // Any non-zero octet is true, and Data keeps the octet so it re-encodes unchanged.
  const auto ff = hex("03 FF");
  EXPECT_TRUE(*view_of(ff).as_bool());
  EXPECT_EQ(Data::decode(ff)->encode(), ff);
  EXPECT_EQ(*Data::decode(ff), Data::boolean(true));
}

TEST(AxdrData, BitString) {
  const std::array<std::uint8_t, 2> bits{0xB3, 0x40};
  auto v = check("04 0A B3 40", [&](ByteWriter& w) { axdr::write_bit_string(w, bits, 10); });
  auto b = v.as_bit_string();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->bit_count, 10U);
  EXPECT_TRUE(b->bit(0));
  EXPECT_FALSE(b->bit(1));
  EXPECT_TRUE(b->bit(9));
  EXPECT_FALSE(b->bit(10));
  check("04 00", [](ByteWriter& w) { axdr::write_bit_string(w, {}, 0); });
}

TEST(AxdrData, Integers) {
  EXPECT_EQ(*check("0F FF", [](ByteWriter& w) { axdr::write_integer(w, -1); }).as<int>(), -1);
  EXPECT_EQ(*check("10 FE D4", [](ByteWriter& w) { axdr::write_long(w, -300); }).as<int>(), -300);
  EXPECT_EQ(*check("11 C8", [](ByteWriter& w) { axdr::write_unsigned(w, 200); }).as<int>(), 200);
  EXPECT_EQ(*check("12 00 E6", [](ByteWriter& w) { axdr::write_long_unsigned(w, 230); }).as<int>(), 230);
  EXPECT_EQ(*check("05 FF FF FF FE", [](ByteWriter& w) { axdr::write_double_long(w, -2); }).as<long>(), -2);
  EXPECT_EQ(*check("14 FF FF FF FF FF FF FF FF", [](ByteWriter& w) { axdr::write_long64(w, -1); })
                 .as<std::int64_t>(),
            -1);
  EXPECT_EQ(*check("15 FF FF FF FF FF FF FF FF",
                   [](ByteWriter& w) { axdr::write_long64_unsigned(w, 0xFFFFFFFFFFFFFFFFULL); })
                 .as<std::uint64_t>(),
            0xFFFFFFFFFFFFFFFFULL);
  EXPECT_EQ(*check("16 03", [](ByteWriter& w) { axdr::write_enum(w, 3); }).as_enum(), 3);
  EXPECT_EQ(*check("0D 12", [](ByteWriter& w) { axdr::write_bcd(w, 0x12); }).as_bcd(), 0x12);
}

// The regression: a well-known stack sign-extends double-long-unsigned >= 2^31.
TEST(AxdrData, DoubleLongUnsignedIsNotSignExtended) {
  auto a = check("06 80 00 00 00", [](ByteWriter& w) { axdr::write_double_long_unsigned(w, 0x80000000U); });
  auto b = check("06 FF FF FF FF", [](ByteWriter& w) { axdr::write_double_long_unsigned(w, 0xFFFFFFFFU); });
  EXPECT_EQ(*a.as<std::uint32_t>(), 2147483648U);
  EXPECT_EQ(*a.as<std::int64_t>(), 2147483648LL);
  EXPECT_EQ(*b.as<std::uint64_t>(), 4294967295ULL);
  EXPECT_EQ(*b.as<std::int64_t>(), 4294967295LL);
  EXPECT_EQ(b.as<std::int32_t>().error(), codec_errc::invalid_value);
  EXPECT_EQ(Data::decode(b.encoded())->as_uint64(), 4294967295ULL);
}

TEST(AxdrData, RangeChecksAndTypeMismatch) {
  const auto v300 = hex("12 01 2C");
  EXPECT_EQ(view_of(v300).as<std::uint8_t>().error(), codec_errc::invalid_value);
  EXPECT_EQ(*view_of(v300).as<std::uint16_t>(), 300);
  const auto neg = hex("0F 80");
  EXPECT_EQ(view_of(neg).as<unsigned>().error(), codec_errc::invalid_value);
  EXPECT_EQ(*view_of(neg).as<std::int8_t>(), -128);
  const auto s = hex("09 01 41");
  EXPECT_EQ(view_of(s).as<int>().error(), codec_errc::type_mismatch);
  EXPECT_EQ(view_of(s).as_bool().error(), codec_errc::type_mismatch);
  EXPECT_EQ(view_of(s).as_string().error(), codec_errc::type_mismatch);
  EXPECT_EQ(view_of(v300).as_octets().error(), codec_errc::type_mismatch);
}

TEST(AxdrData, Floats) {
  EXPECT_EQ(*check("17 3F C0 00 00", [](ByteWriter& w) { axdr::write_float32(w, 1.5F); }).as_float32(), 1.5F);
  EXPECT_EQ(
      *check("18 C0 00 00 00 00 00 00 00", [](ByteWriter& w) { axdr::write_float64(w, -2.0); }).as_double(),
      -2.0);
}

TEST(AxdrData, Strings) {
  // Logical name of the Clock object 0.0.1.0.0.255 (Blue Book 4.5.1).
  const std::array<std::uint8_t, 6> ln{0, 0, 1, 0, 0, 255};
  auto o = check("09 06 00 00 01 00 00 FF", [&](ByteWriter& w) { axdr::write_octet_string(w, ln); });
  EXPECT_EQ(o.as_octets()->size(), 6U);
  // "Kamstrup_V0001": dlms-cosem tests/test_dlms_data.py (Kamstrup HAN port frame).
  auto s = check("0A 0E 4B616D73747275705F5630303031",
                 [](ByteWriter& w) { axdr::write_visible_string(w, "Kamstrup_V0001"); });
  EXPECT_EQ(*s.as_string(), "Kamstrup_V0001");
  auto u = check("0C 02 C3 A4", [](ByteWriter& w) { axdr::write_utf8_string(w, "\xC3\xA4"); });
  EXPECT_EQ(*u.as_string(), "\xC3\xA4");
  check("09 00", [](ByteWriter& w) { axdr::write_octet_string(w, {}); });
}

TEST(AxdrData, LongFormLengths) {
  std::vector<std::uint8_t> big(300, 0xAB);
  auto bytes = encode_with([&](ByteWriter& w) { axdr::write_octet_string(w, big); });
  ASSERT_EQ(bytes.size(), 304U);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 4), hex("09 82 01 2C"));
  EXPECT_EQ(view_of(bytes).as_octets()->size(), 300U);
  std::vector<std::uint8_t> mid(200, 1);
  bytes = encode_with([&](ByteWriter& w) { axdr::write_octet_string(w, mid); });
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 3), hex("09 81 C8"));
  EXPECT_EQ(axdr::length_size(127), 1U);
  EXPECT_EQ(axdr::length_size(128), 2U);
  EXPECT_EQ(axdr::length_size(0x10000), 4U);
  EXPECT_EQ(axdr::length_size(0x1000000), 5U);
}

TEST(AxdrData, ArrayAndStructure) {
  auto a = check("01 03 11 01 11 02 11 03", [](ByteWriter& w) {
    axdr::begin_array(w, 3);
    axdr::write_unsigned(w, 1);
    axdr::write_unsigned(w, 2);
    axdr::write_unsigned(w, 3);
  });
  EXPECT_EQ(a.size(), 3U);
  int sum = 0;
  for (DataView e : a.elements()) {
    sum += *e.as<int>();
  }
  EXPECT_EQ(sum, 6);
  EXPECT_EQ(*a.at(2)->as<int>(), 3);
  EXPECT_EQ(a.at(3).error(), codec_errc::invalid_value);

  auto s = check("02 02 09 02 AA BB 02 01 01 00", [](ByteWriter& w) {
    axdr::begin_structure(w, 2);
    const std::array<std::uint8_t, 2> ab{0xAA, 0xBB};
    axdr::write_octet_string(w, ab);
    axdr::begin_structure(w, 1);
    axdr::begin_array(w, 0);
  });
  EXPECT_EQ(s.size(), 2U);
  EXPECT_EQ(s.at(1)->type(), DataType::structure);
  EXPECT_EQ(s.at(1)->at(0)->size(), 0U);
  EXPECT_TRUE(s.at(1)->at(0)->elements().empty());
  EXPECT_EQ(Data::decode(s.encoded())->elements()[1].elements()[0], Data::array({}));
}

TEST(AxdrData, DateTimeDateTimeTags) {
  // 2020-01-01 00:03:00, deviation -120 (UTC+02:00): dlms-cosem tests/test_time.py.
  const CosemDateTime t{2020, 1, 1, 0xFF, 0, 3, 0, 0, -120, 0xFF};
  auto v =
      check("19 07 E4 01 01 FF 00 03 00 00 FF 88 FF", [&](ByteWriter& w) { axdr::write_date_time(w, t); });
  EXPECT_EQ(*v.as_date_time(), t);
  auto o = check("09 0C 07 E4 01 01 FF 00 03 00 00 FF 88 FF",
                 [&](ByteWriter& w) { axdr::write_date_time_octets(w, t); });
  EXPECT_EQ(*o.as_date_time(), t);
  const CosemDate d{2020, 1, 1, 3};
  EXPECT_EQ(*check("1A 07 E4 01 01 03", [&](ByteWriter& w) { axdr::write_date(w, d); }).as_date(), d);
  const CosemTime tm{12, 30, 0, 0xFF};
  EXPECT_EQ(*check("1B 0C 1E 00 FF", [&](ByteWriter& w) { axdr::write_time(w, tm); }).as_time(), tm);
}

TEST(AxdrData, CompactArray) {
  // compact-array of long-unsigned: description 12, contents 00 01 00 02 00 03.
  auto v = check("13 12 06 00 01 00 02 00 03", [](ByteWriter& w) {
    const std::array<std::uint8_t, 1> desc{0x12};
    const std::array<std::uint8_t, 6> contents{0, 1, 0, 2, 0, 3};
    axdr::write_compact_array(w, desc, contents);
  });
  auto c = v.as_compact_array();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->count, 3U);
  EXPECT_EQ(v.size(), 3U);
  EXPECT_EQ(c->type_description.size(), 1U);
  // compact-array of structure {long-unsigned, octet-string}: 2 elements of variable size.
  const auto s = hex("13 02 02 12 09 09 00 01 02 AA BB 00 02 01 CC");
  auto sv = view_of(s);
  EXPECT_EQ(sv.size(), 2U);
  EXPECT_EQ(Data::decode(s)->encode(), s);
  // description array[2] of unsigned: each element is 2 octets.
  const auto a = hex("13 01 00 02 11 04 01 02 03 04");
  EXPECT_EQ(view_of(a).size(), 2U);
}

// The Kamstrup HAN-port list (dlms-cosem tests/test_dlms_data.py): a structure of 25 values.
TEST(AxdrData, PublishedKamstrupHanStructure) {
  const auto bytes =
      hex("02190A0E4B616D73747275705F563030303109060101000005FF0A10353730363536373139363338323438350906010160"
          "0101FF0A1236383431313331424E31343331303130393009060101010700FF060000092609060101020700FF06000000"
          "0009060101030700FF060000000009060101040700FF06000000DF090601011F0700FF060000005C0906010133070"
          "0FF060000008D09060101470700FF060000037209060101200700FF1200E609060101340700FF1200E6090601014807"
          "00FF1200E4");
  auto v = view_of(bytes);
  ASSERT_EQ(v.type(), DataType::structure);
  EXPECT_EQ(v.size(), 25U);
  EXPECT_EQ(*v.at(0)->as_string(), "Kamstrup_V0001");
  EXPECT_EQ(*v.at(6)->as<std::uint32_t>(), 0x926U);  // active power import, 2342 W
  EXPECT_EQ(*v.at(24)->as<int>(), 228);              // L3 voltage
  EXPECT_EQ(Data::decode(bytes)->encode(), bytes);
}

// A load profile buffer read by dlms-cosem (tests/test_a_xdr.py, test_decode_array_and_structure):
// array of 24 structures {octet-string(12) date-time, unsigned, double-long-unsigned}.
TEST(AxdrData, PublishedLoadProfileBuffer) {
  const auto apdu_tail =
      hex("0001180203090C07E2020C0500000000800000110006000186A00203090C07E2020C050"
          "1000000800000110006000188400203090C07E2020C0502000000800000110006000189E00203"
          "090C07E2020C050300000080000011000600018B800203090C07E2020C0504000000800000110"
          "00600018D200203090C07E2020C050500000080000011000600018EC00203090C07E2020C0506"
          "000000800000110006000190600203090C07E2020C05070000008000001100060001920002030"
          "90C07E2020C0508000000800000110006000193A00203090C07E2020C05090000008000001100"
          "06000195400203090C07E2020C050A000000800000110006000196E00203090C07E2020C050B0"
          "00000800000110006000198800203090C07E2020C050C00000080000011000600019A20020309"
          "0C07E2020C050D00000080000011000600019BC00203090C07E2020C050E00000080000011000"
          "600019D600203090C07E2020C050F00000080000011000600019F000203090C07E2020C051000"
          "00008000001100060001A0A00203090C07E2020C05110000008000001100060001A2400203090"
          "C07E2020C05120000008000001100060001A3E00203090C07E2020C0513000000800000110006"
          "0001A5800203090C07E2020C05140000008000001100060001A7200203090C07E2020C0515000"
          "0008000001100060001A8C00203090C07E2020C05160000008000001100060001AA600203090C"
          "07E2020C05170000008000001100060001AC00");
  ASSERT_EQ(apdu_tail.size(), 555U);
  ByteReader r(apdu_tail);
  std::uint8_t choice = 0xFF;
  ASSERT_TRUE(r.u8(choice));
  EXPECT_EQ(choice, 0);  // Get-Data-Result: data
  auto v = read_data(r);
  ASSERT_TRUE(v);
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(v->size(), 24U);
  std::uint64_t sum = 0;
  int hour = 0;
  for (DataView row : v->elements()) {
    ASSERT_EQ(row.size(), 3U);
    auto it = row.elements().begin();
    auto t = (*it).as_date_time();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->year, 2018);
    EXPECT_EQ(t->hour, hour++);
    EXPECT_EQ(t->deviation, cosem_time_value::deviation_not_specified);
    ++it;
    EXPECT_EQ(*(*it).as<int>(), 0);
    ++it;
    sum += *(*it).as<std::uint32_t>();
  }
  EXPECT_EQ(sum, 24U * 100000U + 416U * 276U);  // 100000 + 416 * k, k = 0..23
}

TEST(AxdrData, ReaderAdvancesPastOneValue) {
  const auto bytes = hex("11 05 12 00 07");
  ByteReader r(bytes);
  auto a = read_data(r);
  ASSERT_TRUE(a);
  EXPECT_EQ(r.offset(), 2U);
  auto b = read_data(r);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b->as<int>(), 7);
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(read_data_exact(bytes).error(), codec_errc::trailing_bytes);
}

TEST(AxdrData, EncoderReportsOverflow) {
  std::array<std::uint8_t, 3> small{};
  ByteWriter w(small);
  axdr::write_double_long_unsigned(w, 1);
  EXPECT_FALSE(w.ok());
  ByteWriter w2(small);
  EXPECT_EQ(Data::long64(1).encode(w2).error(), codec_errc::buffer_too_small);
  ByteWriter w3(small);
  axdr::write_bit_string(w3, std::array<std::uint8_t, 1>{1}, 9);  // inconsistent
  EXPECT_FALSE(w3.ok());
}

}  // namespace
}  // namespace dlms::codec
