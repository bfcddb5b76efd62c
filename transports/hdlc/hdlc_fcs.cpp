#include "transports/hdlc/hdlc_fcs.hpp"

#include <array>

namespace dlms::hdlc {
namespace {

// Table-driven, four octets a step ("slicing by 4", 2 KiB of tables): table[0] is the classic
// reflected table for 0x8408, table[k][i] is table[0] advanced k more octets of zeros.
using Tables = std::array<std::array<std::uint16_t, 256>, 4>;

constexpr Tables make_tables() noexcept {
  Tables t{};
  for (unsigned i = 0; i < 256; ++i) {
    unsigned v = i;
    for (int bit = 0; bit < 8; ++bit) {
      v = (v & 1U) != 0 ? (v >> 1U) ^ 0x8408U : v >> 1U;
    }
    t[0][i] = static_cast<std::uint16_t>(v);
  }
  for (std::size_t k = 1; k < t.size(); ++k) {
    for (unsigned i = 0; i < 256; ++i) {
      const unsigned prev = t[k - 1][i];
      t[k][i] = static_cast<std::uint16_t>((prev >> 8U) ^ t[0][prev & 0xFFU]);
    }
  }
  return t;
}

constexpr Tables kTables = make_tables();

}  // namespace

std::uint16_t fcs16_update(std::uint16_t state, ByteSpan data) noexcept {
  unsigned crc = state;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n >= 4) {
    const unsigned x = crc ^ (p[0] | (static_cast<unsigned>(p[1]) << 8U));
    crc = kTables[3][x & 0xFFU] ^ kTables[2][x >> 8U] ^ kTables[1][p[2]] ^ kTables[0][p[3]];
    p += 4;
    n -= 4;
  }
  while (n-- != 0) {
    crc = (crc >> 8U) ^ kTables[0][(crc ^ *p++) & 0xFFU];
  }
  return static_cast<std::uint16_t>(crc);
}

}  // namespace dlms::hdlc
