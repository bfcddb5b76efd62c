// dlms: the DLMS/COSEM client command line (see apps/dlms/cli.hpp).
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "apps/dlms/cli.hpp"

int main(int argc, char** argv) {
  try {
    // std::cout stays synchronised with stdio: unsynchronised, libstdc++ gives each of the six
    // standard streams its own buffer (about 120 kB of heap); the table output is written in
    // large chunks anyway.
    const std::vector<std::string> args(argv + 1, argv + argc);
    return dlms::cli::run(args, std::cout, std::cerr, dlms::cli::process_environment());
  } catch (const std::exception& e) {
    std::cerr << "dlms: " << e.what() << '\n';
    return 2;
  }
}
