// A-XDR Data <-> XML / JSON: every data type, exact text both ways, and bad input.
// Byte layouts: Blue Book (DLMS UA 1000-1) 4.1.5 "Data types"; XML names as printed by common
// DLMS tools (see stack/translator/README.md).
#include "stack/translator/translator.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/translator/tests/translator_test_util.hpp"

namespace dlms::translator::test {
namespace {

struct DataCase {
  const char* hex;
  const char* xml;
  const char* json;
};

const DataCase kCases[] = {
    {"00", "<None />", R"({"None":null})"},
    {"FF", "<DontCare />", R"({"DontCare":null})"},
    {"03 01", R"(<Boolean Value="true" />)", R"({"Boolean":"true"})"},
    {"03 00", R"(<Boolean Value="false" />)", R"({"Boolean":"false"})"},
    {"04 0A 80 40", R"(<BitString Value="1000000001" />)", R"({"BitString":"1000000001"})"},
    {"05 FF FF FF FE", R"(<Int32 Value="FFFFFFFE" />)", R"({"Int32":"FFFFFFFE"})"},
    // double-long-unsigned of 2^31 and above stays unsigned: 80000000.
    {"06 80 00 00 00", R"(<UInt32 Value="80000000" />)", R"({"UInt32":"80000000"})"},
    {"09 06 01 00 01 08 00 FF", R"(<OctetString Value="0100010800FF" />)",
     R"({"OctetString":"0100010800FF"})"},
    {"09 00", R"(<OctetString Value="" />)", R"({"OctetString":""})"},
    {"0A 03 41 3C 42", R"(<String Value="A&lt;B" />)", R"({"String":"A<B"})"},
    {"0A 03 0A 2F 3E", R"(<String Hex="0A2F3E" />)", nullptr},
    {"0C 04 2F 3E 22 27", R"(<StringUTF8 Value="/>&quot;'" />)", nullptr},
    {"0A 02 41 00", R"(<String Hex="4100" />)", R"({"String":{"Hex":"4100"}})"},
    {"0C 03 C3 A9 61",
     "<StringUTF8 Value=\"\xC3\xA9"
     "a\" />",
     "{\"StringUTF8\":\"\xC3\xA9"
     "a\"}"},
    {"0C 01 FF", R"(<StringUTF8 Hex="FF" />)", R"({"StringUTF8":{"Hex":"FF"}})"},
    {"0D 12", R"(<BCD Value="12" />)", R"({"BCD":"12"})"},
    {"0F 80", R"(<Int8 Value="80" />)", R"({"Int8":"80"})"},
    {"10 FF 38", R"(<Int16 Value="FF38" />)", R"({"Int16":"FF38"})"},
    {"11 05", R"(<UInt8 Value="05" />)", R"({"UInt8":"05"})"},
    {"12 01 2C", R"(<UInt16 Value="012C" />)", R"({"UInt16":"012C"})"},
    {"14 80 00 00 00 00 00 00 01", R"(<Int64 Value="8000000000000001" />)",
     R"({"Int64":"8000000000000001"})"},
    {"15 FF FF FF FF FF FF FF FF", R"(<UInt64 Value="FFFFFFFFFFFFFFFF" />)",
     R"({"UInt64":"FFFFFFFFFFFFFFFF"})"},
    {"16 03", R"(<Enum Value="03" />)", R"({"Enum":"03"})"},
    {"17 3F 80 00 00", R"(<Float32 Value="3F800000" />)", R"({"Float32":"3F800000"})"},
    {"18 40 09 21 FB 54 44 2D 18", R"(<Float64 Value="400921FB54442D18" />)",
     R"({"Float64":"400921FB54442D18"})"},
    {"19 07 E6 01 14 04 0A 0B 0C 00 FF 88 80", R"(<DateTime Value="07E60114040A0B0C00FF8880" />)", nullptr},
    {"1A 07 E6 01 14 04", R"(<Date Value="07E6011404" />)", R"({"Date":"07E6011404"})"},
    {"1B 0A 0B 0C FF", R"(<Time Value="0A0B0CFF" />)", R"({"Time":"0A0B0CFF"})"},
    {"01 00", R"(<Array Qty="00" />)", R"({"Array":{"Qty":"00"}})"},
    {"02 02 09 06 01 00 01 08 00 FF 06 00 00 01 2C",
     R"(<Structure Qty="02"><OctetString Value="0100010800FF" /><UInt32 Value="0000012C" /></Structure>)",
     R"({"Structure":[{"OctetString":"0100010800FF"},{"UInt32":"0000012C"}]})"},
    {"01 02 02 01 11 01 02 01 11 02",
     R"(<Array Qty="02"><Structure Qty="01"><UInt8 Value="01" /></Structure><Structure Qty="01"><UInt8 Value="02" /></Structure></Array>)",
     R"({"Array":[{"Structure":[{"UInt8":"01"}]},{"Structure":[{"UInt8":"02"}]}]})"},
    // compact-array of 3 long-unsigned (Blue Book 4.1.6.2 compact-array).
    {"13 12 06 00 01 00 02 00 03",
     R"(<CompactArray><ContentsDescription><UInt16 /></ContentsDescription><ArrayContents Value="000100020003" /></CompactArray>)",
     R"({"CompactArray":[{"ContentsDescription":[{"UInt16":null}]},{"ArrayContents":"000100020003"}]})"},
    {"13 02 02 11 12 06 05 00 07 06 00 08",
     R"(<CompactArray><ContentsDescription><Structure Qty="02"><UInt8 /><UInt16 /></Structure></ContentsDescription><ArrayContents Value="050007060008" /></CompactArray>)",
     nullptr},
};

TEST(DataTranslation, EveryTypeToXmlAndBack) {
  for (const DataCase& c : kCases) {
    const Bytes b = bytes(c.hex);
    const auto xml = data_to_xml(b, compact());
    ASSERT_TRUE(xml) << c.hex << ": " << xml.failure().message();
    EXPECT_EQ(*xml, c.xml) << c.hex;
    const auto back = xml_to_data(*xml);
    ASSERT_TRUE(back) << c.xml << ": " << back.failure().message();
    EXPECT_EQ(*back, b) << c.xml;
  }
}

TEST(DataTranslation, EveryTypeToJsonAndBack) {
  for (const DataCase& c : kCases) {
    const Bytes b = bytes(c.hex);
    const auto json = data_to_json(b, compact());
    ASSERT_TRUE(json) << c.hex << ": " << json.failure().message();
    if (c.json != nullptr) {
      EXPECT_EQ(*json, c.json) << c.hex;
    }
    const auto back = json_to_data(*json);
    ASSERT_TRUE(back) << *json << ": " << back.failure().message();
    EXPECT_EQ(*back, b) << *json;
  }
}

TEST(DataTranslation, IndentedXmlAndComments) {
  Options o;
  o.comments = true;
  const auto xml =
      data_to_xml(bytes("02 02 09 06 01 00 01 08 00 FF 19 07 E6 01 14 04 0A 0B 0C 00 FF 88 80"), o);
  ASSERT_TRUE(xml) << xml.failure().message();
  EXPECT_EQ(*xml,
            "<Structure Qty=\"02\">\n"
            "  <!--1.0.1.8.0.255-->\n"
            "  <OctetString Value=\"0100010800FF\" />\n"
            "  <!--2022-01-20 10:11:12 deviation -120 status 80-->\n"
            "  <DateTime Value=\"07E60114040A0B0C00FF8880\" />\n"
            "</Structure>");
  // Comments are ignored on input.
  const auto back = xml_to_data(*xml);
  ASSERT_TRUE(back) << back.failure().message();
  EXPECT_EQ(*back, bytes("02 02 09 06 01 00 01 08 00 FF 19 07 E6 01 14 04 0A 0B 0C 00 FF 88 80"));
}

TEST(DataTranslation, LenientInput) {
  // Short hex is zero-extended, Qty may be left out, a <Data> wrapper is accepted, floats may be
  // decimal, booleans 0/1.
  const char* xml =
      "<Data><Structure><UInt16 Value=\"8\"/><Float32 Value=\"1.5\"/><Boolean Value=\"1\"/>"
      "<OctetString Value=\"01 02\"/></Structure></Data>";
  const auto b = xml_to_data(xml);
  ASSERT_TRUE(b) << b.failure().message();
  EXPECT_EQ(*b, bytes("02 04 12 0008 17 3FC00000 03 01 09 02 0102"));
}

TEST(DataTranslation, LongLengthsAndCounts) {
  // 200-byte octet-string (length 81 C8) and an array of 300 elements (count 82 01 2C).
  Bytes b = bytes("09 81 C8");
  b.resize(3 + 200, 0xAB);
  auto xml = data_to_xml(b);
  ASSERT_TRUE(xml);
  auto back = xml_to_data(*xml);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, b);

  Bytes a = bytes("01 82 01 2C");
  for (int i = 0; i < 300; ++i) {
    a.push_back(0x11);
    a.push_back(static_cast<std::uint8_t>(i));
  }
  xml = data_to_xml(a, compact());
  ASSERT_TRUE(xml);
  EXPECT_EQ(xml->rfind("<Array Qty=\"012C\">", 0), 0U);
  back = xml_to_data(*xml);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, a);
}

// ---- bad binary input ----

TEST(DataTranslation, TruncatedAtEveryByteSaysWhere) {
  const Bytes whole = bytes("02 03 09 06 01 00 01 08 00 FF 06 00 00 01 2C 01 01 12 00 05");
  for (std::size_t n = 0; n < whole.size(); ++n) {
    const auto r = data_to_xml(ByteSpan(whole.data(), n));
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.failure().where, Failure::Where::byte) << n;
    EXPECT_LE(r.failure().position, n) << n;
    EXPECT_NE(r.failure().message().find(" at byte "), std::string::npos);
  }
}

TEST(DataTranslation, RejectsBadBytes) {
  for (const char* hex : {"", "07", "09 05 01", "00 00", "02 81", "01 84 FF FF FF FF"}) {
    const auto r = data_to_xml(bytes(hex));
    EXPECT_FALSE(r) << hex;
    EXPECT_EQ(r.failure().where, Failure::Where::byte) << hex;
  }
  const auto trailing = data_to_xml(bytes("11 05 00"));
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.failure().message(), "trailing bytes after the data value at byte 2");
}

TEST(DataTranslation, DepthBombRejected) {
  Bytes b;
  for (int i = 0; i < 10000; ++i) {
    b.push_back(0x02);
    b.push_back(0x01);
  }
  b.push_back(0x00);
  EXPECT_FALSE(data_to_xml(b));
  std::string xml;
  for (int i = 0; i < 10000; ++i) {
    xml += "<Structure>";
  }
  xml += "<None/>";
  for (int i = 0; i < 10000; ++i) {
    xml += "</Structure>";
  }
  const auto r = xml_to_data(xml);
  ASSERT_FALSE(r);
  EXPECT_NE(r.failure().what.find("deep"), std::string::npos);
  std::string json;
  for (int i = 0; i < 100000; ++i) {
    json += "{\"Structure\":[";
  }
  EXPECT_FALSE(json_to_data(json));
}

// ---- bad XML / JSON input ----

TEST(DataTranslation, XmlErrorsNameTheLineAndElement) {
  const auto r = xml_to_data(
      "<Structure Qty=\"02\">\n  <UInt8 Value=\"01\" />\n  <UInt8 Value=\"123\" />\n</Structure>");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().where, Failure::Where::line);
  EXPECT_EQ(r.failure().position, 3U);
  EXPECT_EQ(r.failure().message(), "Value wider than 1 byte(s) at line 3 (<UInt8>)");

  struct Bad {
    const char* xml;
    const char* what;
  };
  const Bad bad[] = {
      {"<Foo />", "unknown data element <Foo>"},
      {"<UInt8 />", "missing attribute Value"},
      {"<UInt8 Value=\"GG\" />", "invalid hex digit in Value"},
      {"<OctetString Value=\"123\" />", "odd number of hex digits in Value"},
      {"<Structure Qty=\"03\"><None /></Structure>", "Qty does not match the number of elements"},
      {"<BitString Value=\"012\" />", "bit-string Value must be 0s and 1s"},
      {"<DateTime Value=\"00\" />", "DateTime Value must be 12 bytes of hex"},
      {"<UInt8 Value=\"01\"><None /></UInt8>", "unexpected child element"},
      {"<CompactArray />", "CompactArray needs <ContentsDescription> then <ArrayContents>"},
      {"<Structure>", "invalid XML: Start-end tags mismatch"},
      {"", "invalid XML: No document element found"},
      {"<None/><None/>", "more than one root element"},
  };
  for (const Bad& b : bad) {
    const auto f = xml_to_data(b.xml);
    ASSERT_FALSE(f) << b.xml;
    EXPECT_EQ(f.failure().what, b.what) << b.xml;
  }
  // A compact-array whose contents do not match its description is refused by the codec.
  const auto ca = xml_to_data(
      "<CompactArray><ContentsDescription><UInt16 /></ContentsDescription><ArrayContents Value=\"0001FF\" />"
      "</CompactArray>");
  ASSERT_FALSE(ca);
  EXPECT_EQ(ca.failure().what.rfind("data not valid", 0), 0U);
}

TEST(DataTranslation, JsonErrorsNameThePointer) {
  auto r = json_to_data(R"({"Structure":[{"UInt8":"01"},{"UInt8":"0102"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().message(), "Value wider than 1 byte(s) at /Structure/1/UInt8");
  r = json_to_data(R"({"Structure":[{"UInt8":1}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().message(), "expected a string, null, an array or an object at /Structure/0/UInt8");
  r = json_to_data(R"({"Structure": [)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().what.rfind("invalid JSON at character", 0), 0U);
  r = json_to_data(R"({"A":1,"B":2})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().what, "expected an object with exactly one key (the element name)");
}

TEST(DataTranslation, HexParsing) {
  auto b = parse_hex(" 01 0a\n\tFF ");
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, (Bytes{0x01, 0x0A, 0xFF}));
  b = parse_hex("01 02 X3");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.failure().message(), "invalid hex digit 'X' at byte 2");
  b = parse_hex("01 0");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.failure().message(), "odd number of hex digits at byte 1");
}

}  // namespace
}  // namespace dlms::translator::test
