// dlms-codegen: every validation error class reported with its line (fixtures under
// tests/data/, each marking the lines where an error is expected with
// <!-- ERROR: what the message says -->), and the emitted code for a valid list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "codegen/generator/catalogue.hpp"
#include "codegen/generator/emitter.hpp"
#include "codegen/generator/reader.hpp"

namespace dlms::codegen {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Catalogue& catalogue() {
  static const Catalogue c = [] {
    std::string error;
    auto parsed =
        Catalogue::parse(read_text(std::string(DLMS_SOURCE_DIR) + "/meter_model/quantities.json"), error);
    EXPECT_TRUE(parsed.has_value()) << error;
    return *parsed;
  }();
  return c;
}

// line -> expected substrings, from the fixture's <!-- ERROR: ... --> markers.
std::map<std::size_t, std::vector<std::string>> expected_errors(const std::string& text) {
  std::map<std::size_t, std::vector<std::string>> out;
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto p = line.find("<!-- ERROR: ");
    if (p != std::string::npos) {
      const auto start = p + 12;
      out[n].push_back(line.substr(start, line.find(" -->", start) - start));
    }
  }
  return out;
}

// "file:12: error: what" -> 12
std::size_t line_of(const std::string& message) {
  const auto a = message.find(':');
  return static_cast<std::size_t>(std::stoul(message.substr(a + 1)));
}

class ErrorFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(ErrorFixture, EveryErrorReportedOnItsLine) {
  const std::string name = GetParam();
  const std::string text = read_text(std::string(DLMS_TEST_DATA_DIR) + "/" + name);
  ASSERT_FALSE(text.empty()) << name;
  Diagnostics diag(name);
  (void)read_object_list(text, catalogue(), diag);
  const auto expected = expected_errors(text);
  ASSERT_FALSE(expected.empty());
  for (const auto& e : diag.errors()) {
    EXPECT_THAT(e, ::testing::StartsWith(name + ":")) << e;
    EXPECT_THAT(e, ::testing::HasSubstr(": error: ")) << e;
    EXPECT_TRUE(expected.count(line_of(e)) != 0) << "unexpected error: " << e;
  }
  for (const auto& [line, wants] : expected) {
    for (const auto& want : wants) {
      bool found = false;
      for (const auto& e : diag.errors()) {
        found = found || (line_of(e) == line && e.find(want) != std::string::npos);
      }
      EXPECT_TRUE(found) << name << ":" << line << ": no error containing \"" << want << "\"";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Codegen, ErrorFixture,
                         ::testing::Values("err_unknown_class.xml", "err_bad_obis.xml",
                                           "err_attribute_range.xml", "err_type_mismatch.xml",
                                           "err_binding.xml", "err_duplicate_obis.xml",
                                           "err_association.xml"));

TEST(Codegen, ValidListsHaveNoErrors) {
  for (const std::string& path : {std::string(DLMS_TEST_DATA_DIR) + "/small.xml",
                                  std::string(DLMS_SOURCE_DIR) + "/meter_model/sm307/objects.xml"}) {
    Diagnostics diag(path);
    const Model m = read_object_list(read_text(path), catalogue(), diag);
    EXPECT_TRUE(diag.ok()) << (diag.errors().empty() ? "" : diag.errors().front());
    EXPECT_TRUE(diag.warnings().empty()) << diag.warnings().front();
    ASSERT_EQ(m.devices.size(), 1U);
  }
}

TEST(Codegen, MalformedXmlIsOneErrorWithItsLine) {
  Diagnostics diag("bad.xml");
  (void)read_object_list("<object-list>\n  <logical-device sap=\"1\">\n  </object-list>\n", catalogue(),
                         diag);
  ASSERT_EQ(diag.errors().size(), 1U);
  EXPECT_THAT(diag.errors()[0], ::testing::StartsWith("bad.xml:3: error: XML: "));
}

TEST(Codegen, CatalogueErrorsAreReported) {
  std::string error;
  EXPECT_FALSE(Catalogue::parse("{\"quantities\": 3}", error).has_value());
  EXPECT_FALSE(error.empty());
  ASSERT_GT(catalogue().size(), 200U);
  EXPECT_TRUE(catalogue().has_action("billing.reset_remote"));
  ASSERT_NE(catalogue().quantity("energy.active_import.total"), nullptr);
  EXPECT_EQ(catalogue().quantity("energy.active_import.total")->unit, "Wh");
}

TEST(Codegen, EmitsStaticValuesBindingsAndAccessRights) {
  const std::string path = std::string(DLMS_TEST_DATA_DIR) + "/small.xml";
  Diagnostics diag(path);
  const Model m = read_object_list(read_text(path), catalogue(), diag);
  ASSERT_TRUE(diag.ok());
  EmitOptions opt;
  opt.name = "small";
  opt.cpp_namespace = "dlms::x";
  opt.header_include = "codegen/small/small_objects.hpp";
  opt.source_file = "small.xml";
  const Emitted e = emit(m, opt);
  EXPECT_THAT(e.header,
              ::testing::HasSubstr(
                  "std::unique_ptr<SmallObjectList> build_small_objects(::dlms::meter::Meter& meter);"));
  EXPECT_THAT(e.header, ::testing::HasSubstr("namespace dlms::x {"));
  // The structured constant of small.xml: structure { long-unsigned 900, obis, scaler_unit }.
  EXPECT_THAT(e.source, ::testing::HasSubstr("0x02, 0x03, 0x12, 0x03, 0x84, 0x09, 0x06, 0x01, 0x00, 0x63, "
                                             "0x01, 0x00, 0xFF, 0x02, 0x02, 0x0F,\n    0xFD, 0x16, 0x1E"));
  EXPECT_THAT(e.source, ::testing::HasSubstr("o[0] = &ld.add_object(1, ObisCode{0, 0, 42, 0, 0, 255});"));
  EXPECT_THAT(e.source,
              ::testing::HasSubstr("std::make_unique<MeterValueSource>(meter, \"instantaneous.voltage.l1\", "
                                   "BindingFormat{DataType::long_unsigned, -2, false})"));
  EXPECT_THAT(e.source, ::testing::HasSubstr(
                            "ld.add_association(\"management\", 1, MechanismName::high_level_security_gmac"));
  EXPECT_THAT(e.source, ::testing::HasSubstr("a.required_protection = 108;"));  // 0x04|0x08|0x20|0x40
  EXPECT_THAT(e.source, ::testing::Not(::testing::HasSubstr("pugi")));          // no XML at run time
}

// The tool itself: exit status and one line per error on stderr.
TEST(Codegen, ToolExitsOneWithOneLinePerError) {
  const std::string out = (std::filesystem::temp_directory_path() / "dlms_codegen_test_stderr.txt").string();
  const std::string fixture = std::string(DLMS_TEST_DATA_DIR) + "/err_duplicate_obis.xml";
  const std::string cmd = std::string(DLMS_CODEGEN_EXE) + " --catalogue " + DLMS_SOURCE_DIR +
                          "/meter_model/quantities.json --check " + fixture + " 2> " + out;
  const int status = std::system(cmd.c_str());
  ASSERT_NE(status, -1);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string err = read_text(out);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 2);
  EXPECT_THAT(err,
              ::testing::HasSubstr(fixture + ":4: error: duplicate OBIS 1.0.1.8.0.255 (first at line 3)\n"));
  std::filesystem::remove(out);

  const std::string ok = std::string(DLMS_CODEGEN_EXE) + " --catalogue " + DLMS_SOURCE_DIR +
                         "/meter_model/quantities.json --check " + DLMS_TEST_DATA_DIR + "/small.xml";
  const int ok_status = std::system(ok.c_str());
  EXPECT_EQ(WEXITSTATUS(ok_status), 0);
}

}  // namespace
}  // namespace dlms::codegen
