#pragma once
// Data: an owning COSEM data value (Blue Book "Data" CHOICE) as a tree, for tests, the
// translator and client applications. Not for request paths: it allocates. The hot paths use
// DataView (decode) and the axdr:: write functions (encode).
//
// Every value decoded from valid A-XDR encodes back to exactly the same bytes: the boolean
// octet, bit-string padding bits, date/time octets (even with out-of-range fields) and
// compact-array contents are kept as they came.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stack/codec/cosem_date_time.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::codec {

class Data {
 public:
  Data() = default;  // null-data

  static Data null_data() { return {}; }
  static Data dont_care() { return Data(DataType::dont_care); }
  static Data array(std::vector<Data> elements);
  static Data structure(std::vector<Data> elements);
  static Data boolean(bool v) { return scalar(DataType::boolean, v ? 1 : 0); }
  // bytes.size() must be ceil(bit_count / 8); otherwise encode() fails.
  static Data bit_string(std::vector<std::uint8_t> bytes, std::size_t bit_count);
  static Data double_long(std::int32_t v) {
    return scalar(DataType::double_long, static_cast<std::uint32_t>(v));
  }
  static Data double_long_unsigned(std::uint32_t v) { return scalar(DataType::double_long_unsigned, v); }
  static Data octet_string(std::vector<std::uint8_t> bytes);
  static Data octet_string(ByteSpan bytes) {
    return octet_string(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  static Data visible_string(std::string_view s);
  static Data utf8_string(std::string_view s);
  static Data bcd(std::uint8_t v) { return scalar(DataType::bcd, v); }
  static Data integer(std::int8_t v) { return scalar(DataType::integer, static_cast<std::uint8_t>(v)); }
  static Data long_(std::int16_t v) { return scalar(DataType::long_, static_cast<std::uint16_t>(v)); }
  static Data unsigned_(std::uint8_t v) { return scalar(DataType::unsigned_, v); }
  static Data long_unsigned(std::uint16_t v) { return scalar(DataType::long_unsigned, v); }
  static Data long64(std::int64_t v) { return scalar(DataType::long64, static_cast<std::uint64_t>(v)); }
  static Data long64_unsigned(std::uint64_t v) { return scalar(DataType::long64_unsigned, v); }
  static Data enum_(std::uint8_t v) { return scalar(DataType::enum_, v); }
  static Data float32(float v);
  static Data float64(double v);
  static Data date_time(const CosemDateTime& t);
  static Data date(const CosemDate& d);
  static Data time(const CosemTime& t);
  // A compact-array from a TypeDescription and its untagged array-contents. encode() writes
  // them as given; decode() of the result validates them.
  static Data compact_array(std::vector<std::uint8_t> type_description, std::vector<std::uint8_t> contents);

  [[nodiscard]] DataType type() const noexcept { return type_; }

  // array / structure elements.
  [[nodiscard]] const std::vector<Data>& elements() const noexcept { return elements_; }
  [[nodiscard]] std::vector<Data>& elements() noexcept { return elements_; }
  // Octets of octet-string, visible-string, utf8-string, bit-string, date-time, date, time,
  // and the array-contents of a compact-array.
  [[nodiscard]] const std::vector<std::uint8_t>& octets() const noexcept { return bytes_; }
  [[nodiscard]] std::string_view string() const noexcept {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }
  [[nodiscard]] std::size_t bit_count() const noexcept { return bit_count_; }
  [[nodiscard]] const std::vector<std::uint8_t>& type_description() const noexcept { return description_; }

  // Fixed-size scalars: the value octets as a big-endian unsigned number (boolean: its octet;
  // float32/float64: the IEEE 754 bits).
  [[nodiscard]] std::uint64_t raw() const noexcept { return scalar_; }
  [[nodiscard]] bool as_bool() const noexcept { return scalar_ != 0; }
  [[nodiscard]] std::int64_t as_int64() const noexcept;    // signed integer types, sign-extended
  [[nodiscard]] std::uint64_t as_uint64() const noexcept;  // unsigned types (no sign extension)
  [[nodiscard]] double as_double() const noexcept;         // float32 / float64
  [[nodiscard]] Result<CosemDateTime> as_date_time() const noexcept;
  [[nodiscard]] Result<CosemDate> as_date() const noexcept;
  [[nodiscard]] Result<CosemTime> as_time() const noexcept;

  // The owning copy of a validated view.
  static Result<Data> decode(const DataView& view);
  // Validates `bytes` as exactly one Data and decodes it.
  static Result<Data> decode(ByteSpan bytes, const Limits& limits = kDefaultLimits);

  // Encodes into w; codec_errc::buffer_too_small if it does not fit (w is then overflowed).
  Status encode(ByteWriter& w) const;
  [[nodiscard]] std::vector<std::uint8_t> encode() const;
  [[nodiscard]] std::size_t encoded_size() const noexcept;

  friend bool operator==(const Data& a, const Data& b) noexcept;

 private:
  explicit Data(DataType t) noexcept : type_(t) {}
  static Data scalar(DataType t, std::uint64_t v) {
    Data d(t);
    d.scalar_ = v;
    return d;
  }
  void encode_into(ByteWriter& w) const noexcept;

  DataType type_ = DataType::null_data;
  std::uint64_t scalar_ = 0;
  std::size_t bit_count_ = 0;
  std::vector<std::uint8_t> bytes_;
  std::vector<std::uint8_t> description_;
  std::vector<Data> elements_;
};

}  // namespace dlms::codec
