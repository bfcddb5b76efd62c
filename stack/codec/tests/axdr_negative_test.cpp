// Hostile A-XDR input: every fault is a clean codec_errc at the right offset, found without
// recursion, allocation or reading past the input.
#include "stack/codec/data_view.hpp"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/data.hpp"
#include "stack/codec/tests/axdr_test_util.hpp"

namespace dlms::codec {
namespace {

using test::hex;

struct Fault {
  codec_errc error;
  std::size_t offset;
};

Fault fault_of(const std::vector<std::uint8_t>& bytes, const Limits& limits = kDefaultLimits) {
  ByteReader r(bytes);
  auto v = read_data(r, limits);
  EXPECT_FALSE(v.has_value());
  if (v) {
    return {};
  }
  EXPECT_EQ(&v.error().category(), &codec_category());
  return {static_cast<codec_errc>(v.error().value()), r.offset()};
}

// Valid samples covering every type; each is cut at every byte below.
const char* const kSamples[] = {
    "00",
    "01 03 11 01 11 02 11 03",
    "02 02 09 02 AA BB 02 01 01 00",
    "03 01",
    "04 0A B3 40",
    "05 FF FF FF FE",
    "06 80 00 00 00",
    "09 06 00 00 01 00 00 FF",
    "0A 03 41 42 43",
    "0C 02 C3 A4",
    "0D 12",
    "0F FF",
    "10 FE D4",
    "11 C8",
    "12 00 E6",
    "13 12 06 00 01 00 02 00 03",
    "13 02 02 12 09 09 00 01 02 AA BB 00 02 01 CC",
    "13 01 00 02 11 04 01 02 03 04",
    "14 FF FF FF FF FF FF FF FF",
    "15 00 00 00 00 00 00 00 01",
    "16 03",
    "17 3F C0 00 00",
    "18 C0 00 00 00 00 00 00 00",
    "19 07 E4 01 01 FF 00 03 00 00 FF 88 FF",
    "1A 07 E4 01 01 03",
    "1B 0C 1E 00 FF",
    "FF",
    ("01 02 02 02 09 0C 07E2020C0500000000800000 06 00 01 86 A0"
     " 02 02 09 0C 07E2020C0501000000800000 06 00 01 88 40"),
};

TEST(AxdrNegative, TruncatedAtEveryByte) {
  for (const char* sample : kSamples) {
    const auto full = hex(sample);
    ASSERT_TRUE(read_data_exact(full)) << sample;
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
      const std::vector<std::uint8_t> part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
      const Fault f = fault_of(part);
      EXPECT_TRUE(f.error == codec_errc::truncated || f.error == codec_errc::length_past_end ||
                  f.error == codec_errc::type_mismatch)
          << sample << " cut at " << cut << ": " << make_error_code(f.error).message();
      EXPECT_LE(f.offset, cut);
      EXPECT_FALSE(Data::decode(part));
    }
  }
}

TEST(AxdrNegative, LengthsPastEnd) {
  EXPECT_EQ(fault_of(hex("09 05 01 02")).error, codec_errc::length_past_end);
  EXPECT_EQ(fault_of(hex("09 05 01 02")).offset, 1U);
  EXPECT_EQ(fault_of(hex("09 82 01 00 00")).error, codec_errc::length_past_end);
  EXPECT_EQ(fault_of(hex("04 11 FF FF")).error, codec_errc::length_past_end);  // 17 bits = 3 octets
  EXPECT_EQ(fault_of(hex("01 05 11 01")).error, codec_errc::length_past_end);
  EXPECT_EQ(fault_of(hex("13 12 08 00 01")).error, codec_errc::length_past_end);
}

TEST(AxdrNegative, BadLengthEncodings) {
  EXPECT_EQ(fault_of(hex("09 80 00")).error, codec_errc::bad_length_encoding);                 // indefinite
  EXPECT_EQ(fault_of(hex("09 85 00 00 00 00 01 AA")).error, codec_errc::bad_length_encoding);  // 5 octets
  EXPECT_EQ(fault_of(hex("09 FF")).error, codec_errc::bad_length_encoding);
  EXPECT_EQ(fault_of(hex("09 81 05 01 02 03 04 05")).error, codec_errc::bad_length_encoding);  // not minimal
  EXPECT_EQ(fault_of(hex("09 82 00 80")).error, codec_errc::bad_length_encoding);              // leading zero
  EXPECT_EQ(fault_of(hex("09 80 00")).offset, 1U);
  EXPECT_EQ(fault_of(hex("01 80")).error, codec_errc::bad_length_encoding);
}

TEST(AxdrNegative, UnknownTags) {
  for (int tag : {7, 8, 11, 14, 28, 100, 254}) {
    const std::vector<std::uint8_t> b{static_cast<std::uint8_t>(tag), 0, 0, 0, 0};
    EXPECT_EQ(fault_of(b).error, codec_errc::unknown_tag) << tag;
    EXPECT_EQ(fault_of(b).offset, 0U);
  }
  EXPECT_EQ(fault_of(hex("02 02 11 01 07 00")).offset, 4U);  // the bad tag's own offset
  EXPECT_EQ(fault_of(hex("13 07 00")).error, codec_errc::unknown_tag);
  EXPECT_EQ(fault_of(hex("13 13 00")).error, codec_errc::unexpected_tag);  // compact in description
}

// 10,000 nested arrays of one element: rejected at max_depth, without recursion.
TEST(AxdrNegative, DepthBomb) {
  std::vector<std::uint8_t> bomb;
  for (int i = 0; i < 10000; ++i) {
    bomb.push_back(0x01);
    bomb.push_back(0x01);
  }
  bomb.push_back(0x00);
  const Fault f = fault_of(bomb);
  EXPECT_EQ(f.error, codec_errc::depth_exceeded);
  EXPECT_EQ(f.offset, 2 * kDefaultLimits.max_depth);
  Limits deep;
  deep.max_depth = 1000000;  // clamped to the validator's fixed stack
  EXPECT_EQ(fault_of(bomb, deep).error, codec_errc::depth_exceeded);
  // Exactly max_depth levels are fine.
  std::vector<std::uint8_t> ok;
  for (std::size_t i = 0; i < kDefaultLimits.max_depth; ++i) {
    ok.push_back(0x02);
    ok.push_back(0x01);
  }
  ok.push_back(0x00);
  ASSERT_TRUE(read_data_exact(ok));
  EXPECT_TRUE(Data::decode(ok));
  // Compact-array descriptions count towards the depth too.
  std::vector<std::uint8_t> desc{0x13};
  for (int i = 0; i < 100; ++i) {
    desc.insert(desc.end(), {0x01, 0x00, 0x01});
  }
  desc.insert(desc.end(), {0x11, 0x01, 0x05});
  EXPECT_EQ(fault_of(desc).error, codec_errc::depth_exceeded);
}

// An array claiming 2^32 - 1 elements in 10 bytes fails at once.
TEST(AxdrNegative, ElementCountBomb) {
  const auto bomb = hex("01 84 FF FF FF FF 11 00 11 00");
  EXPECT_EQ(fault_of(bomb).error, codec_errc::limit_exceeded);
  Limits lax;
  lax.max_elements = ~std::size_t{0};
  EXPECT_EQ(fault_of(bomb, lax).error, codec_errc::length_past_end);
  EXPECT_EQ(fault_of(bomb, lax).offset, 1U);
  Limits tight;
  tight.max_elements = 2;
  EXPECT_EQ(fault_of(hex("02 03 00 00 00"), tight).error, codec_errc::limit_exceeded);
  Limits strings;
  strings.max_string_length = 4;
  EXPECT_EQ(fault_of(hex("09 05 01 02 03 04 05"), strings).error, codec_errc::limit_exceeded);
  EXPECT_EQ(fault_of(hex("13 01 FF FF 11 00"), tight).error, codec_errc::limit_exceeded);
}

TEST(AxdrNegative, CompactArrayContentsMismatch) {
  // long-unsigned elements, 5 octets of contents: not a multiple of 2.
  EXPECT_EQ(fault_of(hex("13 12 05 00 01 00 02 00")).error, codec_errc::type_mismatch);
  // structure {long-unsigned, octet-string}: the second string runs past the contents.
  EXPECT_EQ(fault_of(hex("13 02 02 12 09 08 00 01 02 AA BB 00 02 05")).error, codec_errc::type_mismatch);
  // description truncated.
  EXPECT_EQ(fault_of(hex("13 01 00")).error, codec_errc::truncated);
  EXPECT_EQ(fault_of(hex("13 02 03 12 12")).error, codec_errc::length_past_end);
  // zero-size description with contents.
  EXPECT_EQ(fault_of(hex("13 00 01 00")).error, codec_errc::type_mismatch);
  EXPECT_TRUE(read_data_exact(hex("13 00 00")));
}

TEST(AxdrNegative, EmptyInput) {
  EXPECT_EQ(fault_of({}).error, codec_errc::truncated);
  EXPECT_EQ(read_data_exact({}).error(), codec_errc::truncated);
}

TEST(AxdrNegative, DateTimeFieldValidationIsLazy) {
  // The validator accepts any 12 octets; the accessor checks the fields (month 13).
  const auto bytes = hex("19 07 E4 0D 01 FF 00 03 00 00 FF 88 FF");
  auto v = read_data_exact(bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->as_date_time().error(), codec_errc::invalid_value);
  EXPECT_EQ(Data::decode(bytes)->encode(), bytes);
}

}  // namespace
}  // namespace dlms::codec
