// BER reader and writer (ITU-T X.690): identifiers, definite lengths, TLVs, INTEGER, BIT
// STRING and OBJECT IDENTIFIER contents. Vectors constructed from X.690 unless noted.
#include "stack/codec/ber_reader.hpp"
#include "stack/codec/ber_writer.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/codec_error.hpp"
#include "stack/core/hex.hpp"

namespace dlms::codec::ber {
namespace {

std::vector<std::uint8_t> hex(std::string_view text) { return from_hex(text).value(); }

template <class F>
std::string encoded(F&& f) {
  std::array<std::uint8_t, 512> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  f(w);
  EXPECT_TRUE(w.ok());
  return to_hex(w.written());
}

TEST(BerTag, LowAndHighForms) {
  // 60 = [APPLICATION 0] constructed; A1 = [1] constructed; 8A = [10] primitive;
  // 5F 1F = [APPLICATION 31] primitive (the xDLMS Conformance tag); BE = [30] constructed.
  const auto bytes = hex("60 A1 8A 5F 1F BE 9F 81 00 02");
  ByteReader r{ByteSpan(bytes)};
  EXPECT_EQ(*read_tag(r), application_tag(0, true));
  EXPECT_EQ(*read_tag(r), context_tag(1, true));
  EXPECT_EQ(*read_tag(r), context_tag(10, false));
  EXPECT_EQ(*read_tag(r), application_tag(31, false));
  EXPECT_EQ(*read_tag(r), context_tag(30, true));
  EXPECT_EQ(*read_tag(r), context_tag(128, false));  // 9F 81 00
  EXPECT_EQ(*read_tag(r), universal::integer);
  EXPECT_TRUE(r.empty());
}

TEST(BerTag, EncodesEveryFormAndRoundTrips) {
  for (std::uint32_t n : {0U, 1U, 30U, 31U, 127U, 128U, 16383U, 16384U, kMaxTagNumber}) {
    for (bool constructed : {false, true}) {
      const Tag t = context_tag(n, constructed);
      std::array<std::uint8_t, 8> buf{};
      ByteWriter w{MutableByteSpan(buf)};
      write_tag(w, t);
      ASSERT_TRUE(w.ok());
      EXPECT_EQ(w.size(), tag_size(t));
      ByteReader r{w.written()};
      auto back = read_tag(r);
      ASSERT_TRUE(back) << n;
      EXPECT_EQ(*back, t);
      EXPECT_TRUE(r.empty());
    }
  }
  EXPECT_EQ(encoded([](ByteWriter& w) { write_tag(w, application_tag(31, false)); }), "5F 1F");
}

TEST(BerTag, RejectsNonCanonicalAndOverlongHighForms) {
  const auto check = [](std::string_view text, codec_errc want) {
    const auto bytes = hex(text);
    ByteReader r{ByteSpan(bytes)};
    auto t = read_tag(r);
    ASSERT_FALSE(t) << text;
    EXPECT_EQ(t.error(), make_error_code(want)) << text;
    EXPECT_EQ(r.offset(), 0U) << text;
  };
  check("", codec_errc::truncated);
  check("9F", codec_errc::truncated);
  check("9F 81", codec_errc::truncated);
  check("9F 80 01", codec_errc::invalid_value);         // leading 0x80 subsequent octet
  check("9F 1E", codec_errc::invalid_value);            // 30 must use the low form
  check("9F 81 81 81 81 01", codec_errc::unsupported);  // five subsequent octets
}

TEST(BerLength, ShortAndLongForms) {
  const auto check = [](std::string_view text, std::size_t want) {
    const auto bytes = hex(text);
    ByteReader r{ByteSpan(bytes)};
    auto n = read_length(r);
    ASSERT_TRUE(n) << text;
    EXPECT_EQ(*n, want) << text;
    EXPECT_TRUE(r.empty()) << text;
  };
  check("00", 0);
  check("7F", 127);
  check("81 80", 128);
  check("82 01 00", 256);
  check("83 01 00 00", 65536);
  check("84 01 00 00 00", 0x01000000U);
  check("81 05", 5);  // BER permits the long form where the short form fits (X.690 8.1.3.2)
}

TEST(BerLength, RejectsIndefiniteReservedAndFiveOctetForms) {
  const auto check = [](std::string_view text, codec_errc want) {
    const auto bytes = hex(text);
    ByteReader r{ByteSpan(bytes)};
    auto n = read_length(r);
    ASSERT_FALSE(n) << text;
    EXPECT_EQ(n.error(), make_error_code(want)) << text;
    EXPECT_EQ(r.offset(), 0U) << text;
  };
  check("", codec_errc::truncated);
  check("80", codec_errc::bad_length_encoding);  // indefinite form
  check("85 00 00 00 00 01", codec_errc::bad_length_encoding);
  check("FF", codec_errc::bad_length_encoding);
  check("82 01", codec_errc::truncated);
}

TEST(BerLength, EncodesShortestForm) {
  EXPECT_EQ(encoded([](ByteWriter& w) { write_length(w, 0); }), "00");
  EXPECT_EQ(encoded([](ByteWriter& w) { write_length(w, 127); }), "7F");
  EXPECT_EQ(encoded([](ByteWriter& w) { write_length(w, 128); }), "81 80");
  EXPECT_EQ(encoded([](ByteWriter& w) { write_length(w, 300); }), "82 01 2C");
  EXPECT_EQ(encoded([](ByteWriter& w) { write_length(w, 0x123456); }), "83 12 34 56");
  EXPECT_EQ(encoded([](ByteWriter& w) { write_length(w, 0x12345678); }), "84 12 34 56 78");
  EXPECT_EQ(length_size(127), 1U);
  EXPECT_EQ(length_size(128), 2U);
  EXPECT_EQ(length_size(0xFFFFFFFFU), 5U);
}

TEST(BerTlv, LengthPastEndIsRejectedWithTheOffset) {
  const auto bytes = hex("04 05 01 02 03");
  ByteReader r{ByteSpan(bytes)};
  auto tlv = read_tlv(r);
  ASSERT_FALSE(tlv);
  EXPECT_EQ(tlv.error(), make_error_code(codec_errc::length_past_end));
  EXPECT_EQ(r.offset(), 1U);  // the length field
}

TEST(BerTlv, ReadsContentsAsAView) {
  const auto bytes = hex("A1 09 06 07 60 85 74 05 08 01 01 FF");
  ByteReader r{ByteSpan(bytes)};
  auto tlv = read_tlv(r);
  ASSERT_TRUE(tlv);
  EXPECT_EQ(tlv->tag, context_tag(1, true));
  EXPECT_EQ(tlv->contents.data(), bytes.data() + 2);
  EXPECT_EQ(tlv->contents.size(), 9U);
  EXPECT_EQ(r.offset(), 11U);
  auto wrong = read_expected(r, universal::integer);
  ASSERT_FALSE(wrong);  // FF alone: identifier then truncated length
  EXPECT_EQ(wrong.error(), make_error_code(codec_errc::truncated));
}

TEST(BerTlv, ReadExpectedChecksTheTag) {
  const auto bytes = hex("02 01 05");
  ByteReader r{ByteSpan(bytes)};
  auto wrong = read_expected(r, universal::octet_string);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error(), make_error_code(codec_errc::unexpected_tag));
  EXPECT_EQ(r.offset(), 0U);
  auto right = read_expected(r, universal::integer);
  ASSERT_TRUE(right);
  EXPECT_EQ(to_hex(*right), "05");
}

TEST(BerTlv, TruncatedAtEveryByteIsRejected) {
  std::vector<std::uint8_t> full = hex("BE 81 82 04 81 7F");
  full.resize(full.size() + 127, 0xAB);
  for (std::size_t n = 0; n < full.size(); ++n) {
    ByteReader r{ByteSpan(full.data(), n)};
    EXPECT_FALSE(read_tlv(r)) << n;
  }
  ByteReader r{ByteSpan(full)};
  auto tlv = read_tlv(r);
  ASSERT_TRUE(tlv);
  EXPECT_EQ(tlv->contents.size(), 130U);
}

TEST(BerInteger, MinimalTwosComplement) {
  const auto check = [](std::string_view contents, std::int64_t want) {
    const auto bytes = hex(contents);
    auto v = decode_integer(ByteSpan(bytes));
    ASSERT_TRUE(v) << contents;
    EXPECT_EQ(*v, want) << contents;
    std::vector<std::uint8_t> tlv{0x02, static_cast<std::uint8_t>(bytes.size())};
    tlv.insert(tlv.end(), bytes.begin(), bytes.end());
    EXPECT_EQ(encoded([&](ByteWriter& w) { write_integer(w, universal::integer, want); }), to_hex(tlv));
  };
  check("00", 0);
  check("7F", 127);
  check("00 80", 128);
  check("FF", -1);
  check("80", -128);
  check("FF 7F", -129);
  check("01 00", 256);
  check("7F FF FF FF FF FF FF FF", INT64_MAX);
  check("80 00 00 00 00 00 00 00", INT64_MIN);
}

TEST(BerInteger, RejectsEmptyNonMinimalAndTooLong) {
  EXPECT_EQ(decode_integer({}).error(), make_error_code(codec_errc::invalid_value));
  const auto a = hex("00 01");
  EXPECT_EQ(decode_integer(ByteSpan(a)).error(), make_error_code(codec_errc::invalid_value));
  const auto b = hex("FF 80");
  EXPECT_EQ(decode_integer(ByteSpan(b)).error(), make_error_code(codec_errc::invalid_value));
  const auto c = hex("01 00 00 00 00 00 00 00 00");
  EXPECT_EQ(decode_integer(ByteSpan(c)).error(), make_error_code(codec_errc::unsupported));
}

TEST(BerBitString, DecodesAndTestsNamedBits) {
  const auto bytes = hex("07 80");  // ACSE-requirements { authentication }
  auto bits = decode_bit_string(ByteSpan(bytes));
  ASSERT_TRUE(bits);
  EXPECT_EQ(bits->unused_bits, 7);
  EXPECT_TRUE(bits->test(0));
  EXPECT_FALSE(bits->test(1));
  EXPECT_FALSE(bits->test(8));
  const auto empty = hex("00");
  ASSERT_TRUE(decode_bit_string(ByteSpan(empty)));
  EXPECT_FALSE(decode_bit_string(ByteSpan(empty))->test(0));
  for (std::string_view bad : {"", "08 80", "01"}) {
    const auto b = hex(bad);
    EXPECT_FALSE(decode_bit_string(ByteSpan(b))) << bad;
  }
  EXPECT_EQ(encoded([&](ByteWriter& w) { write_bit_string(w, context_tag(10, false), *bits); }),
            "8A 02 07 80");
}

TEST(BerObjectIdentifier, Validates) {
  for (std::string_view good : {"60 85 74 05 08 01 01", "60 85 74 05 08 02 05", "00", "2A 86 48 86 F7 0D"}) {
    const auto b = hex(good);
    EXPECT_TRUE(validate_object_identifier(ByteSpan(b))) << good;
  }
  for (std::string_view bad : {"", "60 85", "60 80 01", "80 01"}) {
    const auto b = hex(bad);
    EXPECT_FALSE(validate_object_identifier(ByteSpan(b))) << bad;
  }
}

TEST(BerConstructed, BackPatchesShortAndLongLengths) {
  EXPECT_EQ(encoded([](ByteWriter& w) {
              const auto c = open(w, application_tag(2, true));
              close(w, c);
            }),
            "62 00");
  // 200 octets of contents: the length moves to the long form and the contents move up.
  std::vector<std::uint8_t> payload(198, 0x5A);
  const std::string text = encoded([&](ByteWriter& w) {
    const auto c = open(w, context_tag(30, true));
    write_tlv(w, universal::octet_string, ByteSpan(payload));
    close(w, c);
  });
  const auto bytes = hex(text);
  ASSERT_EQ(bytes.size(), 3U + 2U + 198U + 1U);
  EXPECT_EQ(to_hex(ByteSpan(bytes).first(6)), "BE 81 C9 04 81 C6");
  EXPECT_EQ(bytes.back(), 0x5A);
}

TEST(BerConstructed, OverflowIsReportedNotWritten) {
  std::array<std::uint8_t, 130> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  const auto c = open(w, context_tag(30, true));
  std::vector<std::uint8_t> payload(126, 1);
  write_tlv(w, universal::octet_string, ByteSpan(payload));  // 2 + 2 + 126 = 130 fits...
  ASSERT_TRUE(w.ok());
  close(w, c);  // ...but the long-form length needs one octet more
  EXPECT_FALSE(w.ok());
}

}  // namespace
}  // namespace dlms::codec::ber
