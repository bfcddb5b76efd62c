#pragma once
// DataView: one complete, validated A-XDR `Data` value (Blue Book data types), held as a view
// over its encoded bytes. APDUs carry Data as DataView, so decoding an APDU validates its data
// without copying or allocating; the value is walked lazily when someone needs it.
//
// Contract other modules rely on (keep it stable):
//   - read_data(reader, limits) validates exactly one Data at the reader's position (tags,
//     lengths against the remaining input, nesting depth and counts against `limits`), advances
//     the reader past it and returns the view; on failure it returns a codec_errc and the
//     reader's offset() is where the fault was found.
//   - DataView::encoded() is the exact bytes of the value; encoding a DataView is copying them.
//
// Everything on a DataView is allocation-free: accessors decode from the bytes on demand,
// elements() walks an array or structure in place. Typed accessors return
// codec_errc::type_mismatch for a value of another type and codec_errc::invalid_value for a
// value outside the requested range (e.g. as<std::uint8_t>() of long-unsigned 300).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string_view>
#include <type_traits>

#include "stack/codec/axdr_type_table.hpp"
#include "stack/codec/codec_error.hpp"
#include "stack/codec/cosem_date_time.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::codec {

class DataView;

// A bit-string: `bit_count` bits, first bit in the most significant bit of bytes[0].
struct BitStringView {
  ByteSpan bytes;
  std::size_t bit_count = 0;
  [[nodiscard]] bool bit(std::size_t i) const noexcept {
    return i < bit_count && ((bytes[i / 8] >> (7 - i % 8)) & 1U) != 0;
  }
};

// A compact-array (Blue Book "Data" CHOICE [19]): its contents-description (a TypeDescription,
// validated) and its array-contents (the untagged values, validated against the description).
struct CompactArrayView {
  ByteSpan type_description;  // TypeDescription octets
  ByteSpan contents;          // array-contents octets, without their length field
  std::size_t count = 0;      // number of elements (values of type_description) in contents
};

// Forward iterator over the elements of an array or structure; yields DataView.
class DataElementIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = DataView;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = DataView;

  constexpr DataElementIterator() noexcept = default;
  DataElementIterator(const std::uint8_t* p, std::size_t left) noexcept : p_(p), next_(p), left_(left) {
    if (left != 0) {
      next_ = next_of(p);
    }
  }

  DataView operator*() const noexcept;
  [[gnu::always_inline]] DataElementIterator& operator++() noexcept {
    p_ = next_;
    if (--left_ != 0) {
      next_ = next_of(p_);
    }
    return *this;
  }
  DataElementIterator operator++(int) noexcept {
    DataElementIterator t = *this;
    ++*this;
    return t;
  }
  friend bool operator==(const DataElementIterator& a, const DataElementIterator& b) noexcept {
    return a.left_ == b.left_;
  }

 private:
  // End of the element at p. A repeat of the previous fixed-size tag reuses its step, so
  // walking a run of like columns does not wait on the table lookup.
  const std::uint8_t* next_of(const std::uint8_t* p) noexcept {
    const std::uint8_t tag = *p;
    if (__builtin_expect(tag == run_tag_, 1)) {
      return p + run_step_;
    }
    const std::uint8_t shape = axdr::kShape[tag];
    if (shape <= axdr::kMaxFixedSize) {
      run_tag_ = tag;
      run_step_ = 1U + shape;
      return p + run_step_;
    }
    return axdr::skip_validated(p);
  }

  const std::uint8_t* p_ = nullptr;
  const std::uint8_t* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t run_step_ = 0;
  std::uint8_t run_tag_ = 0xFE;  // no Data tag: the first element takes the table path
};

// The elements of an array or a structure (empty for any other type).
class DataElements {
 public:
  constexpr DataElements() noexcept = default;
  DataElements(const std::uint8_t* first, std::size_t count) noexcept : first_(first), count_(count) {}
  [[nodiscard]] DataElementIterator begin() const noexcept { return {first_, count_}; }
  [[nodiscard]] DataElementIterator end() const noexcept { return {}; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }

 private:
  const std::uint8_t* first_ = nullptr;
  std::size_t count_ = 0;
};

class DataView {
 public:
  constexpr DataView() noexcept = default;

  // The encoded value (tag first). Empty only for a default-constructed view.
  [[nodiscard]] constexpr ByteSpan encoded() const noexcept { return bytes_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bytes_.empty(); }
  [[nodiscard]] constexpr DataType type() const noexcept {
    return bytes_.empty() ? DataType::null_data : static_cast<DataType>(bytes_[0]);
  }

  // Wraps bytes that read_data() has already validated.
  static constexpr DataView from_validated(ByteSpan bytes) noexcept { return DataView(bytes); }

  [[nodiscard]] bool is_null() const noexcept { return type() == DataType::null_data; }
  [[nodiscard]] bool is_container() const noexcept {
    return type() == DataType::array || type() == DataType::structure;
  }

  // Element count of an array, structure or compact-array; 0 for every other type.
  [[nodiscard]] std::size_t size() const noexcept;
  // The elements of an array or structure, walked in place (empty for other types).
  [[nodiscard]] DataElements elements() const noexcept {
    if (!is_container()) {
      return {};
    }
    std::uint32_t n = 0;
    const std::uint8_t* p = axdr::read_length_validated(bytes_.data() + 1, n);
    return {p, n};
  }
  // Element i of an array or structure (linear in i).
  [[nodiscard]] Result<DataView> at(std::size_t i) const noexcept;

  // Any integer type (integer, long, unsigned, long-unsigned, double-long(-unsigned),
  // long64(-unsigned), enum) converted to T with a range check; no sign extension of unsigned
  // types (double-long-unsigned 0xFFFFFFFF is 4294967295).
  template <class T>
  [[nodiscard]] Result<T> as() const noexcept requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    std::uint64_t magnitude = 0;
    bool negative = false;
    if (!integer_value(magnitude, negative)) {
      return codec_errc::type_mismatch;
    }
    if (negative) {
      if constexpr (std::is_signed_v<T>) {
        const auto s = static_cast<std::int64_t>(magnitude);
        if (s < static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
          return codec_errc::invalid_value;
        }
        return static_cast<T>(s);
      } else {
        return codec_errc::invalid_value;
      }
    }
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
      return codec_errc::invalid_value;
    }
    return static_cast<T>(magnitude);
  }

  // The same conversion without a Result, for hot loops: false (and `out` untouched) on a
  // type mismatch or a value out of T's range.
  template <class T>
  [[nodiscard, gnu::always_inline]] bool get(T& out) const noexcept
      requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    std::uint64_t magnitude = 0;
    bool negative = false;
    if (!integer_value(magnitude, negative)) {
      return false;
    }
    if (negative) {
      if constexpr (std::is_signed_v<T>) {
        const auto s = static_cast<std::int64_t>(magnitude);
        if (s < static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
          return false;
        }
        out = static_cast<T>(s);
        return true;
      } else {
        return false;
      }
    }
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
      return false;
    }
    out = static_cast<T>(magnitude);
    return true;
  }

  [[nodiscard]] Result<bool> as_bool() const noexcept;
  [[nodiscard]] Result<std::uint8_t> as_enum() const noexcept;
  [[nodiscard]] Result<std::uint8_t> as_bcd() const noexcept;  // the raw bcd octet
  [[nodiscard]] Result<float> as_float32() const noexcept;
  // float64, or float32 widened.
  [[nodiscard]] Result<double> as_double() const noexcept;
  [[nodiscard]] Result<ByteSpan> as_octets() const noexcept;  // octet-string
  // visible-string or utf8-string (the bytes as they are; not checked for UTF-8).
  [[nodiscard]] Result<std::string_view> as_string() const noexcept;
  [[nodiscard]] Result<BitStringView> as_bit_string() const noexcept;
  // date-time [25], or an octet-string of 12 octets (how the Blue Book's attributes carry it).
  [[nodiscard]] Result<CosemDateTime> as_date_time() const noexcept;
  [[nodiscard]] Result<CosemDate> as_date() const noexcept;  // date [26] or octet-string(5)
  [[nodiscard]] Result<CosemTime> as_time() const noexcept;  // time [27] or octet-string(4)
  [[nodiscard]] Result<CompactArrayView> as_compact_array() const noexcept;

  // The value octets after the tag (and after the length for strings and bit-strings); the
  // count field follows the tag for arrays and structures.
  [[nodiscard]] ByteSpan content() const noexcept;

  friend bool operator==(const DataView& a, const DataView& b) noexcept {
    return a.bytes_.size() == b.bytes_.size() &&
           (a.bytes_.empty() || std::memcmp(a.bytes_.data(), b.bytes_.data(), a.bytes_.size()) == 0);
  }

 private:
  constexpr explicit DataView(ByteSpan bytes) noexcept : bytes_(bytes) {}

  // Big-endian integer of any integer type; false for other types.
  [[gnu::always_inline]] bool integer_value(std::uint64_t& magnitude, bool& negative) const noexcept {
    if (bytes_.empty()) {
      return false;
    }
    const std::uint8_t* p = bytes_.data() + 1;
    if (bytes_[0] == static_cast<std::uint8_t>(DataType::double_long_unsigned)) {  // the common case
      magnitude = axdr::load_be<std::uint32_t>(p);
      return true;
    }
    switch (static_cast<DataType>(bytes_[0])) {
      case DataType::unsigned_:
      case DataType::enum_: magnitude = p[0]; return true;
      case DataType::long_unsigned: magnitude = axdr::load_be<std::uint16_t>(p); return true;
      case DataType::double_long_unsigned: magnitude = axdr::load_be<std::uint32_t>(p); return true;
      case DataType::long64_unsigned: magnitude = axdr::load_be<std::uint64_t>(p); return true;
      case DataType::integer: return set_signed(static_cast<std::int8_t>(p[0]), magnitude, negative);
      case DataType::long_:
        return set_signed(static_cast<std::int16_t>(axdr::load_be<std::uint16_t>(p)), magnitude, negative);
      case DataType::double_long:
        return set_signed(static_cast<std::int32_t>(axdr::load_be<std::uint32_t>(p)), magnitude, negative);
      case DataType::long64:
        return set_signed(static_cast<std::int64_t>(axdr::load_be<std::uint64_t>(p)), magnitude, negative);
      default: return false;
    }
  }
  static bool set_signed(std::int64_t v, std::uint64_t& magnitude, bool& negative) noexcept {
    negative = v < 0;
    magnitude = static_cast<std::uint64_t>(v);  // two's complement bits; read back as int64
    return true;
  }

  ByteSpan bytes_;
};

inline DataView DataElementIterator::operator*() const noexcept {
  return DataView::from_validated(ByteSpan(p_, static_cast<std::size_t>(next_ - p_)));
}

Result<DataView> read_data(ByteReader& reader, const Limits& limits = kDefaultLimits);

// Validates `bytes` as exactly one Data (codec_errc::trailing_bytes if anything follows).
Result<DataView> read_data_exact(ByteSpan bytes, const Limits& limits = kDefaultLimits);

}  // namespace dlms::codec
