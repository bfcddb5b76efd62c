// TempDir: a fresh directory per test, removed with its contents afterwards.
#include "system_tests/support/temp_dir.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace dlms::system_test {
namespace {

TEST(TempDir, IsFreshAndRemovedWithItsContents) {
  std::filesystem::path kept;
  {
    TempDir a("st-probe");
    TempDir b("st-probe");
    EXPECT_NE(a.path(), b.path());
    EXPECT_TRUE(std::filesystem::is_directory(a.path()));
    EXPECT_TRUE(std::filesystem::is_empty(a.path()));
    std::filesystem::create_directories(a / "data" / "deeper");
    std::ofstream(a / "data" / "store.db") << "x";
    kept = a.path();
  }
  EXPECT_FALSE(std::filesystem::exists(kept));
}

}  // namespace
}  // namespace dlms::system_test
