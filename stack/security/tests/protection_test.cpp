#include "stack/security/protection.hpp"

#include <array>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/security/ciphered_tags.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "test_util.hpp"

namespace dlms::security {
namespace {

using test::hex;
using test::hex_of;

// Green Book Table 40 "ciphering examples": glo-get-request of the Clock time attribute.
constexpr std::string_view kGloAuthOnly = "C81E1001234567C0010000080000010000FF020006725D910F9221D263877516";
constexpr std::string_view kGloEncOnly = "C8122001234567411312FF935A47566827C467BC";
constexpr std::string_view kGloAuthEnc = "C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B";

class ProtectionTest : public ::testing::Test {
 protected:
  ProtectionParams params(std::uint8_t sc, CipheringKind kind = CipheringKind::global) const {
    ProtectionParams p;
    p.security_control = SecurityControl(sc);
    p.kind = kind;
    p.system_title = test::title(test::kServerTitle);
    p.invocation_counter = test::kIc;
    return p;
  }
  UnprotectionParams peer() const {
    UnprotectionParams p;
    p.peer_system_title = test::title(test::kServerTitle);
    return p;
  }
  std::string protect_hex(std::uint8_t sc, CipheringKind kind, std::string_view plain_hex) {
    const auto plain = hex(plain_hex);
    Result<ByteSpan> r = protect(backend, keys, params(sc, kind), plain, out);
    EXPECT_TRUE(r) << r.error().message();
    if (!r) {
      return {};
    }
    EXPECT_EQ(r->size(), protected_size(params(sc, kind), plain.size()));
    return hex_of(*r);
  }
  Result<Unprotected> unprotect_hex(std::string_view ciphered_hex, InvocationCounters* counters = nullptr) {
    input = hex(ciphered_hex);
    return unprotect(backend, keys, peer(), counters, input, out);
  }

  OpenSslBackend backend;
  KeySet keys = test::green_book_keys();
  std::array<std::uint8_t, 512> out{};
  std::vector<std::uint8_t> input;
};

TEST_F(ProtectionTest, GreenBookTable40AuthenticatedEncryption) {
  EXPECT_EQ(protect_hex(0x30, CipheringKind::global, test::kPlainGet), kGloAuthEnc);
  Result<Unprotected> u = unprotect_hex(kGloAuthEnc);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), test::kPlainGet);
  EXPECT_EQ(u->ciphered_tag, tag::glo_get_request);
  EXPECT_EQ(u->invocation_counter, test::kIc);
  EXPECT_EQ(u->security_control.byte(), 0x30);
  EXPECT_EQ(u->key, KeyId::global_unicast_encryption);
}

TEST_F(ProtectionTest, GreenBookTable40AuthenticationOnly) {
  EXPECT_EQ(protect_hex(0x10, CipheringKind::global, test::kPlainGet), kGloAuthOnly);
  Result<Unprotected> u = unprotect_hex(kGloAuthOnly);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), test::kPlainGet);
}

TEST_F(ProtectionTest, GreenBookTable40EncryptionOnly) {
  EXPECT_EQ(protect_hex(0x20, CipheringKind::global, test::kPlainGet), kGloEncOnly);
  Result<Unprotected> u = unprotect_hex(kGloEncOnly);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), test::kPlainGet);
}

TEST_F(ProtectionTest, GeneralGloCipheringCarriesTheSystemTitle) {
  // Same ciphered content as Table 40, framed as general-glo-ciphering [219].
  const std::string expected =
      "DB084D4D4D0000BC614E1E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B";
  EXPECT_EQ(protect_hex(0x30, CipheringKind::general_global, test::kPlainGet), expected);
  Result<Unprotected> u = unprotect_hex(expected);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), test::kPlainGet);
  EXPECT_EQ(u->kind, CipheringKind::general_global);
}

TEST_F(ProtectionTest, DedicatedCipheringUsesTheDedicatedKey) {
  keys[KeyId::dedicated] = test::key("101112131415161718191A1B1C1D1E1F");
  const std::string ded = protect_hex(0x30, CipheringKind::dedicated, test::kPlainGet);
  ASSERT_FALSE(ded.empty());
  EXPECT_EQ(ded.substr(0, 4), "D01E");
  EXPECT_NE(ded.substr(4), std::string(kGloAuthEnc).substr(4));  // another key, another ciphertext
  Result<Unprotected> u = unprotect_hex(ded);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->key, KeyId::dedicated);
  EXPECT_EQ(hex_of(u->apdu), test::kPlainGet);

  const std::string general = protect_hex(0x30, CipheringKind::general_dedicated, test::kPlainGet);
  EXPECT_EQ(general.substr(0, 4), "DC08");
  ASSERT_TRUE(unprotect_hex(general));
}

TEST_F(ProtectionTest, BroadcastKeySetSelectsTheBroadcastKey) {
  keys[KeyId::global_broadcast_encryption] = test::key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  const std::string b = protect_hex(0x70, CipheringKind::general_global, "0F00000001000903414243");
  Result<Unprotected> u = unprotect_hex(b);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->key, KeyId::global_broadcast_encryption);
  // Broadcast with the dedicated key is meaningless.
  keys[KeyId::dedicated] = test::key("101112131415161718191A1B1C1D1E1F");
  const auto plain = hex(test::kPlainGet);
  EXPECT_EQ(protect(backend, keys, params(0x70, CipheringKind::dedicated), plain, out).error(),
            security_errc::invalid_security_control);
}

TEST_F(ProtectionTest, LongApduUsesTheLongLengthForm) {
  // data-notification with a 200-octet octet-string: no glo- form, general-glo only.
  std::string plain =
      "0F0000000100"
      "0981C8";
  for (int i = 0; i < 200; ++i) {
    plain += "5A";
  }
  const auto p = hex(plain);
  EXPECT_EQ(protect(backend, keys, params(0x30, CipheringKind::global), p, out).error(),
            security_errc::not_cipherable);
  const std::string c = protect_hex(0x30, CipheringKind::general_global, plain);
  EXPECT_EQ(c.substr(0, 24), "DB084D4D4D0000BC614E81E2");  // 5 + 209 + 12 = 226 = 0xE2
  Result<Unprotected> u = unprotect_hex(c);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(hex_of(u->apdu), plain);
}

TEST_F(ProtectionTest, ProtectNextUsesAndAdvancesTheKeysCounter) {
  InvocationCounters sender;
  ASSERT_TRUE(sender.set_send(KeyId::global_unicast_encryption, test::kIc));
  const auto plain = hex(test::kPlainGet);
  Result<ByteSpan> r = protect_next(backend, keys, sender, params(0x30), plain, out);
  ASSERT_TRUE(r);
  EXPECT_EQ(hex_of(*r), kGloAuthEnc);
  EXPECT_EQ(sender.peek_send(KeyId::global_unicast_encryption), test::kIc + 1U);
  std::array<std::uint8_t, 10> small{};
  EXPECT_EQ(protect_next(backend, keys, sender, params(0x30), plain, small).error(),
            security_errc::buffer_too_small);
  EXPECT_EQ(sender.peek_send(KeyId::global_unicast_encryption), test::kIc + 1U);
  // The receiver accepts the stream in order.
  InvocationCounters receiver;
  input.assign(r->begin(), r->end());
  ASSERT_TRUE(unprotect(backend, keys, peer(), &receiver, input, out));
  r = protect_next(backend, keys, sender, params(0x30), plain, out);
  ASSERT_TRUE(r);
  input.assign(r->begin(), r->end());
  Result<Unprotected> u = unprotect(backend, keys, peer(), &receiver, input, out);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->invocation_counter, test::kIc + 1U);
}

TEST_F(ProtectionTest, TagMappingCoversEveryService) {
  EXPECT_EQ(glo_tag_for(tag::get_request), 0xC8);
  EXPECT_EQ(ded_tag_for(tag::get_request), 0xD0);
  EXPECT_EQ(glo_tag_for(tag::action_response), 0xCF);
  EXPECT_EQ(ded_tag_for(tag::action_response), 0xD7);
  EXPECT_EQ(glo_tag_for(tag::initiate_request), 0x21);
  EXPECT_EQ(ded_tag_for(tag::initiate_request), 0x41);
  EXPECT_EQ(glo_tag_for(tag::confirmed_service_error), 0x2E);
  EXPECT_EQ(plain_tag_for(0xCC), tag::get_response);
  EXPECT_EQ(plain_tag_for(0x58), tag::information_report_request);
  EXPECT_FALSE(glo_tag_for(tag::data_notification));
  EXPECT_FALSE(plain_tag_for(tag::general_glo_ciphering));
  for (const auto& m : kCipheredTagMappings) {
    EXPECT_TRUE(is_ciphered_tag(m.glo));
    EXPECT_TRUE(is_ciphered_tag(m.ded));
    EXPECT_FALSE(is_ciphered_tag(m.plain));
    // glo = plain + 32 (SN/initiate) or + 8 (LN); ded = plain + 64 or + 16.
    EXPECT_EQ(m.glo - m.plain, m.plain < 128 ? 32 : 8);
    EXPECT_EQ(m.ded - m.plain, m.plain < 128 ? 64 : 16);
  }
}

// ---- Negative cases: each a distinct error, nothing released, no counter advanced ----

class ProtectionNegativeTest : public ProtectionTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(counters.accept_received(KeyId::global_unicast_encryption, 0x01234560));
  }
  void expect_rejected(std::string_view ciphered_hex, security_errc expected) {
    Result<Unprotected> u = unprotect_hex(ciphered_hex, &counters);
    ASSERT_FALSE(u) << ciphered_hex;
    EXPECT_EQ(u.error(), make_error_code(expected)) << ciphered_hex << ": " << u.error().message();
    EXPECT_EQ(counters.last_received(KeyId::global_unicast_encryption), 0x01234560U);
    for (std::uint8_t b : out) {
      ASSERT_EQ(b, 0) << "plaintext released";
    }
  }
  InvocationCounters counters;
};

TEST_F(ProtectionNegativeTest, AcceptsOnceThenRejectsTheReplay) {
  Result<Unprotected> u = unprotect_hex(kGloAuthEnc, &counters);
  ASSERT_TRUE(u);
  EXPECT_EQ(counters.last_received(KeyId::global_unicast_encryption), test::kIc);
  out.fill(0);
  Result<Unprotected> again = unprotect_hex(kGloAuthEnc, &counters);
  EXPECT_EQ(again.error(), security_errc::replayed_invocation_counter);
  EXPECT_EQ(counters.last_received(KeyId::global_unicast_encryption), test::kIc);
}

TEST_F(ProtectionNegativeTest, OldInvocationCounterRejected) {
  ASSERT_TRUE(counters.accept_received(KeyId::global_unicast_encryption, 0x01234568));
  Result<Unprotected> u = unprotect_hex(kGloAuthEnc, &counters);
  EXPECT_EQ(u.error(), security_errc::replayed_invocation_counter);
  EXPECT_EQ(counters.last_received(KeyId::global_unicast_encryption), 0x01234568U);
}

TEST_F(ProtectionNegativeTest, WrongTag) {
  std::string tampered(kGloAuthEnc);
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  expect_rejected(tampered, security_errc::authentication_failed);
  // Tampered ciphertext, and a tampered IC (part of the IV).
  std::string c(kGloAuthEnc);
  c[16] = c[16] == '0' ? '1' : '0';
  expect_rejected(c, security_errc::authentication_failed);
  expect_rejected("C81E3001234568411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::authentication_failed);
  // Authentication only: a changed plaintext octet.
  expect_rejected("C81E1001234567C0010000080000010000FF020106725D910F9221D263877516",
                  security_errc::authentication_failed);
}

TEST_F(ProtectionNegativeTest, WrongKey) {
  keys[KeyId::global_unicast_encryption] = test::key("000102030405060708090A0B0C0D0E0E");
  expect_rejected(kGloAuthEnc, security_errc::authentication_failed);
  keys = test::green_book_keys();
  keys[KeyId::authentication] = test::key("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDE");
  expect_rejected(kGloAuthEnc, security_errc::authentication_failed);
}

TEST_F(ProtectionNegativeTest, WrongSystemTitle) {
  keys = test::green_book_keys();
  // glo-: the system title is only in the IV, so GCM fails.
  input = hex(kGloAuthEnc);
  UnprotectionParams p = peer();
  p.peer_system_title = test::title(test::kClientTitle);
  Result<Unprotected> u = unprotect(backend, keys, p, &counters, input, out);
  EXPECT_EQ(u.error(), security_errc::authentication_failed);
  // general-glo-: the title in the APDU is not the peer's.
  input = hex("DB084D4D4D0000BC614E1E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B");
  u = unprotect(backend, keys, p, &counters, input, out);
  EXPECT_EQ(u.error(), security_errc::system_title_mismatch);
  EXPECT_EQ(counters.last_received(KeyId::global_unicast_encryption), 0x01234560U);
}

TEST_F(ProtectionNegativeTest, TruncatedAtEveryLength) {
  for (std::string_view full : {kGloAuthEnc, kGloAuthOnly, kGloEncOnly}) {
    const auto bytes = hex(full);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      input.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
      Result<Unprotected> u = unprotect(backend, keys, peer(), &counters, input, out);
      ASSERT_FALSE(u) << n;
      EXPECT_TRUE(u.error() == security_errc::truncated || u.error() == security_errc::bad_length) << n;
    }
  }
  // A consistent length but fewer than 12 octets after the header for an authenticated SC.
  expect_rejected("C80A30012345674113120000", security_errc::truncated);
  EXPECT_EQ(counters.last_received(KeyId::global_unicast_encryption), 0x01234560U);
}

TEST_F(ProtectionNegativeTest, MalformedFraming) {
  expect_rejected(std::string(kGloAuthEnc) + "00", security_errc::trailing_bytes);
  expect_rejected("C8811E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::bad_length);
  expect_rejected("C80430012345", security_errc::truncated);
  expect_rejected(test::kPlainGet, security_errc::not_ciphered);
  expect_rejected("DB074D4D4D0000BC611E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::invalid_system_title);
}

TEST_F(ProtectionNegativeTest, SecurityControlChecks) {
  expect_rejected("C81EB001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::compression_not_supported);
  expect_rejected("C81E3301234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::unknown_security_suite);
  expect_rejected("C81E3101234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::suite_mismatch);
  expect_rejected("C8120001234567411312FF935A47566827C467BC", security_errc::invalid_security_control);
  const auto plain = hex(test::kPlainGet);
  EXPECT_EQ(protect(backend, keys, params(0xB0), plain, out).error(),
            security_errc::compression_not_supported);
  EXPECT_EQ(protect(backend, keys, params(0x35), plain, out).error(), security_errc::unknown_security_suite);
}

TEST_F(ProtectionNegativeTest, SwappedServiceTagIsContentMismatch) {
  // The APDU tag is outside the AAD: a glo-get-request relabelled as glo-set-request
  // deciphers, but its content is a get-request.
  expect_rejected("C91E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::content_mismatch);
}

TEST_F(ProtectionNegativeTest, MissingKeysAndSmallBuffers) {
  keys = KeySet{};
  expect_rejected(kGloAuthEnc, security_errc::key_not_set);
  keys[KeyId::global_unicast_encryption] = test::key(test::kEk);
  expect_rejected(kGloAuthEnc, security_errc::key_not_set);  // AK missing
  expect_rejected("C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B",
                  security_errc::key_not_set);
  keys[KeyId::authentication] = test::key("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  expect_rejected(kGloAuthEnc, security_errc::invalid_key_length);  // suite 0 wants 16 octets
  keys = test::green_book_keys();

  const auto plain = hex(test::kPlainGet);
  std::array<std::uint8_t, 29> small{};  // one short of 30
  EXPECT_EQ(protect(backend, keys, params(0x30), plain, small).error(), security_errc::buffer_too_small);
  input = hex(kGloAuthEnc);
  std::array<std::uint8_t, 12> tiny{};
  EXPECT_EQ(unprotect(backend, keys, peer(), &counters, input, tiny).error(),
            security_errc::buffer_too_small);
}

TEST(SecurityControlByte, Bits) {
  const SecurityControl sc(0x70);
  EXPECT_EQ(sc.suite(), SecuritySuite::suite0);
  EXPECT_TRUE(sc.authenticated());
  EXPECT_TRUE(sc.encrypted());
  EXPECT_EQ(sc.key_set(), KeySetKind::broadcast);
  EXPECT_FALSE(sc.compressed());
  EXPECT_EQ(SecurityControl::make(SecuritySuite::suite2, true, false).byte(), 0x12);
  EXPECT_EQ(SecurityControl::make(SecuritySuite::suite1, false, true, KeySetKind::broadcast).byte(), 0x61);
  EXPECT_TRUE(SecurityControl(0x32).validate(SecuritySuite::suite2));
  EXPECT_EQ(SecurityControl(0x80 | 0x30).validate(SecuritySuite::suite0).error(),
            security_errc::compression_not_supported);
}

}  // namespace
}  // namespace dlms::security

namespace dlms::security {
namespace {

// The valid seeds of fuzz/corpus/security_unprotect_fuzz decipher with the fuzz target's keys
// (so the target's round-trip assertions are exercised by the corpus replay).
TEST(ProtectionCorpus, ValidSeedsDecipher) {
  KeySet keys = test::green_book_keys();
  keys[KeyId::global_broadcast_encryption] = test::key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  keys[KeyId::dedicated] = test::key("101112131415161718191A1B1C1D1E1F");
  OpenSslBackend backend;
  UnprotectionParams params;
  params.peer_system_title = test::title(test::kServerTitle);
  std::array<std::uint8_t, 1024> out{};
  for (const char* name : {"glo_get_auth_enc", "glo_get_auth", "glo_get_enc", "ded_get_auth_enc",
                           "general_glo", "general_ded", "general_glo_broadcast_notification",
                           "glo_get_response_long", "glo_initiate_request", "glo_action_request"}) {
    std::ifstream in(std::string(DLMS_SOURCE_DIR) + "/fuzz/corpus/security_unprotect_fuzz/" + name,
                     std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
    ASSERT_FALSE(bytes.empty()) << name;
    Result<Unprotected> u = unprotect(backend, keys, params, nullptr, bytes, out);
    EXPECT_TRUE(u) << name << ": " << u.error().message();
  }
}

}  // namespace
}  // namespace dlms::security
