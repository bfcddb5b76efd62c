#pragma once
// A-XDR length and element-count fields (IEC 61334-6 A-XDR, as used by the Green Book for
// the variable-length COSEM data types and SEQUENCE OF): one octet 0..127 (short form), or
// 0x81..0x84 followed by 1..4 big-endian octets (long form). 0x80 (indefinite) and more than
// four length octets are rejected, and so is a long form where the short form fits or with
// leading zero octets: A-XDR encodings are canonical, so every value has exactly one encoding.

#include <cstddef>
#include <cstdint>

#include "stack/codec/codec_error.hpp"
#include "stack/core/byte_writer.hpp"

namespace dlms::codec::axdr {

// Decodes a length at [p, end). On success stores the value and returns the position after
// the length field; on failure returns nullptr and stores the error (p is then the fault).
inline const std::uint8_t* decode_length(const std::uint8_t* p, const std::uint8_t* end, std::uint32_t& out,
                                         codec_errc& error) noexcept {
  if (p == end) {
    error = codec_errc::truncated;
    return nullptr;
  }
  const std::uint8_t first = *p;
  if (first < 0x80U) {
    out = first;
    return p + 1;
  }
  const std::size_t n = first & 0x7FU;
  if (n == 0 || n > 4) {
    error = codec_errc::bad_length_encoding;
    return nullptr;
  }
  if (static_cast<std::size_t>(end - p) - 1 < n) {
    error = codec_errc::truncated;
    return nullptr;
  }
  std::uint32_t v = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    v = (v << 8U) | p[i];
  }
  // Canonical: no leading zero octet, and the long form only for values >= 128.
  if (p[1] == 0 || v < 0x80U) {
    error = codec_errc::bad_length_encoding;
    return nullptr;
  }
  out = v;
  return p + 1 + n;
}

// Octets the length field of `length` takes.
[[nodiscard]] constexpr std::size_t length_size(std::size_t length) noexcept {
  if (length < 0x80U) {
    return 1;
  }
  if (length <= 0xFFU) {
    return 2;
  }
  if (length <= 0xFFFFU) {
    return 3;
  }
  if (length <= 0xFFFFFFU) {
    return 4;
  }
  return 5;
}

// Writes `length` in its canonical form. Lengths above 0xFFFFFFFF cannot be encoded: the
// writer is then marked as overflowed.
constexpr void write_length(ByteWriter& w, std::size_t length) noexcept {
  if ((static_cast<std::uint64_t>(length) >> 32U) != 0) {  // only reachable with a 64-bit size_t
    w.reserve(w.remaining() + 1);                          // sets the sticky overflow flag
    return;
  }
  const std::size_t size = length_size(length);
  std::uint8_t* p = w.reserve(size);
  if (p == nullptr) {
    return;
  }
  if (size == 1) {
    p[0] = static_cast<std::uint8_t>(length);
    return;
  }
  p[0] = static_cast<std::uint8_t>(0x80U | (size - 1));
  for (std::size_t i = size - 1; i > 0; --i) {
    p[i] = static_cast<std::uint8_t>(length & 0xFFU);
    length >>= 8U;
  }
}

}  // namespace dlms::codec::axdr
