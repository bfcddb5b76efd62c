// Every xDLMS vector (xdlms_vectors.hpp, sources cited there): decode -> encode gives the same
// bytes, every truncation is rejected cleanly, a trailing byte is rejected, and an output
// buffer one byte too small is reported. Plus top-level dispatch and limits.
#include "stack/apdu/apdu.hpp"

#include <gtest/gtest.h>

#include <string>

#include "stack/apdu/tests/xdlms_test_support.hpp"
#include "stack/apdu/tests/xdlms_vectors.hpp"

namespace dlms::apdu::test {
namespace {

class XdlmsVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(XdlmsVectorTest, DecodesAndReencodesExactly) {
  const Bytes bytes = hex(GetParam().hex);
  auto r = decode_apdu(bytes);
  ASSERT_TRUE(r) << GetParam().name << ": " << r.error().message();
  EXPECT_EQ(to_hex(encode(*r)), to_hex(bytes)) << GetParam().source;
}

TEST_P(XdlmsVectorTest, RejectsEveryTruncation) {
  const Bytes bytes = hex(GetParam().hex);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    std::size_t fault = 999999;
    auto r = decode_apdu(prefix, codec::kDefaultLimits, &fault);
    EXPECT_FALSE(r) << GetParam().name << " truncated to " << n;
    EXPECT_LE(fault, n) << GetParam().name << " truncated to " << n;
  }
}

TEST_P(XdlmsVectorTest, RejectsTrailingBytes) {
  Bytes bytes = hex(GetParam().hex);
  const std::size_t size = bytes.size();
  bytes.push_back(0x00);
  std::size_t fault = 0;
  auto r = decode_apdu(bytes, codec::kDefaultLimits, &fault);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(xdlms_errc::trailing_bytes));
  EXPECT_EQ(fault, size);
}

TEST_P(XdlmsVectorTest, ReportsTooSmallOutputBuffer) {
  const Bytes bytes = hex(GetParam().hex);
  auto r = decode_apdu(bytes);
  ASSERT_TRUE(r);
  Bytes buf(bytes.size() - 1);
  ByteWriter w(buf);
  auto s = encode_apdu(*r, w);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), make_error_code(xdlms_errc::buffer_too_small));
}

TEST_P(XdlmsVectorTest, HasANameAndRejectsOversize) {
  const Bytes bytes = hex(GetParam().hex);
  auto r = decode_apdu(bytes);
  ASSERT_TRUE(r);
  EXPECT_NE(apdu_name(*r), nullptr);
  codec::Limits small;
  small.max_apdu_size = bytes.size() - 1;
  auto too_large = decode_apdu(bytes, small);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error(), make_error_code(xdlms_errc::apdu_too_large));
}

INSTANTIATE_TEST_SUITE_P(AllChoices, XdlmsVectorTest, ::testing::ValuesIn(kVectors),
                         [](const ::testing::TestParamInfo<Vector>& info) {
                           return std::string(info.param.name);
                         });

TEST(XdlmsApdu, RejectsUnknownTagsAndEmptyInput) {
  for (const char* h :
       {"C6 01 C1 00", "FF", "00", "CE 05 30 00000001", "D6 05 30 00000001", "DE 00", "E1 00"}) {
    const Bytes bytes = hex(h);
    std::size_t fault = 99;
    auto r = decode_apdu(bytes, codec::kDefaultLimits, &fault);
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error(), make_error_code(xdlms_errc::unknown_apdu)) << h;
    EXPECT_EQ(fault, 0U) << h;
  }
  auto empty = decode_apdu(ByteSpan());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error(), make_error_code(xdlms_errc::truncated));
}

TEST(XdlmsApdu, RejectsUnknownChoicesWithTheirOffset) {
  for (const char* h : {"C0 00 C1", "C0 04 C1 00000001", "C4 04 C1 00", "C1 00 C1", "C1 06 C1", "C5 06 C1 00",
                        "C3 00 C1", "C3 07 C1", "C7 00 C1", "C7 05 C1 00000001"}) {
    const Bytes bytes = hex(h);
    std::size_t fault = 99;
    auto r = decode_apdu(bytes, codec::kDefaultLimits, &fault);
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error(), make_error_code(xdlms_errc::unknown_choice)) << h;
    EXPECT_EQ(fault, 1U) << h;
  }
  // Nested CHOICEs: Get-Data-Result, DataBlock-G result, exception service-error, SN choices,
  // Key-Info.
  for (const char* h : {"C4 01 C1 02 00", "C4 02 C1 00 00000001 02 00", "D8 01 00", "D8 01 07",
                        "05 01 03 0001", "05 01 01 0001", "0C 01 04 00", "0D 01 03", "C4 03 C1 01 05",
                        "DD 00 00 00 00 00 01 03 00 05 30 00000001"}) {
    const Bytes bytes = hex(h);
    auto r = decode_apdu(bytes);
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error(), make_error_code(xdlms_errc::unknown_choice)) << h;
  }
}

TEST(XdlmsApdu, RejectsListCountBombs) {
  // Counts far beyond the input and beyond Limits::max_list_items (64 by default).
  for (const char* h : {"C0 03 C1 41", "C0 03 C1 84 FFFFFFFF", "C4 03 C1 82 FFFF 00 0F 01",
                        "C5 05 C1 81 FF 00", "C7 03 C1 83 010000", "05 7F 02 FA08", "0C 84 7FFFFFFF",
                        "06 00 84 10000000", "0D 50 00", "C3 03 C1 00 81 80", "C1 04 C1 00 70"}) {
    const Bytes bytes = hex(h);
    auto r = decode_apdu(bytes);
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error(), make_error_code(xdlms_errc::list_too_long)) << h;
  }
  // A configured limit applies exactly.
  const Bytes two = hex("C5 05 C1 02 00 03");
  codec::Limits one;
  one.max_list_items = 1;
  auto r = decode_apdu(two, one);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(xdlms_errc::list_too_long));
  one.max_list_items = 2;
  EXPECT_TRUE(decode_apdu(two, one));
}

TEST(XdlmsApdu, RejectsNonCanonicalAndPastEndLengths) {
  // raw-data length 5 in long form (0x81 0x05): A-XDR lengths are canonical.
  auto r = decode_apdu(hex("C4 02 C1 00 00000001 00 81 05 0102030405"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(codec::codec_errc::bad_length_encoding));
  // Indefinite and 5-octet lengths.
  EXPECT_EQ(decode_apdu(hex("E0 81 0001 0000 80")).error(),
            make_error_code(codec::codec_errc::bad_length_encoding));
  EXPECT_EQ(decode_apdu(hex("E0 81 0001 0000 85 0000000001 00")).error(),
            make_error_code(codec::codec_errc::bad_length_encoding));
  // A length past the end of the input.
  std::size_t fault = 0;
  auto past = decode_apdu(hex("E0 81 0001 0000 09 C401C100"), codec::kDefaultLimits, &fault);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error(), make_error_code(codec::codec_errc::length_past_end));
  EXPECT_EQ(fault, 6U);
  EXPECT_EQ(decode_apdu(hex("C8 84 FFFFFFFF 30")).error(),
            make_error_code(codec::codec_errc::length_past_end));
}

TEST(XdlmsApdu, RejectsBadBooleansAndPresenceFlags) {
  // last-block 0x02, access-selection presence 0x02, optional parameters 0xFF.
  for (const char* h :
       {"C4 02 C1 02 00000001 00 00", "C0 01 C1 0008 0000010000FF 02 02", "C3 01 C0 000F 0000280000FF 01 FF",
        "C2 02 0001 0000600B00FF 02 1105", "C1 03 C1 FF 00000002 00"}) {
    auto r = decode_apdu(hex(h));
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error(), make_error_code(xdlms_errc::invalid_field)) << h;
  }
}

TEST(XdlmsApdu, PropagatesDataErrorsFromTheCodec) {
  // get-response-normal whose Data has an unknown type tag (0x07) and one that is too deep.
  auto r = decode_apdu(hex("C4 01 C1 00 07 00"));
  ASSERT_FALSE(r);
  EXPECT_EQ(&r.error().category(), &codec::codec_category());
  Bytes deep = hex("C4 01 C1 00");
  for (int i = 0; i < 40; ++i) {
    deep.push_back(0x01);  // array
    deep.push_back(0x01);  // of one element
  }
  deep.push_back(0x00);
  auto d = decode_apdu(deep);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), make_error_code(codec::codec_errc::depth_exceeded));
}

TEST(XdlmsApdu, NamesFollowTheAsn1) {
  const Bytes get = hex("C0 01 C1 0008 0000010000FF 02 00");
  auto r = decode_apdu(get);
  ASSERT_TRUE(r);
  EXPECT_STREQ(apdu_name(*r), "get-request");
  EXPECT_STREQ(apdu_choice_name(*r), "get-request-normal");
  const Bytes glo = hex("C8 1E 30 01234567 411312FF935A47566827C467BC 7D825C3BE4A77C3FCC056B6B");
  auto g = decode_apdu(glo);
  ASSERT_TRUE(g);
  EXPECT_STREQ(apdu_name(*g), "glo-get-request");
  EXPECT_EQ(apdu_choice_name(*g), nullptr);
  const Bytes set = hex("C5 04 C1 02 00 03 00000002");
  auto s = decode_apdu(set);
  ASSERT_TRUE(s);
  EXPECT_STREQ(apdu_choice_name(*s), "set-response-last-datablock-with-list");
}

TEST(XdlmsApdu, DecodesFromAReaderLeavingTheRest) {
  const Bytes bytes = hex("C5 01 C1 00 C5 02 C1 00000001");
  ByteReader in(bytes);
  auto first = decode_apdu(in);
  ASSERT_TRUE(first);
  EXPECT_EQ(in.offset(), 4U);
  auto second = decode_apdu(in);
  ASSERT_TRUE(second);
  EXPECT_TRUE(in.empty());
}

}  // namespace
}  // namespace dlms::apdu::test
