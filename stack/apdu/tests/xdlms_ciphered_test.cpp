// Ciphered containers: glo-/ded- APDUs, general-glo/ded-ciphering, general-ciphering
// (vectors and sources in xdlms_vectors.hpp). Only the envelopes; no cryptography here.
#include "stack/apdu/ciphered_apdu.hpp"

#include <gtest/gtest.h>

#include "stack/apdu/tests/xdlms_test_support.hpp"

namespace dlms::apdu::test {
namespace {

TEST(XdlmsCiphered, GloGetRequestFromGreenBookTable40) {
  const Bytes bytes = hex("C8 1E 30 01234567 411312FF935A47566827C467BC 7D825C3BE4A77C3FCC056B6B");
  const auto c = decode_as<CipheredApdu>(bytes);
  EXPECT_EQ(c.tag, CipheredApduTag::glo_get_request);
  EXPECT_EQ(c.content.security_control, 0x30);
  EXPECT_EQ(c.content.invocation_counter, 0x01234567U);
  EXPECT_EQ(to_hex(span_bytes(c.content.ciphered_text)),
            "41 13 12 FF 93 5A 47 56 68 27 C4 67 BC 7D 82 5C 3B E4 A7 7C 3F CC 05 6B 6B");
}

TEST(XdlmsCiphered, EveryGloAndDedTagIsAContainer) {
  for (unsigned tag = 0; tag < 256; ++tag) {
    const auto t = static_cast<std::uint8_t>(tag);
    if (!is_ciphered_apdu_tag(t)) {
      continue;
    }
    Bytes bytes{t, 0x05, 0x10, 0x00, 0x00, 0x00, 0x07};
    auto r = decode_apdu(bytes);
    ASSERT_TRUE(r) << tag;
    EXPECT_STREQ(apdu_name(*r), ciphered_apdu_name(t));
    EXPECT_EQ(to_hex(encode(*r)), to_hex(bytes));
  }
  EXPECT_STREQ(ciphered_apdu_name(0xCF), "glo-action-response");
  EXPECT_STREQ(ciphered_apdu_name(0xD3), "ded-actionRequest");
  EXPECT_STREQ(ciphered_apdu_name(0x21), "glo-initiateRequest");
  EXPECT_EQ(ciphered_apdu_name(0xCE), nullptr);
  EXPECT_EQ(ciphered_apdu_name(0xD6), nullptr);
  EXPECT_EQ(ciphered_apdu_name(0xD8), nullptr);
}

TEST(XdlmsCiphered, ContentShorterThanTheSecurityHeaderIsRejected) {
  for (const char* h : {"C8 00", "C8 04 30 000000", "DB 08 0102030405060708 02 3000", "D4 01 30"}) {
    auto r = decode_apdu(hex(h));
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error(), make_error_code(xdlms_errc::invalid_field)) << h;
  }
}

TEST(XdlmsCiphered, GeneralGloCipheringFromDlmsCosem) {
  const Bytes bytes = hex(
      "DB 08 2F19229199164103 3B 30 000001E5 025CE9D2271FD78BE8C204211A916A9D7F587E0A7A814CADEA89E9593F01F9"
      "2EA8C087B5BDFDEFEAB6BECF282DFE49C08F5BE6DC8400");
  const auto g = decode_as<GeneralGloCiphering>(bytes);
  EXPECT_EQ(to_hex(span_bytes(g.system_title)), "2F 19 22 91 99 16 41 03");
  EXPECT_EQ(g.ciphered_content.security_control, 0x30);
  EXPECT_EQ(g.ciphered_content.invocation_counter, 0x1E5U);
  EXPECT_EQ(g.ciphered_content.ciphered_text.size(), 0x3BU - 5U);
}

TEST(XdlmsCiphered, GeneralCipheringFromGreenBookTable41) {
  const Bytes bytes =
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
  ASSERT_EQ(bytes.size(), 401U);
  const auto g = decode_as<GeneralCiphering>(bytes);
  EXPECT_EQ(to_hex(span_bytes(g.transaction_id)), "01 02 03 04 05 06 07 08");
  EXPECT_EQ(to_hex(span_bytes(g.originator_system_title)), "4D 4D 4D 00 00 BC 61 4E");
  EXPECT_EQ(to_hex(span_bytes(g.recipient_system_title)), "4D 4D 4D 00 00 00 00 01");
  EXPECT_TRUE(g.date_time.empty());
  EXPECT_TRUE(g.other_information.empty());
  ASSERT_TRUE(g.key_info.has_value());
  EXPECT_EQ(g.key_info->kind, KeyInfo::Kind::agreed_key);
  EXPECT_EQ(to_hex(span_bytes(g.key_info->key_parameters)), "01");
  EXPECT_EQ(g.key_info->key_ciphered_data.size(), 128U);
  EXPECT_EQ(g.ciphered_content.security_control, 0x31);
  EXPECT_EQ(g.ciphered_content.invocation_counter, 0U);
  EXPECT_EQ(g.ciphered_content.ciphered_text.size(), 0xEBU - 5U);
}

TEST(XdlmsCiphered, BuildsEnvelopes) {
  const Bytes text = hex("AABBCC");
  CipheredApdu ded{CipheredApduTag::ded_get_response, CipheredContent{0x30, 2, text}};
  EXPECT_EQ(to_hex(encode_value(ded)), "D4 08 30 00 00 00 02 AA BB CC");
  const Bytes title = hex("4D4D4D0000000001");
  GeneralDedCiphering general{title, CipheredContent{0x20, 3, ByteSpan(text).first(2)}};
  EXPECT_EQ(to_hex(encode_value(general)), "DC 08 4D 4D 4D 00 00 00 00 01 07 20 00 00 00 03 AA BB");
  GeneralCiphering gc;
  gc.key_info = KeyInfo{KeyInfo::Kind::identified_key, 1, {}, {}};
  gc.ciphered_content = CipheredContent{0x30, 1, text};
  EXPECT_EQ(to_hex(encode_value(gc)), "DD 00 00 00 00 00 01 00 01 08 30 00 00 00 01 AA BB CC");
  CipheredApdu bad{static_cast<CipheredApduTag>(0xC0), CipheredContent{}};
  Bytes buf(16);
  ByteWriter w(buf);
  EXPECT_EQ(bad.encode(w).error(), make_error_code(xdlms_errc::invalid_field));
}

}  // namespace
}  // namespace dlms::apdu::test
