#pragma once
// `dlms translate ...`: the dlms-translate command line (apps/dlms-translate/translate_cli.hpp)
// with its output on the given streams.

#include <ostream>
#include <string>
#include <vector>

namespace dlms::cli {

int run_translate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace dlms::cli
