#include "stack/codec/ber_writer.hpp"

#include <algorithm>

namespace dlms::codec::ber {
namespace {

void mark_overflow(ByteWriter& out) noexcept { (void)out.reserve(out.remaining() + 1); }

// True if `length` exceeds 0xFFFFFFFF (never on 32-bit targets; written so that no compiler
// warns about a comparison that is always false there).
constexpr bool needs_more_than_four_octets(std::size_t length) noexcept {
  return ((length >> 16U) >> 16U) != 0;
}

}  // namespace

void write_tag(ByteWriter& out, const Tag& tag) noexcept {
  if (tag.number > kMaxTagNumber) {
    mark_overflow(out);
    return;
  }
  const auto first =
      static_cast<std::uint8_t>((static_cast<unsigned>(tag.cls) << 6U) | (tag.constructed ? 0x20U : 0U));
  if (tag.number < 31) {
    out.u8(static_cast<std::uint8_t>(first | tag.number));
    return;
  }
  const std::size_t size = tag_size(tag);
  std::uint8_t* p = out.reserve(size);
  if (p == nullptr) {
    return;
  }
  p[0] = static_cast<std::uint8_t>(first | 0x1FU);
  std::uint32_t v = tag.number;
  for (std::size_t i = size - 1; i > 0; --i) {
    p[i] = static_cast<std::uint8_t>((v & 0x7FU) | (i == size - 1 ? 0U : 0x80U));
    v >>= 7U;
  }
}

void write_length(ByteWriter& out, std::size_t length) noexcept {
  if (needs_more_than_four_octets(length)) {
    mark_overflow(out);
    return;
  }
  const std::size_t size = length_size(length);
  std::uint8_t* p = out.reserve(size);
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

void write_tlv(ByteWriter& out, const Tag& tag, ByteSpan contents) noexcept {
  write_tag(out, tag);
  write_length(out, contents.size());
  out.bytes(contents);
}

void write_integer(ByteWriter& out, const Tag& tag, std::int64_t value) noexcept {
  std::uint8_t bytes[8];
  const auto u = static_cast<std::uint64_t>(value);
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[i] = static_cast<std::uint8_t>(u >> (56U - 8U * i));
  }
  std::size_t first = 0;
  // Drop leading octets while the first nine bits are all equal (X.690 8.3.2).
  while (first < 7 && ((bytes[first] == 0x00U && (bytes[first + 1] & 0x80U) == 0) ||
                       (bytes[first] == 0xFFU && (bytes[first + 1] & 0x80U) != 0))) {
    ++first;
  }
  write_tlv(out, tag, ByteSpan(bytes + first, 8 - first));
}

void write_bit_string(ByteWriter& out, const Tag& tag, const BitString& value) noexcept {
  write_tag(out, tag);
  write_length(out, value.bits.size() + 1);
  out.u8(value.unused_bits);
  out.bytes(value.bits);
}

Constructed open(ByteWriter& out, const Tag& tag) noexcept {
  write_tag(out, tag);
  out.u8(0);
  return Constructed{out.size(), out.ok()};
}

void close(ByteWriter& out, const Constructed& c) noexcept {
  if (!c.valid || !out.ok() || out.size() < c.contents_start) {
    return;
  }
  const std::size_t length = out.size() - c.contents_start;
  const std::size_t size = length_size(length);
  if (size == 1) {
    out.at(c.contents_start - 1) = static_cast<std::uint8_t>(length);
    return;
  }
  if (needs_more_than_four_octets(length) || out.reserve(size - 1) == nullptr) {
    mark_overflow(out);
    return;
  }
  // Move the contents up to make room for the long-form length octets.
  std::uint8_t* base = out.buffer().data();
  std::copy_backward(base + c.contents_start, base + c.contents_start + length,
                     base + c.contents_start + length + size - 1);
  std::uint8_t* p = base + c.contents_start - 1;
  p[0] = static_cast<std::uint8_t>(0x80U | (size - 1));
  std::size_t v = length;
  for (std::size_t i = size - 1; i > 0; --i) {
    p[i] = static_cast<std::uint8_t>(v & 0xFFU);
    v >>= 8U;
  }
}

}  // namespace dlms::codec::ber
