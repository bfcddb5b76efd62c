// general-ciphering [221] with symmetric keys (general_ciphering.hpp). Anchors: the Green Book
// Table 40 ciphertext (the same key, IV and plaintext give the same GCM ciphertext whatever the
// additional authenticated data), the Green Book Table 41 general-ciphering APDU (structure),
// the dlms-cosem general-glo-ciphering vector (tag checked), the RFC 3394 4.1 key wrap vector,
// and tags pinned for the AAD layout of general_ciphering.hpp (A = SC || AK || the five header
// fields with their A-XDR lengths), computed outside this code base (Python `cryptography`
// AES-GCM over that A) so a change of layout shows here.
#include "stack/security/general_ciphering.hpp"

#include "stack/security/protection.hpp"

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

TEST_F(GeneralCipheringTest, AuthenticatedEncryptionTagCoversTheAxdrHeader) {
  // A = 30 || AK || 01 01 || 08 4D4D4D0000BC614E || 08 4D4D4D0000000001 || 00 || 00
  // T = D2DDA3B0B68001C1D783AC51 (AES-GCM-128, EK/IV/P of Green Book Table 40).
  EXPECT_EQ(sealed(seal(0x30)),
            "DD0101084D4D4D0000BC614E084D4D4D00000000010000010000"
            "1E300123456741"
            "1312FF935A47566827C467BC"
            "D2DDA3B0B68001C1D783AC51");
  // The same tag straight from the backend with that A spelled out: the layout, not the code.
  const auto a = hex("30 D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF 0101 084D4D4D0000BC614E 084D4D4D0000000001 00 00");
  const std::array<ByteSpan, 1> aad{ByteSpan(a)};
  std::uint8_t iv[kGcmIvSize];
  make_iv(server, test::kIc, iv);
  std::array<std::uint8_t, 13> c{};
  std::array<std::uint8_t, 12> t{};
  ASSERT_TRUE(
      backend.gcm_encrypt(keys[KeyId::global_unicast_encryption].bytes(), ByteSpan(iv), aad, plain, c, t));
  EXPECT_EQ(hex_of(t), "D2DDA3B0B68001C1D783AC51");
}

TEST_F(GeneralCipheringTest, AuthenticationOnlyTagCoversTheAxdrHeaderAndThePlaintext) {
  // A = 10 || AK || 01 01 || 08 orig || 08 recip || 00 || 00 || P; T = 3554BE69F4E7F7C0480E0E17.
  EXPECT_EQ(sealed(seal(0x10)),
            "DD0101084D4D4D0000BC614E084D4D4D00000000010000010000"
            "1E1001234567C0010000080000010000FF0200"
            "3554BE69F4E7F7C0480E0E17");
}

TEST_F(GeneralCipheringTest, LongerHeaderFieldsEnterTheAadWithTheirLengths) {
  // transaction-id of 8 octets, a 12-octet date-time and 2 octets of other-information:
  // A = 30 || AK || 08 0102030405060708 || 08 orig || 08 recip || 0C 07EA0B1903040000 0000FF80 ||
  //     02 ABCD; T = D5477E46DD77631C457B0F05.
  const auto long_tid = hex("0102030405060708");
  const auto date_time = hex("07EA0B19030400000000FF80");
  const auto other = hex("ABCD");
  GeneralCipheringSeal p = seal(0x30);
  p.header.transaction_id = long_tid;
  p.header.date_time = date_time;
  p.header.other_information = other;
  const std::string h = sealed(p);
  EXPECT_EQ(h,
            "DD080102030405060708084D4D4D0000BC614E084D4D4D00000000010C07EA0B19030400000000FF8002ABCD"
            "010000"
            "1E300123456741"
            "1312FF935A47566827C467BC"
            "D5477E46DD77631C457B0F05");
  const auto apdu = hex(h);  // the opened header's views point into it
  Result<OpenedGeneralCiphering> o = open(apdu);
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(hex_of(o->header.date_time), "07EA0B19030400000000FF80");
  EXPECT_EQ(hex_of(o->header.other_information), "ABCD");
  // A changed date-time or other-information octet breaks the tag.
  for (std::size_t at : {std::size_t{40}, std::size_t{42}}) {
    auto bad = apdu;
    bad[at] ^= 0x01;
    EXPECT_EQ(open(bad).error(), security_errc::authentication_failed) << at;
  }
}

TEST_F(GeneralCipheringTest, GreenBookTable41ApduStructure) {
  // Green Book (DLMS UA 1000-2) Table 41, ACCESS.request in general-ciphering with the
  // One-Pass Diffie-Hellman C(1e, 1s, ECC CDH) agreed key (suite 1), as quoted in the dlms-cosem
  // test suite (test_general_ciphering): 401 octets.
  const auto apdu =
      hex("DD080102030405060708084D4D4D0000BC614E084D4D4D000000000100000102"
          "01018180C323C2BD45711DE4688637D919F92E9DB8FB2DFC213A88D21C9DC8DC"
          "BA917D8170511DE1BADB360D50058F794B0960AE11FA28D392CFF907A62D13E3"
          "357B1DC0B51BE089D0B682863B2217201E73A1A9031968A9B4121DCBC3281A69"
          "739AF87429F5B3AC5471E7B6A04A2C0F2F8A25FD772A317DF97FC5463FEAC248"
          "EB8AB8BE81EB3100000000F435069679270C5BF4425EE5777402A6C8D51C620E"
          "ED52DBB188378B836E2857D5C053E6DDF27FA87409AEF502CD9618AE47017C01"
          "0224FD109CC0BEB21E742D44AB40CD11908743EC90EC8C40E221D517F72228E1"
          "A26E827F43DC18ED27B5F458D66508B05A2A4CC6FED178C881AFC3BC67064689"
          "BE8BB41C80ABB3C114A31F4CB03B8B64C7E0B4CE77B2399C93347858888F9223"
          "9713B38DF01C4858245827A92EF334172EA636B31CBBDF2A96AD5D035F66AA38"
          "F1A2D97D4BBA99622E6B5F18789CECB2DFB3937D9F3E17F8B472098E6563238F"
          "37528374809836002AEA6E7012D2ADFAA7");
  ASSERT_EQ(apdu.size(), 401U);
  ByteReader r(apdu);
  Result<apdu::GeneralCiphering> g = apdu::GeneralCiphering::decode(r);
  ASSERT_TRUE(g) << g.error().message();
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(hex_of(g->transaction_id), "0102030405060708");
  EXPECT_EQ(hex_of(g->originator_system_title), "4D4D4D0000BC614E");
  EXPECT_EQ(hex_of(g->recipient_system_title), "4D4D4D0000000001");
  EXPECT_TRUE(g->date_time.empty());
  EXPECT_TRUE(g->other_information.empty());
  ASSERT_TRUE(g->key_info);
  EXPECT_EQ(g->key_info->kind, apdu::KeyInfo::Kind::agreed_key);
  EXPECT_EQ(hex_of(g->key_info->key_parameters), "01");
  EXPECT_EQ(g->key_info->key_ciphered_data.size(), 128U);
  EXPECT_EQ(g->ciphered_content.security_control, 0x31);
  EXPECT_EQ(g->ciphered_content.invocation_counter, 0U);
  EXPECT_EQ(g->ciphered_content.ciphered_text.size(), 218U + kGcmTagSize);
  // Our writer lays the same header out: the same five fields, then key-info.
  GeneralCipheringSeal p = seal(0x31);
  p.header.transaction_id = g->transaction_id;
  p.header.date_time = {};
  std::vector<std::uint8_t> big(1024);
  Result<ByteSpan> w = seal_general_ciphering(backend, p, plain, big);
  ASSERT_TRUE(w);
  EXPECT_EQ(hex_of(w->first(30)), hex_of(ByteSpan(apdu).first(30)));
  // Suite 0 here: agreed-key is refused cleanly (suites 1 and 2 are another issue).
  std::vector<std::uint8_t> o(512);
  const SystemTitle originator = test::title("4D4D4D0000BC614E");
  EXPECT_EQ(open_general_ciphering(backend, keys, SecuritySuite::suite1, originator, client, apdu, o).error(),
            security_errc::unsupported);
}

TEST(GeneralGloCiphering, DlmsCosemDataNotificationVector) {
  // dlms-cosem tests/test_general_global_cipher.py (pwitab/dlms-cosem dc41293): a meter's
  // data-notification in general-glo-ciphering [219], suite 0 authenticated encryption, both keys
  // "MYDUMMYGLOBALKEY". A = SC || AK as for glo-; the GCM tag verifies.
  const auto apdu =
      hex("DB082F192291991641033B30000001E5025CE9D2271FD78BE8C204211A916A9D7F587E0A7A814CADEA89E959"
          "3F01F92EA8C087B5BDFDEFEAB6BECF282DFE49C08F5BE6DC8400");
  const std::string key_text = "MYDUMMYGLOBALKEY";
  const ByteSpan key(reinterpret_cast<const std::uint8_t*>(key_text.data()), key_text.size());
  KeySet keys;
  ASSERT_TRUE(keys.set(KeyId::global_unicast_encryption, key));
  ASSERT_TRUE(keys.set(KeyId::authentication, key));
  OpenSslBackend backend;
  UnprotectionParams p;
  p.peer_system_title = test::title("2F19229199164103");
  std::array<std::uint8_t, 128> out{};
  Result<Unprotected> u = unprotect(backend, keys, p, nullptr, apdu, out);
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->kind, CipheringKind::general_global);
  EXPECT_EQ(u->invocation_counter, 0x1E5U);
  EXPECT_EQ(hex_of(u->apdu),
            "0F000001DB000922125A8591360000000049000000110000000A5A8513D014800000000D0000000A0100");
  // And back: the same plaintext, title and IC give the same octets.
  ProtectionParams pp;
  pp.security_control = SecurityControl(0x30);
  pp.kind = CipheringKind::general_global;
  pp.system_title = p.peer_system_title;
  pp.invocation_counter = 0x1E5;
  std::array<std::uint8_t, 128> again{};
  Result<ByteSpan> c = protect(backend, keys, pp, u->apdu, again);
  ASSERT_TRUE(c);
  EXPECT_EQ(hex_of(*c), hex_of(apdu));
  // general-ded-ciphering [220] has the same layout with the dedicated key.
  ASSERT_TRUE(keys.set(KeyId::dedicated, key));
  pp.kind = CipheringKind::general_dedicated;
  c = protect(backend, keys, pp, u->apdu, again);
  ASSERT_TRUE(c);
  EXPECT_EQ(hex_of(*c), "DC" + hex_of(apdu).substr(2));
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
