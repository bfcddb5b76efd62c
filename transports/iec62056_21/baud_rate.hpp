#pragma once
// Baud rate characters of modes C and E (IEC 62056-21 6.3.2, baud rate identification): '0' 300, '1' 600,
// '2' 1200, '3' 2400, '4' 4800, '5' 9600, '6' 19200 Bd. The sign-on starts at 300 Bd.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace dlms::iec62056_21 {

inline constexpr std::uint32_t kInitialBaudRate = 300;

// 0 when `c` is not a mode C/E baud rate character.
constexpr std::uint32_t baud_rate_from_char(char c) noexcept {
  if (c < '0' || c > '6') {
    return 0;
  }
  return 300U << static_cast<unsigned>(c - '0');
}

// The character of an exact mode C/E baud rate, or '\0'.
constexpr char baud_char_from_rate(std::uint32_t baud) noexcept {
  for (char c = '0'; c <= '6'; ++c) {
    if (baud_rate_from_char(c) == baud) {
      return c;
    }
  }
  return '\0';
}

// Time to send `n` characters at `baud`: 10 bits each both in 7E1 (start, 7 data, parity,
// stop) and in 8N1. Rounded up to the millisecond.
constexpr std::chrono::milliseconds transmission_time(std::size_t n, std::uint32_t baud) noexcept {
  if (baud == 0) {
    return std::chrono::milliseconds(0);
  }
  const std::uint64_t bits = static_cast<std::uint64_t>(n) * 10U * 1000U;
  return std::chrono::milliseconds(static_cast<std::int64_t>((bits + baud - 1) / baud));
}

}  // namespace dlms::iec62056_21
