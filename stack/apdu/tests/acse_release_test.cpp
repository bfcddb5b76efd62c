// RLRQ and RLRE (Green Book ACSE). Published vectors from the tests of u9n/dlms-cosem
// (tests/test_asce/test_rlrq.py, test_rlre.py); "62 00" constructed from the Green Book ASN.1.
#include "stack/apdu/release.hpp"

#include <gtest/gtest.h>

#include "stack/apdu/initiate.hpp"
#include "stack/apdu/tests/acse_test_support.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {
namespace {

using codec::codec_errc;
using test::hex;
using test::hex_of;

constexpr const char* kRlrqCiphered =
    "62 39 80 01 00 BE 34 04 32 21 30 30 01 23 45 67 80 13 02 FF 8A 78 74 13 3D 41 4C ED 25 B4 25 34 D2 8D "
    "B0 04 77 "
    "20 60 6B 17 5B D5 22 11 BE 68 41 DB 20 4D 39 EE 6F DB 8E 35 68 55";
constexpr const char* kRlreInitiate =
    "63 16 80 01 00 BE 11 04 0F 08 01 00 06 5F 1F 04 00 00 1E 1D 04 C8 00 07";
constexpr const char* kRlreCiphered =
    "63 28 80 01 00 BE 23 04 21 28 1F 30 01 23 45 67 89 12 14 A0 84 5E 47 57 14 38 3F 65 BC 19 74 5C A2 35 "
    "90 65 25 "
    "E4 F3 E1 C8 93";

TEST(Rlrq, Empty) {
  const auto bytes = hex("62 00");
  const Rlrq rlrq = test::round_trip<Rlrq>(bytes);
  EXPECT_FALSE(rlrq.reason);
  EXPECT_FALSE(rlrq.user_information);
}

TEST(Rlrq, Normal) {
  const auto bytes = hex("62 03 80 01 00");
  const Rlrq rlrq = test::round_trip<Rlrq>(bytes);
  EXPECT_EQ(rlrq.reason, ReleaseRequestReason::normal);
  EXPECT_FALSE(rlrq.user_information);
}

TEST(Rlrq, WithCipheredInitiateRequest) {
  const auto bytes = hex(kRlrqCiphered);
  const Rlrq rlrq = test::round_trip<Rlrq>(bytes);
  EXPECT_EQ(rlrq.reason, ReleaseRequestReason::normal);
  ASSERT_TRUE(rlrq.user_information);
  EXPECT_EQ(rlrq.user_information->size(), 0x32U);
  EXPECT_EQ((*rlrq.user_information)[0], 0x21);
}

TEST(Rlrq, EncodesEveryReason) {
  Rlrq rlrq;
  rlrq.reason = ReleaseRequestReason::urgent;
  EXPECT_EQ(test::encode_hex(rlrq), hex_of("62 03 80 01 01"));
  rlrq.reason = ReleaseRequestReason::user_defined;
  EXPECT_EQ(test::encode_hex(rlrq), hex_of("62 03 80 01 1E"));
  test::expect_small_buffers_rejected(rlrq);
  rlrq.reason = static_cast<ReleaseRequestReason>(2);
  std::array<std::uint8_t, 16> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_EQ(rlrq.encode(w).error(), make_error_code(xdlms_errc::invalid_field));
}

TEST(Rlre, Normal) {
  const auto bytes = hex("63 03 80 01 00");
  const Rlre rlre = test::round_trip<Rlre>(bytes);
  EXPECT_EQ(rlre.reason, ReleaseResponseReason::normal);
}

TEST(Rlre, WithInitiateResponse) {
  const auto bytes = hex(kRlreInitiate);
  const Rlre rlre = test::round_trip<Rlre>(bytes);
  auto initiate = decode_initiate_response(*rlre.user_information);
  ASSERT_TRUE(initiate);
  EXPECT_EQ(initiate->negotiated_quality_of_service, 0);
  EXPECT_EQ(initiate->server_max_receive_pdu_size, 1224);
}

TEST(Rlre, WithCipheredInitiateResponse) {
  const auto bytes = hex(kRlreCiphered);
  const Rlre rlre = test::round_trip<Rlre>(bytes);
  EXPECT_EQ((*rlre.user_information)[0], 0x28);  // glo-initiateResponse
  EXPECT_EQ(decode_initiate_response(*rlre.user_information).error(),
            make_error_code(xdlms_errc::unsupported));
}

TEST(Rlre, NotFinishedAndUserInformationOnly) {
  Rlre rlre;
  rlre.reason = ReleaseResponseReason::not_finished;
  EXPECT_EQ(test::encode_hex(rlre), hex_of("63 03 80 01 01"));
  const auto ui = hex("AA");
  rlre.reason.reset();
  rlre.user_information = ByteSpan(ui);
  EXPECT_EQ(test::encode_hex(rlre), hex_of("63 05 BE 03 04 01 AA"));
  const auto bytes = hex("63 05 BE 03 04 01 AA");
  EXPECT_EQ(to_hex(*test::round_trip<Rlre>(bytes).user_information), "AA");
}

TEST(Release, EveryTruncationIsRejected) {
  test::expect_every_truncation_rejected<Rlrq>("62 03 80 01 00");
  test::expect_every_truncation_rejected<Rlrq>(kRlrqCiphered);
  test::expect_every_truncation_rejected<Rlre>(kRlreInitiate);
  test::expect_every_truncation_rejected<Rlre>(kRlreCiphered);
}

TEST(Release, RejectsMalformed) {
  using test::expect_rejected;
  expect_rejected<Rlrq>("63 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Rlre>("62 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Rlrq>("42 00", make_error_code(codec_errc::unexpected_tag));  // primitive
  expect_rejected<Rlrq>("62 80 80 01 00 00 00", make_error_code(codec_errc::bad_length_encoding));
  expect_rejected<Rlrq>("62 04 80 01 00", make_error_code(codec_errc::length_past_end));
  expect_rejected<Rlrq>("62 03 80 01 02", make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Rlre>("63 03 80 01 1F", make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Rlrq>("62 03 80 00", make_error_code(codec_errc::length_past_end));
  expect_rejected<Rlrq>("62 02 80 00", make_error_code(codec_errc::invalid_value));        // empty INTEGER
  expect_rejected<Rlrq>("62 04 80 02 00 00", make_error_code(codec_errc::invalid_value));  // not minimal
  expect_rejected<Rlrq>("62 05 A0 03 02 01 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Rlrq>("62 06 80 01 00 80 01 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Rlrq>("62 07 BE 02 04 00 80 01 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Rlrq>("62 03 81 01 00", make_error_code(codec_errc::unknown_tag));
  expect_rejected<Rlrq>("62 04 BE 02 05 00", make_error_code(codec_errc::unexpected_tag));
  // The lengths Gurux's example server gets wrong (INTEROP.md): too short by one.
  expect_rejected<Rlre>("63 02 80 01 00", make_error_code(codec_errc::length_past_end));
}

}  // namespace
}  // namespace dlms::apdu
