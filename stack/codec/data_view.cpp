#include "stack/codec/data_view.hpp"

#include <algorithm>
#include <cstring>

#include "stack/codec/axdr_length.hpp"

namespace dlms::codec {
namespace {

using axdr::kBitStringShape;
using axdr::kCompactShape;
using axdr::kContainerShape;
using axdr::kMaxFixedSize;
using axdr::kShape;
using axdr::kStringShape;
using axdr::kUnknownShape;

// The validator's explicit stack: Limits::max_depth above this is clamped to it.
constexpr std::size_t kDepthCapacity = 64;
constexpr std::uint64_t kVariableSize = ~std::uint64_t{0};
constexpr std::uint64_t kSizeCap = std::uint64_t{1} << 40U;  // saturates fixed-size products

std::size_t remaining(const std::uint8_t* p, const std::uint8_t* end) noexcept {
  return static_cast<std::size_t>(end - p);
}

// Shared state of one compact-array validation.
struct CompactCheck {
  const Limits& limits;
  std::size_t max_depth;
  codec_errc error{};
  const std::uint8_t* fault = nullptr;
  std::uint64_t budget = 0;  // walker steps left (guards descriptions full of zero-size types)

  std::nullptr_t fail(codec_errc e, const std::uint8_t* at) noexcept {
    error = e;
    fault = at;
    return nullptr;
  }

  // TypeDescription (Blue Book "Data" CHOICE [19] contents-description): every data type tag
  // except compact-array; array = [1] number-of-elements Unsigned16 + one TypeDescription;
  // structure = [2] SEQUENCE OF TypeDescription. Recursion is bounded by max_depth.
  const std::uint8_t* parse_description(const std::uint8_t* p, const std::uint8_t* end,
                                        std::size_t depth) noexcept {
    if (p == end) {
      return fail(codec_errc::truncated, p);
    }
    const std::uint8_t tag = *p;
    const std::uint8_t shape = kShape[tag];
    if (shape == kUnknownShape) {
      return fail(codec_errc::unknown_tag, p);
    }
    if (shape == kCompactShape) {
      return fail(codec_errc::unexpected_tag, p);
    }
    if (shape != kContainerShape) {
      return p + 1;
    }
    if (depth >= max_depth) {
      return fail(codec_errc::depth_exceeded, p);
    }
    if (tag == 1) {
      if (remaining(p, end) < 3) {
        return fail(codec_errc::truncated, p);
      }
      if (axdr::load_be<std::uint16_t>(p + 1) > limits.max_elements) {
        return fail(codec_errc::limit_exceeded, p + 1);
      }
      return parse_description(p + 3, end, depth + 1);
    }
    std::uint32_t n = 0;
    const std::uint8_t* q = axdr::decode_length(p + 1, end, n, error);
    if (q == nullptr) {
      fault = p + 1;
      return nullptr;
    }
    if (n > limits.max_elements) {
      return fail(codec_errc::limit_exceeded, p + 1);
    }
    if (n > remaining(q, end)) {
      return fail(codec_errc::length_past_end, p + 1);
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      q = parse_description(q, end, depth + 1);
      if (q == nullptr) {
        return nullptr;
      }
    }
    return q;
  }

  // Octets of one value of a validated description, or kVariableSize.
  static std::uint64_t fixed_size(const std::uint8_t* d) noexcept {
    const std::uint8_t shape = kShape[*d];
    if (shape <= kMaxFixedSize) {
      return shape;
    }
    if (shape != kContainerShape) {
      return kVariableSize;
    }
    if (*d == 1) {
      const std::uint64_t n = axdr::load_be<std::uint16_t>(d + 1);
      const std::uint64_t child = fixed_size(d + 3);
      if (child == kVariableSize) {
        return kVariableSize;
      }
      return std::min(n * child, kSizeCap);
    }
    std::uint32_t n = 0;
    const std::uint8_t* c = axdr::read_length_validated(d + 1, n);
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint64_t s = fixed_size(c);
      if (s == kVariableSize) {
        return kVariableSize;
      }
      total = std::min(total + s, kSizeCap);
      c = axdr::skip_type_description(c);
    }
    return total;
  }

  // Walks one untagged value of description `d` at p; advances d past the description and p
  // past the value. False (with error set) if the contents do not match.
  bool walk_value(const std::uint8_t*& d, const std::uint8_t*& p, const std::uint8_t* end) noexcept {
    if (budget == 0) {
      fail(codec_errc::limit_exceeded, p);
      return false;
    }
    --budget;
    const std::uint8_t tag = *d;
    const std::uint8_t shape = kShape[tag];
    if (shape <= kMaxFixedSize) {
      ++d;
      if (remaining(p, end) < shape) {
        fail(codec_errc::type_mismatch, p);
        return false;
      }
      p += shape;
      return true;
    }
    if (shape == kStringShape || shape == kBitStringShape) {
      ++d;
      std::uint32_t n = 0;
      codec_errc e{};
      const std::uint8_t* q = axdr::decode_length(p, end, n, e);
      if (q == nullptr) {
        fail(codec_errc::type_mismatch, p);
        return false;
      }
      const std::uint64_t octets = shape == kBitStringShape ? (std::uint64_t{n} + 7) / 8 : n;
      if (octets > limits.max_string_length) {
        fail(codec_errc::limit_exceeded, p);
        return false;
      }
      if (octets > remaining(q, end)) {
        fail(codec_errc::type_mismatch, p);
        return false;
      }
      p = q + octets;
      return true;
    }
    if (tag == 1) {
      const std::uint16_t n = axdr::load_be<std::uint16_t>(d + 1);
      const std::uint8_t* child = d + 3;
      if (n == 0) {
        d = axdr::skip_type_description(child);
        return true;
      }
      for (std::uint16_t i = 0; i < n; ++i) {
        d = child;
        if (!walk_value(d, p, end)) {
          return false;
        }
      }
      return true;
    }
    std::uint32_t n = 0;
    d = axdr::read_length_validated(d + 1, n);
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!walk_value(d, p, end)) {
        return false;
      }
    }
    return true;
  }

  // Validates the array-contents [p, end) against description d; counts the elements.
  bool count_elements(const std::uint8_t* d, const std::uint8_t* p, const std::uint8_t* end,
                      std::size_t& count) noexcept {
    const std::size_t length = remaining(p, end);
    const std::uint64_t size = fixed_size(d);
    if (size != kVariableSize) {
      if (size == 0 || length % size != 0) {
        if (size == 0 && length == 0) {
          count = 0;
          return true;
        }
        fail(codec_errc::type_mismatch, p);
        return false;
      }
      count = static_cast<std::size_t>(length / size);
    } else {
      budget = 16 * (std::uint64_t{length} + 64);
      count = 0;
      while (p != end) {
        const std::uint8_t* dd = d;
        if (!walk_value(dd, p, end)) {
          return false;
        }
        ++count;
        if (count > limits.max_elements) {
          fail(codec_errc::limit_exceeded, p);
          return false;
        }
      }
    }
    if (count > limits.max_elements) {
      fail(codec_errc::limit_exceeded, p);
      return false;
    }
    return true;
  }

  // compact-array after its tag: TypeDescription, then array-contents as an octet-string.
  const std::uint8_t* validate(const std::uint8_t* p, const std::uint8_t* end, std::size_t depth,
                               CompactArrayView* out) noexcept {
    const std::uint8_t* desc = p;
    const std::uint8_t* q = parse_description(p, end, depth);
    if (q == nullptr) {
      return nullptr;
    }
    std::uint32_t n = 0;
    const std::uint8_t* contents = axdr::decode_length(q, end, n, error);
    if (contents == nullptr) {
      fault = q;
      return nullptr;
    }
    if (n > remaining(contents, end)) {
      return fail(codec_errc::length_past_end, q);
    }
    std::size_t count = 0;
    if (!count_elements(desc, contents, contents + n, count)) {
      return nullptr;
    }
    if (out != nullptr) {
      *out = {ByteSpan(desc, static_cast<std::size_t>(q - desc)), ByteSpan(contents, n), count};
    }
    return contents + n;
  }
};

Result<DataView> fail_at(ByteReader& reader, const std::uint8_t* begin, const std::uint8_t* at,
                         codec_errc e) {
  (void)reader.skip(static_cast<std::size_t>(at - begin));
  return e;
}

}  // namespace

Result<DataView> read_data(ByteReader& reader, const Limits& limits) {
  const ByteSpan input = reader.rest();
  const std::uint8_t* const begin = input.data();
  const std::uint8_t* const end = begin + input.size();
  const std::size_t max_depth = std::min(limits.max_depth, kDepthCapacity);
  std::uint32_t stack[kDepthCapacity];
  std::size_t depth = 0;
  std::uint32_t left = 1;  // elements still to read at the current level
  const std::uint8_t* p = begin;
  codec_errc error{};

  for (;;) {
    if (left == 0) {
      if (depth == 0) {
        break;
      }
      left = stack[--depth];
      continue;
    }
    if (p == end) {
      return fail_at(reader, begin, p, codec_errc::truncated);
    }
    std::uint8_t shape = kShape[*p];
    if (shape <= kMaxFixedSize) {
      // The hot path: a run of fixed-size scalars (the columns of a profile row). While the tag
      // repeats, the previous step is reused, so the next position does not wait for the table.
      std::uint8_t run_tag = *p;
      std::size_t run_step = 1U + shape;
      bool closed = false;
      for (;;) {
        if (remaining(p, end) < run_step) {
          return fail_at(reader, begin, p, codec_errc::truncated);
        }
        p += run_step;
        if (--left == 0) {
          closed = true;
          break;
        }
        if (p == end) {
          return fail_at(reader, begin, p, codec_errc::truncated);
        }
        const std::uint8_t tag = *p;
        if (__builtin_expect(tag == run_tag, 1)) {
          continue;
        }
        shape = kShape[tag];
        if (shape > kMaxFixedSize) {
          break;
        }
        run_tag = tag;
        run_step = 1U + shape;
      }
      if (closed) {
        continue;
      }
    }
    --left;
    const std::uint8_t* const tag_at = p++;
    std::uint32_t n = 0;
    switch (shape) {
      case kStringShape:
      case kBitStringShape: {
        const std::uint8_t* q = axdr::decode_length(p, end, n, error);
        if (q == nullptr) {
          return fail_at(reader, begin, p, error);
        }
        const std::uint64_t octets = shape == kBitStringShape ? (std::uint64_t{n} + 7) / 8 : n;
        if (octets > limits.max_string_length) {
          return fail_at(reader, begin, p, codec_errc::limit_exceeded);
        }
        if (octets > remaining(q, end)) {
          return fail_at(reader, begin, p, codec_errc::length_past_end);
        }
        p = q + octets;
        break;
      }
      case kContainerShape: {
        const std::uint8_t* q = axdr::decode_length(p, end, n, error);
        if (q == nullptr) {
          return fail_at(reader, begin, p, error);
        }
        if (n > limits.max_elements) {
          return fail_at(reader, begin, p, codec_errc::limit_exceeded);
        }
        if (n > remaining(q, end)) {  // every element takes at least its tag octet
          return fail_at(reader, begin, p, codec_errc::length_past_end);
        }
        if (depth >= max_depth) {
          return fail_at(reader, begin, tag_at, codec_errc::depth_exceeded);
        }
        p = q;
        if (n != 0) {
          stack[depth++] = left;
          left = n;
        }
        break;
      }
      case kCompactShape: {
        if (depth >= max_depth) {
          return fail_at(reader, begin, tag_at, codec_errc::depth_exceeded);
        }
        CompactCheck check{limits, max_depth};
        const std::uint8_t* q = check.validate(p, end, depth + 1, nullptr);
        if (q == nullptr) {
          return fail_at(reader, begin, check.fault, check.error);
        }
        p = q;
        break;
      }
      default: return fail_at(reader, begin, tag_at, codec_errc::unknown_tag);
    }
  }
  const auto size = static_cast<std::size_t>(p - begin);
  (void)reader.skip(size);
  return DataView::from_validated(ByteSpan(begin, size));
}

Result<DataView> read_data_exact(ByteSpan bytes, const Limits& limits) {
  ByteReader reader(bytes);
  auto view = read_data(reader, limits);
  if (view && !reader.empty()) {
    return codec_errc::trailing_bytes;
  }
  return view;
}

std::size_t DataView::size() const noexcept {
  if (is_container()) {
    std::uint32_t n = 0;
    (void)axdr::read_length_validated(bytes_.data() + 1, n);
    return n;
  }
  if (type() == DataType::compact_array && !bytes_.empty()) {
    auto c = as_compact_array();
    return c ? c->count : 0;
  }
  return 0;
}

Result<DataView> DataView::at(std::size_t i) const noexcept {
  if (!is_container()) {
    return codec_errc::type_mismatch;
  }
  const DataElements all = elements();
  if (i >= all.size()) {
    return codec_errc::invalid_value;
  }
  auto it = all.begin();
  for (std::size_t k = 0; k < i; ++k) {
    ++it;
  }
  return *it;
}

ByteSpan DataView::content() const noexcept {
  if (bytes_.empty()) {
    return {};
  }
  const std::uint8_t shape = kShape[bytes_[0]];
  if (shape == kStringShape || shape == kBitStringShape) {
    std::uint32_t n = 0;
    const std::uint8_t* p = axdr::read_length_validated(bytes_.data() + 1, n);
    return ByteSpan(p, static_cast<std::size_t>(bytes_.data() + bytes_.size() - p));
  }
  return bytes_.subspan(1);
}

Result<bool> DataView::as_bool() const noexcept {
  if (type() != DataType::boolean || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  return bytes_[1] != 0;
}

Result<std::uint8_t> DataView::as_enum() const noexcept {
  if (type() != DataType::enum_ || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  return bytes_[1];
}

Result<std::uint8_t> DataView::as_bcd() const noexcept {
  if (type() != DataType::bcd || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  return bytes_[1];
}

Result<float> DataView::as_float32() const noexcept {
  if (type() != DataType::float32 || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  const std::uint32_t bits = axdr::load_be<std::uint32_t>(bytes_.data() + 1);
  float f = 0;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

Result<double> DataView::as_double() const noexcept {
  if (type() == DataType::float32 && !bytes_.empty()) {
    return static_cast<double>(*as_float32());
  }
  if (type() != DataType::float64 || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  const std::uint64_t bits = axdr::load_be<std::uint64_t>(bytes_.data() + 1);
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

Result<ByteSpan> DataView::as_octets() const noexcept {
  if (type() != DataType::octet_string || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  return content();
}

Result<std::string_view> DataView::as_string() const noexcept {
  if ((type() != DataType::visible_string && type() != DataType::utf8_string) || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  const ByteSpan c = content();
  return std::string_view(reinterpret_cast<const char*>(c.data()), c.size());
}

Result<BitStringView> DataView::as_bit_string() const noexcept {
  if (type() != DataType::bit_string || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  std::uint32_t bits = 0;
  const std::uint8_t* p = axdr::read_length_validated(bytes_.data() + 1, bits);
  return BitStringView{ByteSpan(p, (std::size_t{bits} + 7) / 8), bits};
}

Result<CosemDateTime> DataView::as_date_time() const noexcept {
  if (bytes_.empty() || (type() != DataType::date_time && type() != DataType::octet_string)) {
    return codec_errc::type_mismatch;
  }
  const ByteSpan c = content();
  if (c.size() != CosemDateTime::kSize) {
    return codec_errc::type_mismatch;
  }
  return CosemDateTime::decode(c);
}

Result<CosemDate> DataView::as_date() const noexcept {
  if (bytes_.empty() || (type() != DataType::date && type() != DataType::octet_string)) {
    return codec_errc::type_mismatch;
  }
  const ByteSpan c = content();
  if (c.size() != CosemDate::kSize) {
    return codec_errc::type_mismatch;
  }
  return CosemDate::decode(c);
}

Result<CosemTime> DataView::as_time() const noexcept {
  if (bytes_.empty() || (type() != DataType::time && type() != DataType::octet_string)) {
    return codec_errc::type_mismatch;
  }
  const ByteSpan c = content();
  if (c.size() != CosemTime::kSize) {
    return codec_errc::type_mismatch;
  }
  return CosemTime::decode(c);
}

Result<CompactArrayView> DataView::as_compact_array() const noexcept {
  if (type() != DataType::compact_array || bytes_.empty()) {
    return codec_errc::type_mismatch;
  }
  // Re-walk the (already validated) description and contents to find the parts and count.
  Limits unlimited;
  unlimited.max_depth = kDepthCapacity;
  unlimited.max_elements = ~std::size_t{0};
  unlimited.max_string_length = ~std::size_t{0};
  CompactCheck check{unlimited, kDepthCapacity};
  CompactArrayView out;
  if (check.validate(bytes_.data() + 1, bytes_.data() + bytes_.size(), 1, &out) == nullptr) {
    return check.error;
  }
  return out;
}

}  // namespace dlms::codec
