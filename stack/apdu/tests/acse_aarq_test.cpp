// AARQ (Green Book ACSE). Published vectors: the DLMS UA Green Book (ed. 10, p. 444) AARQ
// examples as quoted in the tests of u9n/dlms-cosem (tests/test_asce/test_aarq.py), and an
// HLS-GMAC AARQ with a ciphered InitiateRequest from milanbella/gocosem (asn1_test.go).
#include "stack/apdu/aarq.hpp"

#include <gtest/gtest.h>

#include "stack/apdu/application_context.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/tests/acse_test_support.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {
namespace {

using codec::codec_errc;
using test::hex;
using test::hex_of;

// Green Book: LN referencing, no ciphering, lowest level security.
constexpr const char* kLowest =
    "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
// Green Book: LN referencing, no ciphering, low level security (password "12345678").
constexpr const char* kLowLevel =
    "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 AC 0A 80 08 31 32 33 34 "
    "35 36 "
    "37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
// Green Book: LN referencing, no ciphering, high level security (GMAC, CtoS "K56iVagY").
constexpr const char* kHighLevel =
    "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 05 AC 0A 80 08 4B 35 36 69 "
    "56 61 "
    "67 59 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
// Green Book: LN referencing with ciphering, low level security, calling-AP-title 4D4D4D0000BC614E,
// user-information a glo-initiateRequest (0x21).
constexpr const char* kCipheredLowLevel =
    "60 66 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 4D 4D 4D 00 00 BC 61 4E 8A 02 07 80 8B 07 60 85 74 "
    "05 08 02 "
    "01 AC 0A 80 08 31 32 33 34 35 36 37 38 BE 34 04 32 21 30 30 01 23 45 67 80 13 02 FF 8A 78 74 13 3D 41 "
    "4C ED 25 "
    "B4 25 34 D2 8D B0 04 77 20 60 6B 17 5B D5 22 11 BE 68 41 DB 20 4D 39 EE 6F DB 8E 35 68 55";
// milanbella/gocosem asn1_test.go: LN with ciphering, HLS-GMAC, glo-initiateRequest.
constexpr const char* kCipheredGmac =
    "60 55 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 4D 45 4C 00 00 00 00 01 8A 02 07 80 8B 07 60 85 74 "
    "05 08 02 "
    "05 AC 0A 80 08 29 48 42 2B 30 46 30 34 BE 23 04 21 21 1F 30 24 50 7E 1E C4 C0 DB B9 52 C7 0E 7B 3F F0 "
    "A2 96 2B "
    "B8 86 5A B9 E5 67 A0 C3 81 D6 EB F5 C3";
// Constructed from the Green Book ASN.1: every AARQ component present.
constexpr const char* kAllFields =
    "60 6B 80 02 07 80 A1 09 06 07 60 85 74 05 08 01 01 A2 04 04 02 AA BB A3 03 04 01 01 A4 03 02 01 05 "
    "A5 03 02 01 06 A6 0A 04 08 41 42 43 44 45 46 47 48 A7 03 04 01 07 A8 03 02 01 08 A9 04 02 02 01 00 "
    "8A 02 07 80 8B 07 60 85 74 05 08 02 02 AC 05 81 03 00 DE AD 9D 03 61 62 63 "
    "BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";

TEST(Aarq, GreenBookLowestLevelSecurity) {
  const auto bytes = hex(kLowest);
  const Aarq aarq = test::round_trip<Aarq>(bytes);
  EXPECT_EQ(application_context_name(aarq.application_context_name), ApplicationContextName::logical_name);
  EXPECT_FALSE(aarq.protocol_version);
  EXPECT_FALSE(aarq.sender_acse_requirements);
  EXPECT_FALSE(aarq.mechanism_name);
  EXPECT_FALSE(aarq.calling_authentication_value);
  ASSERT_TRUE(aarq.user_information);
  EXPECT_EQ(to_hex(*aarq.user_information), hex_of("01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0"));
  auto initiate = aarq.initiate_request();
  ASSERT_TRUE(initiate);
  EXPECT_EQ(initiate->proposed_conformance.to_u32(), 0x007E1FU);
  EXPECT_EQ(initiate->client_max_receive_pdu_size, 0x04B0);
}

TEST(Aarq, GreenBookLowLevelSecurity) {
  const auto bytes = hex(kLowLevel);
  const Aarq aarq = test::round_trip<Aarq>(bytes);
  EXPECT_TRUE(authentication_required(aarq.sender_acse_requirements));
  ASSERT_TRUE(aarq.mechanism_name);
  EXPECT_EQ(mechanism_name(*aarq.mechanism_name), MechanismName::low_level_security);
  ASSERT_TRUE(aarq.calling_authentication_value);
  EXPECT_EQ(aarq.calling_authentication_value->choice, AuthenticationValueChoice::charstring);
  EXPECT_EQ(to_hex(aarq.calling_authentication_value->contents), hex_of("31 32 33 34 35 36 37 38"));
}

TEST(Aarq, GreenBookHighLevelSecurityGmac) {
  const auto bytes = hex(kHighLevel);
  const Aarq aarq = test::round_trip<Aarq>(bytes);
  EXPECT_EQ(mechanism_name(*aarq.mechanism_name), MechanismName::high_level_security_gmac);
  EXPECT_EQ(to_hex(aarq.calling_authentication_value->contents), hex_of("4B 35 36 69 56 61 67 59"));
}

TEST(Aarq, GreenBookCipheredWithCallingApTitle) {
  const auto bytes = hex(kCipheredLowLevel);
  const Aarq aarq = test::round_trip<Aarq>(bytes);
  EXPECT_EQ(application_context_name(aarq.application_context_name),
            ApplicationContextName::logical_name_with_ciphering);
  ASSERT_TRUE(aarq.calling_ap_title);
  EXPECT_EQ(to_hex(*aarq.calling_ap_title), hex_of("4D 4D 4D 00 00 BC 61 4E"));
  ASSERT_TRUE(aarq.user_information);
  EXPECT_EQ((*aarq.user_information)[0], 0x21);  // glo-initiateRequest, kept as raw octets
  EXPECT_EQ(aarq.user_information->size(), 0x32U);
  EXPECT_EQ(aarq.initiate_request().error(), make_error_code(xdlms_errc::unsupported));
}

TEST(Aarq, GocosemHlsGmacCiphered) {
  const auto bytes = hex(kCipheredGmac);
  const Aarq aarq = test::round_trip<Aarq>(bytes);
  EXPECT_EQ(mechanism_name(*aarq.mechanism_name), MechanismName::high_level_security_gmac);
  EXPECT_EQ(to_hex(*aarq.calling_ap_title), hex_of("4D 45 4C 00 00 00 00 01"));
  EXPECT_EQ(aarq.user_information->size(), 0x21U);
}

TEST(Aarq, AllComponentsPresent) {
  const auto bytes = hex(kAllFields);
  const Aarq aarq = test::round_trip<Aarq>(bytes);
  ASSERT_TRUE(aarq.protocol_version);
  EXPECT_TRUE(aarq.protocol_version->test(0));
  EXPECT_EQ(to_hex(*aarq.called_ap_title), "AA BB");
  EXPECT_EQ(to_hex(*aarq.called_ae_qualifier), "01");
  EXPECT_EQ(aarq.called_ap_invocation_id, 5);
  EXPECT_EQ(aarq.called_ae_invocation_id, 6);
  EXPECT_EQ(to_hex(*aarq.calling_ap_title), hex_of("41 42 43 44 45 46 47 48"));
  EXPECT_EQ(to_hex(*aarq.calling_ae_qualifier), "07");
  EXPECT_EQ(aarq.calling_ap_invocation_id, 8);
  EXPECT_EQ(aarq.calling_ae_invocation_id, 256);
  EXPECT_EQ(mechanism_name(*aarq.mechanism_name), MechanismName::high_level_security);
  EXPECT_EQ(aarq.calling_authentication_value->choice, AuthenticationValueChoice::bitstring);
  EXPECT_EQ(to_hex(*aarq.implementation_information), "61 62 63");
}

TEST(Aarq, EncodesFromFields) {
  const auto context = oid_of(ApplicationContextName::logical_name);
  const auto mechanism = oid_of(MechanismName::low_level_security);
  const auto password = hex("31 32 33 34 35 36 37 38");
  InitiateRequest initiate;
  initiate.proposed_conformance = ConformanceBlock::from_u32(0x007E1F);
  initiate.client_max_receive_pdu_size = 0x04B0;
  std::array<std::uint8_t, 32> ui{};
  ByteWriter uw{MutableByteSpan(ui)};
  ASSERT_TRUE(initiate.encode(uw));

  Aarq aarq;
  aarq.application_context_name = context.span();
  aarq.sender_acse_requirements = kAcseRequirementsAuthentication;
  aarq.mechanism_name = mechanism.span();
  aarq.calling_authentication_value = AuthenticationValue::charstring(ByteSpan(password));
  aarq.user_information = uw.written();
  EXPECT_EQ(test::encode_hex(aarq), hex_of(kLowLevel));
  test::expect_small_buffers_rejected(aarq);
}

TEST(Aarq, LongFormLengthsRoundTrip) {
  // A 200-octet user-information pushes every enclosing length into the long form.
  std::vector<std::uint8_t> ui(200, 0x42);
  const auto context = oid_of(ApplicationContextName::short_name);
  Aarq aarq;
  aarq.application_context_name = context.span();
  aarq.user_information = ByteSpan(ui);
  const auto bytes = hex(test::encode_hex(aarq));
  ASSERT_EQ(bytes.size(), 3U + 11U + 3U + 3U + 200U);
  EXPECT_EQ(to_hex(ByteSpan(bytes).first(3)), "60 81 D9");
  auto back = test::decode_all<Aarq>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->user_information->size(), 200U);
  EXPECT_EQ(back->user_information->data(), bytes.data() + bytes.size() - 200);  // a view, no copy
}

TEST(Aarq, EveryTruncationIsRejected) {
  for (const char* v : {kLowest, kLowLevel, kCipheredLowLevel, kAllFields}) {
    test::expect_every_truncation_rejected<Aarq>(v);
  }
}

TEST(Aarq, LeavesBytesAfterTheApduAlone) {
  const auto bytes = hex(std::string(kLowest) + " FF EE");
  ByteReader r{ByteSpan(bytes)};
  ASSERT_TRUE(Aarq::decode(r));
  EXPECT_EQ(r.offset(), 31U);
}

TEST(Aarq, RejectsBadFraming) {
  using test::expect_rejected;
  expect_rejected<Aarq>("61 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("20 00", make_error_code(codec_errc::unexpected_tag));
  // Indefinite length, five length octets, length past the end.
  expect_rejected<Aarq>("60 80 A1 09 06 07 60 85 74 05 08 01 01 00 00",
                        make_error_code(codec_errc::bad_length_encoding));
  expect_rejected<Aarq>("60 85 00 00 00 00 0B A1 09 06 07 60 85 74 05 08 01 01",
                        make_error_code(codec_errc::bad_length_encoding));
  expect_rejected<Aarq>("60 0C A1 09 06 07 60 85 74 05 08 01 01",
                        make_error_code(codec_errc::length_past_end));
  expect_rejected<Aarq>("60 0B A1 0A 06 07 60 85 74 05 08 01 01",
                        make_error_code(codec_errc::length_past_end));
  expect_rejected<Aarq>("60 0B A1 09 06 08 60 85 74 05 08 01 01",
                        make_error_code(codec_errc::length_past_end));
  expect_rejected<Aarq>("60 0D A1 09 06 07 60 85 74 05 08 01 01 BE 80",
                        make_error_code(codec_errc::bad_length_encoding));
  // Long-form lengths of up to four octets are accepted (BER), even where not minimal.
  ASSERT_TRUE(test::decode_all<Aarq>(hex("60 84 00 00 00 0C A1 81 09 06 07 60 85 74 05 08 01 01")));
}

TEST(Aarq, RejectsDuplicateOutOfOrderAndUnknownComponents) {
  using test::expect_rejected;
  const std::string context = "A1 09 06 07 60 85 74 05 08 01 01 ";
  const std::string ui = "BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0 ";
  expect_rejected<Aarq>("60 16 " + context + context, make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 1D " + ui + context, make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0D " + context + "8D 00", make_error_code(codec_errc::unknown_tag));
  expect_rejected<Aarq>("60 0D " + context + "30 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 12 " + ui, make_error_code(xdlms_errc::invalid_field));  // no context name
  expect_rejected<Aarq>("60 00", make_error_code(xdlms_errc::invalid_field));

  // The fault offset is the duplicate component.
  const auto bytes = hex("60 16 " + context + context);
  ByteReader r{ByteSpan(bytes)};
  ASSERT_FALSE(Aarq::decode(r));
  EXPECT_EQ(r.offset(), 13U);
}

TEST(Aarq, RejectsComponentsOfTheWrongShape) {
  using test::expect_rejected;
  const std::string context = "A1 09 06 07 60 85 74 05 08 01 01 ";
  // application-context-name primitive, holding an INTEGER, or with trailing bytes inside.
  expect_rejected<Aarq>("60 09 81 07 60 85 74 05 08 01 01", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 05 A1 03 02 01 01", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0D A1 0B 06 07 60 85 74 05 08 01 01 05 00",
                        make_error_code(codec_errc::trailing_bytes));
  expect_rejected<Aarq>("60 05 A1 03 06 01 80", make_error_code(codec_errc::invalid_value));
  // user-information not an OCTET STRING, or primitive.
  expect_rejected<Aarq>("60 0F " + context + "BE 02 02 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0F " + context + "BE 02 30 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0D " + context + "9E 00", make_error_code(codec_errc::unexpected_tag));
  // calling-AP-title not an OCTET STRING; invocation id not minimal.
  expect_rejected<Aarq>("60 10 " + context + "A6 03 02 01 01", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 11 " + context + "A8 04 02 02 00 05", make_error_code(codec_errc::invalid_value));
  // sender-acse-requirements constructed, or a bad BIT STRING.
  expect_rejected<Aarq>("60 0F " + context + "AA 02 07 80", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0F " + context + "8A 02 08 80", make_error_code(codec_errc::invalid_value));
  // mechanism-name constructed or a bad OID.
  expect_rejected<Aarq>("60 0F " + context + "AB 02 06 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0E " + context + "8B 01 85", make_error_code(codec_errc::invalid_value));
  // calling-authentication-value: unknown alternative, wrong form, two values, primitive.
  expect_rejected<Aarq>("60 10 " + context + "AC 03 84 01 00", make_error_code(codec_errc::unknown_tag));
  expect_rejected<Aarq>("60 0F " + context + "AC 02 A0 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 11 " + context + "AC 04 80 00 80 00",
                        make_error_code(codec_errc::trailing_bytes));
  expect_rejected<Aarq>("60 0F " + context + "8C 02 80 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aarq>("60 0F " + context + "AC 02 81 00", make_error_code(codec_errc::invalid_value));
}

TEST(Aarq, AppliesLimits) {
  codec::Limits limits;
  limits.max_string_length = 4;
  const auto bytes = hex(kCipheredLowLevel);
  ByteReader r{ByteSpan(bytes)};
  auto v = Aarq::decode(r, limits);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error(), make_error_code(codec_errc::limit_exceeded));
  EXPECT_EQ(r.offset(), 13U);  // the calling-AP-title

  limits = codec::Limits{};
  limits.max_apdu_size = 30;
  const auto lowest = hex(kLowest);
  ByteReader r2{ByteSpan(lowest)};
  EXPECT_EQ(Aarq::decode(r2, limits).error(), make_error_code(xdlms_errc::apdu_too_large));
  limits.max_apdu_size = 31;
  ByteReader r3{ByteSpan(lowest)};
  EXPECT_TRUE(Aarq::decode(r3, limits));
}

TEST(Aarq, RefusesToEncodeWhatItWouldNotDecode) {
  Aarq aarq;  // no application context name
  std::array<std::uint8_t, 64> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_FALSE(aarq.encode(w));
  const auto context = oid_of(ApplicationContextName::logical_name);
  aarq.application_context_name = context.span();
  const std::uint8_t bad_bits[] = {0x08, 0x80};
  aarq.calling_authentication_value =
      AuthenticationValue{AuthenticationValueChoice::bitstring, ByteSpan(bad_bits)};
  ByteWriter w2{MutableByteSpan(buf)};
  EXPECT_FALSE(aarq.encode(w2));
}

TEST(Aarq, InitiateRequestHelper) {
  Aarq aarq;
  EXPECT_EQ(aarq.initiate_request().error(), make_error_code(xdlms_errc::invalid_field));
  const auto trailing = hex("01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0 00");
  aarq.user_information = ByteSpan(trailing);
  EXPECT_EQ(aarq.initiate_request().error(), make_error_code(xdlms_errc::trailing_bytes));
}

}  // namespace
}  // namespace dlms::apdu
