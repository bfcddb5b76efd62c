#pragma once
// Bounded BER (ITU-T X.690) decoding over a ByteReader: identifier octets, definite lengths,
// TLVs and the primitive contents ACSE uses (INTEGER, BIT STRING, OBJECT IDENTIFIER).
//
// What is accepted (and why):
//   - identifier octets in the low form (tag numbers 0..30) or the high form with at most four
//     subsequent octets; a high form for a number below 31 or with a leading 0x80 octet is
//     rejected (X.690 8.1.2.4.2), so every tag has one encoding;
//   - definite lengths in the short form or the long form with 1..4 length octets (X.690
//     8.1.3.4/8.1.3.5; BER allows a long form where the short one fits, so we do too); the
//     indefinite form (0x80), 0xFF and more than four length octets are bad_length_encoding;
//   - a length larger than the bytes left is length_past_end; input that ends inside an
//     identifier or a length is truncated.
// Every read is bounded by the reader; nothing allocates. On failure the reader is left where
// the fault is (identifier or length start), so callers can report the byte offset.

#include <cstddef>
#include <cstdint>

#include "stack/codec/ber_tag.hpp"
#include "stack/codec/codec_error.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::codec::ber {

struct Header {
  Tag tag;
  std::size_t length = 0;  // contents octets; always <= the bytes left after the header
};

// One TLV: its tag, its contents (a view into the input) and where it started.
struct Tlv {
  Tag tag;
  ByteSpan contents;
  std::size_t offset = 0;  // offset of the identifier octet in the reader
};

// A BIT STRING's contents (X.690 8.6.2): the count of unused bits in the last octet (0..7;
// 0 when there are no octets) and the octets holding the bits, bit 0 first (MSB).
struct BitString {
  std::uint8_t unused_bits = 0;
  ByteSpan bits;

  // True if named bit `n` is present and set.
  [[nodiscard]] constexpr bool test(std::size_t n) const noexcept {
    if (n / 8 >= bits.size() || n >= bits.size() * 8 - unused_bits) {
      return false;
    }
    return (bits[n / 8] & (0x80U >> (n % 8))) != 0;
  }
};

Result<Tag> read_tag(ByteReader& in) noexcept;
Result<std::size_t> read_length(ByteReader& in) noexcept;
// Identifier and length; the length is checked against the bytes left.
Result<Header> read_header(ByteReader& in) noexcept;
// A whole TLV, contents consumed.
Result<Tlv> read_tlv(ByteReader& in) noexcept;
// A whole TLV whose tag must be `expected` (else unexpected_tag, reader at the identifier).
Result<ByteSpan> read_expected(ByteReader& in, const Tag& expected) noexcept;
// The tag of the next TLV without consuming anything.
Result<Tag> peek_tag(const ByteReader& in) noexcept;

// INTEGER contents (X.690 8.3): 1..8 octets, two's complement, minimal (the first nine bits
// not all equal); else invalid_value (empty) or unsupported (more than 8 octets).
Result<std::int64_t> decode_integer(ByteSpan contents) noexcept;
// BIT STRING contents in the primitive form (X.690 8.6.2).
Result<BitString> decode_bit_string(ByteSpan contents) noexcept;
// OBJECT IDENTIFIER contents (X.690 8.19): at least one subidentifier, none starting with
// 0x80, the last octet without the continuation bit.
Status validate_object_identifier(ByteSpan contents) noexcept;

}  // namespace dlms::codec::ber
