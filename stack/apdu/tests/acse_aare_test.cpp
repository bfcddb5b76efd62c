// AARE (Green Book ACSE). Published vectors: the DLMS UA Green Book (ed. 10) AARE examples
// as quoted in the tests of u9n/dlms-cosem (tests/test_asce/test_aare.py).
#include "stack/apdu/aare.hpp"

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

// Accepted, no security, InitiateResponse with server-max-receive-pdu-size 500.
constexpr const char* kAccepted =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 "
    "00 50 1F 01 F4 00 07";
// Rejected-permanent, application-context-name-not-supported.
constexpr const char* kRejectedContext =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 02 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 "
    "00 50 1F 01 F4 00 07";
// Rejected-permanent, no-reason-given, ConfirmedServiceError initiateError dlms-version-too-low.
constexpr const char* kRejectedVersion =
    "61 1F A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01 BE 06 04 04 0E 01 06 01";
// Accepted, authentication-required, HLS-GMAC with the StoC challenge "P6wRJ21F".
constexpr const char* kHighLevel =
    "61 42 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 0E 88 02 07 80 89 07 60 85 74 "
    "05 08 "
    "02 05 AA 0A 80 08 50 36 77 52 4A 32 31 46 BE 10 04 0E 08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07";
// Accepted, conformance 00 1E 1D, server-max-receive-pdu-size 1224.
constexpr const char* kConformance =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 "
    "00 1E 1D 04 C8 00 07";
// Constructed from the Green Book ASN.1: every AARE component present, provider diagnostic.
constexpr const char* kAllFields =
    "61 65 80 02 07 80 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A2 03 02 01 02 "
    "A4 0A 04 08 41 42 43 31 32 33 34 35 A5 03 04 01 09 A6 03 02 01 0A A7 03 02 01 0B 88 02 07 80 "
    "89 07 60 85 74 05 08 02 05 AA 0A 80 08 50 36 77 52 4A 32 31 46 9D 02 78 79 "
    "BE 10 04 0E 08 00 06 5F 1F 04 00 00 1E 1D 04 C8 00 07";

TEST(Aare, GreenBookAccepted) {
  const auto bytes = hex(kAccepted);
  const Aare aare = test::round_trip<Aare>(bytes);
  EXPECT_EQ(application_context_name(aare.application_context_name), ApplicationContextName::logical_name);
  EXPECT_EQ(aare.result, AssociationResult::accepted);
  EXPECT_EQ(aare.result_source_diagnostic, ResultSourceDiagnostic::user(AcseServiceUser::null));
  auto initiate = aare.initiate_response();
  ASSERT_TRUE(initiate);
  EXPECT_EQ(initiate->negotiated_conformance.to_u32(), 0x00501FU);
  EXPECT_EQ(initiate->server_max_receive_pdu_size, 500);
  EXPECT_EQ(initiate->vaa_name, kVaaNameLogicalName);
  EXPECT_EQ(aare.confirmed_service_error().error(), make_error_code(xdlms_errc::unsupported));
}

TEST(Aare, GreenBookRejectedApplicationContext) {
  const auto bytes = hex(kRejectedContext);
  const Aare aare = test::round_trip<Aare>(bytes);
  EXPECT_EQ(aare.result, AssociationResult::rejected_permanent);
  EXPECT_EQ(aare.result_source_diagnostic,
            ResultSourceDiagnostic::user(AcseServiceUser::application_context_name_not_supported));
}

TEST(Aare, GreenBookRejectedDlmsVersion) {
  const auto bytes = hex(kRejectedVersion);
  const Aare aare = test::round_trip<Aare>(bytes);
  EXPECT_EQ(aare.result_source_diagnostic, ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given));
  auto error = aare.confirmed_service_error();
  ASSERT_TRUE(error);
  EXPECT_EQ(*error,
            ConfirmedServiceError::make(ConfirmedServiceErrorChoice::initiate_error,
                                        ServiceErrorChoice::initiate, InitiateError::dlms_version_too_low));
  EXPECT_EQ(aare.initiate_response().error(), make_error_code(xdlms_errc::unsupported));
}

TEST(Aare, GreenBookHighLevelSecurity) {
  const auto bytes = hex(kHighLevel);
  const Aare aare = test::round_trip<Aare>(bytes);
  EXPECT_EQ(aare.result_source_diagnostic,
            ResultSourceDiagnostic::user(AcseServiceUser::authentication_required));
  EXPECT_TRUE(authentication_required(aare.responder_acse_requirements));
  EXPECT_EQ(mechanism_name(*aare.mechanism_name), MechanismName::high_level_security_gmac);
  ASSERT_TRUE(aare.responding_authentication_value);
  EXPECT_EQ(to_hex(aare.responding_authentication_value->contents), hex_of("50 36 77 52 4A 32 31 46"));
}

TEST(Aare, ConformanceExample) {
  const auto bytes = hex(kConformance);
  const Aare aare = test::round_trip<Aare>(bytes);
  auto initiate = aare.initiate_response();
  ASSERT_TRUE(initiate);
  const ConformanceBlock c = initiate->negotiated_conformance;
  EXPECT_TRUE(c.has(ConformanceBit::block_transfer_with_get_or_read));
  EXPECT_TRUE(c.has(ConformanceBit::multiple_references));
  EXPECT_TRUE(c.has(ConformanceBit::get));
  EXPECT_TRUE(c.has(ConformanceBit::action));
  EXPECT_FALSE(c.has(ConformanceBit::event_notification));
  EXPECT_FALSE(c.has(ConformanceBit::priority_mgmt_supported));
  EXPECT_EQ(initiate->server_max_receive_pdu_size, 1224);
}

TEST(Aare, AllComponentsPresent) {
  const auto bytes = hex(kAllFields);
  const Aare aare = test::round_trip<Aare>(bytes);
  EXPECT_TRUE(aare.protocol_version);
  EXPECT_EQ(aare.result_source_diagnostic,
            ResultSourceDiagnostic::provider(AcseServiceProvider::no_common_acse_version));
  EXPECT_EQ(to_hex(*aare.responding_ap_title), hex_of("41 42 43 31 32 33 34 35"));
  EXPECT_EQ(to_hex(*aare.responding_ae_qualifier), "09");
  EXPECT_EQ(aare.responding_ap_invocation_id, 10);
  EXPECT_EQ(aare.responding_ae_invocation_id, 11);
  EXPECT_EQ(to_hex(*aare.implementation_information), "78 79");
}

TEST(Aare, EncodesFromFields) {
  const auto context = oid_of(ApplicationContextName::logical_name);
  const auto mechanism = oid_of(MechanismName::high_level_security_gmac);
  const auto stoc = hex("50 36 77 52 4A 32 31 46");
  InitiateResponse initiate;
  initiate.negotiated_conformance = ConformanceBlock::from_u32(0x00501F);
  initiate.server_max_receive_pdu_size = 500;
  std::array<std::uint8_t, 32> ui{};
  ByteWriter uw{MutableByteSpan(ui)};
  ASSERT_TRUE(initiate.encode(uw));

  Aare aare;
  aare.application_context_name = context.span();
  aare.result = AssociationResult::accepted;
  aare.result_source_diagnostic = ResultSourceDiagnostic::user(AcseServiceUser::authentication_required);
  aare.responder_acse_requirements = kAcseRequirementsAuthentication;
  aare.mechanism_name = mechanism.span();
  aare.responding_authentication_value = AuthenticationValue::charstring(ByteSpan(stoc));
  aare.user_information = uw.written();
  EXPECT_EQ(test::encode_hex(aare), hex_of(kHighLevel));
  test::expect_small_buffers_rejected(aare);

  aare.result = static_cast<AssociationResult>(3);
  std::array<std::uint8_t, 128> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_EQ(aare.encode(w).error(), make_error_code(xdlms_errc::invalid_field));
  aare.result = AssociationResult::accepted;
  aare.result_source_diagnostic = ResultSourceDiagnostic{DiagnosticSource::acse_service_provider, 3};
  ByteWriter w2{MutableByteSpan(buf)};
  EXPECT_EQ(aare.encode(w2).error(), make_error_code(xdlms_errc::invalid_field));
}

TEST(Aare, EveryTruncationIsRejected) {
  for (const char* v : {kAccepted, kRejectedVersion, kHighLevel, kAllFields}) {
    test::expect_every_truncation_rejected<Aare>(v);
  }
}

TEST(Aare, RejectsMissingAndInvalidComponents) {
  using test::expect_rejected;
  const std::string context = "A1 09 06 07 60 85 74 05 08 01 01 ";
  const std::string result = "A2 03 02 01 00 ";
  const std::string diagnostic = "A3 05 A1 03 02 01 00 ";
  expect_rejected<Aare>("60 00", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aare>("61 12 " + context + diagnostic, make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Aare>("61 10 " + context + result, make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Aare>("61 0C " + result + diagnostic, make_error_code(xdlms_errc::invalid_field));
  // Out of order and duplicated.
  expect_rejected<Aare>("61 17 " + context + diagnostic + result,
                        make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aare>("61 1C " + context + result + result + diagnostic,
                        make_error_code(codec_errc::unexpected_tag));
  // Values outside the named ones.
  expect_rejected<Aare>("61 17 " + context + "A2 03 02 01 03 " + diagnostic,
                        make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Aare>("61 17 " + context + result + "A3 05 A1 03 02 01 0F",
                        make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Aare>("61 17 " + context + result + "A3 05 A2 03 02 01 03",
                        make_error_code(xdlms_errc::invalid_field));
  expect_rejected<Aare>("61 17 " + context + result + "A3 05 A1 03 02 01 FF",
                        make_error_code(xdlms_errc::invalid_field));
  // Wrong shapes.
  expect_rejected<Aare>("61 17 " + context + result + "A3 05 A3 03 02 01 00",
                        make_error_code(codec_errc::unknown_tag));
  expect_rejected<Aare>("61 15 " + context + result + "A3 03 81 01 00",
                        make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aare>("61 15 " + context + "82 01 00 " + diagnostic,
                        make_error_code(codec_errc::unexpected_tag));
  expect_rejected<Aare>("61 1C " + context + result + "A3 0A A1 03 02 01 00 A1 03 02 01 00",
                        make_error_code(codec_errc::trailing_bytes));
  expect_rejected<Aare>("61 19 " + context + result + diagnostic + "8B 00",
                        make_error_code(codec_errc::unknown_tag));
  expect_rejected<Aare>("61 1B " + context + result + diagnostic + "BE 02 02 00",
                        make_error_code(codec_errc::unexpected_tag));
}

TEST(Aare, HelpersNeedUserInformation) {
  Aare aare;
  EXPECT_EQ(aare.initiate_response().error(), make_error_code(xdlms_errc::invalid_field));
  EXPECT_EQ(aare.confirmed_service_error().error(), make_error_code(xdlms_errc::invalid_field));
}

}  // namespace
}  // namespace dlms::apdu
