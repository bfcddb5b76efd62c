#pragma once
// The xDLMS conformance block (Green Book, DLMS UA 1000-2, "Conformance ::= [APPLICATION 31]
// IMPLICIT BIT STRING (SIZE(24))"): the services a client proposes in its InitiateRequest and
// the server grants in its InitiateResponse. Bit n is BIT STRING bit n, i.e. bit 0 is the most
// significant bit of the first of the three octets.
//
// On the wire it is BER inside the A-XDR Initiate APDUs: 5F 1F (APPLICATION 31, high tag form)
// 04 (length) 00 (no unused bits) and the three octets, e.g. 5F 1F 04 00 00 7E 1F.

#include <cstddef>
#include <cstdint>

#include "stack/codec/codec_error.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

// Named bits (Green Book, xDLMS ASN.1 "Conformance"; bit 6 was reserved-six before
// delta-value-encoding was defined).
enum class ConformanceBit : std::uint8_t {
  reserved_zero = 0,
  general_protection = 1,
  general_block_transfer = 2,
  read = 3,
  write = 4,
  unconfirmed_write = 5,
  delta_value_encoding = 6,
  reserved_seven = 7,
  attribute0_supported_with_set = 8,
  priority_mgmt_supported = 9,
  attribute0_supported_with_get = 10,
  block_transfer_with_get_or_read = 11,
  block_transfer_with_set_or_write = 12,
  block_transfer_with_action = 13,
  multiple_references = 14,
  information_report = 15,
  data_notification = 16,
  access = 17,
  parameterized_access = 18,
  get = 19,
  set = 20,
  selective_access = 21,
  event_notification = 22,
  action = 23,
};

class ConformanceBlock {
 public:
  constexpr ConformanceBlock() noexcept = default;
  // The 24 bits as the integer the three octets form (bit 0 = 0x800000).
  static constexpr ConformanceBlock from_u32(std::uint32_t value) noexcept {
    ConformanceBlock c;
    c.value_ = value & 0xFFFFFFU;
    return c;
  }
  [[nodiscard]] constexpr std::uint32_t to_u32() const noexcept { return value_; }

  [[nodiscard]] static constexpr std::uint32_t mask(ConformanceBit bit) noexcept {
    return 0x800000U >> static_cast<unsigned>(bit);
  }
  [[nodiscard]] constexpr bool has(ConformanceBit bit) const noexcept { return (value_ & mask(bit)) != 0; }
  constexpr ConformanceBlock& set(ConformanceBit bit, bool on = true) noexcept {
    value_ = on ? (value_ | mask(bit)) : (value_ & ~mask(bit));
    return *this;
  }
  // What both sides support (the server's negotiated block is the intersection).
  [[nodiscard]] friend constexpr ConformanceBlock operator&(ConformanceBlock a, ConformanceBlock b) noexcept {
    return from_u32(a.value_ & b.value_);
  }
  [[nodiscard]] friend constexpr ConformanceBlock operator|(ConformanceBlock a, ConformanceBlock b) noexcept {
    return from_u32(a.value_ | b.value_);
  }
  friend constexpr bool operator==(ConformanceBlock, ConformanceBlock) = default;

  // Octets of the BER encoding: tag 5F 1F, length 04, unused bits 00, three octets.
  static constexpr std::size_t kEncodedSize = 7;

  // Reads the BER-encoded block. The tag must be 5F 1F and the contents exactly four octets
  // with no unused bits (SIZE(24)); anything else is unexpected_tag / invalid_value.
  static Result<ConformanceBlock> decode(ByteReader& in) noexcept {
    std::uint8_t b[3] = {};
    std::uint8_t t0 = 0;
    std::uint8_t t1 = 0;
    std::uint8_t len = 0;
    std::uint8_t unused = 0;
    if (!in.u8(t0) || !in.u8(t1)) {
      return codec::codec_errc::truncated;
    }
    if (t0 != 0x5FU || t1 != 0x1FU) {
      return codec::codec_errc::unexpected_tag;
    }
    if (!in.u8(len)) {
      return codec::codec_errc::truncated;
    }
    if (len != 4) {
      return codec::codec_errc::invalid_value;
    }
    if (!in.u8(unused) || !in.u8(b[0]) || !in.u8(b[1]) || !in.u8(b[2])) {
      return codec::codec_errc::truncated;
    }
    if (unused != 0) {
      return codec::codec_errc::invalid_value;
    }
    return from_u32((std::uint32_t{b[0]} << 16U) | (std::uint32_t{b[1]} << 8U) | b[2]);
  }

  void encode(ByteWriter& out) const noexcept {
    if (std::uint8_t* p = out.reserve(kEncodedSize)) {
      p[0] = 0x5F;
      p[1] = 0x1F;
      p[2] = 0x04;
      p[3] = 0x00;
      p[4] = static_cast<std::uint8_t>(value_ >> 16U);
      p[5] = static_cast<std::uint8_t>(value_ >> 8U);
      p[6] = static_cast<std::uint8_t>(value_);
    }
  }

 private:
  std::uint32_t value_ = 0;
};

}  // namespace dlms::apdu
