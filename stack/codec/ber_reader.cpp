#include "stack/codec/ber_reader.hpp"

namespace dlms::codec::ber {
namespace {

// Moves `in` back to absolute offset `pos` (pos <= in.offset()).
void rewind_to(ByteReader& in, std::size_t pos) noexcept {
  ByteReader r(in.whole());
  (void)r.skip(pos);
  in = r;
}

}  // namespace

Result<Tag> read_tag(ByteReader& in) noexcept {
  const std::size_t start = in.offset();
  std::uint8_t first = 0;
  if (!in.u8(first)) {
    return codec_errc::truncated;
  }
  Tag tag;
  tag.cls = static_cast<TagClass>(first >> 6U);
  tag.constructed = (first & 0x20U) != 0;
  if ((first & 0x1FU) != 0x1FU) {
    tag.number = first & 0x1FU;
    return tag;
  }
  // High-tag-number form (X.690 8.1.2.4): base-128, bit 8 set on all but the last octet.
  std::uint32_t number = 0;
  for (std::size_t i = 0;; ++i) {
    std::uint8_t b = 0;
    if (!in.u8(b)) {
      rewind_to(in, start);
      return codec_errc::truncated;
    }
    if ((i == 0 && b == 0x80U) || i == 4) {
      rewind_to(in, start);
      return i == 4 ? codec_errc::unsupported : codec_errc::invalid_value;
    }
    number = (number << 7U) | (b & 0x7FU);
    if ((b & 0x80U) == 0) {
      break;
    }
  }
  if (number < 31) {  // must have used the low form
    rewind_to(in, start);
    return codec_errc::invalid_value;
  }
  tag.number = number;
  return tag;
}

Result<std::size_t> read_length(ByteReader& in) noexcept {
  const std::size_t start = in.offset();
  std::uint8_t first = 0;
  if (!in.u8(first)) {
    return codec_errc::truncated;
  }
  if (first < 0x80U) {
    return static_cast<std::size_t>(first);
  }
  const std::size_t n = first & 0x7FU;
  if (n == 0 || n > 4) {  // 0x80 indefinite form, 0xFF reserved, or more than 4 octets
    rewind_to(in, start);
    return codec_errc::bad_length_encoding;
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint8_t b = 0;
    if (!in.u8(b)) {
      rewind_to(in, start);
      return codec_errc::truncated;
    }
    length = (length << 8U) | b;
  }
  return length;
}

Result<Header> read_header(ByteReader& in) noexcept {
  const std::size_t start = in.offset();
  auto tag = read_tag(in);
  if (!tag) {
    return tag.error();
  }
  const std::size_t length_at = in.offset();
  auto length = read_length(in);
  if (!length) {
    if (length.error() == make_error_code(codec_errc::truncated)) {
      rewind_to(in, start);
    }
    return length.error();
  }
  if (*length > in.remaining()) {
    rewind_to(in, length_at);
    return codec_errc::length_past_end;
  }
  return Header{*tag, *length};
}

Result<Tlv> read_tlv(ByteReader& in) noexcept {
  const std::size_t start = in.offset();
  auto header = read_header(in);
  if (!header) {
    return header.error();
  }
  Tlv tlv;
  tlv.tag = header->tag;
  tlv.offset = start;
  (void)in.bytes(header->length, tlv.contents);  // read_header checked the length
  return tlv;
}

Result<ByteSpan> read_expected(ByteReader& in, const Tag& expected) noexcept {
  const std::size_t start = in.offset();
  auto tlv = read_tlv(in);
  if (!tlv) {
    return tlv.error();
  }
  if (!(tlv->tag == expected)) {
    rewind_to(in, start);
    return codec_errc::unexpected_tag;
  }
  return tlv->contents;
}

Result<Tag> peek_tag(const ByteReader& in) noexcept {
  ByteReader copy = in;
  return read_tag(copy);
}

Result<std::int64_t> decode_integer(ByteSpan contents) noexcept {
  if (contents.empty()) {
    return codec_errc::invalid_value;
  }
  if (contents.size() > 8) {
    return codec_errc::unsupported;
  }
  // X.690 8.3.2: the first nine bits shall not all be ones or all be zeros.
  if (contents.size() > 1 && ((contents[0] == 0x00U && (contents[1] & 0x80U) == 0) ||
                              (contents[0] == 0xFFU && (contents[1] & 0x80U) != 0))) {
    return codec_errc::invalid_value;
  }
  std::uint64_t v = (contents[0] & 0x80U) != 0 ? ~std::uint64_t{0} : 0;
  for (std::uint8_t b : contents) {
    v = (v << 8U) | b;
  }
  return static_cast<std::int64_t>(v);
}

Result<BitString> decode_bit_string(ByteSpan contents) noexcept {
  if (contents.empty() || contents[0] > 7 || (contents.size() == 1 && contents[0] != 0)) {
    return codec_errc::invalid_value;
  }
  return BitString{contents[0], contents.subspan(1)};
}

Status validate_object_identifier(ByteSpan contents) noexcept {
  if (contents.empty() || (contents.back() & 0x80U) != 0) {
    return codec_errc::invalid_value;
  }
  bool at_start = true;
  for (std::uint8_t b : contents) {
    if (at_start && b == 0x80U) {  // X.690 8.19.2: subidentifiers use the fewest octets
      return codec_errc::invalid_value;
    }
    at_start = (b & 0x80U) == 0;
  }
  return ok();
}

}  // namespace dlms::codec::ber
