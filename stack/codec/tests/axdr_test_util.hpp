#pragma once
// Helpers shared by the A-XDR tests.

#include <cstdint>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"

namespace dlms::codec::test {

inline std::vector<std::uint8_t> hex(std::string_view text) {
  auto b = dlms::from_hex(text);
  EXPECT_TRUE(b.has_value()) << "bad hex in test: " << text;
  return b.value_or(std::vector<std::uint8_t>{});
}

}  // namespace dlms::codec::test
