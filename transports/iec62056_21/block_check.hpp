#pragma once
// Block check character (IEC 62056-21 clause 6, calculation of the block check character): the XOR of every
// byte after the first SOH or STX up to and including the ETX (or EOT) that ends the block.

#include <cstdint>

#include "stack/core/bytes.hpp"

namespace dlms::iec62056_21 {

constexpr std::uint8_t block_check(ByteSpan bytes) noexcept {
  std::uint8_t bcc = 0;
  for (std::uint8_t b : bytes) {
    bcc = static_cast<std::uint8_t>(bcc ^ b);
  }
  return bcc;
}

}  // namespace dlms::iec62056_21
