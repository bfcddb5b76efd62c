#pragma once
// Helpers for the translator tests.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::translator::test {

inline Bytes bytes(std::string_view hex) {
  auto b = dlms::from_hex(hex);
  EXPECT_TRUE(b.has_value()) << hex;
  return b.value_or(Bytes{});
}

// Compact XML (no indentation), for exact comparisons.
inline Options compact() {
  Options o;
  o.indent = 0;
  return o;
}

}  // namespace dlms::translator::test
