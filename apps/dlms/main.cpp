// dlms: the DLMS/COSEM client command line (see apps/dlms/cli.hpp).
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "apps/dlms/cli.hpp"

int main(int argc, char** argv) {
  try {
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> args(argv + 1, argv + argc);
    return dlms::cli::run(args, std::cout, std::cerr, dlms::cli::process_environment());
  } catch (const std::exception& e) {
    std::cerr << "dlms: " << e.what() << '\n';
    return 2;
  }
}
