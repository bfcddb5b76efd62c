#pragma once
// TempDir: a fresh directory per test (mkdtemp under $TMPDIR or /tmp), removed with everything
// in it when the test ends. Set SYSTEM_TESTS_KEEP_DIRS=1 to keep them for a post-mortem.

#include <filesystem>
#include <string_view>

namespace dlms::system_test {

class TempDir {
 public:
  // Throws std::runtime_error when the directory cannot be made.
  explicit TempDir(std::string_view prefix = "dlms-system-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace dlms::system_test
