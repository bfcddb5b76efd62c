// Runs a fuzz target's LLVMFuzzerTestOneInput over files or directories of inputs without
// libFuzzer: replays a corpus in the g++ build and reproduces a crash from its file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) {
          count += replay_file(entry.path());
        }
      }
    } else if (std::filesystem::exists(arg)) {
      count += replay_file(arg);
    } else {
      std::cerr << "no such input: " << arg << '\n';
      return 2;
    }
  }
  // An empty input is always replayed too, so a target with no seeds still runs once.
  LLVMFuzzerTestOneInput(nullptr, 0);
  std::cout << "replayed " << count << " inputs\n";
  return 0;
}
