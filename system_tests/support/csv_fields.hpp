#pragma once
// split_csv_line: the fields of one CSV line (RFC 4180: fields in double quotes may hold commas,
// a doubled quote stands for one quote), as `dlms --format csv` writes its tables.

#include <string>
#include <string_view>
#include <vector>

namespace dlms::system_test {

std::vector<std::string> split_csv_line(std::string_view line);

}  // namespace dlms::system_test
