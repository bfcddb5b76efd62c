#pragma once
// BER (ITU-T X.690) encoding into a ByteWriter: identifier octets, definite lengths in their
// shortest form, primitive TLVs, and constructed TLVs whose length is back-patched once their
// contents are written (open()/close()). Errors follow ByteWriter: a write that does not fit
// sets the writer's sticky overflow flag; callers check ok() once at the end.

#include <cstddef>
#include <cstdint>

#include "stack/codec/ber_reader.hpp"
#include "stack/codec/ber_tag.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::codec::ber {

// Octets the length field of `length` takes (1 for 0..127, else 1 + 1..4).
[[nodiscard]] constexpr std::size_t length_size(std::size_t length) noexcept {
  std::size_t n = 1;
  if (length >= 0x80U) {
    for (std::size_t v = length; v != 0; v >>= 8U) {
      ++n;
    }
  }
  return n;
}

void write_tag(ByteWriter& out, const Tag& tag) noexcept;
// Lengths above 0xFFFFFFFF (more than four length octets) mark the writer overflowed.
void write_length(ByteWriter& out, std::size_t length) noexcept;
void write_tlv(ByteWriter& out, const Tag& tag, ByteSpan contents) noexcept;
// INTEGER in its minimal two's complement form (X.690 8.3).
void write_integer(ByteWriter& out, const Tag& tag, std::int64_t value) noexcept;
// BIT STRING, primitive form: unused-bits octet then the bits.
void write_bit_string(ByteWriter& out, const Tag& tag, const BitString& value) noexcept;

// A constructed TLV being written: open() writes the identifier and reserves one length
// octet; close() patches the length, moving the contents up if the long form is needed.
struct Constructed {
  std::size_t contents_start = 0;
  bool valid = false;
};
[[nodiscard]] Constructed open(ByteWriter& out, const Tag& tag) noexcept;
void close(ByteWriter& out, const Constructed& c) noexcept;

}  // namespace dlms::codec::ber
