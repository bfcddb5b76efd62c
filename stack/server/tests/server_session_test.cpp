// ServerSession: whole sessions through association, security and the service engine, over a
// tiny object set (stack/server/testing's Data-like object and Association LN with reply_to_HLS_
// authentication; here a Security-setup-like object with security_activate and a long Data). Vectors: Green
// Book AARQ/AARE examples (dlms-cosem tests/test_asce), Table 40 keys and Table 43 HLS-GMAC challenges
// (dlms-cosem test_security).
#include "stack/server/server_session.hpp"

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "stack/apdu/exception_response.hpp"
#include "stack/association/association_error.hpp"
#include "stack/association/tests/association_test_support.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/general_ciphering.hpp"
#include "stack/security/hls.hpp"
#include "stack/security/protection.hpp"
#include "stack/security/security_error.hpp"
#include "stack/server/testing/green_book_security.hpp"
#include "stack/server/testing/object_entry.hpp"
#include "stack/server/testing/test_objects.hpp"

namespace dlms::server {
namespace {

using apdu::ActionResult;
using apdu::ApplicationContextName;
using apdu::DataAccessResult;
using apdu::MechanismName;
using apdu::ObisCode;
using association::AssociationConfig;
using association::AssociationStatus;
using association::ObjectAccessRights;
using association::SecurityContext;
using security::CipheringKind;
using security::KeyId;
using security::SecurityControl;
using security::SecurityPolicy;
namespace access = association::access;
namespace test = association::test;
using test::compact;
using test::hex;
using test::hex_of;

using test_support::kValueLn;
using test_support::object_entry;
constexpr ObisCode kSecuritySetupLn{0, 0, 43, 0, 0, 255};

// Security setup (class 64) stand-in: method 1 security_activate(enum policy bits).
class TestSecuritySetup final : public CosemObject {
 public:
  explicit TestSecuritySetup(SecurityContext& s) : security_(&s) {}
  std::uint16_t class_id() const noexcept override { return 64; }
  std::uint8_t version() const noexcept override { return 1; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 5; }
  std::uint8_t method_count() const noexcept override { return 2; }
  DataAccessResult get(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       GetCursor&, ByteWriter& out) override {
    if (id == 2) {
      codec::axdr::write_enum(out, security_->policy().bits());
    } else {
      codec::axdr::write_octet_string(out, ln_.bytes);
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView&) override {
    return DataAccessResult::read_write_denied;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t id, const codec::DataView* parameter,
                       ByteWriter&) override {
    if (id != 1 || parameter == nullptr || parameter->type() != codec::DataType::enum_) {
      return {ActionResult::type_unmatched, false};
    }
    const std::uint8_t bits = parameter->content().empty() ? 0 : parameter->content()[0];
    return {security_->security_activate(SecurityPolicy(bits)) ? ActionResult::success
                                                               : ActionResult::type_unmatched,
            false};
  }

 private:
  SecurityContext* security_;
  ObisCode ln_ = kSecuritySetupLn;
};

// Data (class 1) whose attribute 2 is a 1200-octet octet-string (00 01 02 ... FF 00 ...): longer
// than the 500-octet PDU the sessions negotiate, so it goes out in get-response-with-datablock.
constexpr ObisCode kBlobLn{0, 0, 96, 1, 1, 255};
class TestBlob final : public CosemObject {
 public:
  static constexpr std::size_t kSize = 1200;
  std::uint16_t class_id() const noexcept override { return 1; }
  std::uint8_t version() const noexcept override { return 0; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 2; }
  std::uint8_t method_count() const noexcept override { return 0; }
  DataAccessResult get(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       GetCursor&, ByteWriter& out) override {
    if (id == 1) {
      codec::axdr::write_octet_string(out, ln_.bytes);
    } else {
      codec::axdr::write_octet_string(out, bytes());
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView&) override {
    return DataAccessResult::read_write_denied;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t, const codec::DataView*, ByteWriter&) override {
    return {ActionResult::object_undefined, false};
  }
  static std::vector<std::uint8_t> bytes() {
    std::vector<std::uint8_t> v(kSize);
    for (std::size_t i = 0; i < kSize; ++i) {
      v[i] = static_cast<std::uint8_t>(i);
    }
    return v;
  }

 private:
  ObisCode ln_ = kBlobLn;
};

// RFC 3394 4.1: 00112233445566778899AABBCCDDEEFF wrapped with 000102030405060708090A0B0C0D0E0F.
const std::vector<std::uint8_t> kWrapped =
    from_hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5").value();

constexpr const char* kAarqLowest =
    "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kAareAccepted =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 00 50 1F 01 F4 00 07";
// get-request-normal, invoke-id 1, Data 0-0:96.1.0.255 attribute 2 -> long-unsigned 42.
constexpr const char* kGetValue = "C0 01 C1 00 01 00 00 60 01 00 FF 02 00";
constexpr const char* kValue42 = "C4 01 C1 00 12 00 2A";
constexpr const char* kNotAllowed = "D8 01 01";
constexpr const char* kDecipheringError = "D8 01 05";
constexpr std::uint16_t kPublic = 16;
constexpr std::uint16_t kReader = 32;
constexpr std::uint16_t kManagement = 1;
constexpr std::uint16_t kPush = 102;

security::SystemTitle title(std::string_view t) { return security::SystemTitle::from(hex(t)).value(); }

class ServerSessionTest : public ::testing::Test {
 protected:
  ServerSessionTest() {
    EXPECT_TRUE(test_support::use_green_book_keys(security, test_support::kTitleBC614E));

    public_entries = {object_entry(data, kPublicModes), object_entry(blob, kPublicModes),
                      object_entry(association_ln, kPublicModes, kNoMethods)};
    management_entries = {object_entry(data, kReadWriteModes), object_entry(blob, kPublicModes),
                          object_entry(association_ln, kPublicModes, kReplyMethod),
                          object_entry(security_setup, kPublicModes, kReplyMethod)};
    association::sort_object_list(public_entries);
    association::sort_object_list(management_entries);

    for (AssociationConfig* c : {&configs[0], &configs[1], &configs[2], &configs[3]}) {
      c->conformance = apdu::ConformanceBlock::from_u32(0x00501F);
      c->max_receive_pdu_size = 500;
    }
    AssociationConfig& pub = configs[0];
    pub.client_sap = kPublic;
    pub.objects = association::AssociationObjectList(public_entries);

    AssociationConfig& reader = configs[1];
    reader.client_sap = kReader;
    reader.mechanism = MechanismName::low_level_security;
    const auto pw = hex("3132333435363738");
    reader.secret.assign(pw);
    reader.objects = association::AssociationObjectList(public_entries);

    AssociationConfig& mgmt = configs[2];
    mgmt.client_sap = kManagement;
    mgmt.application_contexts = association::context_bit(ApplicationContextName::logical_name_with_ciphering);
    mgmt.mechanism = MechanismName::high_level_security_gmac;
    mgmt.challenge_size = 8;
    mgmt.security = &security;
    mgmt.objects = association::AssociationObjectList(management_entries);

    AssociationConfig& push = configs[3];
    push.client_sap = kPush;
    push.pre_established = true;
    push.objects = association::AssociationObjectList(public_entries);

    device.server_sap = 1;
    device.associations = configs;
  }

  // One APDU in, the answer as hex ("" when nothing is sent).
  std::string send(std::uint16_t client_sap, const std::vector<std::uint8_t>& apdu) {
    Result<ByteSpan> r = session().on_apdu(client_sap, 1, apdu, out);
    EXPECT_TRUE(r) << r.error().message();
    return r ? hex_of(*r) : std::string("error");
  }
  std::string send(std::uint16_t client_sap, const char* apdu_hex) { return send(client_sap, hex(apdu_hex)); }

  ServerSession& session() { return storage.session(); }

  // --- the management client's side ---
  std::vector<std::uint8_t> client_protect(ByteSpan plain, std::uint32_t ic, std::uint8_t sc = 0x30,
                                           CipheringKind kind = CipheringKind::global,
                                           std::string_view sender = test::kTitle000001) {
    security::ProtectionParams p;
    p.security_control = SecurityControl(sc);
    p.kind = kind;
    p.system_title = title(sender);
    p.invocation_counter = ic;
    std::vector<std::uint8_t> buf(1024);
    Result<ByteSpan> r = security::protect(backend, security.keys(), p, plain, buf);
    EXPECT_TRUE(r) << r.error().message();
    buf.resize(r ? r->size() : 0);
    return buf;
  }
  std::vector<std::uint8_t> client_protect(const char* plain_hex, std::uint32_t ic, std::uint8_t sc = 0x30) {
    const auto p = hex(plain_hex);
    return client_protect(p, ic, sc);
  }
  std::string client_unprotect(std::string_view apdu_hex) {
    const auto a = hex(apdu_hex);
    security::UnprotectionParams p;
    p.peer_system_title = security.server_system_title();
    Result<security::Unprotected> u =
        security::unprotect(backend, security.keys(), p, nullptr, a, client_plain);
    EXPECT_TRUE(u) << apdu_hex << ": " << u.error().message();
    return u ? hex_of(u->apdu) : std::string();
  }

  // AARQ of the management client: HLS-GMAC with CtoS "K56iVagY", glo-initiateRequest with IC 1
  // (with a dedicated key when given; `sc` its security control).
  std::vector<std::uint8_t> management_aarq(std::optional<std::vector<std::uint8_t>> dedicated = {},
                                            std::uint8_t sc = 0x30, std::uint32_t ic = 1) {
    test::AarqSpec spec;
    spec.context = ApplicationContextName::logical_name_with_ciphering;
    spec.mechanism = MechanismName::high_level_security_gmac;
    spec.authentication_value = hex("4B35366956616759");
    spec.calling_ap_title = hex(test::kTitle000001);
    const auto initiate = test::initiate_request(6, 0x007E1F, 0x04B0, std::move(dedicated));
    spec.user_information = sc == 0 ? initiate : client_protect(initiate, ic, sc);
    return test::make_aarq(spec);
  }
  std::vector<std::uint8_t> protect_with(const security::KeySet& keys, ByteSpan plain, std::uint32_t ic,
                                         CipheringKind kind) {
    security::ProtectionParams p;
    p.security_control = SecurityControl(0x30);
    p.kind = kind;
    p.system_title = title(test::kTitle000001);
    p.invocation_counter = ic;
    std::vector<std::uint8_t> buf(1024);
    Result<ByteSpan> r = security::protect(backend, keys, p, plain, buf);
    EXPECT_TRUE(r) << r.error().message();
    buf.resize(r ? r->size() : 0);
    return buf;
  }
  std::string unprotect_with(const security::KeySet& keys, std::string_view apdu_hex) {
    const auto a = hex(apdu_hex);
    security::UnprotectionParams p;
    p.peer_system_title = security.server_system_title();
    Result<security::Unprotected> u = security::unprotect(backend, keys, p, nullptr, a, client_plain);
    EXPECT_TRUE(u) << apdu_hex << ": " << u.error().message();
    return u ? hex_of(u->apdu) : std::string();
  }
  // f(StoC) of Green Book Table 43 (client 4D4D4D0000000001, IC 1) inside a glo-action-request.
  std::vector<std::uint8_t> hls_reply(std::uint32_t ic, bool right = true) {
    std::string f_stoc = "10000000011A52FE7DD3E72748973C1E28";
    if (!right) {
      f_stoc.back() = '9';
    }
    const auto plain = hex("C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 11" + f_stoc);
    return client_protect(plain, ic);
  }
  // `ic`: the client's invocation counter for the AARQ (ic + 1 for the HLS reply).
  void open_management(std::optional<std::vector<std::uint8_t>> dedicated = {}, std::uint32_t ic = 1) {
    backend.script = hex("503677524A323146");  // StoC "P6wRJ21F"
    const auto aarq = management_aarq(std::move(dedicated), 0x30, ic);
    Result<ByteSpan> r = session().on_apdu(kManagement, 1, aarq, out);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(test::decode_aare(*r).result, apdu::AssociationResult::accepted);
    ASSERT_TRUE(security.counters().set_send(KeyId::global_unicast_encryption, 0x01234567));
    const std::string reply = send(kManagement, hls_reply(ic + 1));
    // glo-action-response: action-response-normal, success, return data f(CtoS) of Table 43.
    EXPECT_EQ(client_unprotect(reply),
              "C701C10001000911"
              "1001234567FE1466AFB3DBCD4F9389E2B7");
    ASSERT_EQ(session().association(kManagement, 1)->status(), AssociationStatus::associated);
  }

  inline static const std::vector<std::uint8_t> kPublicModes{access::kRead, access::kRead, access::kRead,
                                                             access::kRead, access::kRead, access::kRead,
                                                             access::kRead, access::kRead, access::kRead};
  inline static const std::vector<std::uint8_t> kReadWriteModes{access::kRead, access::kReadWrite};
  inline static const std::vector<std::uint8_t> kNoMethods{access::kNone, access::kNone};
  inline static const std::vector<std::uint8_t> kReplyMethod{access::kAccess, access::kNone};

  test::ScriptedBackend backend;
  SecurityContext security{backend};
  test_support::LongUnsignedData data;
  TestBlob blob;
  test_support::HlsAssociationLn association_ln;
  TestSecuritySetup security_setup{security};
  std::vector<ObjectAccessRights> public_entries;
  std::vector<ObjectAccessRights> management_entries;
  std::array<AssociationConfig, 4> configs;
  LogicalDevice device;
  ServiceEngine engine;
  ServerSessionStorage<1024, 1024> storage{std::span<LogicalDevice>(&device, 1), engine};
  std::array<std::uint8_t, 2048> out{};
  std::array<std::uint8_t, 2048> client_plain{};
};

TEST_F(ServerSessionTest, PublicClientGreenBookAssociationGetAndRelease) {
  EXPECT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  EXPECT_EQ(send(kPublic, kGetValue), compact(kValue42));
  EXPECT_EQ(data.last_protection, 0);
  // Green Book RLRQ / RLRE.
  EXPECT_EQ(send(kPublic, "62 03 80 01 00"), "6303800100");
  EXPECT_EQ(session().association(kPublic, 1), nullptr);
  EXPECT_EQ(send(kPublic, kGetValue), compact(kNotAllowed));
}

TEST_F(ServerSessionTest, RequestsWithoutAnAssociationAreNotAllowed) {
  EXPECT_EQ(send(kPublic, kGetValue), compact(kNotAllowed));
  EXPECT_EQ(send(99, kGetValue), compact(kNotAllowed));
  // RLRQ with nothing to release.
  EXPECT_EQ(send(kPublic, "62 00"), "6303800100");
  // Nothing to send for an empty APDU.
  EXPECT_EQ(send(kPublic, std::vector<std::uint8_t>{}), "");
}

TEST_F(ServerSessionTest, UnknownClientSapGetsARejectedAare) {
  EXPECT_EQ(send(99, kAarqLowest),
            compact("61 17 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01"));
  EXPECT_EQ(session().association(99, 1), nullptr);
}

TEST_F(ServerSessionTest, UnknownServerSapIsAnError) {
  const auto aarq = hex(kAarqLowest);
  EXPECT_EQ(session().on_apdu(kPublic, 7, aarq, out).error(),
            association::association_errc::unknown_association);
}

TEST_F(ServerSessionTest, DisconnectReleases) {
  ASSERT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  session().on_disconnect();
  EXPECT_EQ(send(kPublic, kGetValue), compact(kNotAllowed));
  EXPECT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
}

TEST_F(ServerSessionTest, LowLevelSecurityReader) {
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.authentication_value = hex("3132333435363739");
  const std::string rejected = send(kReader, test::make_aarq(spec));
  EXPECT_EQ(test::decode_aare(hex(rejected)).result_source_diagnostic,
            apdu::ResultSourceDiagnostic::user(apdu::AcseServiceUser::authentication_failure));
  EXPECT_EQ(send(kReader, kGetValue), compact(kNotAllowed));
  spec.authentication_value = hex("3132333435363738");
  EXPECT_EQ(send(kReader, test::make_aarq(spec)), compact(kAareAccepted));
  EXPECT_EQ(send(kReader, kGetValue), compact(kValue42));
  // Two associations side by side in one session.
  EXPECT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  EXPECT_EQ(send(kPublic, kGetValue), compact(kValue42));
  EXPECT_EQ(send(kReader, kGetValue), compact(kValue42));
}

TEST_F(ServerSessionTest, ManagementHlsGmacCipheredSession) {
  open_management();
  const std::string response = send(kManagement, client_protect(kGetValue, 3));
  EXPECT_EQ(response.substr(0, 2), "CC");  // glo-get-response
  EXPECT_EQ(client_unprotect(response), compact(kValue42));
  EXPECT_EQ(data.last_protection, access::kAuthenticatedRequest | access::kEncryptedRequest);
  // SET through the ciphered context.
  const std::string set =
      send(kManagement, client_protect("C1 01 C1 00 01 00 00 60 01 00 FF 02 00 12 00 07", 4));
  EXPECT_EQ(client_unprotect(set), "C501C100");
  EXPECT_EQ(data.value, 7);
}

TEST_F(ServerSessionTest, WhilePendingOnlyTheHlsReplyPasses) {
  backend.script = hex("503677524A323146");
  const auto aarq = management_aarq();
  ASSERT_TRUE(session().on_apdu(kManagement, 1, aarq, out));
  EXPECT_EQ(send(kManagement, client_protect(kGetValue, 2)), compact(kNotAllowed));
  // The refused request did not use up its invocation counter.
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 1U);
  ASSERT_TRUE(security.counters().set_send(KeyId::global_unicast_encryption, 0x01234567));
  EXPECT_EQ(client_unprotect(send(kManagement, hls_reply(2))),
            "C701C10001000911"
            "1001234567FE1466AFB3DBCD4F9389E2B7");
}

TEST_F(ServerSessionTest, WrongHlsAnswerClosesTheAssociation) {
  backend.script = hex("503677524A323146");
  const auto aarq = management_aarq();
  ASSERT_TRUE(session().on_apdu(kManagement, 1, aarq, out));
  const std::string reply = send(kManagement, hls_reply(2, false));
  EXPECT_EQ(client_unprotect(reply), "C701C1FA00");  // other-reason, no return data
  EXPECT_EQ(session().association(kManagement, 1), nullptr);
  EXPECT_EQ(send(kManagement, client_protect(kGetValue, 3)), compact(kNotAllowed));
  EXPECT_EQ(send(kManagement, hls_reply(4)), compact(kNotAllowed));
}

TEST_F(ServerSessionTest, ReplayedAndOldInvocationCounters) {
  open_management();
  const auto get = client_protect(kGetValue, 10);
  EXPECT_EQ(client_unprotect(send(kManagement, get)), compact(kValue42));
  // The same APDU again, and an older counter: invocation-counter-error with the expected IC.
  EXPECT_EQ(send(kManagement, get), compact("D8 01 06 00 00 00 0B"));
  EXPECT_EQ(send(kManagement, client_protect(kGetValue, 5)), compact("D8 01 06 00 00 00 0B"));
  EXPECT_EQ(client_unprotect(send(kManagement, client_protect(kGetValue, 11))), compact(kValue42));
}

TEST_F(ServerSessionTest, TamperedTagWrongSystemTitleAndPolicyViolation) {
  open_management();
  auto tampered = client_protect(kGetValue, 10);
  tampered.back() ^= 0x01;
  EXPECT_EQ(send(kManagement, tampered), compact(kDecipheringError));
  const auto get = hex(kGetValue);
  EXPECT_EQ(send(kManagement, client_protect(get, 10, 0x30, CipheringKind::global, "4D4D4D0000000099")),
            compact(kDecipheringError));
  EXPECT_EQ(
      send(kManagement, client_protect(get, 10, 0x30, CipheringKind::general_global, "4D4D4D0000000099")),
      compact(kDecipheringError));
  security.set_policy(
      SecurityPolicy(SecurityPolicy::kAuthenticatedRequest | SecurityPolicy::kEncryptedRequest));
  EXPECT_EQ(send(kManagement, kGetValue), compact(kDecipheringError));
  EXPECT_EQ(send(kManagement, client_protect(get, 10, 0x10)), compact(kDecipheringError));
  // None of them moved the counter: IC 10 is still fresh.
  EXPECT_EQ(client_unprotect(send(kManagement, client_protect(kGetValue, 10))), compact(kValue42));
  // general-glo-ciphering from the right client is answered in kind.
  const std::string general = send(kManagement, client_protect(get, 11, 0x30, CipheringKind::general_global));
  EXPECT_EQ(general.substr(0, 2), "DB");
  EXPECT_EQ(client_unprotect(general), compact(kValue42));
}

TEST_F(ServerSessionTest, SecurityActivateTakesEffectAfterItsResponse) {
  open_management();
  // ACTION Security setup security_activate(enum 0x0C: authenticated + encrypted requests),
  // sent authenticated only: its own response still goes out under the old policy.
  const std::string r =
      send(kManagement, client_protect("C3 01 C1 00 40 00 00 2B 00 00 FF 01 01 16 0C", 3, 0x10));
  EXPECT_EQ(client_unprotect(r), "C701C10000");
  EXPECT_EQ(security.policy().bits(), 0x0C);
  EXPECT_EQ(send(kManagement, client_protect(kGetValue, 4, 0x10)), compact(kDecipheringError));
  EXPECT_EQ(client_unprotect(send(kManagement, client_protect(kGetValue, 5, 0x30))), compact(kValue42));
}

TEST_F(ServerSessionTest, PreEstablishedAssociationNeedsNoAarq) {
  EXPECT_EQ(send(kPush, kGetValue), compact(kValue42));
  EXPECT_EQ(send(kPush, "62 00"), "6303800101");  // never released
  session().on_disconnect();
  EXPECT_EQ(send(kPush, kGetValue), compact(kValue42));
  // DataNotification (Green Book 9.3.11) in clear: no security on this association.
  const auto body = hex("12 00 2A");
  Result<codec::DataView> v = codec::read_data_exact(body);
  ASSERT_TRUE(v);
  Result<ByteSpan> n =
      session().data_notification(kPush, 1, apdu::LongInvokeIdAndPriority::make(1), ByteSpan(), *v, out);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(hex_of(*n),
            "0F00000001001200"
            "2A");
  apdu::CosemAttributeDescriptor d;
  d.class_id = 1;
  d.instance_id = kValueLn;
  d.attribute_id = 2;
  n = session().event_notification(kPush, 1, std::nullopt, d, *v, out);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(hex_of(*n), compact("C2 00 00 01 00 00 60 01 00 FF 02 12 00 2A"));
  // An unsolicited APDU the caller encoded itself.
  const auto own = hex("0F 00 00 00 02 00 11 07");
  n = session().send_unsolicited(kPush, 1, own, out);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(hex_of(*n), hex_of(own));
  // No association for that client: nothing sent.
  EXPECT_EQ(session()
                .data_notification(kPublic, 1, apdu::LongInvokeIdAndPriority::make(1), ByteSpan(), *v, out)
                .error(),
            association::association_errc::unknown_association);
}

TEST_F(ServerSessionTest, CipheredPreEstablishedNotification) {
  AssociationConfig& push = configs[3];
  push.application_contexts = association::context_bit(ApplicationContextName::logical_name_with_ciphering);
  push.security = &security;
  security.set_client_system_title(title(test::kTitle000001));
  security.set_policy(
      SecurityPolicy(SecurityPolicy::kAuthenticatedResponse | SecurityPolicy::kEncryptedResponse));
  const auto body = hex("12 00 2A");
  Result<codec::DataView> v = codec::read_data_exact(body);
  ASSERT_TRUE(v);
  Result<ByteSpan> n =
      session().data_notification(kPush, 1, apdu::LongInvokeIdAndPriority::make(1), ByteSpan(), *v, out);
  ASSERT_TRUE(n) << n.error().message();
  const std::string h = hex_of(*n);
  EXPECT_EQ(h.substr(0, 2), "DB");
  EXPECT_EQ(client_unprotect(h),
            "0F00000001001200"
            "2A");
}

TEST_F(ServerSessionTest, TooLongRequestIsPduTooLong) {
  ASSERT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  std::vector<std::uint8_t> big(1500, 0xC0);
  EXPECT_EQ(send(kPublic, big), compact("D8 01 04"));
}

TEST_F(ServerSessionTest, ArbitraryBytesNeverBreakTheSession) {
  ASSERT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  const auto whole = hex(kGetValue);
  for (std::size_t n = 1; n < whole.size(); ++n) {
    const std::vector<std::uint8_t> part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
    Result<ByteSpan> r = session().on_apdu(kPublic, 1, part, out);
    ASSERT_TRUE(r) << n;
  }
  EXPECT_EQ(send(kPublic, kGetValue), compact(kValue42));
}

// ---- AARQ while every association slot is taken ---------------------------------------------
// ACSE / Green Book 9.4.2: the AARE result rejected-transient (2) with acse-service-user
// no-reason-given (1) for a refusal that may succeed later.
TEST_F(ServerSessionTest, AarqWithEverySlotTakenIsRejectedTransient) {
  std::array<AssociationConfig, ServerSession::kMaxAssociations + 1> many;
  for (std::size_t i = 0; i < many.size(); ++i) {
    many[i] = configs[0];
    many[i].client_sap = static_cast<std::uint16_t>(0x20 + i);
  }
  LogicalDevice d;
  d.associations = many;
  ServerSessionStorage<512, 512, 1> small{std::span<LogicalDevice>(&d, 1), engine};
  const auto aarq = hex(kAarqLowest);
  const auto answer = [&](std::uint16_t sap, const std::vector<std::uint8_t>& apdu) {
    Result<ByteSpan> r = small.session().on_apdu(sap, 1, apdu, out);
    EXPECT_TRUE(r);
    return r ? hex_of(*r) : std::string();
  };
  for (std::uint16_t sap = 0x20; sap < 0x20 + ServerSession::kMaxAssociations; ++sap) {
    ASSERT_EQ(answer(sap, aarq), compact(kAareAccepted)) << sap;
  }
  const std::uint16_t fifth = 0x20 + ServerSession::kMaxAssociations;
  EXPECT_EQ(answer(fifth, aarq),
            compact("61 17 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 02 A3 05 A1 03 02 01 01"));
  EXPECT_EQ(small.session().association(fifth, 1), nullptr);
  // The others are untouched; once one is released the fifth gets its association.
  EXPECT_EQ(answer(0x20, hex(kGetValue)), compact(kValue42));
  EXPECT_EQ(answer(0x21, hex("62 03 80 01 00")), "6303800100");
  EXPECT_EQ(answer(fifth, aarq), compact(kAareAccepted));
  EXPECT_EQ(answer(fifth, hex(kGetValue)), compact(kValue42));
  // An unknown client is still rejected-permanent.
  EXPECT_EQ(answer(0x7F, aarq),
            compact("61 17 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01"));
}

// ---- unconfirmed services ---------------------------------------------------------------------
// Invoke-Id-And-Priority (Green Book xDLMS ASN.1): bit 6 service-class, 0 unconfirmed.
TEST_F(ServerSessionTest, UnconfirmedSetIsExecutedAndNotAnswered) {
  open_management();
  // glo-set-request of set-request-normal with invoke-id-and-priority 81 (high priority,
  // unconfirmed, invoke-id 1): Data 0-0:96.1.0.255 attribute 2 := long-unsigned 7.
  EXPECT_EQ(send(kManagement, client_protect("C1 01 81 00 01 00 00 60 01 00 FF 02 00 12 00 07", 3)), "");
  EXPECT_EQ(data.value, 7);
  EXPECT_EQ(security.counters().last_received(KeyId::global_unicast_encryption), 3U);
  // The same with 01 (normal priority, unconfirmed).
  EXPECT_EQ(send(kManagement, client_protect("C1 01 01 00 01 00 00 60 01 00 FF 02 00 12 00 09", 4)), "");
  EXPECT_EQ(data.value, 9);
  // A confirmed one (C1) is answered.
  EXPECT_EQ(client_unprotect(
                send(kManagement, client_protect("C1 01 C1 00 01 00 00 60 01 00 FF 02 00 12 00 0A", 5))),
            "C501C100");
}

TEST_F(ServerSessionTest, UnconfirmedGetIsAnsweredAsGetIsConfirmedOnly) {
  ASSERT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  // Green Book 9.3.9: GET is a confirmed service; the octet is echoed.
  EXPECT_EQ(send(kPublic, "C0 01 81 00 01 00 00 60 01 00 FF 02 00"), compact("C4 01 81 00 12 00 2A"));
  EXPECT_EQ(send(kPublic, "C0 01 01 00 01 00 00 60 01 00 FF 02 00"), compact("C4 01 01 00 12 00 2A"));
}

// ---- block transfer state per association -------------------------------------------------------
// get-response-with-datablock (Green Book 9.4.6.4.3) of the 1200-octet blob, blocks of the
// negotiated 500 octets: C4 02 C1, last-block, block-number, raw-data (09 82 04 B0 and the
// octets) cut in 488 + 488 + 228. no-long-get-in-progress is data-access-result 16.
std::string blob_block(std::uint32_t number) {
  std::vector<std::uint8_t> raw = {0x09, 0x82, 0x04, 0xB0};
  const auto b = TestBlob::bytes();
  raw.insert(raw.end(), b.begin(), b.end());
  const std::size_t begin = (number - 1) * 488;
  const std::size_t n = std::min<std::size_t>(488, raw.size() - begin);
  const bool last = begin + n == raw.size();
  std::vector<std::uint8_t> apdu = {0xC4, 0x02, 0xC1, static_cast<std::uint8_t>(last ? 1 : 0),
                                    0,    0,    0,    static_cast<std::uint8_t>(number),
                                    0x00};
  // A-XDR length: 82 01 E8 for 488, 81 E4 for 228.
  if (n > 255) {
    apdu.insert(apdu.end(), {0x82, static_cast<std::uint8_t>(n >> 8U), static_cast<std::uint8_t>(n)});
  } else {
    apdu.insert(apdu.end(), {0x81, static_cast<std::uint8_t>(n)});
  }
  apdu.insert(apdu.end(), raw.begin() + static_cast<std::ptrdiff_t>(begin),
              raw.begin() + static_cast<std::ptrdiff_t>(begin + n));
  return hex_of(apdu);
}
constexpr const char* kGetBlob = "C0 01 C1 00 01 00 00 60 01 01 FF 02 00";
std::vector<std::uint8_t> get_next(std::uint32_t n) { return hex("C0 02 C1 0000000" + std::to_string(n)); }

TEST_F(ServerSessionTest, InterleavedBlockTransfersOfTwoAssociations) {
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.authentication_value = hex("3132333435363738");
  ASSERT_EQ(send(kReader, test::make_aarq(spec)), compact(kAareAccepted));
  ASSERT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  EXPECT_EQ(send(kPublic, kGetBlob), blob_block(1));
  EXPECT_EQ(send(kReader, kGetBlob), blob_block(1));
  EXPECT_EQ(send(kPublic, get_next(1)), blob_block(2));
  EXPECT_EQ(send(kReader, get_next(1)), blob_block(2));
  EXPECT_EQ(send(kReader, get_next(2)), blob_block(3));
  EXPECT_EQ(send(kPublic, get_next(2)), blob_block(3));
  // Both finished: a further get-next is no-long-get-in-progress (16), last block.
  EXPECT_EQ(send(kPublic, get_next(3)), compact("C4 02 C1 01 00 00 00 03 01 10"));
}

TEST_F(ServerSessionTest, OneTransferStateIsTakenOverByTheOtherAssociation) {
  ServerSessionStorage<1024, 1024, 1> one{std::span<LogicalDevice>(&device, 1), engine};
  const auto answer = [&](std::uint16_t sap, const std::vector<std::uint8_t>& apdu) {
    Result<ByteSpan> r = one.session().on_apdu(sap, 1, apdu, out);
    EXPECT_TRUE(r);
    return r ? hex_of(*r) : std::string();
  };
  const auto aarq = hex(kAarqLowest);
  ASSERT_TRUE(one.session().on_apdu(kPublic, 1, aarq, out));
  ASSERT_TRUE(one.session().on_apdu(kPush, 1, hex(kGetValue), out));
  EXPECT_EQ(answer(kPublic, hex(kGetBlob)), blob_block(1));
  // The pre-established association's request needs the only state: the transfer is gone.
  EXPECT_EQ(answer(kPush, hex(kGetValue)), compact(kValue42));
  EXPECT_EQ(answer(kPublic, get_next(1)), compact("C4 02 C1 01 00 00 00 01 01 10"));
  // Without interleaving the one state serves both in turn.
  EXPECT_EQ(answer(kPublic, hex(kGetBlob)), blob_block(1));
  EXPECT_EQ(answer(kPublic, get_next(1)), blob_block(2));
  EXPECT_EQ(answer(kPublic, get_next(2)), blob_block(3));
}

TEST_F(ServerSessionTest, ReleaseGivesTheTransferStateBack) {
  ServerSessionStorage<1024, 1024, 1> one{std::span<LogicalDevice>(&device, 1), engine};
  const auto aarq = hex(kAarqLowest);
  ASSERT_TRUE(one.session().on_apdu(kPublic, 1, aarq, out));
  ASSERT_EQ(hex_of(one.session().on_apdu(kPublic, 1, hex(kGetBlob), out).value()), blob_block(1));
  ASSERT_EQ(hex_of(one.session().on_apdu(kPublic, 1, hex("62 03 80 01 00"), out).value()), "6303800100");
  // The reader gets the state without taking anything over.
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.authentication_value = hex("3132333435363738");
  ASSERT_EQ(hex_of(one.session().on_apdu(kReader, 1, test::make_aarq(spec), out).value()),
            compact(kAareAccepted));
  EXPECT_EQ(hex_of(one.session().on_apdu(kReader, 1, hex(kGetBlob), out).value()), blob_block(1));
  EXPECT_EQ(hex_of(one.session().on_apdu(kReader, 1, get_next(1), out).value()), blob_block(2));
}

// ---- dedicated key (xDLMS InitiateRequest dedicated-key; Green Book 9.2.7.2.4) -------------------
constexpr const char* kDedicatedKey = "101112131415161718191A1B1C1D1E1F";

TEST_F(ServerSessionTest, DedicatedKeyCiphersTheAssociationUntilRelease) {
  open_management(hex(kDedicatedKey));
  security::KeySet ded = security.keys();
  ASSERT_TRUE(ded.set(KeyId::dedicated, hex(kDedicatedKey)));
  const auto get = hex(kGetValue);
  // ded-get-request (D0) is answered with ded-get-response (D4) under the dedicated key.
  const std::string r = send(kManagement, protect_with(ded, get, 1, CipheringKind::dedicated));
  EXPECT_EQ(r.substr(0, 4), "D418");
  EXPECT_EQ(unprotect_with(ded, r), compact(kValue42));
  // The dedicated counters are the association's own: the same IC again is a replay.
  // invocation-counter-error carries the next IC of the dedicated key.
  EXPECT_EQ(send(kManagement, protect_with(ded, get, 1, CipheringKind::dedicated)),
            compact("D8 01 06 00 00 00 02"));
  // general-ded-ciphering too, answered in kind; glo- still works beside it.
  const std::string g = send(kManagement, protect_with(ded, get, 2, CipheringKind::general_dedicated));
  EXPECT_EQ(g.substr(0, 2), "DC");
  EXPECT_EQ(unprotect_with(ded, g), compact(kValue42));
  EXPECT_EQ(client_unprotect(send(kManagement, client_protect(kGetValue, 3))), compact(kValue42));
  // Released: the key is forgotten. A new association without a dedicated key refuses ded-.
  EXPECT_EQ(send(kManagement, "62 03 80 01 00"), "6303800100");
  open_management(std::nullopt, 10);
  EXPECT_EQ(send(kManagement, protect_with(ded, get, 3, CipheringKind::dedicated)),
            compact(kDecipheringError));
  // So does a disconnect.
  session().on_disconnect();
  open_management(hex(kDedicatedKey), 20);
  session().on_disconnect();
  open_management(std::nullopt, 30);
  EXPECT_EQ(send(kManagement, protect_with(ded, get, 4, CipheringKind::dedicated)),
            compact(kDecipheringError));
}

TEST_F(ServerSessionTest, DedicatedKeyOnlyFromACipheredEncryptedInitiateRequest) {
  // xDLMS ASN.1: dedicated-key "shall not be encoded in DLMS without ciphering". A plain or an
  // authenticated-only InitiateRequest carrying one: rejected-permanent, initiateError other
  // (0E 01 06 00), the AARE's user-information ciphered like the request.
  backend.script = hex("503677524A323146");
  const std::string plain = send(kManagement, management_aarq(hex(kDedicatedKey), 0));
  const auto plain_bytes = hex(plain);  // the decoded AARE points into it
  const apdu::Aare a = test::decode_aare(plain_bytes);
  EXPECT_EQ(a.result, apdu::AssociationResult::rejected_permanent);
  ASSERT_TRUE(a.user_information.has_value());
  EXPECT_EQ(hex_of(*a.user_information), "0E010600");
  const std::string auth_only = send(kManagement, management_aarq(hex(kDedicatedKey), 0x10));
  const auto auth_only_bytes = hex(auth_only);
  const apdu::Aare b = test::decode_aare(auth_only_bytes);
  EXPECT_EQ(b.result, apdu::AssociationResult::rejected_permanent);
  ASSERT_TRUE(b.user_information.has_value());
  EXPECT_EQ(client_unprotect(hex_of(*b.user_information)), "0E010600");
  EXPECT_EQ(session().association(kManagement, 1), nullptr);
}

// ---- general-ciphering [221], suite 0 (security/general_ciphering.hpp) ---------------------------
class GeneralCipheringSessionTest : public ServerSessionTest {
 protected:
  // The client's general-ciphering of `plain`: originator the client, recipient the server.
  std::vector<std::uint8_t> request(const char* plain_hex, std::uint32_t ic, apdu::KeyInfo key_info,
                                    ByteSpan key) {
    const auto p = hex(plain_hex);
    security::GeneralCipheringSeal s;
    s.header.transaction_id = tid;
    s.header.originator_system_title = client_title.bytes();
    s.header.recipient_system_title = security.server_system_title().bytes();
    s.key_info = key_info;
    s.key = key;
    s.authentication_key = security.keys()[KeyId::authentication].bytes();
    s.security_control = SecurityControl(0x30);
    s.invocation_counter = ic;
    std::vector<std::uint8_t> buf(1024);
    Result<ByteSpan> r = security::seal_general_ciphering(backend, s, p, buf);
    EXPECT_TRUE(r) << r.error().message();
    buf.resize(r ? r->size() : 0);
    return buf;
  }
  // The client opens the server's answer.
  std::string open(const std::string& answer) {
    const auto a = hex(answer);
    Result<security::OpenedGeneralCiphering> o =
        security::open_general_ciphering(backend, security.keys(), security::SecuritySuite::suite0,
                                         security.server_system_title(), client_title, a, client_plain);
    EXPECT_TRUE(o) << answer << ": " << o.error().message();
    return o ? hex_of(o->apdu) : std::string();
  }
  static apdu::KeyInfo identified(std::uint8_t id) {
    return {apdu::KeyInfo::Kind::identified_key, id, {}, {}};
  }

  std::vector<std::uint8_t> tid = hex("0102030405060708");
  security::SystemTitle client_title = title(test::kTitle000001);
};

TEST_F(GeneralCipheringSessionTest, IdentifiedKeyIsAnsweredInGeneralCiphering) {
  open_management();
  const std::string r = send(kManagement, request(kGetValue, 3, identified(0),
                                                  security.keys()[KeyId::global_unicast_encryption].bytes()));
  // DD, the same transaction-id, originator the server, recipient the client, no date-time,
  // no other-information, identified-key global-unicast, content 18 30 IC (the server's next
  // IC after f(CtoS) used 01234567).
  EXPECT_EQ(r.substr(0, 78),
            "DD08010203040506070808"
            "4D4D4D0000BC614E084D4D4D000000000100000100001830"
            "01234569");
  EXPECT_EQ(open(r), compact(kValue42));
  // A replay: invocation-counter-error with the next IC the server accepts.
  EXPECT_EQ(send(kManagement, request(kGetValue, 3, identified(0),
                                      security.keys()[KeyId::global_unicast_encryption].bytes())),
            compact("D8 01 06 00 00 00 04"));
  // A long answer: its blocks leave room for the general-ciphering envelope within the
  // negotiated 500 octets.
  const std::string big =
      send(kManagement,
           request(kGetBlob, 5, identified(0), security.keys()[KeyId::global_unicast_encryption].bytes()));
  EXPECT_LE(big.size() / 2, 500U);
  EXPECT_EQ(open(big).substr(0, 18), "C402C1000000000100");
  // The global broadcast key is not set: deciphering-error.
  EXPECT_EQ(send(kManagement, request(kGetValue, 4, identified(1),
                                      security.keys()[KeyId::global_unicast_encryption].bytes())),
            compact(kDecipheringError));
}

TEST_F(GeneralCipheringSessionTest, WrappedKeyIsAnsweredWithAFreshWrappedKey) {
  open_management();
  ASSERT_TRUE(security.set_key(KeyId::master, hex("000102030405060708090A0B0C0D0E0F")));
  // RFC 3394 4.1: the content key 00112233...FF wrapped with the master key.
  const auto content_key = hex("00112233445566778899AABBCCDDEEFF");
  const apdu::KeyInfo wrapped{
      apdu::KeyInfo::Kind::wrapped_key, 0, {}, ByteSpan(kWrapped.data(), kWrapped.size())};
  backend.script = hex("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");  // the server's fresh key
  const std::string r = send(kManagement, request(kGetValue, 1, wrapped, content_key));
  // key-info: wrapped-key, master-key, 24 octets: the fresh key wrapped.
  EXPECT_EQ(r.substr(60, 8), "01010018");
  EXPECT_EQ(open(r), compact(kValue42));
}

TEST_F(GeneralCipheringSessionTest, AgreedKeyAndWrongTitlesAreRefused) {
  open_management();
  // agreed-key (suites 1 and 2): deciphering-error, nothing changes.
  EXPECT_EQ(send(kManagement, "DD 01 01 08 4D4D4D0000000001 00 00 00 01 02 01 01 01 AA 06 30 00000001 AA"),
            compact(kDecipheringError));
  // Another recipient.
  std::vector<std::uint8_t> other =
      request(kGetValue, 5, identified(0), security.keys()[KeyId::global_unicast_encryption].bytes());
  other[27] ^= 0x01;  // the last octet of the recipient-system-title
  EXPECT_EQ(send(kManagement, other), compact(kDecipheringError));
  // A plain client (no ciphered context) cannot use it.
  ASSERT_EQ(send(kPublic, kAarqLowest), compact(kAareAccepted));
  EXPECT_EQ(send(kPublic, request(kGetValue, 6, identified(0),
                                  security.keys()[KeyId::global_unicast_encryption].bytes())),
            compact(kDecipheringError));
  // None of them used up IC 5.
  EXPECT_EQ(open(send(kManagement, request(kGetValue, 5, identified(0),
                                           security.keys()[KeyId::global_unicast_encryption].bytes()))),
            compact(kValue42));
}

// The memory figures of server_session.hpp.
static_assert(sizeof(ServerSession) <= 1700, "server_session.hpp states 1,608 octets on x86-64");
static_assert(sizeof(ServerSessionStorage<1024, 1024, 1>) <= 6950, "server_session.hpp states 6,856 octets");
static_assert(sizeof(ServerSessionStorage<1024, 1024, 2>) <= 10150,
              "server_session.hpp states 10,056 octets");
}  // namespace
}  // namespace dlms::server
