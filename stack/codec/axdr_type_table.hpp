#pragma once
// Per-tag shape of the A-XDR encoding of each COSEM data type (Blue Book "Data" CHOICE, tags
// in data_type.hpp), and the in-place walkers over already-validated bytes that DataView uses.
// A fixed-size type is skipped by one table lookup; only strings, bit-strings, arrays,
// structures and compact-arrays look at their length or count fields.

#include <array>
#include <cstddef>
#include <cstdint>

namespace dlms::codec::axdr {

// Table values: 0..12 = fixed number of value octets after the tag.
inline constexpr std::uint8_t kStringShape = 0x40;     // length, then that many octets
inline constexpr std::uint8_t kBitStringShape = 0x41;  // length in bits, then ceil(bits / 8) octets
inline constexpr std::uint8_t kContainerShape = 0x42;  // array / structure: count, then elements
inline constexpr std::uint8_t kCompactShape = 0x43;    // compact-array
inline constexpr std::uint8_t kUnknownShape = 0xFF;    // not a Data tag
inline constexpr std::uint8_t kMaxFixedSize = 12;

inline constexpr std::array<std::uint8_t, 256> kShape = [] {
  std::array<std::uint8_t, 256> t{};
  for (auto& x : t) {
    x = kUnknownShape;
  }
  t[0] = 0;                // null-data
  t[1] = kContainerShape;  // array
  t[2] = kContainerShape;  // structure
  t[3] = 1;                // boolean
  t[4] = kBitStringShape;  // bit-string
  t[5] = 4;                // double-long
  t[6] = 4;                // double-long-unsigned
  t[9] = kStringShape;     // octet-string
  t[10] = kStringShape;    // visible-string
  t[12] = kStringShape;    // utf8-string
  t[13] = 1;               // bcd
  t[15] = 1;               // integer
  t[16] = 2;               // long
  t[17] = 1;               // unsigned
  t[18] = 2;               // long-unsigned
  t[19] = kCompactShape;   // compact-array
  t[20] = 8;               // long64
  t[21] = 8;               // long64-unsigned
  t[22] = 1;               // enum
  t[23] = 4;               // float32
  t[24] = 8;               // float64
  t[25] = 12;              // date-time
  t[26] = 5;               // date
  t[27] = 4;               // time
  t[255] = 0;              // dont-care
  return t;
}();

template <class U>
[[nodiscard]] inline U load_be(const std::uint8_t* p) noexcept {
  U v = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i) {
    v = static_cast<U>((v << 8U) | p[i]);
  }
  return v;
}

// Reads a length field known to be valid; returns the position after it.
[[nodiscard]] inline const std::uint8_t* read_length_validated(const std::uint8_t* p,
                                                               std::uint32_t& out) noexcept {
  const std::uint8_t first = *p;
  if (first < 0x80U) {
    out = first;
    return p + 1;
  }
  const unsigned n = first & 0x7FU;
  std::uint32_t v = 0;
  for (unsigned i = 1; i <= n; ++i) {
    v = (v << 8U) | p[i];
  }
  out = v;
  return p + 1 + n;
}

// Skips a validated TypeDescription; returns the position after it.
[[nodiscard]] inline const std::uint8_t* skip_type_description(const std::uint8_t* p) noexcept {
  std::uint64_t left = 1;
  while (left != 0) {
    --left;
    const std::uint8_t tag = *p++;
    if (tag == 1) {  // array: number-of-elements Unsigned16, then one TypeDescription
      p += 2;
      ++left;
    } else if (tag == 2) {  // structure: SEQUENCE OF TypeDescription
      std::uint32_t n = 0;
      p = read_length_validated(p, n);
      left += n;
    }
  }
  return p;
}

// Skips one validated Data (tag first); returns the position after it. One counter of pending
// elements replaces recursion.
[[nodiscard]] inline const std::uint8_t* skip_validated(const std::uint8_t* p) noexcept {
  std::uint64_t left = 1;
  std::uint8_t run_tag = 0xFE;  // not a Data tag
  std::size_t run_step = 0;
  while (left != 0) {
    --left;
    // A repeat of the previous fixed-size tag reuses its step (no wait on the table lookup).
    const std::uint8_t tag = *p;
    if (__builtin_expect(tag == run_tag, 1)) {
      p += run_step;
      continue;
    }
    const std::uint8_t shape = kShape[tag];
    if (shape <= kMaxFixedSize) {
      run_tag = tag;
      run_step = 1U + shape;
      p += run_step;
      continue;
    }
    ++p;
    std::uint32_t n = 0;
    switch (shape) {
      case kStringShape:
        p = read_length_validated(p, n);
        p += n;
        break;
      case kBitStringShape:
        p = read_length_validated(p, n);
        p += (static_cast<std::uint64_t>(n) + 7) / 8;
        break;
      case kContainerShape:
        p = read_length_validated(p, n);
        left += n;
        break;
      default:  // kCompactShape
        p = skip_type_description(p);
        p = read_length_validated(p, n);
        p += n;
        break;
    }
  }
  return p;
}

}  // namespace dlms::codec::axdr
