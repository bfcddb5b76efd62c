// CSV rows of TableWriter: numeric cells go straight into the row (the profile read's fast
// path) and come out exactly as append_cell renders them; other cells keep RFC 4180 quoting.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "apps/dlms/output.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cli {
namespace {

std::string csv_of(const char* hex) {
  const auto bytes = from_hex(hex).value();
  std::ostringstream out;
  {
    TableWriter t(out, Format::csv, {});
    t.rows(codec::read_data_exact(bytes).value());
  }
  return out.str();
}

std::string cell_of(const char* hex) {
  const auto bytes = from_hex(hex).value();
  std::string s;
  append_cell(s, codec::read_data_exact(bytes).value());
  return s;
}

TEST(DlmsOutputCsv, NumericCellsAsAppendCellRendersThem) {
  // One structure of every numeric type (A-XDR tags, Blue Book 4.1.5): integer -3, long -300,
  // double-long -70000, long64 -1, unsigned 200, long-unsigned 6351, double-long-unsigned
  // 4294967295, long64-unsigned 2^64-1, enum 7, float32 1.5, float64 -0.25, bcd 0x12.
  const char* cells[] = {"0F FD",
                         "10 FE D4",
                         "05 FF FE EE 90",
                         "14 FF FF FF FF FF FF FF FF",
                         "11 C8",
                         "12 18 CF",
                         "06 FF FF FF FF",
                         "15 FF FF FF FF FF FF FF FF",
                         "16 07",
                         "17 3F C0 00 00",
                         "18 BF D0 00 00 00 00 00 00",
                         "0D 12"};
  std::string row_hex = "01 01 02 0C";
  std::string expected;
  for (const char* c : cells) {
    row_hex += std::string(" ") + c;
    expected += (expected.empty() ? "" : ",") + cell_of(c);
  }
  EXPECT_EQ(expected, "-3,-300,-70000,-1,200,6351,4294967295,18446744073709551615,7,1.5,-0.25,12");
  EXPECT_EQ(csv_of(row_hex.c_str()), expected + "\n");
}

TEST(DlmsOutputCsv, OtherCellsAreQuotedWhenTheyNeedIt) {
  // structure { visible-string "a,b", visible-string "q\"", octet-string 0102, null, boolean true }
  EXPECT_EQ(csv_of("01 01 02 05 0A 03 61 2C 62 0A 02 71 22 09 02 01 02 00 03 01"),
            "\"a,b\",\"q\"\"\",0102,,true\n");
}

}  // namespace
}  // namespace dlms::cli
