#pragma once
// General-Block-Transfer [224] (Green Book xDLMS ASN.1, GBT mechanism):
//   General-Block-Transfer ::= SEQUENCE { block-control Block-Control, block-number Unsigned16,
//                                         block-number-ack Unsigned16, block-data OCTET STRING }
//   Block-Control ::= Unsigned8 -- bits 0-5 window, bit 6 streaming, bit 7 last-block

#include <cstdint>

#include "stack/apdu/choice.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct BlockControl {
  std::uint8_t value = 0;

  static constexpr BlockControl make(bool last_block, bool streaming, std::uint8_t window) noexcept {
    return {
        static_cast<std::uint8_t>((last_block ? 0x80U : 0U) | (streaming ? 0x40U : 0U) | (window & 0x3FU))};
  }
  [[nodiscard]] constexpr bool last_block() const noexcept { return (value & 0x80U) != 0; }
  [[nodiscard]] constexpr bool streaming() const noexcept { return (value & 0x40U) != 0; }
  [[nodiscard]] constexpr std::uint8_t window() const noexcept { return value & 0x3FU; }

  friend constexpr bool operator==(BlockControl, BlockControl) noexcept = default;
};

struct GeneralBlockTransfer {
  static constexpr std::uint8_t kTag = 0xE0;
  BlockControl block_control;
  std::uint16_t block_number = 0;
  std::uint16_t block_number_ack = 0;
  ByteSpan block_data;

  static Result<GeneralBlockTransfer> decode(ByteReader& in,
                                             const codec::Limits& /*limits*/ = codec::kDefaultLimits) {
    if (auto ec = detail::read_apdu_tag(in, kTag)) {
      return ec;
    }
    GeneralBlockTransfer r;
    if (auto ec = detail::read_u8(in, r.block_control.value)) {
      return ec;
    }
    if (auto ec = detail::read_u16(in, r.block_number)) {
      return ec;
    }
    if (auto ec = detail::read_u16(in, r.block_number_ack)) {
      return ec;
    }
    if (auto ec = detail::read_octet_string(in, r.block_data)) {
      return ec;
    }
    return r;
  }

  Status encode(ByteWriter& out) const {
    out.u8(kTag);
    out.u8(block_control.value);
    out.u16(block_number);
    out.u16(block_number_ack);
    detail::write_octet_string(out, block_data);
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
