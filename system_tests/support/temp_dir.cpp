#include "system_tests/support/temp_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

namespace dlms::system_test {

TempDir::TempDir(std::string_view prefix) {
  const char* tmp = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): read before threads start
  std::string pattern = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  pattern += '/';
  pattern += prefix;
  pattern += "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  const char* keep = std::getenv("SYSTEM_TESTS_KEEP_DIRS");  // NOLINT(concurrency-mt-unsafe)
  if (keep != nullptr && std::string_view(keep) == "1") return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace dlms::system_test
