// ServerAssociation: AARQ -> AARE (Green Book 9.4.2 rules), HLS passes 3/4, RLRQ -> RLRE,
// request unprotection and response protection. Published vectors: the Green Book (ed. 10)
// AARQ/AARE examples as quoted in u9n/dlms-cosem tests/test_asce (test_aarq.py, test_aare.py),
// Green Book Table 40 (ciphering) and Table 43 (HLS-GMAC) as quoted in public test suites,
// and dlms-cosem test_security.
#include "stack/association/server_association.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/apdu/release.hpp"
#include "stack/association/association_error.hpp"
#include "stack/association/tests/association_test_support.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/protection.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::association {
namespace {

using apdu::AcseServiceProvider;
using apdu::AcseServiceUser;
using apdu::ApplicationContextName;
using apdu::AssociationResult;
using apdu::MechanismName;
using apdu::ResultSourceDiagnostic;
using security::CipheringKind;
using security::KeyId;
using security::security_errc;
using security::SecurityControl;
using test::compact;
using test::hex;
using test::hex_of;

// Green Book AARQ / AARE examples (dlms-cosem tests/test_asce).
constexpr const char* kAarqLowest =
    "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kAarqLowLevel =
    "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 AC 0A 80 08 31 32 33 34 "
    "35 36 37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kAarqHighLevelGmac =
    "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 05 AC 0A 80 08 4B 35 36 69 "
    "56 61 67 59 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kAarqCipheredLowLevel =
    "60 66 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 4D 4D 4D 00 00 BC 61 4E 8A 02 07 80 8B 07 60 85 74 "
    "05 08 02 01 AC 0A 80 08 31 32 33 34 35 36 37 38 BE 34 04 32 21 30 30 01 23 45 67 80 13 02 FF 8A 78 74 "
    "13 3D 41 4C ED 25 B4 25 34 D2 8D B0 04 77 20 60 6B 17 5B D5 22 11 BE 68 41 DB 20 4D 39 EE 6F DB 8E 35 "
    "68 55";
constexpr const char* kAareAccepted =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 00 50 1F 01 F4 00 07";
constexpr const char* kAareRejectedContext =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 02 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 00 50 1F 01 F4 00 07";
constexpr const char* kAareRejectedVersion =
    "61 1F A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01 BE 06 04 04 0E 01 06 01";
constexpr const char* kAareHighLevelGmac =
    "61 42 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 0E 88 02 07 80 89 07 60 85 74 "
    "05 08 02 05 AA 0A 80 08 50 36 77 52 4A 32 31 46 BE 10 04 0E 08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07";

// Green Book Table 43: CtoS "K56iVagY", StoC "P6wRJ21F", client 4D4D4D0000000001, server
// 4D4D4D0000BC614E, f(StoC) with IC 1, f(CtoS) with IC 0x01234567.
constexpr const char* kStoC = "503677524A323146";
constexpr const char* kGmacFStoC = "10000000011A52FE7DD3E72748973C1E28";
constexpr const char* kGmacFCtoS = "1001234567FE1466AFB3DBCD4F9389E2B7";

// Green Book Table 40: glo-get-request of the Clock time attribute, SC 0x30, IC 0x01234567,
// sender 4D4D4D0000BC614E.
constexpr const char* kPlainGet = "C0010000080000010000FF0200";
constexpr const char* kGloGetTable40 = "C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B";

security::SystemTitle title(std::string_view t) { return security::SystemTitle::from(hex(t)).value(); }

class ServerAssociationTest : public ::testing::Test {
 protected:
  ServerAssociationTest() {
    config.conformance = apdu::ConformanceBlock::from_u32(0x00501F);
    config.max_receive_pdu_size = 500;
    EXPECT_TRUE(security.set_key(KeyId::global_unicast_encryption, hex(test::kEk)));
    EXPECT_TRUE(security.set_key(KeyId::authentication, hex(test::kAk)));
    assoc.bind(config);
  }

  // AARQ -> AARE as hex (empty on error).
  std::string aare(const std::vector<std::uint8_t>& aarq) {
    Result<ByteSpan> r = assoc.on_aarq(aarq, out);
    EXPECT_TRUE(r) << r.error().message();
    return r ? hex_of(*r) : std::string();
  }
  std::string aare(const char* aarq_hex) { return aare(hex(aarq_hex)); }

  // The AARE's result and diagnostic.
  void expect_rejected(const std::vector<std::uint8_t>& aarq, ResultSourceDiagnostic diagnostic,
                       AssociationResult result = AssociationResult::rejected_permanent) {
    Result<ByteSpan> r = assoc.on_aarq(aarq, out);
    ASSERT_TRUE(r) << r.error().message();
    const apdu::Aare a = test::decode_aare(*r);
    EXPECT_EQ(a.result, result);
    EXPECT_EQ(a.result_source_diagnostic, diagnostic);
    EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  }

  void use_ciphering(std::string_view client_title = test::kTitleBC614E) {
    config.application_contexts = context_bit(ApplicationContextName::logical_name_with_ciphering);
    config.security = &security;
    security.set_server_system_title(title(test::kTitle000001));
    client = title(client_title);
  }

  // A request as the client protects it (sender = the client's title).
  std::vector<std::uint8_t> client_protect(std::string_view plain, std::uint8_t sc, std::uint32_t ic,
                                           CipheringKind kind = CipheringKind::global,
                                           const security::KeySet* keys = nullptr) {
    security::ProtectionParams p;
    p.security_control = SecurityControl(sc);
    p.kind = kind;
    p.system_title = client;
    p.invocation_counter = ic;
    std::vector<std::uint8_t> buf(512);
    const auto pl = hex(plain);
    Result<ByteSpan> r = security::protect(backend, keys != nullptr ? *keys : security.keys(), p, pl, buf);
    EXPECT_TRUE(r) << r.error().message();
    buf.resize(r ? r->size() : 0);
    return buf;
  }

  // Deciphers a server APDU as the client does.
  Result<security::Unprotected> client_unprotect(ByteSpan apdu, const security::KeySet* keys = nullptr) {
    security::UnprotectionParams p;
    p.peer_system_title = security.server_system_title();
    return security::unprotect(backend, keys != nullptr ? *keys : security.keys(), p, nullptr, apdu,
                               client_plain);
  }

  test::ScriptedBackend backend;
  SecurityContext security{backend};
  AssociationConfig config;
  ServerAssociation assoc;
  security::SystemTitle client;
  std::array<std::uint8_t, 1024> out{};
  std::array<std::uint8_t, 1024> scratch{};
  std::array<std::uint8_t, 1024> client_plain{};
};

// --- AARQ -> AARE, no security ---

TEST_F(ServerAssociationTest, GreenBookLowestLevelSecurityAccepted) {
  EXPECT_EQ(aare(kAarqLowest), compact(kAareAccepted));
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
  EXPECT_EQ(assoc.negotiated().conformance.to_u32(), 0x00501FU);
  EXPECT_EQ(assoc.negotiated().client_max_receive_pdu_size, 500);  // min(1200, 500)
  EXPECT_EQ(assoc.negotiated().server_max_receive_pdu_size, 500);
  EXPECT_EQ(assoc.negotiated().application_context, ApplicationContextName::logical_name);
  EXPECT_EQ(assoc.negotiated().mechanism, MechanismName::lowest_level_security);
}

TEST_F(ServerAssociationTest, GreenBookApplicationContextNotSupported) {
  // The client proposes SN referencing; the server answers with its LN context.
  test::AarqSpec spec;
  spec.context = ApplicationContextName::short_name;
  EXPECT_EQ(aare(test::make_aarq(spec)), compact(kAareRejectedContext));
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  // A ciphered context the association does not offer is refused the same way.
  spec.context = ApplicationContextName::logical_name_with_ciphering;
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::application_context_name_not_supported));
}

TEST_F(ServerAssociationTest, GreenBookDlmsVersionTooLow) {
  test::AarqSpec spec;
  spec.user_information = test::initiate_request(5);
  EXPECT_EQ(aare(test::make_aarq(spec)), compact(kAareRejectedVersion));
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
}

TEST_F(ServerAssociationTest, InitiateErrorsPduSizeAndConformance) {
  test::AarqSpec spec;
  spec.user_information = test::initiate_request(6, 0x007E1F, 11);
  Result<ByteSpan> r = assoc.on_aarq(test::make_aarq(spec), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), compact("61 1F A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01 "
                                "BE 06 04 04 0E 01 06 03"));
  spec.user_information = test::initiate_request(6, 0x002000);  // nothing in common
  r = assoc.on_aarq(test::make_aarq(spec), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(test::decode_aare(*r).confirmed_service_error()->value,
            static_cast<std::uint8_t>(apdu::InitiateError::incompatible_conformance));
  spec.user_information = test::initiate_request(6, 0x007E1F, 12);  // the smallest allowed
  EXPECT_EQ(test::decode_aare(*assoc.on_aarq(test::make_aarq(spec), out)).result,
            AssociationResult::accepted);
  EXPECT_EQ(assoc.negotiated().client_max_receive_pdu_size, 12);
}

TEST_F(ServerAssociationTest, HigherDlmsVersionNegotiatesSix) {
  test::AarqSpec spec;
  spec.user_information = test::initiate_request(7);
  const std::string a = aare(test::make_aarq(spec));
  EXPECT_EQ(a, compact(kAareAccepted));
}

TEST_F(ServerAssociationTest, ProtocolVersionWithoutVersion1) {
  static constexpr std::uint8_t kNoBits[1] = {0x00};
  test::AarqSpec spec;
  spec.protocol_version = apdu::AcseBitString{7, ByteSpan(kNoBits)};
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::provider(AcseServiceProvider::no_common_acse_version));
}

TEST_F(ServerAssociationTest, MissingOrMalformedUserInformation) {
  test::AarqSpec spec;
  spec.user_information.reset();
  expect_rejected(test::make_aarq(spec), ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given));
  spec.user_information = hex("01 00 00 00 06 5F 1F 04 00 00 7E 1F");  // truncated InitiateRequest
  Result<ByteSpan> r = assoc.on_aarq(test::make_aarq(spec), out);
  ASSERT_TRUE(r);
  const apdu::Aare a = test::decode_aare(*r);
  EXPECT_EQ(a.result, AssociationResult::rejected_permanent);
  EXPECT_EQ(hex_of(*a.user_information), "0E010600");  // initiateError, initiate, other
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
}

TEST_F(ServerAssociationTest, EveryTruncatedAarqIsRejectedCleanly) {
  const auto whole = hex(kAarqLowLevel);
  for (std::size_t n = 0; n < whole.size(); ++n) {
    const std::vector<std::uint8_t> part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
    Result<ByteSpan> r = assoc.on_aarq(part, out);
    ASSERT_TRUE(r) << n;
    EXPECT_NE(test::decode_aare(*r).result, AssociationResult::accepted) << n;
    EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  }
  // Trailing bytes after the AARQ.
  auto longer = hex(kAarqLowest);
  longer.push_back(0x00);
  expect_rejected(longer, ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given));
}

TEST_F(ServerAssociationTest, AarqWhileAssociatedChangesNothing) {
  ASSERT_EQ(aare(kAarqLowest), compact(kAareAccepted));
  test::AarqSpec spec;
  spec.user_information = test::initiate_request(6, 0x007E1F, 100);
  Result<ByteSpan> r = assoc.on_aarq(test::make_aarq(spec), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(test::decode_aare(*r).result, AssociationResult::rejected_transient);
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
  EXPECT_EQ(assoc.negotiated().client_max_receive_pdu_size, 500);
}

TEST_F(ServerAssociationTest, SmallOutputBufferIsAnErrorAndChangesNothing) {
  std::array<std::uint8_t, 20> tiny{};
  Result<ByteSpan> r = assoc.on_aarq(hex(kAarqLowest), tiny);
  EXPECT_EQ(r.error(), association_errc::buffer_too_small);
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
}

// --- LLS ---

class LowLevelSecurityTest : public ServerAssociationTest {
 protected:
  LowLevelSecurityTest() {
    config.mechanism = MechanismName::low_level_security;
    const auto pw = hex("3132333435363738");  // "12345678"
    config.secret.assign(pw);
  }
};

TEST_F(LowLevelSecurityTest, GreenBookPasswordAccepted) {
  EXPECT_EQ(aare(kAarqLowLevel), compact(kAareAccepted));
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
  EXPECT_EQ(assoc.negotiated().mechanism, MechanismName::low_level_security);
}

TEST_F(LowLevelSecurityTest, WrongPasswordIsAuthenticationFailure) {
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.authentication_value = hex("3132333435363739");
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_failure));
  spec.authentication_value = hex("31323334353637");  // a prefix of the password
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_failure));
}

TEST_F(LowLevelSecurityTest, MechanismDiagnostics) {
  // No mechanism at all.
  expect_rejected(hex(kAarqLowest),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_mechanism_name_required));
  // A mechanism without the ACSE requirements' authentication bit.
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.acse_requirements = false;
  spec.authentication_value = hex("3132333435363738");
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_mechanism_name_required));
  // Another mechanism.
  expect_rejected(
      hex(kAarqHighLevelGmac),
      ResultSourceDiagnostic::user(AcseServiceUser::authentication_mechanism_name_not_recognised));
  // The right mechanism, no password.
  spec.acse_requirements = true;
  spec.authentication_value.reset();
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_required));
  // An OID that names no mechanism.
  auto bad = hex(kAarqLowLevel);
  bad[25] = 0x09;  // 60 85 74 05 08 02 09
  expect_rejected(
      bad, ResultSourceDiagnostic::user(AcseServiceUser::authentication_mechanism_name_not_recognised));
}

TEST_F(ServerAssociationTest, PublicAssociationRefusesAuthentication) {
  expect_rejected(hex(kAarqLowLevel), ResultSourceDiagnostic::user(
                                          AcseServiceUser::authentication_mechanism_name_not_recognised));
}

TEST_F(LowLevelSecurityTest, LlsSecretWrite) {
  const auto next = hex("414243");
  EXPECT_EQ(assoc.set_lls_secret(next), apdu::DataAccessResult::success);
  expect_rejected(hex(kAarqLowLevel), ResultSourceDiagnostic::user(AcseServiceUser::authentication_failure));
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.authentication_value = next;
  EXPECT_EQ(test::decode_aare(*assoc.on_aarq(test::make_aarq(spec), out)).result,
            AssociationResult::accepted);
  const std::vector<std::uint8_t> too_long(Secret::kMaxSize + 1, 0x41);
  EXPECT_EQ(assoc.set_lls_secret(too_long), apdu::DataAccessResult::type_unmatched);
}

// --- HLS ---

class HighLevelSecurityTest : public ServerAssociationTest {
 protected:
  HighLevelSecurityTest() {
    config.security = &security;
    config.challenge_size = 8;
    const auto secret = hex("31323334353637383930313233343536");  // "1234567890123456"
    config.secret.assign(secret);
    security.set_server_system_title(title(test::kTitleBC614E));
    security.set_client_system_title(title(test::kTitle000001));
    backend.script = hex(kStoC);
  }

  // The client's f(StoC) for `mechanism` (IC 1 for GMAC).
  std::vector<std::uint8_t> client_answer(security::AuthenticationMechanism m, ByteSpan ctos, ByteSpan stoc) {
    security::HlsKeys keys{config.secret.bytes(), security.keys()[KeyId::global_unicast_encryption].bytes(),
                           security.keys()[KeyId::authentication].bytes(), security::SecuritySuite::suite0};
    security::HlsExchange e{ctos, stoc, title(test::kTitle000001), title(test::kTitleBC614E)};
    std::array<std::uint8_t, security::kMaxHlsAnswerSize> a{};
    Result<std::size_t> n = security::hls_answer(backend, m, keys, e, 1, a, &manufacturer);
    EXPECT_TRUE(n);
    return std::vector<std::uint8_t>(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n ? *n : 0));
  }

  // Checks the server's f(CtoS) (an octet-string Data) as the client does.
  bool client_checks(security::AuthenticationMechanism m, ByteSpan ctos, ByteSpan stoc, ByteSpan data) {
    if (data.size() < 2 || data[0] != 0x09 || data[1] != data.size() - 2) {
      return false;
    }
    security::HlsKeys keys{config.secret.bytes(), security.keys()[KeyId::global_unicast_encryption].bytes(),
                           security.keys()[KeyId::authentication].bytes(), security::SecuritySuite::suite0};
    security::HlsExchange e{ctos, stoc, title(test::kTitle000001), title(test::kTitleBC614E)};
    return security::hls_check(backend, m, keys, e, data.subspan(2), &manufacturer).has_value();
  }

  // Reverses the challenge: a stand-in for a manufacturer's mechanism 2.
  class ReversingHls final : public security::ManufacturerHls {
   public:
    Result<std::size_t> answer(const security::HlsKeys&, const security::HlsExchange& e,
                               MutableByteSpan out) override {
      std::reverse_copy(e.peer_challenge.begin(), e.peer_challenge.end(), out.begin());
      return e.peer_challenge.size();
    }
    Status check(const security::HlsKeys&, const security::HlsExchange& e, ByteSpan answer) override {
      return std::equal(e.own_challenge.rbegin(), e.own_challenge.rend(), answer.begin(), answer.end())
                 ? Status()
                 : Status(security_errc::hls_verification_failed);
    }
  };
  ReversingHls manufacturer;
};

TEST_F(HighLevelSecurityTest, GreenBookTable43GmacFourPasses) {
  config.mechanism = MechanismName::high_level_security_gmac;
  EXPECT_EQ(aare(kAarqHighLevelGmac), compact(kAareHighLevelGmac));
  EXPECT_EQ(assoc.status(), AssociationStatus::association_pending);
  ASSERT_TRUE(security.counters().set_send(KeyId::global_unicast_encryption, 0x01234567));

  std::array<std::uint8_t, 64> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_EQ(assoc.reply_to_hls_authentication(hex(kGmacFStoC), w), apdu::ActionResult::success);
  EXPECT_EQ(hex_of(w.written()), std::string("0911") + kGmacFCtoS);
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
  // Only once.
  ByteWriter again{MutableByteSpan(buf)};
  EXPECT_EQ(assoc.reply_to_hls_authentication(hex(kGmacFStoC), again), apdu::ActionResult::read_write_denied);
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
}

TEST_F(HighLevelSecurityTest, WrongGmacAnswerLeavesTheAssociationClosed) {
  config.mechanism = MechanismName::high_level_security_gmac;
  ASSERT_EQ(aare(kAarqHighLevelGmac), compact(kAareHighLevelGmac));
  auto wrong = hex(kGmacFStoC);
  wrong.back() ^= 0x01;
  const std::uint64_t ic_before = security.counters().peek_send(KeyId::global_unicast_encryption);
  std::array<std::uint8_t, 64> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_EQ(assoc.reply_to_hls_authentication(wrong, w), apdu::ActionResult::other_reason);
  EXPECT_EQ(w.size(), 0U);
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  EXPECT_EQ(security.counters().peek_send(KeyId::global_unicast_encryption), ic_before);
  // The right answer comes too late.
  ByteWriter w2{MutableByteSpan(buf)};
  EXPECT_EQ(assoc.reply_to_hls_authentication(hex(kGmacFStoC), w2), apdu::ActionResult::read_write_denied);
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
}

TEST_F(HighLevelSecurityTest, PendingLetsOnlyReplyToHlsThrough) {
  config.mechanism = MechanismName::high_level_security_gmac;
  ASSERT_EQ(aare(kAarqHighLevelGmac), compact(kAareHighLevelGmac));
  EXPECT_EQ(assoc.unprotect_request(hex(kPlainGet), scratch).error(), association_errc::hls_pending);
  const auto reply = hex(std::string("C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 11") + kGmacFStoC);
  Result<ProtectedRequest> r = assoc.unprotect_request(reply, scratch);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->protection, 0);
  EXPECT_TRUE(is_reply_to_hls_authentication(reply));
  EXPECT_FALSE(is_reply_to_hls_authentication(hex("C3 01 C1 00 0F 00 00 28 00 00 FF 02 00")));
  EXPECT_FALSE(is_reply_to_hls_authentication(hex("C3 01 C1 00 08 00 00 28 00 00 FF 01 00")));
  EXPECT_TRUE(allowed_while_pending(15, apdu::ObisCode(0, 0, 40, 0, 3, 255), 1));
  EXPECT_FALSE(allowed_while_pending(15, apdu::ObisCode(0, 0, 41, 0, 0, 255), 1));
}

struct MechanismCase {
  MechanismName mechanism;
  security::AuthenticationMechanism hls;
};

class HlsMechanismTest : public HighLevelSecurityTest, public ::testing::WithParamInterface<MechanismCase> {};

TEST_P(HlsMechanismTest, BothPassesAndAWrongAnswer) {
  const MechanismCase c = GetParam();
  config.mechanism = c.mechanism;
  config.manufacturer_hls = &manufacturer;
  config.challenge_size = 16;
  const auto ctos = hex("0102030405060708090A0B0C0D0E0F10");
  test::AarqSpec spec;
  spec.mechanism = c.mechanism;
  spec.authentication_value = ctos;
  spec.calling_ap_title = hex(test::kTitle000001);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool right = attempt == 1;
    backend.script = hex(right ? "A1A2A3A4A5A6A7A8A9AAABACADAEAFB0" : "B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0");
    Result<ByteSpan> r = assoc.on_aarq(test::make_aarq(spec), out);
    ASSERT_TRUE(r) << r.error().message();
    const apdu::Aare a = test::decode_aare(*r);
    ASSERT_EQ(a.result, AssociationResult::accepted);
    EXPECT_EQ(a.result_source_diagnostic,
              ResultSourceDiagnostic::user(AcseServiceUser::authentication_required));
    ASSERT_TRUE(a.responding_authentication_value);
    const std::vector<std::uint8_t> stoc(a.responding_authentication_value->contents.begin(),
                                         a.responding_authentication_value->contents.end());
    EXPECT_EQ(hex_of(stoc), right ? "A1A2A3A4A5A6A7A8A9AAABACADAEAFB0" : "B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0");
    ASSERT_TRUE(a.responding_ap_title);
    EXPECT_EQ(hex_of(*a.responding_ap_title), test::kTitleBC614E);
    EXPECT_EQ(assoc.status(), AssociationStatus::association_pending);

    auto answer = client_answer(c.hls, ctos, stoc);
    if (!right) {
      answer[answer.size() / 2] ^= 0x80;
    }
    std::array<std::uint8_t, 80> buf{};
    ByteWriter w{MutableByteSpan(buf)};
    const apdu::ActionResult result = assoc.reply_to_hls_authentication(answer, w);
    if (right) {
      EXPECT_EQ(result, apdu::ActionResult::success);
      EXPECT_EQ(assoc.status(), AssociationStatus::associated);
      EXPECT_TRUE(client_checks(c.hls, ctos, stoc, w.written()));
    } else {
      EXPECT_EQ(result, apdu::ActionResult::other_reason);
      EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
      EXPECT_EQ(w.size(), 0U);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, HlsMechanismTest,
                         ::testing::Values(MechanismCase{MechanismName::high_level_security,
                                                         security::AuthenticationMechanism::hls_manufacturer},
                                           MechanismCase{MechanismName::high_level_security_md5,
                                                         security::AuthenticationMechanism::hls_md5},
                                           MechanismCase{MechanismName::high_level_security_sha1,
                                                         security::AuthenticationMechanism::hls_sha1},
                                           MechanismCase{MechanismName::high_level_security_gmac,
                                                         security::AuthenticationMechanism::hls_gmac},
                                           MechanismCase{MechanismName::high_level_security_sha256,
                                                         security::AuthenticationMechanism::hls_sha256}));

TEST_F(HighLevelSecurityTest, ChallengeAndTitleChecks) {
  config.mechanism = MechanismName::high_level_security_sha256;
  test::AarqSpec spec;
  spec.mechanism = MechanismName::high_level_security_sha256;
  spec.authentication_value = hex("01020304050607");  // 7 octets: too short
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_failure));
  spec.authentication_value = std::vector<std::uint8_t>(65, 0x55);  // too long
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::authentication_failure));
  // SHA-256 needs the client's system title: none in the AARQ and none known.
  SecurityContext other{backend};
  config.security = &other;
  spec.authentication_value = hex("0102030405060708");
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::calling_ap_title_not_recognized));
  // Mechanism 2 without a manufacturer hook, or HLS without a security context: not offered.
  config.security = nullptr;
  expect_rejected(test::make_aarq(spec), ResultSourceDiagnostic::user(
                                             AcseServiceUser::authentication_mechanism_name_not_recognised));
  config.security = &security;
  config.mechanism = MechanismName::high_level_security;
  spec.mechanism = MechanismName::high_level_security;
  expect_rejected(test::make_aarq(spec), ResultSourceDiagnostic::user(
                                             AcseServiceUser::authentication_mechanism_name_not_recognised));
}

TEST_F(HighLevelSecurityTest, ChangeHlsSecret) {
  config.mechanism = MechanismName::high_level_security_md5;
  const auto next = hex("00112233445566778899");
  EXPECT_EQ(assoc.change_hls_secret(next), apdu::ActionResult::success);
  EXPECT_EQ(hex_of(config.secret.bytes()), "00112233445566778899");
  EXPECT_EQ(assoc.change_hls_secret(ByteSpan()), apdu::ActionResult::type_unmatched);
  EXPECT_EQ(hex_of(config.secret.bytes()), "00112233445566778899");
}

// --- ciphered contexts ---

TEST_F(ServerAssociationTest, GreenBookCipheredAarqIsDecipheredAndAnsweredCiphered) {
  use_ciphering();
  config.mechanism = MechanismName::low_level_security;
  const auto pw = hex("3132333435363738");
  config.secret.assign(pw);
  Result<ByteSpan> r = assoc.on_aarq(hex(kAarqCipheredLowLevel), out);
  ASSERT_TRUE(r) << r.error().message();
  const std::vector<std::uint8_t> aare_bytes(r->begin(), r->end());
  const apdu::Aare a = test::decode_aare(aare_bytes);
  EXPECT_EQ(a.result, AssociationResult::accepted);
  EXPECT_EQ(a.result_source_diagnostic, ResultSourceDiagnostic::user(AcseServiceUser::null));
  EXPECT_EQ(apdu::application_context_name(a.application_context_name),
            ApplicationContextName::logical_name_with_ciphering);
  ASSERT_TRUE(a.responding_ap_title);
  EXPECT_EQ(hex_of(*a.responding_ap_title), test::kTitle000001);
  ASSERT_TRUE(a.user_information);
  // glo-initiateResponse, SC 0x30 like the request, the server's first IC.
  EXPECT_EQ(hex_of(a.user_information->first(7)),
            "28"
            "1F"
            "30"
            "00000000");
  Result<security::Unprotected> u = client_unprotect(*a.user_information);
  ASSERT_TRUE(u) << u.error().message();
  Result<apdu::InitiateResponse> resp = apdu::decode_initiate_response(u->apdu);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->negotiated_conformance.to_u32(), 0x00501FU);
  EXPECT_EQ(resp->server_max_receive_pdu_size, 500);

  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
  EXPECT_TRUE(assoc.ciphered_context());
  EXPECT_EQ(hex_of(assoc.client_system_title()), test::kTitleBC614E);
  EXPECT_EQ(hex_of(assoc.server_system_title()), test::kTitle000001);
  ASSERT_TRUE(security.client_system_title());
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234567U);
  EXPECT_EQ(security.counters().peek_send(KeyId::global_unicast_encryption), 1U);
}

TEST_F(ServerAssociationTest, TamperedOrReplayedCipheredInitiateIsADecipheringError) {
  use_ciphering();
  config.mechanism = MechanismName::low_level_security;
  const auto pw = hex("3132333435363738");
  config.secret.assign(pw);
  auto tampered = hex(kAarqCipheredLowLevel);
  tampered.back() ^= 0x01;
  Result<ByteSpan> r = assoc.on_aarq(tampered, out);
  ASSERT_TRUE(r);
  apdu::Aare a = test::decode_aare(*r);
  EXPECT_EQ(a.result, AssociationResult::rejected_permanent);
  EXPECT_EQ(a.result_source_diagnostic, ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given));
  EXPECT_EQ(hex_of(*a.user_information),
            "0E010006");  // initiateError, application-reference, deciphering-error
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  EXPECT_FALSE(security.counters().last_received(KeyId::global_unicast_encryption).has_value());

  // Accepted once, released, then replayed.
  ASSERT_EQ(test::decode_aare(*assoc.on_aarq(hex(kAarqCipheredLowLevel), out)).result,
            AssociationResult::accepted);
  assoc.release();
  r = assoc.on_aarq(hex(kAarqCipheredLowLevel), out);
  ASSERT_TRUE(r);
  a = test::decode_aare(*r);
  EXPECT_EQ(a.result, AssociationResult::rejected_permanent);
  EXPECT_EQ(hex_of(*a.user_information), "0E010006");
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
}

TEST_F(ServerAssociationTest, CipheredContextNeedsTheClientSystemTitle) {
  use_ciphering();
  test::AarqSpec spec;
  spec.context = ApplicationContextName::logical_name_with_ciphering;
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::calling_ap_title_not_recognized));
  spec.calling_ap_title = hex("4D4D4D00");  // not 8 octets
  expect_rejected(test::make_aarq(spec),
                  ResultSourceDiagnostic::user(AcseServiceUser::calling_ap_title_not_recognized));
}

TEST_F(ServerAssociationTest, PlainInitiateRefusedWhenThePolicyWantsProtection) {
  use_ciphering();
  test::AarqSpec spec;
  spec.context = ApplicationContextName::logical_name_with_ciphering;
  spec.calling_ap_title = hex(test::kTitleBC614E);
  // Policy 0: a plain InitiateRequest is fine.
  Result<ByteSpan> r = assoc.on_aarq(test::make_aarq(spec), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(test::decode_aare(*r).result, AssociationResult::accepted);
  assoc.release();
  security.set_policy(security::SecurityPolicy(security::SecurityPolicy::kAuthenticatedRequest));
  r = assoc.on_aarq(test::make_aarq(spec), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*test::decode_aare(*r).user_information), "0E010006");
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
}

class CipheredAssociationTest : public ServerAssociationTest {
 protected:
  // Associated in LN-with-ciphering, client 4D4D4D0000BC614E, a dedicated key.
  void SetUp() override {
    use_ciphering();
    test::AarqSpec spec;
    spec.context = ApplicationContextName::logical_name_with_ciphering;
    spec.calling_ap_title = hex(test::kTitleBC614E);
    const auto plain_initiate = test::initiate_request(6, 0x007E1F, 0x04B0, dedicated);
    // glo-initiateRequest, IC 0x01234566 (below the Table 40 request's).
    spec.user_information = client_protect(hex_of(plain_initiate), 0x30, 0x01234566);
    Result<ByteSpan> r = assoc.on_aarq(test::make_aarq(spec), out);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(test::decode_aare(*r).result, AssociationResult::accepted);
    ded_keys = security.keys();
    ASSERT_TRUE(ded_keys.set(KeyId::dedicated, dedicated));
  }

  std::vector<std::uint8_t> dedicated = hex("00112233445566778899AABBCCDDEEFF");
  security::KeySet ded_keys;
};

TEST_F(CipheredAssociationTest, GreenBookTable40RequestDeciphersAndTheResponseMirrorsIt) {
  Result<ProtectedRequest> r = assoc.unprotect_request(hex(kGloGetTable40), scratch);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(hex_of(r->apdu), kPlainGet);
  EXPECT_TRUE(r->ciphered);
  EXPECT_EQ(r->protection, access::kAuthenticatedRequest | access::kEncryptedRequest);
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234567U);

  const auto response = hex("C4 01 C1 00 09 0C 07 E6 01 01 06 00 00 00 00 80 00 00");
  Result<ByteSpan> p = assoc.protect_response(response, *r, out);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ((*p)[0], security::tag::glo_get_response);
  Result<security::Unprotected> u = client_unprotect(*p);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), hex_of(response));
  EXPECT_EQ(u->security_control.byte(), 0x30);
}

TEST_F(CipheredAssociationTest, ReplayedAndOldInvocationCountersAreRejected) {
  ASSERT_TRUE(assoc.unprotect_request(hex(kGloGetTable40), scratch));
  EXPECT_EQ(assoc.unprotect_request(hex(kGloGetTable40), scratch).error(),
            security_errc::replayed_invocation_counter);
  EXPECT_EQ(assoc.unprotect_request(client_protect(kPlainGet, 0x30, 0x01234500), scratch).error(),
            security_errc::replayed_invocation_counter);
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234567U);
  EXPECT_EQ(assoc.expected_invocation_counter(), 0x01234568U);
  EXPECT_TRUE(assoc.unprotect_request(client_protect(kPlainGet, 0x30, 0x01234568), scratch));
}

TEST_F(CipheredAssociationTest, TamperedTagAndWrongSystemTitleChangeNothing) {
  auto tampered = hex(kGloGetTable40);
  tampered.back() ^= 0x01;
  EXPECT_EQ(assoc.unprotect_request(tampered, scratch).error(), security_errc::authentication_failed);
  auto tampered_body = hex(kGloGetTable40);
  tampered_body[10] ^= 0x01;
  EXPECT_EQ(assoc.unprotect_request(tampered_body, scratch).error(), security_errc::authentication_failed);
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234566U);

  // Another client's system title in the IV: the tag does not verify.
  client = title("4D4D4D0000000099");
  EXPECT_EQ(assoc.unprotect_request(client_protect(kPlainGet, 0x30, 0x02000000), scratch).error(),
            security_errc::authentication_failed);
  // general-glo-ciphering names its sender: a wrong one is a system title mismatch.
  EXPECT_EQ(assoc
                .unprotect_request(client_protect(kPlainGet, 0x30, 0x02000000, CipheringKind::general_global),
                                   scratch)
                .error(),
            security_errc::system_title_mismatch);
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234566U);
  // The real client still gets through with the next counter.
  client = title(test::kTitleBC614E);
  EXPECT_TRUE(assoc.unprotect_request(hex(kGloGetTable40), scratch));
}

TEST_F(CipheredAssociationTest, SecurityPolicyIsEnforcedBeforeTheCounterMoves) {
  security.set_policy(security::SecurityPolicy(security::SecurityPolicy::kAuthenticatedRequest |
                                               security::SecurityPolicy::kEncryptedRequest));
  EXPECT_EQ(assoc.unprotect_request(hex(kPlainGet), scratch).error(), security_errc::policy_violation);
  EXPECT_EQ(assoc.unprotect_request(client_protect(kPlainGet, 0x10, 0x01234570), scratch).error(),
            security_errc::policy_violation);
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234566U);
  Result<ProtectedRequest> r = assoc.unprotect_request(client_protect(kPlainGet, 0x30, 0x01234570), scratch);
  ASSERT_TRUE(r);
  // Policy 0: a plain request in the ciphered context is let through, unprotected.
  security.set_policy(security::SecurityPolicy(0));
  const auto plain = hex(kPlainGet);
  r = assoc.unprotect_request(plain, scratch);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ciphered);
  EXPECT_EQ(r->protection, 0);
  const auto response = hex("C4 01 C1 00 11 05");
  Result<ByteSpan> p = assoc.protect_response(response, *r, out);
  ASSERT_TRUE(p);
  EXPECT_EQ(hex_of(*p), hex_of(response));
  // ... unless the response must be protected.
  p = assoc.protect_response(response, *r, out, access::kAuthenticatedResponse);
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)[0], security::tag::glo_get_response);
  EXPECT_EQ((*p)[2], 0x10);
}

TEST_F(CipheredAssociationTest, DedicatedCipheringUsesTheKeyFromTheInitiateRequest) {
  Result<ProtectedRequest> r = assoc.unprotect_request(
      client_protect(kPlainGet, 0x30, 1, CipheringKind::dedicated, &ded_keys), scratch);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->kind, CipheringKind::dedicated);
  const auto response = hex("C4 01 C1 00 11 05");
  Result<ByteSpan> p = assoc.protect_response(response, *r, out);
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)[0], security::tag::ded_get_response);
  Result<security::Unprotected> u = client_unprotect(*p, &ded_keys);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), hex_of(response));
  // Dedicated counters are their own: the same IC again is a replay.
  EXPECT_EQ(
      assoc
          .unprotect_request(client_protect(kPlainGet, 0x30, 1, CipheringKind::dedicated, &ded_keys), scratch)
          .error(),
      security_errc::replayed_invocation_counter);
  // The global counter did not move.
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 0x01234566U);
}

TEST_F(ServerAssociationTest, CipheredApduInAContextWithoutCiphering) {
  config.security = &security;
  ASSERT_EQ(aare(kAarqLowest), compact(kAareAccepted));
  EXPECT_EQ(assoc.unprotect_request(hex(kGloGetTable40), scratch).error(),
            association_errc::ciphering_not_negotiated);
  const auto plain = hex(kPlainGet);
  Result<ProtectedRequest> r = assoc.unprotect_request(plain, scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->apdu.data(), plain.data());  // plain requests are not copied
}

TEST_F(ServerAssociationTest, NotAssociatedRequestsAreRefused) {
  EXPECT_EQ(assoc.unprotect_request(hex(kPlainGet), scratch).error(), association_errc::not_associated);
  EXPECT_EQ(assoc.unprotect_request(hex(kGloGetTable40), scratch).error(), association_errc::not_associated);
}

// --- release ---

TEST_F(ServerAssociationTest, GreenBookReleaseWithoutUserInformation) {
  ASSERT_EQ(aare(kAarqLowest), compact(kAareAccepted));
  Result<ByteSpan> r = assoc.on_rlrq(hex("62 03 80 01 00"), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), "6303800100");
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  // Released twice: nothing to release, still normal.
  r = assoc.on_rlrq(hex("62 00"), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), "6303800100");
  // Malformed: not-finished.
  ASSERT_EQ(aare(kAarqLowest), compact(kAareAccepted));
  r = assoc.on_rlrq(hex("62 03 80 01"), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), "6303800101");
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
}

TEST_F(CipheredAssociationTest, ReleaseWithCipheredUserInformation) {
  const auto initiate = test::initiate_request(6, 0x007E1F, 0x04B0);
  const auto ui = client_protect(hex_of(initiate), 0x30, 0x01234590);
  apdu::Rlrq rlrq;
  rlrq.reason = apdu::ReleaseRequestReason::normal;
  rlrq.user_information = ByteSpan(ui);
  std::array<std::uint8_t, 256> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  ASSERT_TRUE(rlrq.encode(w));

  // Tampered user-information: not released.
  std::vector<std::uint8_t> bad(w.written().begin(), w.written().end());
  bad.back() ^= 0x01;
  Result<ByteSpan> r = assoc.on_rlrq(bad, out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), "6303800101");
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);

  r = assoc.on_rlrq(w.written(), out);
  ASSERT_TRUE(r) << r.error().message();
  ByteReader reader(*r);
  Result<apdu::Rlre> rlre = apdu::Rlre::decode(reader);
  ASSERT_TRUE(rlre);
  EXPECT_EQ(rlre->reason, apdu::ReleaseResponseReason::normal);
  ASSERT_TRUE(rlre->user_information);
  EXPECT_EQ((*rlre->user_information)[0], security::tag::glo_initiate_response);
  Result<security::Unprotected> u = client_unprotect(*rlre->user_information);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(apdu::decode_initiate_response(u->apdu)->negotiated_conformance.to_u32(), 0x00501FU);
  EXPECT_EQ(assoc.status(), AssociationStatus::non_associated);
  EXPECT_TRUE(assoc.client_system_title().empty());
}

// --- pre-established ---

TEST_F(ServerAssociationTest, PreEstablishedAssociationNeedsNoAarqAndStays) {
  config.pre_established = true;
  config.client_sap = 102;
  assoc.bind(config);
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
  EXPECT_EQ(assoc.negotiated().client_sap, 102);
  EXPECT_EQ(assoc.negotiated().conformance.to_u32(), 0x00501FU);
  EXPECT_TRUE(assoc.unprotect_request(hex(kPlainGet), scratch));
  Result<ByteSpan> r = assoc.on_aarq(hex(kAarqLowest), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(test::decode_aare(*r).result, AssociationResult::rejected_transient);
  r = assoc.on_rlrq(hex("62 00"), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), "6303800101");
  assoc.release();
  EXPECT_EQ(assoc.status(), AssociationStatus::associated);
}

TEST_F(ServerAssociationTest, PreEstablishedCipheredProtectsNotifications) {
  use_ciphering();
  config.pre_established = true;
  security.set_client_system_title(title(test::kTitleBC614E));
  security.set_policy(security::SecurityPolicy(security::SecurityPolicy::kAuthenticatedResponse |
                                               security::SecurityPolicy::kEncryptedResponse));
  assoc.bind(config);
  ASSERT_TRUE(assoc.ciphered_context());
  // DataNotification has no glo- form: general-glo-ciphering.
  const auto notification = hex("0F 00 00 00 01 00 11 2A");
  Result<ByteSpan> p = assoc.protect_unsolicited(notification, out);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ((*p)[0], security::tag::general_glo_ciphering);
  Result<security::Unprotected> u = client_unprotect(*p);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), hex_of(notification));
  // EventNotification has one: glo-event-notification-request.
  const auto event = hex("C2 00 00 01 00 00 60 0B 00 FF 02 12 00 01");
  p = assoc.protect_unsolicited(event, out);
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)[0], security::tag::glo_event_notification_request);
}

}  // namespace
}  // namespace dlms::association
