#include "stack/codec/data.hpp"

#include <cstring>
#include <utility>

#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/axdr_length.hpp"
#include "stack/codec/axdr_type_table.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::codec {

Data Data::array(std::vector<Data> elements) {
  Data d(DataType::array);
  d.elements_ = std::move(elements);
  return d;
}

Data Data::structure(std::vector<Data> elements) {
  Data d(DataType::structure);
  d.elements_ = std::move(elements);
  return d;
}

Data Data::bit_string(std::vector<std::uint8_t> bytes, std::size_t bit_count) {
  Data d(DataType::bit_string);
  d.bytes_ = std::move(bytes);
  d.bit_count_ = bit_count;
  return d;
}

Data Data::octet_string(std::vector<std::uint8_t> bytes) {
  Data d(DataType::octet_string);
  d.bytes_ = std::move(bytes);
  return d;
}

Data Data::visible_string(std::string_view s) {
  Data d(DataType::visible_string);
  d.bytes_.assign(s.begin(), s.end());
  return d;
}

Data Data::utf8_string(std::string_view s) {
  Data d(DataType::utf8_string);
  d.bytes_.assign(s.begin(), s.end());
  return d;
}

Data Data::float32(float v) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return scalar(DataType::float32, bits);
}

Data Data::float64(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return scalar(DataType::float64, bits);
}

Data Data::date_time(const CosemDateTime& t) {
  Data d(DataType::date_time);
  const auto o = t.encode();
  d.bytes_.assign(o.begin(), o.end());
  return d;
}

Data Data::date(const CosemDate& t) {
  Data d(DataType::date);
  const auto o = t.encode();
  d.bytes_.assign(o.begin(), o.end());
  return d;
}

Data Data::time(const CosemTime& t) {
  Data d(DataType::time);
  const auto o = t.encode();
  d.bytes_.assign(o.begin(), o.end());
  return d;
}

Data Data::compact_array(std::vector<std::uint8_t> type_description, std::vector<std::uint8_t> contents) {
  Data d(DataType::compact_array);
  d.description_ = std::move(type_description);
  d.bytes_ = std::move(contents);
  return d;
}

std::int64_t Data::as_int64() const noexcept {
  switch (type_) {
    case DataType::integer: return static_cast<std::int8_t>(scalar_);
    case DataType::long_: return static_cast<std::int16_t>(scalar_);
    case DataType::double_long: return static_cast<std::int32_t>(scalar_);
    default: return static_cast<std::int64_t>(scalar_);
  }
}

std::uint64_t Data::as_uint64() const noexcept { return scalar_; }

double Data::as_double() const noexcept {
  if (type_ == DataType::float32) {
    float f = 0;
    const auto bits = static_cast<std::uint32_t>(scalar_);
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  if (type_ == DataType::float64) {
    double d = 0;
    std::memcpy(&d, &scalar_, sizeof d);
    return d;
  }
  return 0.0;
}

Result<CosemDateTime> Data::as_date_time() const noexcept {
  if (type_ != DataType::date_time && type_ != DataType::octet_string) {
    return codec_errc::type_mismatch;
  }
  if (bytes_.size() != CosemDateTime::kSize) {
    return codec_errc::type_mismatch;
  }
  return CosemDateTime::decode(bytes_);
}

Result<CosemDate> Data::as_date() const noexcept {
  if ((type_ != DataType::date && type_ != DataType::octet_string) || bytes_.size() != CosemDate::kSize) {
    return codec_errc::type_mismatch;
  }
  return CosemDate::decode(bytes_);
}

Result<CosemTime> Data::as_time() const noexcept {
  if ((type_ != DataType::time && type_ != DataType::octet_string) || bytes_.size() != CosemTime::kSize) {
    return codec_errc::type_mismatch;
  }
  return CosemTime::decode(bytes_);
}

// Recursion depth is bounded by the view's validated nesting depth (Limits::max_depth).
Result<Data> Data::decode(const DataView& view) {
  if (view.empty()) {
    return codec_errc::truncated;
  }
  const DataType t = view.type();
  const std::uint8_t shape = axdr::kShape[static_cast<std::uint8_t>(t)];
  Data d(t);
  if (shape <= axdr::kMaxFixedSize) {
    const ByteSpan c = view.content();
    if (t == DataType::date_time || t == DataType::date || t == DataType::time) {
      d.bytes_.assign(c.begin(), c.end());
      return d;
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < shape; ++i) {
      v = (v << 8U) | c[i];
    }
    d.scalar_ = v;
    return d;
  }
  switch (shape) {
    case axdr::kStringShape: {
      const ByteSpan c = view.content();
      d.bytes_.assign(c.begin(), c.end());
      return d;
    }
    case axdr::kBitStringShape: {
      auto bits = view.as_bit_string();
      d.bytes_.assign(bits->bytes.begin(), bits->bytes.end());
      d.bit_count_ = bits->bit_count;
      return d;
    }
    case axdr::kContainerShape: {
      const DataElements all = view.elements();
      d.elements_.reserve(all.size());
      for (const DataView e : all) {
        auto child = decode(e);
        if (!child) {
          return child.error();
        }
        d.elements_.push_back(std::move(*child));
      }
      return d;
    }
    case axdr::kCompactShape: {
      auto c = view.as_compact_array();
      if (!c) {
        return c.error();
      }
      d.description_.assign(c->type_description.begin(), c->type_description.end());
      d.bytes_.assign(c->contents.begin(), c->contents.end());
      return d;
    }
    default: return codec_errc::unknown_tag;
  }
}

Result<Data> Data::decode(ByteSpan bytes, const Limits& limits) {
  auto view = read_data_exact(bytes, limits);
  if (!view) {
    return view.error();
  }
  return decode(*view);
}

void Data::encode_into(ByteWriter& w) const noexcept {
  const std::uint8_t shape = axdr::kShape[static_cast<std::uint8_t>(type_)];
  if (shape <= axdr::kMaxFixedSize) {
    if (type_ == DataType::date_time || type_ == DataType::date || type_ == DataType::time) {
      if (bytes_.size() != shape) {
        w.reserve(w.remaining() + 1);
        return;
      }
      w.u8(static_cast<std::uint8_t>(type_));
      w.bytes(bytes_);
      return;
    }
    std::uint8_t* p = w.reserve(1 + std::size_t{shape});
    if (p == nullptr) {
      return;
    }
    p[0] = static_cast<std::uint8_t>(type_);
    std::uint64_t v = scalar_;
    for (std::size_t i = shape; i > 0; --i) {
      p[i] = static_cast<std::uint8_t>(v & 0xFFU);
      v >>= 8U;
    }
    return;
  }
  switch (shape) {
    case axdr::kStringShape:
      w.u8(static_cast<std::uint8_t>(type_));
      axdr::write_length(w, bytes_.size());
      w.bytes(bytes_);
      return;
    case axdr::kBitStringShape: axdr::write_bit_string(w, bytes_, bit_count_); return;
    case axdr::kContainerShape:
      w.u8(static_cast<std::uint8_t>(type_));
      axdr::write_length(w, elements_.size());
      for (const Data& e : elements_) {
        e.encode_into(w);
      }
      return;
    case axdr::kCompactShape: axdr::write_compact_array(w, description_, bytes_); return;
    default: w.reserve(w.remaining() + 1); return;  // not a Data type
  }
}

Status Data::encode(ByteWriter& w) const {
  encode_into(w);
  if (!w.ok()) {
    return codec_errc::buffer_too_small;
  }
  return ok();
}

std::vector<std::uint8_t> Data::encode() const {
  std::vector<std::uint8_t> out(encoded_size());
  ByteWriter w(out);
  encode_into(w);
  out.resize(w.size());
  return out;
}

std::size_t Data::encoded_size() const noexcept {
  const std::uint8_t shape = axdr::kShape[static_cast<std::uint8_t>(type_)];
  if (shape <= axdr::kMaxFixedSize) {
    return 1 + std::size_t{shape};
  }
  switch (shape) {
    case axdr::kStringShape: return 1 + axdr::length_size(bytes_.size()) + bytes_.size();
    case axdr::kBitStringShape: return 1 + axdr::length_size(bit_count_) + bytes_.size();
    case axdr::kContainerShape: {
      std::size_t n = 1 + axdr::length_size(elements_.size());
      for (const Data& e : elements_) {
        n += e.encoded_size();
      }
      return n;
    }
    case axdr::kCompactShape:
      return 1 + description_.size() + axdr::length_size(bytes_.size()) + bytes_.size();
    default: return 0;
  }
}

bool operator==(const Data& a, const Data& b) noexcept {
  if (a.type_ != b.type_) {
    return false;
  }
  if (a.type_ == DataType::boolean) {
    return (a.scalar_ != 0) == (b.scalar_ != 0);
  }
  return a.scalar_ == b.scalar_ && a.bit_count_ == b.bit_count_ && a.bytes_ == b.bytes_ &&
         a.description_ == b.description_ && a.elements_ == b.elements_;
}

}  // namespace dlms::codec
