// Client (the blocking layer) against FakeMeter, a hand-made server whose answers are computed
// with the security library: every authentication mechanism including HLS pass 3/4, suite-0
// ciphering with the Green Book keys (Table 40 reproduced byte for byte), and the checks of the
// server's ciphered answers (tag, system title, invocation counter replay).
#include "stack/client/client.hpp"

#include <string>

#include <gtest/gtest.h>

#include "stack/client/tests/client_test_support.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::client {
namespace {

using security::AuthenticationMechanism;
using test::Bytes;
using test::FakeMeter;
using test::hex;
using test::hex_of;

const apdu::CosemAttributeDescriptor kClockTime{8, {0, 0, 1, 0, 0, 255}, 2};
const Bytes kSecret = hex("31323334353637383930313233343536");  // "1234567890123456" (Table 43)

// Green Book Table 40: glo-get-request of the Clock time attribute from 4D4D4D0000BC614E, IC 01234567.
constexpr const char* kGloAuthOnly =
    "C8 1E 10 01 23 45 67 C0 01 00 00 08 00 00 01 00 00 FF 02 00 06 72 5D 91 0F 92 21 D2 63 87 75 16";
constexpr const char* kGloEncOnly = "C8 12 20 01 23 45 67 41 13 12 FF 93 5A 47 56 68 27 C4 67 BC";
constexpr const char* kGloAuthEnc =
    "C8 1E 30 01 23 45 67 41 13 12 FF 93 5A 47 56 68 27 C4 67 BC 7D 82 5C 3B E4 A7 7C 3F CC 05 6B 6B";

Bytes clock_answer(ByteSpan plain) {
  // get-response-normal with the invoke-id of the request and a date-time octet-string.
  Bytes r = hex("C4 01 00 00 09 0C 07 E4 01 01 03 00 00 00 00 80 00 00");
  r[2] = plain[2];
  return r;
}

class ClientTest : public ::testing::Test {
 protected:
  FakeMeter::Settings meter_settings;
  ClientConfig config;
  security::OpenSslBackend backend;

  void cipher(std::uint8_t sc = 0x30, security::CipheringKind kind = security::CipheringKind::global) {
    config.system_title = test::title(test::kTitleA);
    config.keys = test::green_book_keys();
    config.ciphering = CipheringConfig{security::SecurityControl(sc), kind, std::nullopt};
  }
};

TEST_F(ClientTest, NoSecurityGetAndRelease) {
  FakeMeter meter(meter_settings);
  meter.handler = clock_answer;
  Client c(meter, config, &backend);
  Result<AssociationInfo> info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  ASSERT_TRUE(info->associated);
  Result<GetValue> v = c.get(kClockTime);
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_TRUE(v->outcome.ok());
  EXPECT_EQ(v->value.type(), codec::DataType::octet_string);
  EXPECT_EQ(hex_of(v->value.octets()), "07 E4 01 01 03 00 00 00 00 80 00 00");
  EXPECT_EQ(hex_of(meter.requests[1]), "C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
  Result<DlmsOutcome> r = c.release();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok());
  EXPECT_FALSE(c.association().associated);
  EXPECT_EQ(c.get(kClockTime).error(), client_errc::not_associated);
}

TEST_F(ClientTest, LowLevelSecurityRightAndWrongPassword) {
  meter_settings.mechanism = AuthenticationMechanism::lls;
  meter_settings.password = hex("3132333435363738");
  const Bytes good = hex("3132333435363738");
  const Bytes bad = hex("3132333435363739");
  config.mechanism = AuthenticationMechanism::lls;
  {
    config.password = good;
    FakeMeter meter(meter_settings);
    Client c(meter, config, &backend);
    auto info = c.associate();
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->associated);
  }
  config.password = bad;
  FakeMeter meter(meter_settings);
  Client c(meter, config, &backend);
  auto info = c.associate();
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->associated);
  EXPECT_EQ(info->outcome.kind, DlmsOutcome::Kind::association_rejected);
  EXPECT_EQ(info->outcome.describe().view(),
            "association rejected-permanent: acse-service-user authentication-failure (13)");
}

class ManufacturerXor : public security::ManufacturerHls {
 public:
  // A toy algorithm: f(challenge) = challenge XOR secret (repeated).
  Result<std::size_t> answer(const security::HlsKeys& keys, const security::HlsExchange& ex,
                             MutableByteSpan out) override {
    for (std::size_t i = 0; i < ex.peer_challenge.size(); ++i) {
      out[i] = static_cast<std::uint8_t>(ex.peer_challenge[i] ^ keys.secret[i % keys.secret.size()]);
    }
    return ex.peer_challenge.size();
  }
  Status check(const security::HlsKeys& keys, const security::HlsExchange& ex, ByteSpan peer) override {
    for (std::size_t i = 0; i < ex.own_challenge.size(); ++i) {
      if (i >= peer.size() ||
          peer[i] != static_cast<std::uint8_t>(ex.own_challenge[i] ^ keys.secret[i % keys.secret.size()])) {
        return security::security_errc::hls_verification_failed;
      }
    }
    return peer.size() == ex.own_challenge.size() ? Status()
                                                  : Status(security::security_errc::hls_verification_failed);
  }
};

class HlsTest : public ClientTest, public ::testing::WithParamInterface<AuthenticationMechanism> {};

TEST_P(HlsTest, FourPassAuthenticationSucceeds) {
  const AuthenticationMechanism m = GetParam();
  meter_settings.mechanism = m;
  meter_settings.secret = kSecret;
  config.mechanism = m;
  config.hls_secret = kSecret;
  config.system_title = test::title(test::kTitleA);
  config.keys = test::green_book_keys();
  ManufacturerXor manufacturer;
  config.manufacturer_hls = &manufacturer;
  FakeMeter meter(meter_settings);
  meter.manufacturer = &manufacturer;
  meter.handler = clock_answer;
  Client c(meter, config, &backend);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_TRUE(info->associated) << info->outcome.describe().view();
  EXPECT_TRUE(info->hls_completed);
  EXPECT_TRUE(meter.hls_passed);
  EXPECT_EQ(info->server_challenge_size, 8U);
  // Pass 3 is ACTION Association LN 0.0.40.0.0.255 method 1 with an octet-string.
  ASSERT_EQ(meter.requests.size(), 2U);
  EXPECT_EQ(
      hex_of(ByteSpan(meter.requests[1]).first(15)),
      "C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 " + hex_of(ByteSpan(meter.requests[1]).subspan(14, 1)));
  auto v = c.get(kClockTime);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->outcome.ok());
}

TEST_P(HlsTest, WrongServerAnswerIsAnAuthenticationError) {
  const AuthenticationMechanism m = GetParam();
  meter_settings.mechanism = m;
  meter_settings.secret = kSecret;
  config.mechanism = m;
  config.hls_secret = kSecret;
  config.system_title = test::title(test::kTitleA);
  config.keys = test::green_book_keys();
  ManufacturerXor manufacturer;
  config.manufacturer_hls = &manufacturer;
  FakeMeter meter(meter_settings);
  meter.manufacturer = &manufacturer;
  int exchanges = 0;
  meter.tamper = [&](Bytes& answer) {
    if (++exchanges == 2) {
      answer.back() ^= 0x01;  // the last octet of f(CtoS)
    }
  };
  Client c(meter, config, &backend);
  auto info = c.associate();
  EXPECT_EQ(info.error(), security::security_errc::hls_verification_failed);
  EXPECT_FALSE(c.association().associated);
  EXPECT_EQ(c.get(kClockTime).error(), client_errc::not_associated);
}

TEST_P(HlsTest, ServerRefusingPassThreeLeavesTheAssociationClosed) {
  const AuthenticationMechanism m = GetParam();
  meter_settings.mechanism = m;
  meter_settings.secret = hex("00000000000000000000000000000000");  // not the client's
  config.mechanism = m;
  config.hls_secret = kSecret;
  config.system_title = test::title(test::kTitleA);
  config.keys = test::green_book_keys();
  if (m == AuthenticationMechanism::hls_gmac) {
    meter_settings.refuse_hls = apdu::ActionResult::other_reason;  // GMAC does not use the secret
  }
  ManufacturerXor manufacturer;
  config.manufacturer_hls = &manufacturer;
  FakeMeter meter(meter_settings);
  meter.manufacturer = &manufacturer;
  Client c(meter, config, &backend);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_FALSE(info->associated);
  EXPECT_EQ(info->outcome.kind, DlmsOutcome::Kind::action_result);
  EXPECT_EQ(info->outcome.action_result(), apdu::ActionResult::other_reason);
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, HlsTest,
                         ::testing::Values(AuthenticationMechanism::hls_manufacturer,
                                           AuthenticationMechanism::hls_md5,
                                           AuthenticationMechanism::hls_sha1,
                                           AuthenticationMechanism::hls_gmac,
                                           AuthenticationMechanism::hls_sha256));

TEST_F(ClientTest, GmacPassThreeWithTheGreenBookTable43Challenge) {
  // CtoS "K56iVagY" from a fixed random source; the meter answers StoC "P6wRJ21F".
  test::FixedRandomBackend fixed(hex("4B35366956616759"));
  meter_settings.mechanism = AuthenticationMechanism::hls_gmac;
  config.mechanism = AuthenticationMechanism::hls_gmac;
  config.challenge_size = 8;
  config.system_title = test::title(test::kTitleB);  // Table 43's client title 4D4D4D0000000001
  config.keys = test::green_book_keys();
  config.invocation_counter = 1;
  meter_settings.system_title = test::title(test::kTitleA);  // and its server 4D4D4D0000BC614E
  FakeMeter meter(meter_settings);
  Client c(meter, config, &fixed);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  ASSERT_TRUE(info->associated);
  // Table 43: f(StoC) = 10 00000001 1A52FE7DD3E72748973C1E28, sent as the method's octet-string.
  EXPECT_EQ(
      hex_of(meter.requests[1]),
      "C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 11 10 00 00 00 01 1A 52 FE 7D D3 E7 27 48 97 3C 1E 28");
}

TEST_F(ClientTest, GreenBookTable40RequestsAreReproduced) {
  for (const auto& [sc, expected] : {std::pair<std::uint8_t, const char*>{0x30, kGloAuthEnc},
                                     std::pair<std::uint8_t, const char*>{0x10, kGloAuthOnly},
                                     std::pair<std::uint8_t, const char*>{0x20, kGloEncOnly}}) {
    cipher(sc);
    config.invoke_id = 0;
    config.high_priority = false;
    config.confirmed = false;
    FakeMeter meter(meter_settings);
    meter.handler = clock_answer;
    Client c(meter, config, &backend);
    auto info = c.associate();
    ASSERT_TRUE(info) << info.error().message();
    ASSERT_TRUE(info->associated);
    EXPECT_TRUE(info->initiate_response_ciphered);
    EXPECT_EQ(info->application_context, apdu::ApplicationContextName::logical_name_with_ciphering);
    ASSERT_TRUE(c.engine().counters().set_send(security::KeyId::global_unicast_encryption, 0x01234567));
    auto v = c.get(kClockTime);
    ASSERT_TRUE(v) << v.error().message();
    EXPECT_TRUE(v->outcome.ok());
    EXPECT_EQ(hex_of(meter.requests[1]), expected);
    EXPECT_EQ(hex_of(meter.plain_requests[0]), "C0 01 00 00 08 00 00 01 00 00 FF 02 00");
  }
}

TEST_F(ClientTest, CipheredExchangesAdvanceTheInvocationCounter) {
  cipher();
  config.invocation_counter = 41;
  FakeMeter meter(meter_settings);
  meter.handler = clock_answer;
  Client c(meter, config, &backend);
  ASSERT_TRUE(c.associate().value().associated);  // glo-initiate with IC 41
  ASSERT_TRUE(c.get(kClockTime));
  ASSERT_TRUE(c.get(kClockTime));
  EXPECT_EQ(hex_of(ByteSpan(meter.requests[1]).first(7)), "C8 1E 30 00 00 00 2A");
  EXPECT_EQ(hex_of(ByteSpan(meter.requests[2]).first(7)), "C8 1E 30 00 00 00 2B");
  EXPECT_EQ(c.engine().counters().peek_send(security::KeyId::global_unicast_encryption), 44U);
  // The server's counter as accepted from its last answer.
  EXPECT_TRUE(c.engine().counters().last_received(security::KeyId::global_unicast_encryption).has_value());
}

TEST_F(ClientTest, DedicatedAndGeneralCiphering) {
  cipher(0x30, security::CipheringKind::dedicated);
  config.use_dedicated_key = true;
  ASSERT_TRUE(config.keys.set(security::KeyId::dedicated, hex("101112131415161718191A1B1C1D1E1F")));
  {
    FakeMeter meter(meter_settings);
    meter.handler = clock_answer;
    Client c(meter, config, &backend);
    auto info = c.associate();
    ASSERT_TRUE(info) << info.error().message();
    ASSERT_TRUE(info->associated) << info->outcome.describe().view();
    auto v = c.get(kClockTime);
    ASSERT_TRUE(v) << v.error().message();
    EXPECT_EQ(meter.requests[1][0], 0xD0);  // ded-get-request
    EXPECT_EQ(meter.last_kind, security::CipheringKind::dedicated);
  }
  cipher(0x30, security::CipheringKind::general_global);
  config.use_dedicated_key = false;
  FakeMeter meter(meter_settings);
  meter.handler = clock_answer;
  Client c(meter, config, &backend);
  auto info = c.associate();
  ASSERT_TRUE(info && info->associated);
  ByteReader in(meter.requests[0]);
  auto aarq = apdu::Aarq::decode(in);
  ASSERT_TRUE(aarq);
  EXPECT_EQ((*aarq->user_information)[0], 0xDB);  // general-glo-ciphering of the InitiateRequest
  auto v = c.get(kClockTime);
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(hex_of(ByteSpan(meter.requests[1]).first(10)), "DB 08 4D 4D 4D 00 00 BC 61 4E");
}

TEST_F(ClientTest, ServerAnswersAreChecked) {
  cipher();
  FakeMeter meter(meter_settings);
  meter.handler = clock_answer;
  Client c(meter, config, &backend);
  ASSERT_TRUE(c.associate().value().associated);

  // A tampered tag.
  meter.tamper = [](Bytes& a) { a.back() ^= 0x80; };
  EXPECT_EQ(c.get(kClockTime).error(), security::security_errc::authentication_failed);
  // A replayed answer (the same IC again).
  meter.tamper = nullptr;
  ASSERT_TRUE(c.get(kClockTime));
  Bytes replay;
  meter.tamper = [&](Bytes& a) {
    if (replay.empty()) {
      replay = a;
    } else {
      a = replay;
    }
  };
  ASSERT_TRUE(c.get(kClockTime));
  EXPECT_EQ(c.get(kClockTime).error(), security::security_errc::replayed_invocation_counter);
  // A plain answer while ciphering.
  meter.tamper = [](Bytes& a) { a = hex("C4 01 C1 00 11 01"); };
  EXPECT_EQ(c.get(kClockTime).error(), client_errc::unprotected_response);
  // A plain exception-response is still understood (the server could not decipher).
  meter.tamper = [](Bytes& a) { a = hex("D8 01 05"); };
  auto v = c.get(kClockTime);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->outcome.describe().view(), "exception-response service-not-allowed / deciphering-error");
  // The association survives all of this.
  meter.tamper = nullptr;
  EXPECT_TRUE(c.get(kClockTime));
}

TEST_F(ClientTest, WrongServerSystemTitleIsRefused) {
  cipher(0x30, security::CipheringKind::general_global);
  FakeMeter meter(meter_settings);
  meter.handler = clock_answer;
  Client c(meter, config, &backend);
  ASSERT_TRUE(c.associate().value().associated);
  // general-glo-ciphering names its sender: another title than the AARE's.
  meter.tamper = [](Bytes& a) { a[9] ^= 0x01; };
  EXPECT_EQ(c.get(kClockTime).error(), security::security_errc::system_title_mismatch);
  // A glo- answer ciphered by another sender fails its tag (the IV holds the title).
  cipher(0x30);
  FakeMeter other(meter_settings);
  other.handler = clock_answer;
  Client c2(other, config, &backend);
  ASSERT_TRUE(c2.associate().value().associated);
  other.settings().system_title = test::title("4D4D4D0000000002");
  EXPECT_EQ(c2.get(kClockTime).error(), security::security_errc::authentication_failed);
}

TEST_F(ClientTest, WithListServicesAndActions) {
  FakeMeter meter(meter_settings);
  meter.handler = [](ByteSpan plain) -> Bytes {
    if (plain[0] == 0xC0) {
      return hex("C4 03 C1 02 00 12 00 05 01 04");
    }
    if (plain[0] == 0xC1) {
      return hex("C5 05 C1 02 00 03");
    }
    return hex("C7 01 C1 00 01 00 11 07");
  };
  Client c(meter, config, &backend);
  ASSERT_TRUE(c.associate().value().associated);
  const std::array<AttributeRequest, 2> items{
      {{kClockTime, std::nullopt}, {{3, {1, 0, 1, 8, 0, 255}, 2}, SelectiveAccess{}}}};
  auto values = c.get_list(items);
  ASSERT_TRUE(values) << values.error().message();
  ASSERT_EQ(values->size(), 2U);
  EXPECT_TRUE((*values)[0].outcome.ok());
  EXPECT_EQ((*values)[0].value.as_uint64(), 5U);
  EXPECT_EQ((*values)[1].outcome.data_access_result(), apdu::DataAccessResult::object_undefined);
  EXPECT_EQ(hex_of(meter.requests[1]),
            "C0 03 C1 02 00 08 00 00 01 00 00 FF 02 00 00 03 01 00 01 08 00 FF 02 01 00 00");

  const std::array<codec::Data, 2> set_values{codec::Data::long_unsigned(1), codec::Data::long_unsigned(2)};
  auto outcomes = c.set_list(items, set_values);
  ASSERT_TRUE(outcomes) << outcomes.error().message();
  ASSERT_EQ(outcomes->size(), 2U);
  EXPECT_TRUE((*outcomes)[0].ok());
  EXPECT_EQ((*outcomes)[1].data_access_result(), apdu::DataAccessResult::read_write_denied);

  auto a = c.action({70, {0, 0, 96, 3, 10, 255}, 1}, codec::Data::integer(0));
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->outcome.ok());
  ASSERT_TRUE(a->return_value);
  EXPECT_EQ(a->return_value->as_uint64(), 7U);
  EXPECT_EQ(hex_of(meter.requests[3]), "C3 01 C1 00 46 00 00 60 03 0A FF 01 01 0F 00");
}

TEST_F(ClientTest, ReadObjectList) {
  FakeMeter meter(meter_settings);
  meter.handler = [](ByteSpan plain) -> Bytes {
    EXPECT_EQ(hex_of(plain), "C0 01 C1 00 0F 00 00 28 00 00 FF 02 00");
    // Two entries: Clock 0.0.1.0.0.255 v0 and Register 1.0.1.8.0.255 v0, access rights as empty structures.
    return hex(
        "C4 01 C1 00 01 02 "
        "02 04 12 00 08 11 00 09 06 00 00 01 00 00 FF 02 02 01 00 01 00 "
        "02 04 12 00 03 11 00 09 06 01 00 01 08 00 FF 02 02 01 00 01 00");
  };
  Client c(meter, config, &backend);
  ASSERT_TRUE(c.associate().value().associated);
  auto list = c.read_object_list();
  ASSERT_TRUE(list) << list.error().message();
  ASSERT_EQ(list->objects.size(), 2U);
  EXPECT_EQ(list->objects[0].class_id, 8);
  EXPECT_EQ(list->objects[1].logical_name, (apdu::ObisCode{1, 0, 1, 8, 0, 255}));
  EXPECT_EQ(list->objects[1].access_rights.type(), codec::DataType::structure);
}

TEST_F(ClientTest, ChannelErrorsAbortTheOperation) {
  class Broken : public ClientChannel {
   public:
    Result<ByteSpan> exchange(ByteSpan) override { return std::make_error_code(std::errc::connection_reset); }
  };
  Broken channel;
  Client c(channel, config, &backend);
  EXPECT_EQ(c.associate().error(), std::make_error_code(std::errc::connection_reset));
  EXPECT_EQ(c.engine().operation(), Operation::none);
}

}  // namespace
}  // namespace dlms::client
