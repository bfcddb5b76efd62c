#pragma once
// The dlms-translate command line as a function, shared by the dlms-translate program and the
// `dlms translate` subcommand (apps/dlms). It reads std::cin and writes std::cout / std::cerr.
// Returns the exit status: 0, 1 on bad input, 2 on usage errors.

namespace dlms::translate_app {

// argv[0] is the program name; `name` is what --help calls the program.
int run(int argc, const char* const* argv, const char* name);

}  // namespace dlms::translate_app
