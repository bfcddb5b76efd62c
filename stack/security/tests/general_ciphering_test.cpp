// general-ciphering [221] with symmetric keys (general_ciphering.hpp). Anchors: the Green Book
// Table 40 ciphertext (the same key, IV and plaintext give the same GCM ciphertext whatever the
// additional authenticated data) and the RFC 3394 4.1 key wrap vector; the rest round-trips.
#include "stack/security/general_ciphering.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/security/openssl/openssl_backend.hpp"
#include "test_util.hpp"

namespace dlms::security {
namespace {

using test::hex;
using test::hex_of;

// RFC 3394 4.1: KEK 000102...0F wraps 00112233445566778899AABBCCDDEEFF to this.
constexpr std::string_view kRfc3394Key = "00112233445566778899AABBCCDDEEFF";
constexpr std::string_view kRfc3394Wrapped = "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5";

class GeneralCipheringTest : public ::testing::Test {
 protected:
  GeneralCipheringSeal seal(std::uint8_t sc) {
    GeneralCipheringSeal p;
    p.header.transaction_id = tid;
    p.header.originator_system_title = server.bytes();
    p.header.recipient_system_title = client.bytes();
    p.key_info.kind = apdu::KeyInfo::Kind::identified_key;
    p.key_info.key_id = 0;
    p.key = keys[KeyId::global_unicast_encryption].bytes();
    p.authentication_key = keys[KeyId::authentication].bytes();
    p.security_control = SecurityControl(sc);
    p.invocation_counter = test::kIc;
    return p;
  }
  std::string sealed(const GeneralCipheringSeal& p) {
    Result<ByteSpan> r = seal_general_ciphering(backend, p, plain, buf);
    EXPECT_TRUE(r) << r.error().message();
    return r ? hex_of(*r) : std::string();
  }
  // The client opens what the server (originator) sealed.
  Result<OpenedGeneralCiphering> open(const std::vector<std::uint8_t>& apdu) {
    return open_general_ciphering(backend, keys, SecuritySuite::suite0, server, client, apdu, out);
  }

  OpenSslBackend backend;
  KeySet keys = test::green_book_keys();
  SystemTitle server = test::title(test::kServerTitle);
  SystemTitle client = test::title(test::kClientTitle);
  std::vector<std::uint8_t> tid = hex("01");
  std::vector<std::uint8_t> plain = hex(test::kPlainGet);
  std::array<std::uint8_t, 256> buf{};
  std::array<std::uint8_t, 256> out{};
};

TEST_F(GeneralCipheringTest, EncryptionOnlyHasTheGreenBookTable40Ciphertext) {
  // Table 40 encryption only: C8 12 20 01234567 411312FF935A47566827C467BC.
  EXPECT_EQ(sealed(seal(0x20)),
            "DD0101084D4D4D0000BC614E084D4D4D0000000001000001000012200123456741"
            "1312FF935A47566827C467BC");
  const auto apdu = hex(sealed(seal(0x20)));
  Result<OpenedGeneralCiphering> o = open(apdu);
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(hex_of(o->apdu), test::kPlainGet);
  EXPECT_EQ(o->counter_key, KeyId::global_unicast_encryption);
  EXPECT_EQ(o->invocation_counter, test::kIc);
  EXPECT_EQ(hex_of(o->header.transaction_id), "01");
}

TEST_F(GeneralCipheringTest, AuthenticatedEncryptionCoversTheHeader) {
  const std::string h = sealed(seal(0x30));
  // The same ciphertext as Table 40; the tag differs from glo- (more authenticated data).
  EXPECT_EQ(h.substr(0, 66), "DD0101084D4D4D0000BC614E084D4D4D000000000100000100001E300123456741");
  EXPECT_EQ(h.substr(66, 24), "1312FF935A47566827C467BC");
  EXPECT_NE(h.substr(90), "7D825C3BE4A77C3FCC056B6B");
  const auto apdu = hex(h);
  ASSERT_TRUE(open(apdu));
  // Every header octet is authenticated: transaction-id (offset 2), originator (4..11, checked
  // against the peer first), recipient (13..20).
  for (std::size_t at : {std::size_t{2}, std::size_t{13}, std::size_t{20}}) {
    auto bad = apdu;
    bad[at] ^= 0x01;
    Result<OpenedGeneralCiphering> o = open(bad);
    ASSERT_FALSE(o) << at;
    EXPECT_TRUE(o.error() == security_errc::authentication_failed ||
                o.error() == security_errc::system_title_mismatch)
        << at;
  }
  auto tampered = apdu;
  tampered.back() ^= 0x80;
  EXPECT_EQ(open(tampered).error(), security_errc::authentication_failed);
}

TEST_F(GeneralCipheringTest, AuthenticationOnlyCarriesThePlaintext) {
  const std::string h = sealed(seal(0x10));
  // Content: 1E 10 IC P T (the plain APDU readable, then the 12-octet GMAC).
  EXPECT_EQ(h.substr(0, 90),
            "DD0101084D4D4D0000BC614E084D4D4D00000000010000010000"
            "1E1001234567C0010000080000010000FF0200");
  ASSERT_TRUE(open(hex(h)));
}

TEST_F(GeneralCipheringTest, WrappedKeyWithTheRfc3394Vector) {
  keys[KeyId::master] = test::key("000102030405060708090A0B0C0D0E0F");
  const std::vector<std::uint8_t> content_key = hex(kRfc3394Key);
  const std::vector<std::uint8_t> wrapped = hex(kRfc3394Wrapped);
  GeneralCipheringSeal p = seal(0x30);
  p.key_info.kind = apdu::KeyInfo::Kind::wrapped_key;
  p.key_info.key_id = 0;
  p.key_info.key_ciphered_data = wrapped;
  p.key = content_key;
  const std::string h = sealed(p);
  // key-info: present, wrapped-key (1), kek-id master-key (0), 24 octets.
  EXPECT_EQ(h.substr(46, 56), std::string("01010018") + std::string(kRfc3394Wrapped).substr(0, 48));
  Result<OpenedGeneralCiphering> o = open(hex(h));
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(hex_of(o->apdu), test::kPlainGet);
  EXPECT_EQ(o->key_kind, apdu::KeyInfo::Kind::wrapped_key);
  EXPECT_EQ(o->counter_key, KeyId::master);
  // Another KEK: the unwrap fails.
  keys[KeyId::master] = test::key("0F0E0D0C0B0A09080706050403020100");
  EXPECT_EQ(open(hex(h)).error(), security_errc::unwrap_failed);
  keys[KeyId::master] = Key();
  EXPECT_EQ(open(hex(h)).error(), security_errc::key_not_set);
}

TEST_F(GeneralCipheringTest, RefusalsAreClean) {
  const auto good = hex(sealed(seal(0x30)));
  // agreed-key (suites 1 and 2) and no key-info: unsupported.
  {
    const auto agreed = hex("DD 01 01 08 4D4D4D0000BC614E 00 00 00 01 02 01 01 01 AA 06 30 00000001 AA");
    EXPECT_EQ(open(agreed).error(), security_errc::unsupported);
    const auto none = hex("DD 01 01 08 4D4D4D0000BC614E 00 00 00 00 06 30 00000001 AA");
    EXPECT_EQ(open(none).error(), security_errc::unsupported);
    const auto key_id = hex("DD 01 01 08 4D4D4D0000BC614E 00 00 00 01 00 02 06 30 00000001 AA");
    EXPECT_EQ(open(key_id).error(), security_errc::invalid_security_control);
  }
  // Another originator, another recipient.
  EXPECT_EQ(open_general_ciphering(backend, keys, SecuritySuite::suite0, client, client, good, out).error(),
            security_errc::system_title_mismatch);
  EXPECT_EQ(open_general_ciphering(backend, keys, SecuritySuite::suite0, server, server, good, out).error(),
            security_errc::system_title_mismatch);
  // Suite 1 in use, compression.
  EXPECT_EQ(open_general_ciphering(backend, keys, SecuritySuite::suite1, server, client, good, out).error(),
            security_errc::suite_mismatch);
  // Truncated at every octet, and a trailing one: rejected, nothing released.
  for (std::size_t n = 0; n < good.size(); ++n) {
    const std::vector<std::uint8_t> part(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(open(part)) << n;
  }
  auto longer = good;
  longer.push_back(0);
  EXPECT_EQ(open(longer).error(), security_errc::trailing_bytes);
  // Too small an output buffer.
  std::array<std::uint8_t, 4> tiny{};
  EXPECT_EQ(open_general_ciphering(backend, keys, SecuritySuite::suite0, server, client, good, tiny).error(),
            security_errc::buffer_too_small);
  EXPECT_FALSE(seal_general_ciphering(backend, seal(0x30), plain, tiny));
  EXPECT_EQ(seal_general_ciphering(backend, seal(0x80 | 0x30), plain, buf).error(),
            security_errc::compression_not_supported);
}

}  // namespace
}  // namespace dlms::security
