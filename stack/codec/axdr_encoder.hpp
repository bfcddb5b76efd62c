#pragma once
// A-XDR encoder of COSEM data (Blue Book "Data" CHOICE): each function writes one tagged
// value straight into the caller's ByteWriter. A write that does not fit sets the writer's
// sticky overflow flag; check ByteWriter::ok() once at the end. For an array or structure,
// begin_array / begin_structure write the tag and element count; the caller then writes
// exactly that many elements.

#include <cstdint>
#include <cstring>
#include <string_view>

#include "stack/codec/axdr_length.hpp"
#include "stack/codec/cosem_date_time.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::codec::axdr {

inline void write_tag(ByteWriter& w, DataType t) noexcept { w.u8(static_cast<std::uint8_t>(t)); }

inline void write_null_data(ByteWriter& w) noexcept { write_tag(w, DataType::null_data); }
inline void write_dont_care(ByteWriter& w) noexcept { write_tag(w, DataType::dont_care); }

inline void begin_array(ByteWriter& w, std::size_t count) noexcept {
  write_tag(w, DataType::array);
  write_length(w, count);
}
inline void begin_structure(ByteWriter& w, std::size_t count) noexcept {
  write_tag(w, DataType::structure);
  write_length(w, count);
}

inline void write_boolean(ByteWriter& w, bool v) noexcept {
  if (std::uint8_t* p = w.reserve(2)) {
    p[0] = static_cast<std::uint8_t>(DataType::boolean);
    p[1] = v ? 1 : 0;
  }
}

namespace detail {
template <class U>
inline void write_fixed(ByteWriter& w, DataType t, U v) noexcept {
  if (std::uint8_t* p = w.reserve(1 + sizeof(U))) {
    p[0] = static_cast<std::uint8_t>(t);
    for (std::size_t i = sizeof(U); i > 0; --i) {
      p[i] = static_cast<std::uint8_t>(v & 0xFFU);
      v = static_cast<U>(v >> 8U);
    }
  }
}
inline void write_counted(ByteWriter& w, DataType t, ByteSpan bytes) noexcept {
  write_tag(w, t);
  write_length(w, bytes.size());
  w.bytes(bytes);
}
}  // namespace detail

inline void write_integer(ByteWriter& w, std::int8_t v) noexcept {
  detail::write_fixed(w, DataType::integer, static_cast<std::uint8_t>(v));
}
inline void write_long(ByteWriter& w, std::int16_t v) noexcept {
  detail::write_fixed(w, DataType::long_, static_cast<std::uint16_t>(v));
}
inline void write_double_long(ByteWriter& w, std::int32_t v) noexcept {
  detail::write_fixed(w, DataType::double_long, static_cast<std::uint32_t>(v));
}
inline void write_long64(ByteWriter& w, std::int64_t v) noexcept {
  detail::write_fixed(w, DataType::long64, static_cast<std::uint64_t>(v));
}
inline void write_unsigned(ByteWriter& w, std::uint8_t v) noexcept {
  detail::write_fixed(w, DataType::unsigned_, v);
}
inline void write_long_unsigned(ByteWriter& w, std::uint16_t v) noexcept {
  detail::write_fixed(w, DataType::long_unsigned, v);
}
inline void write_double_long_unsigned(ByteWriter& w, std::uint32_t v) noexcept {
  detail::write_fixed(w, DataType::double_long_unsigned, v);
}
inline void write_long64_unsigned(ByteWriter& w, std::uint64_t v) noexcept {
  detail::write_fixed(w, DataType::long64_unsigned, v);
}
inline void write_enum(ByteWriter& w, std::uint8_t v) noexcept { detail::write_fixed(w, DataType::enum_, v); }
inline void write_bcd(ByteWriter& w, std::uint8_t v) noexcept { detail::write_fixed(w, DataType::bcd, v); }
inline void write_float32(ByteWriter& w, float v) noexcept {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  detail::write_fixed(w, DataType::float32, bits);
}
inline void write_float64(ByteWriter& w, double v) noexcept {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  detail::write_fixed(w, DataType::float64, bits);
}

inline void write_octet_string(ByteWriter& w, ByteSpan bytes) noexcept {
  detail::write_counted(w, DataType::octet_string, bytes);
}
inline void write_visible_string(ByteWriter& w, std::string_view s) noexcept {
  detail::write_counted(w, DataType::visible_string,
                        ByteSpan(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}
inline void write_utf8_string(ByteWriter& w, std::string_view s) noexcept {
  detail::write_counted(w, DataType::utf8_string,
                        ByteSpan(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}
// bit-string: the length field counts bits; `bytes` holds ceil(bit_count / 8) octets, first
// bit in the most significant bit (unused trailing bits should be 0).
inline void write_bit_string(ByteWriter& w, ByteSpan bytes, std::size_t bit_count) noexcept {
  if (bytes.size() != (bit_count + 7) / 8) {
    w.reserve(w.remaining() + 1);  // inconsistent arguments: mark the writer failed
    return;
  }
  write_tag(w, DataType::bit_string);
  write_length(w, bit_count);
  w.bytes(bytes);
}

// date-time [25], date [26], time [27].
inline void write_date_time(ByteWriter& w, const CosemDateTime& t) noexcept {
  write_tag(w, DataType::date_time);
  const auto o = t.encode();
  w.bytes(o);
}
inline void write_date(ByteWriter& w, const CosemDate& d) noexcept {
  write_tag(w, DataType::date);
  const auto o = d.encode();
  w.bytes(o);
}
inline void write_time(ByteWriter& w, const CosemTime& t) noexcept {
  write_tag(w, DataType::time);
  const auto o = t.encode();
  w.bytes(o);
}
// A date-time as the octet-string(12) most Blue Book attributes (Clock time, profile
// capture times) carry: 09 0C + 12 octets.
inline void write_date_time_octets(ByteWriter& w, const CosemDateTime& t) noexcept {
  const auto o = t.encode();
  write_octet_string(w, o);
}

// compact-array [19]: a validated TypeDescription and the untagged array-contents.
inline void write_compact_array(ByteWriter& w, ByteSpan type_description, ByteSpan contents) noexcept {
  write_tag(w, DataType::compact_array);
  w.bytes(type_description);
  write_length(w, contents.size());
  w.bytes(contents);
}

// A validated value, copied.
inline void write_data(ByteWriter& w, const DataView& v) noexcept { w.bytes(v.encoded()); }

}  // namespace dlms::codec::axdr
