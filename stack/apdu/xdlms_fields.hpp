#pragma once
// Field codecs shared by the xDLMS APDUs (Green Book, IEC 62056-5-3 clause 9.5, A-XDR encoding
// of the xDLMS ASN.1 after IEC 61334-6): fixed-size integers, BOOLEAN, OPTIONAL presence
// flags, OCTET STRING (length + contents) and Data. Readers return an empty std::error_code on
// success; on failure the reader stays at the faulty field. Writers rely on ByteWriter's
// sticky overflow flag, checked once by finish().

#include <cstddef>
#include <cstdint>
#include <system_error>

#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/axdr_length.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu::detail {

[[nodiscard]] inline std::error_code read_u8(ByteReader& in, std::uint8_t& v) noexcept {
  return in.u8(v) ? std::error_code() : make_error_code(xdlms_errc::truncated);
}
[[nodiscard]] inline std::error_code read_i8(ByteReader& in, std::int8_t& v) noexcept {
  std::uint8_t u = 0;
  if (!in.u8(u)) {
    return make_error_code(xdlms_errc::truncated);
  }
  v = static_cast<std::int8_t>(u);
  return {};
}
[[nodiscard]] inline std::error_code read_u16(ByteReader& in, std::uint16_t& v) noexcept {
  return in.u16(v) ? std::error_code() : make_error_code(xdlms_errc::truncated);
}
[[nodiscard]] inline std::error_code read_u32(ByteReader& in, std::uint32_t& v) noexcept {
  return in.u32(v) ? std::error_code() : make_error_code(xdlms_errc::truncated);
}

// A-XDR BOOLEAN: one octet. Only 0x00 and 0x01 are accepted so that every decoded APDU
// re-encodes to the same bytes.
[[nodiscard]] inline std::error_code read_boolean(ByteReader& in, bool& v) noexcept {
  std::uint8_t u = 0;
  if (!in.peek_u8(u)) {
    return make_error_code(xdlms_errc::truncated);
  }
  if (u > 1) {
    return make_error_code(xdlms_errc::invalid_field);
  }
  (void)in.skip(1);
  v = u != 0;
  return {};
}

// A CHOICE tag naming one of the alternatives 0..last: unknown_choice for any other (the
// reader then stays on the tag).
[[nodiscard]] inline std::error_code read_choice_tag(ByteReader& in, std::uint8_t last,
                                                     std::uint8_t& choice) noexcept {
  if (!in.peek_u8(choice)) {
    return make_error_code(xdlms_errc::truncated);
  }
  if (choice > last) {
    return make_error_code(xdlms_errc::unknown_choice);
  }
  (void)in.skip(1);
  return {};
}

// A-XDR OPTIONAL / DEFAULT presence flag: 0x00 absent, 0x01 present.
[[nodiscard]] inline std::error_code read_presence(ByteReader& in, bool& present) noexcept {
  return read_boolean(in, present);
}

// A-XDR length or SEQUENCE OF count (canonical form, codec::axdr::decode_length).
[[nodiscard]] inline std::error_code read_length(ByteReader& in, std::size_t& n) noexcept {
  const ByteSpan rest = in.rest();
  std::uint32_t v = 0;
  codec::codec_errc error{};
  const std::uint8_t* end = rest.data() + rest.size();
  const std::uint8_t* p = codec::axdr::decode_length(rest.data(), end, v, error);
  if (p == nullptr) {
    if (error == codec::codec_errc::truncated) {
      return make_error_code(xdlms_errc::truncated);
    }
    return make_error_code(error);
  }
  (void)in.skip(static_cast<std::size_t>(p - rest.data()));
  n = v;
  return {};
}

// A SEQUENCE OF count, bounded by Limits::max_list_items.
[[nodiscard]] inline std::error_code read_count(ByteReader& in, const codec::Limits& limits,
                                                std::size_t& n) noexcept {
  const std::size_t start = in.offset();
  if (auto ec = read_length(in, n)) {
    return ec;
  }
  if (n > limits.max_list_items) {
    ByteReader back(in.whole());
    (void)back.skip(start);
    in = back;
    return make_error_code(xdlms_errc::list_too_long);
  }
  return {};
}

// OCTET STRING: A-XDR length, then the contents (returned as a view).
[[nodiscard]] inline std::error_code read_octet_string(ByteReader& in, ByteSpan& out) noexcept {
  const std::size_t start = in.offset();
  std::size_t n = 0;
  if (auto ec = read_length(in, n)) {
    return ec;
  }
  if (!in.bytes(n, out)) {
    ByteReader back(in.whole());
    (void)back.skip(start);
    in = back;
    return make_error_code(codec::codec_errc::length_past_end);
  }
  return {};
}

// One complete Data value (validated by codec::read_data).
[[nodiscard]] inline std::error_code read_data(ByteReader& in, const codec::Limits& limits,
                                               codec::DataView& out) noexcept {
  if (in.empty()) {
    return make_error_code(xdlms_errc::truncated);
  }
  auto r = codec::read_data(in, limits);
  if (!r) {
    return r.error();
  }
  out = *r;
  return {};
}

inline void write_octet_string(ByteWriter& out, ByteSpan bytes) noexcept {
  codec::axdr::write_length(out, bytes.size());
  out.bytes(bytes);
}

// Data fields hold validated views; an empty (default) view has no encoding.
[[nodiscard]] inline std::error_code write_data(ByteWriter& out, const codec::DataView& data) noexcept {
  if (data.empty()) {
    return make_error_code(xdlms_errc::invalid_field);
  }
  out.bytes(data.encoded());
  return {};
}

[[nodiscard]] inline std::error_code finish(const ByteWriter& out) noexcept {
  return out.ok() ? std::error_code() : make_error_code(xdlms_errc::buffer_too_small);
}

}  // namespace dlms::apdu::detail
