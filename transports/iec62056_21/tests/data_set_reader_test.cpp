// DataSetReader over mode C readout data blocks (IEC 62056-21 6.5 data set structure).
#include "transports/iec62056_21/data_set_reader.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dlms::iec62056_21 {
namespace {

ByteSpan bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::vector<std::string> read_all(std::string_view block, std::error_code* ec = nullptr) {
  DataSetReader r(bytes(block));
  std::vector<std::string> out;
  DataSet d;
  while (r.next(d)) {
    out.push_back(std::string(d.address) + "|" + std::string(d.value) + "|" + std::string(d.unit));
  }
  if (ec != nullptr) {
    *ec = r.error();
  }
  return out;
}

TEST(DataSetReader, LinesUnitsAndSeveralDataSetsOnOneLine) {
  std::error_code ec;
  const auto sets =
      read_all("1.8.0(001234.5*kWh)\r\n0.9.1(123000)\r\nF.F(00)\r\n1.6.0(02.28*kW)(24-06-03 12:15)\r\n", &ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(sets, (std::vector<std::string>{"1.8.0|001234.5|kWh", "0.9.1|123000|", "F.F|00|",
                                            "1.6.0|02.28|kW", "|24-06-03 12:15|"}));
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\r\n\r\n").empty());
}

TEST(DataSetReader, MalformedDataSetsAreRefused) {
  for (std::string_view bad :
       {"1.8.0", "1.8.0(12", "1.8.0(12*kWh", "1.8.0(12*)", "1.8.0(1(2)", "1.8.0(12)\r", "1.8.0(12)\rX(1)",
        "1.8.0(12**kWh)", "a!b(1)", "12345678901234567(1)", "1.8.0(12*kWhkWhkWhkWhkWhkWh)", "1.8.0(1\x01)"}) {
    std::error_code ec;
    read_all(bad, &ec);
    EXPECT_EQ(ec, make_error_code(iec62056_21_errc::malformed_message)) << bad;
  }
  std::string value(DataSetReader::kMaxValue, '9');
  std::error_code ec;
  EXPECT_EQ(read_all("1(" + value + ")", &ec).size(), 1U);
  EXPECT_FALSE(ec);
  read_all("1(" + value + "9)", &ec);
  EXPECT_TRUE(ec);
}

TEST(DataSetReader, EveryTruncationEndsCleanly) {
  const std::string block = "1.8.0(001234.5*kWh)\r\n0.9.1(123000)(7)\r\n";
  for (std::size_t n = 0; n <= block.size(); ++n) {
    std::error_code ec;
    const auto sets = read_all(std::string_view(block).substr(0, n), &ec);
    EXPECT_LE(sets.size(), 3U);
  }
}

}  // namespace
}  // namespace dlms::iec62056_21
