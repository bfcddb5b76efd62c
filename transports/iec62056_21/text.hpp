#pragma once
// Bytes <-> characters of the 7-bit IEC 62056-21 messages (internal helpers).

#include <string_view>

#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::iec62056_21::detail {

inline std::string_view as_text(ByteSpan b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

inline void put_text(ByteWriter& w, std::string_view s) noexcept {
  w.bytes(ByteSpan(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
// Printable 7-bit character.
constexpr bool is_printable(char c) noexcept { return c >= 0x20 && c < 0x7F; }

}  // namespace dlms::iec62056_21::detail
