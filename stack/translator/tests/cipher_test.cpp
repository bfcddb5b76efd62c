// encrypt_apdu / decrypt_apdu and pdu_to_xml with Options::decipher, with the Green Book
// Table 40 vectors (DLMS UA 1000-2: glo-get-request of the Clock time attribute, keys
// 000102..0F / D0D1..DF, system title 4D4D4D0000BC614E, IC 01234567).
#include "stack/translator/cipher.hpp"

#include <string>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::translator {
namespace {

Bytes hex(std::string_view t) { return from_hex(t).value(); }

constexpr const char* kPlain = "C0010000080000010000FF0200";
constexpr const char* kAuthEnc = "C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B";
constexpr const char* kAuthOnly = "C81E1001234567C0010000080000010000FF020006725D910F9221D263877516";
constexpr const char* kEncOnly = "C8122001234567411312FF935A47566827C467BC";

class CipherTest : public ::testing::Test {
 protected:
  CipherParams params(std::uint8_t sc = 0x30) const {
    CipherParams p;
    p.block_key = hex("000102030405060708090A0B0C0D0E0F");
    p.auth_key = hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    p.system_title = hex("4D4D4D0000BC614E");
    p.invocation_counter = 0x01234567;
    p.security_control = sc;
    return p;
  }
  security::OpenSslBackend backend;
};

TEST_F(CipherTest, GreenBookTable40BothWays) {
  for (const auto& [sc, ciphered] : {std::pair<std::uint8_t, const char*>{0x30, kAuthEnc},
                                     std::pair<std::uint8_t, const char*>{0x10, kAuthOnly},
                                     std::pair<std::uint8_t, const char*>{0x20, kEncOnly}}) {
    const Bytes plain = hex(kPlain);
    Outcome<Bytes> c = encrypt_apdu(backend, plain, params(sc));
    ASSERT_TRUE(c) << c.failure().message();
    EXPECT_EQ(to_hex(*c, '\0'), ciphered);
    Outcome<Deciphered> d = decrypt_apdu(backend, hex(ciphered), params());
    ASSERT_TRUE(d) << d.failure().message();
    EXPECT_EQ(to_hex(d->apdu, '\0'), kPlain);
    EXPECT_EQ(d->security_control, sc);
    EXPECT_EQ(d->invocation_counter, 0x01234567U);
  }
}

TEST_F(CipherTest, WrongKeyOrTagOrTitleFailsInOneLine) {
  CipherParams p = params();
  p.block_key[0] ^= 1;
  Outcome<Deciphered> d = decrypt_apdu(backend, hex(kAuthEnc), p);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.failure().message(), "authentication failed: wrong key, system title or tag");
  Bytes tampered = hex(kAuthEnc);
  tampered.back() ^= 1;
  EXPECT_FALSE(decrypt_apdu(backend, tampered, params()));
  EXPECT_EQ(decrypt_apdu(backend, hex(kPlain), params()).failure().message(),
            "not a ciphered APDU (tag C0) at byte 0");
  p = params();
  p.system_title.clear();
  EXPECT_FALSE(decrypt_apdu(backend, hex(kAuthEnc), p));
}

TEST_F(CipherTest, GeneralGloCipheringAndServicesWithoutAGloForm) {
  CipherParams p = params();
  p.form = CipherForm::general_global;
  Outcome<Bytes> c = encrypt_apdu(backend, hex(kPlain), p);
  ASSERT_TRUE(c);
  EXPECT_EQ(to_hex(*c, '\0'), std::string("DB084D4D4D0000BC614E1E") + (kAuthEnc + 4));
  p.system_title.clear();  // general-glo carries it
  ASSERT_TRUE(decrypt_apdu(backend, *c, p));
  // data-notification has no glo- form.
  EXPECT_FALSE(encrypt_apdu(backend, hex("0F000000010000"), params()));
}

TEST_F(CipherTest, PduToXmlShowsTheDecipheredContent) {
  Decipher keys{&backend, hex("000102030405060708090A0B0C0D0E0F"), hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"),
                hex("4D4D4D0000BC614E")};
  Options o;
  o.decipher = &keys;
  Outcome<std::string> xml = pdu_to_xml(hex(kAuthEnc), o);
  ASSERT_TRUE(xml) << xml.failure().message();
  EXPECT_NE(xml->find("<glo_GetRequest>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<Deciphered>"), std::string::npos);
  EXPECT_NE(xml->find("<InstanceId Value=\"0000010000FF\" />"), std::string::npos);
  // The XML with its <Deciphered> element translates back to the ciphered bytes.
  Outcome<Bytes> back = xml_to_pdu(*xml);
  ASSERT_TRUE(back) << back.failure().message();
  EXPECT_EQ(to_hex(*back, '\0'), kAuthEnc);
  o.indent = 0;
  Outcome<std::string> json = pdu_to_json(hex(kAuthEnc), o);
  ASSERT_TRUE(json);
  EXPECT_NE(json->find("\"Deciphered\":[{\"GetRequest\""), std::string::npos) << *json;
  // Without keys: no Deciphered; with a wrong key: a failure.
  EXPECT_EQ(pdu_to_xml(hex(kAuthEnc))->find("Deciphered"), std::string::npos);
  keys.block_key[3] ^= 0x10;
  Outcome<std::string> bad = pdu_to_xml(hex(kAuthEnc), o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.failure().message(),
            "cannot decipher: authentication failed: wrong key, system title or tag at byte 0");
}

TEST_F(CipherTest, AarqWithAGloInitiateRequestShowsTheInitiateRequest) {
  // Green Book AARQ, LN with ciphering and LLS (see stack/apdu/tests/acse_aarq_test.cpp).
  const Bytes aarq = hex(
      "60 66 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 4D 4D 4D 00 00 BC 61 4E 8A 02 07 80 8B 07 60 85 74 "
      "05 08 02 01 AC 0A 80 08 31 32 33 34 35 36 37 38 BE 34 04 32 21 30 30 01 23 45 67 80 13 02 FF 8A 78 74 "
      "13 3D 41 4C ED 25 B4 25 34 D2 8D B0 04 77 20 60 6B 17 5B D5 22 11 BE 68 41 DB 20 4D 39 EE 6F DB 8E 35 "
      "68 55");
  Decipher keys{&backend, hex("000102030405060708090A0B0C0D0E0F"), hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"),
                hex("4D4D4D0000BC614E")};
  Options o;
  o.decipher = &keys;
  Outcome<std::string> xml = pdu_to_xml(aarq, o);
  ASSERT_TRUE(xml) << xml.failure().message();
  EXPECT_NE(xml->find("<glo_InitiateRequest>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<InitiateRequest>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<DedicatedKey"), std::string::npos) << *xml;
}

}  // namespace
}  // namespace dlms::translator
