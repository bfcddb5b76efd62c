#pragma once
// HCS and FCS of IEC 62056-46 (Green Book 8.4.1.4): CRC-16/X.25, the ISO/IEC 13239 16-bit
// FCS. Polynomial x^16 + x^12 + x^5 + 1 (0x1021) processed LSB first (reflected 0x8408),
// initial value 0xFFFF, final one's complement; the two octets go on the wire low octet first.
// Check value: CRC-16/X-25 of "123456789" is 0x906E.

#include <cstdint>

#include "stack/core/bytes.hpp"

namespace dlms::hdlc {

inline constexpr std::uint16_t kFcsInit = 0xFFFF;
// The register after running a correct frame including its (complemented) FCS: 0xF0B8
// (ISO/IEC 13239 "good FCS" remainder).
inline constexpr std::uint16_t kFcsGoodRemainder = 0xF0B8;

// Runs the CRC register (uncomplemented) over `data`, starting from `state`.
std::uint16_t fcs16_update(std::uint16_t state, ByteSpan data) noexcept;

// The FCS value to transmit for `data` (already complemented): low octet first on the wire.
inline std::uint16_t fcs16(ByteSpan data) noexcept {
  return static_cast<std::uint16_t>(fcs16_update(kFcsInit, data) ^ 0xFFFFU);
}

}  // namespace dlms::hdlc
