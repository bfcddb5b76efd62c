// APDU <-> XML / JSON: exact XML of published examples, byte-exact round trips of every APDU
// kind (and of every APDU vector in the stack/apdu tests), truncation and bad XML input.
#include "stack/translator/translator.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/translator/tests/translator_test_util.hpp"

namespace dlms::translator::test {
namespace {

// Sources:
//   [GB-AARQ]  Green Book (DLMS UA 1000-2), "Encoding of the AARQ/AARE", LN referencing, no
//              security: AARQ 60 1D ..., AARE 61 29 ... (also in dlms-cosem and Gurux tests).
//   [GB T40]   Green Book Table 40, glo-get-request example (as quoted by dlms-cosem tests).
//   [GB T137]  Green Book Table 137, set-request-with-first-datablock (as quoted by dlms-cosem).
//   [dlms-cosem] test vectors of github.com/u9n/dlms-cosem tests/test_xdlms/*.py.
//   [ASN.1]    built from the Green Book xDLMS ASN.1 (IEC 62056-5-3 clause 9.5).
struct Vector {
  const char* name;
  const char* hex;
};

const Vector kApdus[] = {
    {"get_request_normal [ASN.1]", "C0 01 C1 0008 0000010000FF 02 00"},
    {"get_request_normal_selective [dlms-cosem]",
     "C0 01 C1 0007 0100630100FF 02 01 01 0204 0204 120008 0906 0000010000FF 0F02 120000"
     " 090C 07E10A0107000000 00FFC480 090C 07E10A0107010000 00FFC480 0100"},
    {"get_request_next [dlms-cosem]", "C0 02 C1 00000001"},
    {"get_request_with_list [dlms-cosem]", "C0 03 C1 02 0001 00002A0000FF 02 00 0008 0000010000FF 02 00"},
    {"get_response_normal [dlms-cosem]", "C4 01 C1 00 06 00001391"},
    {"get_response_normal_error [dlms-cosem]", "C4 01 C1 01 01"},
    {"get_response_with_datablock [ASN.1]", "C4 02 C1 00 00000001 00 06 010202020600"},
    {"get_response_with_datablock_error [ASN.1]", "C4 02 C1 01 00000002 01 0E"},
    {"get_response_with_list [ASN.1]", "C4 03 C1 02 00 06 00001391 01 04"},
    {"set_request_normal [dlms-cosem]", "C1 01 C1 0008 0000010000FF 02 00 090C 07E50118FF0E3039 50FFC400"},
    {"set_request_first_datablock [GB T137]",
     "C1 02 C1 0001 0000800000FF 02 00 00 00000001 15 0932 0102030405060708091011121314 1516171819"},
    {"set_request_with_datablock [ASN.1]", "C1 03 C1 01 00000002 03 161718"},
    {"set_request_with_list [ASN.1]",
     "C1 04 C1 02 0001 0000800000FF 02 00 0003 0100010800FF 02 00 02 1105 120007"},
    {"set_request_with_list_first_datablock [ASN.1]",
     "C1 05 C1 01 0001 0000800000FF 02 00 00 00000001 04 09320102"},
    {"set_response_normal [dlms-cosem]", "C5 01 C1 00"},
    {"set_response_datablock [dlms-cosem]", "C5 02 C1 00000001"},
    {"set_response_last_datablock [dlms-cosem]", "C5 03 C1 00 00000002"},
    {"set_response_last_datablock_with_list [ASN.1]", "C5 04 C1 02 00 03 00000003"},
    {"set_response_with_list [ASN.1]", "C5 05 C1 02 00 03"},
    {"action_request_normal [ASN.1]", "C3 01 C1 0046 0000600300FF 01 01 0F 00"},
    {"action_request_normal_no_params [ASN.1]", "C3 01 C1 0046 0000600300FF 01 00"},
    {"action_request_next [ASN.1]", "C3 02 C1 00000001"},
    {"action_request_with_list [ASN.1]", "C3 03 C1 02 0046 0000600300FF 01 0046 0000600300FF 02 02 0F00 00"},
    {"action_request_first_pblock [ASN.1]", "C3 04 C1 0012 00002C0000FF 01 00 00000001 03 010203"},
    {"action_request_list_first_pblock [ASN.1]", "C3 05 C1 01 0012 00002C0000FF 01 01 00000001 01 AA"},
    {"action_request_with_pblock [ASN.1]", "C3 06 C1 01 00000002 02 BBCC"},
    {"action_response_normal [ASN.1]", "C7 01 C1 00 00"},
    {"action_response_normal_data [ASN.1]", "C7 01 C1 00 01 00 11 05"},
    {"action_response_with_pblock [ASN.1]", "C7 02 C1 00 00000001 02 0102"},
    {"action_response_with_list [ASN.1]", "C7 03 C1 02 00 00 03 01 01 0C"},
    {"action_response_next [ASN.1]", "C7 04 C1 00000001"},
    {"aarq [GB-AARQ]",
     "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0"},
    {"aarq_lls [GB-AARQ]",
     "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 AC 0A 80 08 31 32 33 34 "
     "35 36 "
     "37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0"},
    {"aarq_glo_initiate [GB]",
     "60 66 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 4D 4D 4D 00 00 BC 61 4E 8A 02 07 80 8B 07 60 85 74 "
     "05 08 02 "
     "01 AC 0A 80 08 31 32 33 34 35 36 37 38 BE 34 04 32 21 30 30 01 23 45 67 80 13 02 FF 8A 78 74 13 3D 41 "
     "4C ED 25 "
     "B4 25 34 D2 8D B0 04 77 20 60 6B 17 5B D5 22 11 BE 68 41 DB 20 4D 39 EE 6F DB 8E 35 68 55"},
    {"aare [GB-AARQ]",
     "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
     "04 00 "
     "00 50 1F 01 F4 00 07"},
    {"aare_rejected_cse [ASN.1]",
     "61 1F A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01 BE 06 04 04 0E 01 06 01"},
    {"rlrq_empty [ASN.1]", "62 00"},
    {"rlrq_normal [ASN.1]", "62 03 80 01 00"},
    {"rlre_normal [ASN.1]", "63 03 80 01 00"},
    {"initiate_request [GB-AARQ]", "01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0"},
    {"initiate_response [GB-AARQ]", "08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07"},
    {"confirmed_service_error [ASN.1]", "0E 01 06 01"},
    {"exception_response [ASN.1]", "D8 01 02"},
    {"exception_response_ic [ASN.1]", "D8 01 06 00000010"},
    {"data_notification [ASN.1]", "0F 00000001 00 02 02 11 01 12 0002"},
    {"data_notification_time [ASN.1]", "0F 40000002 0C 07E6011404000000FF800000 11 07"},
    {"event_notification [ASN.1]", "C2 00 0001 0000600B00FF 02 12 0001"},
    {"general_block_transfer [ASN.1]", "E0 80 0001 0000 04 C4010100"},
    {"glo_get_request [GB T40]", "C8 1E 30 01234567 411312FF935A47566827C467BC 7D825C3BE4A77C3FCC056B6B"},
    {"general_glo_ciphering [ASN.1]", "DB 08 4D4D4D0000BC614E 08 3000000001AABBCC"},
    {"read_request [ASN.1]", "05 01 02 FA08"},
    {"read_response [ASN.1]", "0C 02 00 11 05 01 03"},
    {"write_request [ASN.1]", "06 01 02 FA08 01 11 05"},
    {"write_response [ASN.1]", "0D 02 00 01 03"},
};

TEST(PduTranslation, ExactXmlOfTheGetRequestExample) {
  const auto xml = pdu_to_xml(bytes("C0 01 C1 00 08 00 00 01 00 00 FF 02 00"), compact());
  ASSERT_TRUE(xml) << xml.failure().message();
  EXPECT_EQ(*xml,
            "<GetRequest><GetRequestNormal><InvokeIdAndPriority Value=\"C1\" /><AttributeDescriptor>"
            "<ClassId Value=\"0008\" /><InstanceId Value=\"0000010000FF\" /><AttributeId Value=\"02\" />"
            "</AttributeDescriptor></GetRequestNormal></GetRequest>");
  const auto json = pdu_to_json(bytes("C0 01 C1 00 08 00 00 01 00 00 FF 02 00"), compact());
  ASSERT_TRUE(json);
  EXPECT_EQ(*json,
            R"({"GetRequest":[{"GetRequestNormal":[{"InvokeIdAndPriority":"C1"},{"AttributeDescriptor":)"
            R"([{"ClassId":"0008"},{"InstanceId":"0000010000FF"},{"AttributeId":"02"}]}]}]})");
}

TEST(PduTranslation, ExactXmlOfTheGreenBookAarq) {
  const auto xml = pdu_to_xml(bytes(kApdus[31].hex));
  ASSERT_TRUE(xml) << xml.failure().message();
  EXPECT_EQ(*xml,
            "<AssociationRequest>\n"
            "  <ApplicationContextName Value=\"LN\" />\n"
            "  <InitiateRequest>\n"
            "    <ProposedDlmsVersionNumber Value=\"06\" />\n"
            "    <ProposedConformance>\n"
            "      <ConformanceBit Name=\"PriorityMgmtSupported\" />\n"
            "      <ConformanceBit Name=\"Attribute0SupportedWithGet\" />\n"
            "      <ConformanceBit Name=\"BlockTransferWithGetOrRead\" />\n"
            "      <ConformanceBit Name=\"BlockTransferWithSetOrWrite\" />\n"
            "      <ConformanceBit Name=\"BlockTransferWithAction\" />\n"
            "      <ConformanceBit Name=\"MultipleReferences\" />\n"
            "      <ConformanceBit Name=\"Get\" />\n"
            "      <ConformanceBit Name=\"Set\" />\n"
            "      <ConformanceBit Name=\"SelectiveAccess\" />\n"
            "      <ConformanceBit Name=\"EventNotification\" />\n"
            "      <ConformanceBit Name=\"Action\" />\n"
            "    </ProposedConformance>\n"
            "    <ProposedMaxPduSize Value=\"04B0\" />\n"
            "  </InitiateRequest>\n"
            "</AssociationRequest>");
}

TEST(PduTranslation, AareWithLlsAndRejection) {
  const auto xml = pdu_to_xml(bytes(kApdus[35].hex), compact());
  ASSERT_TRUE(xml) << xml.failure().message();
  EXPECT_NE(xml->find("<AssociationResult Value=\"01\" />"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<ConfirmedServiceError><InitiateError><Initiate Value=\"DlmsVersionTooLow\" />"),
            std::string::npos)
      << *xml;
  const auto lls = pdu_to_xml(bytes(kApdus[32].hex), compact());
  ASSERT_TRUE(lls);
  EXPECT_NE(lls->find("<MechanismName Value=\"Low\" /><CallingAuthentication Value=\"3132333435363738\" />"),
            std::string::npos)
      << *lls;
  EXPECT_NE(lls->find("<SenderACSERequirements Value=\"1\" />"), std::string::npos) << *lls;
}

void expect_round_trip(const std::string& name, const Bytes& b) {
  const auto xml = pdu_to_xml(b);
  ASSERT_TRUE(xml) << name << ": " << xml.failure().message();
  const auto back = xml_to_pdu(*xml);
  ASSERT_TRUE(back) << name << ": " << back.failure().message() << "\n" << *xml;
  EXPECT_EQ(to_hex(*back), to_hex(b)) << name << "\n" << *xml;
  const auto json = pdu_to_json(b);
  ASSERT_TRUE(json) << name;
  const auto from_json = json_to_pdu(*json);
  ASSERT_TRUE(from_json) << name << ": " << from_json.failure().message() << "\n" << *json;
  EXPECT_EQ(to_hex(*from_json), to_hex(b)) << name << "\n" << *json;
  Options with_comments;
  with_comments.comments = true;
  const auto commented = pdu_to_xml(b, with_comments);
  ASSERT_TRUE(commented);
  const auto again = xml_to_pdu(*commented);
  ASSERT_TRUE(again) << name;
  EXPECT_EQ(*again, b) << name;
}

TEST(PduTranslation, EveryApduKindRoundTripsByteExactly) {
  for (const Vector& v : kApdus) {
    expect_round_trip(v.name, bytes(v.hex));
  }
}

TEST(PduTranslation, TruncatedAtEveryByteSaysWhere) {
  for (const Vector& v : kApdus) {
    const Bytes whole = bytes(v.hex);
    for (std::size_t n = 0; n < whole.size(); ++n) {
      const auto r = pdu_to_xml(ByteSpan(whole.data(), n));
      ASSERT_FALSE(r) << v.name << " cut at " << n;
      EXPECT_EQ(r.failure().where, Failure::Where::byte) << v.name;
      EXPECT_LE(r.failure().position, n) << v.name << " cut at " << n << ": " << r.failure().message();
    }
    Bytes longer = whole;
    longer.push_back(0x00);
    const auto r = pdu_to_xml(longer);
    ASSERT_FALSE(r) << v.name;
    EXPECT_EQ(r.failure().message(), "trailing bytes after the APDU at byte " + std::to_string(whole.size()));
  }
}

TEST(PduTranslation, UnknownTagAndEmptyInput) {
  auto r = pdu_to_xml(bytes("FE 00"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().message(), "unknown APDU tag FE at byte 0");
  r = pdu_to_xml(Bytes{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().message(), "empty APDU at byte 0");
}

TEST(PduTranslation, XmlInputErrors) {
  struct Bad {
    const char* xml;
    const char* message;
  };
  const Bad bad[] = {
      {"<GetRequest>\n<GetRequestNormal>\n<InvokeIdAndPriority Value=\"C1\" />\n<AttributeDescriptor>\n"
       "<ClassId Value=\"0008\" />\n<InstanceId Value=\"00000100FF\" />\n<AttributeId Value=\"02\" />\n"
       "</AttributeDescriptor>\n</GetRequestNormal>\n</GetRequest>",
       "InstanceId must be 6 bytes at line 6 (<InstanceId>)"},
      {"<GetRequest>\n<GetRequestNormal>\n<InvokeIdAndPriority Value=\"C1\" />\n<Attribute />\n"
       "</GetRequestNormal>\n</GetRequest>",
       "unexpected element <Attribute> in <GetRequestNormal> at line 4 (<Attribute>)"},
      {"<GetRequest><GetRequestNormal><InvokeIdAndPriority Value=\"C1\" /></GetRequestNormal></GetRequest>",
       "missing element <AttributeDescriptor> at line 1 (<GetRequestNormal>)"},
      {"<GetRequest><GetRequestAbnormal /></GetRequest>",
       "unknown GetRequest choice <GetRequestAbnormal> at line 1 (<GetRequestAbnormal>)"},
      {"<Foo />", "unknown APDU element <Foo> at line 1 (<Foo>)"},
      {"<SetResponse><SetResponseNormal><InvokeIdAndPriority Value=\"C1\" /><Result Value=\"Nope\" />"
       "</SetResponseNormal></SetResponse>",
       "invalid hex digit in Value at line 1 (<Result>)"},
  };
  for (const Bad& b : bad) {
    const auto r = xml_to_pdu(b.xml);
    ASSERT_FALSE(r) << b.xml;
    EXPECT_EQ(r.failure().message(), b.message);
  }
}

TEST(PduTranslation, NamesAndHexAreBothAccepted) {
  const auto a = xml_to_pdu(
      "<SetResponse><SetResponseNormal><InvokeIdAndPriority Value=\"c1\" /><Result Value=\"readwritedenied\" "
      "/>"
      "</SetResponseNormal></SetResponse>");
  ASSERT_TRUE(a) << a.failure().message();
  EXPECT_EQ(*a, bytes("C5 01 C1 03"));
  const auto b = xml_to_pdu(
      "<SetResponse><SetResponseNormal><InvokeIdAndPriority Value=\"C1\" /><Result Value=\"03\" />"
      "</SetResponseNormal></SetResponse>");
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, *a);
}

TEST(PduTranslation, ListLimitsApplyToXmlInput) {
  std::string xml =
      "<GetRequest><GetRequestWithList><InvokeIdAndPriority Value=\"C1\" /><AttributeDescriptorList>";
  for (int i = 0; i < 65; ++i) {
    xml +=
        "<AttributeDescriptorWithSelection><AttributeDescriptor><ClassId Value=\"0001\" /><InstanceId "
        "Value=\"0000010000FF\" /><AttributeId Value=\"02\" "
        "/></AttributeDescriptor></AttributeDescriptorWithSelection>";
  }
  xml += "</AttributeDescriptorList></GetRequestWithList></GetRequest>";
  const auto r = xml_to_pdu(xml);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().what, "more than 64 list items");
}

// An AARQ whose user-information holds `inner` (short BER lengths only).
Bytes aarq_holding(const Bytes& inner) {
  Bytes ui = {0x04, static_cast<std::uint8_t>(inner.size())};
  ui.insert(ui.end(), inner.begin(), inner.end());
  Bytes body = bytes("A1 09 06 07 60 85 74 05 08 01 01");
  body.push_back(0xBE);
  body.push_back(static_cast<std::uint8_t>(ui.size()));
  body.insert(body.end(), ui.begin(), ui.end());
  Bytes out = {0x60, static_cast<std::uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

TEST(PduTranslation, NestedUserInformationIsBoundedAndRoundTrips) {
  const Bytes initiate = bytes("01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0");
  Bytes b = initiate;
  for (int level = 0; level < 4; ++level) {
    b = aarq_holding(b);
    expect_round_trip("nested " + std::to_string(level), b);
  }
  const auto xml = pdu_to_xml(b, compact());
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->find("<UserInformation Value="), std::string::npos) << *xml;
  // Something that is not an APDU stays hex.
  expect_round_trip("not an apdu", aarq_holding(bytes("FF 01 02")));
  const auto hex_ui = pdu_to_xml(aarq_holding(bytes("FF 01 02")), compact());
  ASSERT_TRUE(hex_ui);
  EXPECT_NE(hex_ui->find("<UserInformation Value=\"FF0102\" />"), std::string::npos) << *hex_ui;
}

// Every hex literal of the stack/apdu tests that translates must round-trip byte exactly.
std::vector<Bytes> literals_in(const std::filesystem::path& file) {
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Bytes> out;
  // Adjacent string literals are joined, as the compiler does.
  static const std::regex kLiterals(R"re(("[0-9A-Fa-f ]*"\s*)+)re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kLiterals); it != std::sregex_iterator();
       ++it) {
    std::string joined;
    for (char c : it->str()) {
      if (c != '"') {
        joined += c;
      }
    }
    const auto b = dlms::from_hex(joined);
    if (b && b->size() >= 2) {
      out.push_back(*b);
    }
  }
  return out;
}

TEST(PduTranslation, VectorsOfTheApduTestsRoundTrip) {
  const std::filesystem::path dir = std::filesystem::path(DLMS_SOURCE_DIR) / "stack" / "apdu" / "tests";
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "no " << dir;
  }
  std::set<Bytes> seen;
  std::size_t translated = 0;
  std::size_t non_canonical = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") {
      continue;
    }
    for (const Bytes& b : literals_in(entry.path())) {
      if (!seen.insert(b).second || !pdu_to_xml(b)) {
        continue;  // fragments, negative vectors
      }
      ++translated;
      const std::string name = entry.path().filename().string() + " " + to_hex(b);
      const auto xml = pdu_to_xml(b);
      const auto back = xml_to_pdu(*xml);
      ASSERT_TRUE(back) << name << ": " << back.failure().message() << "\n" << *xml;
      if (*back == b) {
        expect_round_trip(name, b);
      } else {
        // A non-canonical encoding the decoders accept (a BER long-form length, an explicit
        // DEFAULT value): the translation re-encodes canonically and is stable from there.
        ++non_canonical;
        const auto again = pdu_to_xml(*back);
        ASSERT_TRUE(again) << name;
        EXPECT_EQ(*again, *xml) << name;
        expect_round_trip(name + " (canonical)", *back);
      }
    }
  }
  EXPECT_GT(translated, 10U);
  EXPECT_LT(non_canonical, translated / 4);
  std::cout << "translated " << translated << " APDU vectors (" << non_canonical << " non-canonical)\n";
}

TEST(PduTranslation, VectorsOfTheCodecTestsRoundTripAsData) {
  const std::filesystem::path dir = std::filesystem::path(DLMS_SOURCE_DIR) / "stack" / "codec" / "tests";
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "no " << dir;
  }
  std::size_t translated = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("axdr", 0) != 0) {
      continue;
    }
    for (const Bytes& b : literals_in(entry.path())) {
      const auto xml = data_to_xml(b);
      if (!xml) {
        continue;
      }
      ++translated;
      const auto back = xml_to_data(*xml);
      ASSERT_TRUE(back) << to_hex(b) << ": " << back.failure().message();
      EXPECT_EQ(*back, b) << *xml;
      const auto json = data_to_json(b);
      ASSERT_TRUE(json);
      const auto from_json = json_to_data(*json);
      ASSERT_TRUE(from_json) << *json;
      EXPECT_EQ(*from_json, b) << *json;
    }
  }
  EXPECT_GT(translated, 10U);
}

}  // namespace
}  // namespace dlms::translator::test
