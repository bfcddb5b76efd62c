// split_csv_line: RFC 4180 fields.
#include "system_tests/support/csv_fields.hpp"

#include <gtest/gtest.h>

namespace dlms::system_test {
namespace {

using V = std::vector<std::string>;

TEST(CsvFields, PlainQuotedAndEmptyFields) {
  EXPECT_EQ(split_csv_line("a,b,c"), (V{"a", "b", "c"}));
  EXPECT_EQ(split_csv_line("2026-11-25T00:15:00,,1234\r"), (V{"2026-11-25T00:15:00", "", "1234"}));
  EXPECT_EQ(split_csv_line(R"("clock, time",x)"), (V{"clock, time", "x"}));
  EXPECT_EQ(split_csv_line(R"("say ""hi""",)"), (V{R"(say "hi")", ""}));
  EXPECT_EQ(split_csv_line(""), (V{""}));
}

}  // namespace
}  // namespace dlms::system_test
