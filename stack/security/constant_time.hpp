#pragma once
// Comparisons of secrets (passwords, tags, HLS answers) whose time does not depend on where
// the inputs differ.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"

namespace dlms::security {

// True iff a and b have the same length and contents. The time depends on the lengths only
// (it walks max(a.size(), b.size()) octets), never on the contents.
[[nodiscard]] inline bool constant_time_equal(ByteSpan a, ByteSpan b) noexcept {
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t x = i < a.size() ? a[i] : 0;
    const std::uint8_t y = i < b.size() ? b[i] : 0;
    diff |= static_cast<unsigned>(x ^ y);
  }
  // Keep the compiler from turning the loop into an early exit.
  volatile unsigned sink = diff;
  return sink == 0;
}

// Overwrites a buffer that held a secret or unauthenticated plaintext.
inline void secure_wipe(MutableByteSpan bytes) noexcept {
  volatile std::uint8_t* p = bytes.data();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    p[i] = 0;
  }
}

}  // namespace dlms::security
