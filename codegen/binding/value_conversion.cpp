#include "codegen/binding/value_conversion.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/cosem_date_time.hpp"

namespace dlms::binding {

namespace {

using apdu::DataAccessResult;
using codec::DataType;
namespace axdr = codec::axdr;

double pow10(int e) { return std::pow(10.0, e); }

template <class T>
bool fits(double v) {
  return v >= static_cast<double>(std::numeric_limits<T>::min()) &&
         v <= static_cast<double>(std::numeric_limits<T>::max());
}

DataAccessResult encode_integer(DataType type, double scaled, ByteWriter& out) {
  const double r = std::nearbyint(scaled);
  if (!std::isfinite(r)) {
    return DataAccessResult::type_unmatched;
  }
  switch (type) {
    case DataType::integer:
      if (!fits<std::int8_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_integer(out, static_cast<std::int8_t>(r));
      break;
    case DataType::long_:
      if (!fits<std::int16_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_long(out, static_cast<std::int16_t>(r));
      break;
    case DataType::double_long:
      if (!fits<std::int32_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_double_long(out, static_cast<std::int32_t>(r));
      break;
    case DataType::long64:
      if (!fits<std::int64_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_long64(out, static_cast<std::int64_t>(r));
      break;
    case DataType::unsigned_:
      if (!fits<std::uint8_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_unsigned(out, static_cast<std::uint8_t>(r));
      break;
    case DataType::enum_:
      if (!fits<std::uint8_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_enum(out, static_cast<std::uint8_t>(r));
      break;
    case DataType::long_unsigned:
      if (!fits<std::uint16_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_long_unsigned(out, static_cast<std::uint16_t>(r));
      break;
    case DataType::double_long_unsigned:
      if (!fits<std::uint32_t>(r)) return DataAccessResult::type_unmatched;
      axdr::write_double_long_unsigned(out, static_cast<std::uint32_t>(r));
      break;
    case DataType::long64_unsigned:
      if (r < 0 || r >= 18446744073709551615.0) return DataAccessResult::type_unmatched;
      axdr::write_long64_unsigned(out, static_cast<std::uint64_t>(r));
      break;
    default: return DataAccessResult::type_unmatched;
  }
  return DataAccessResult::success;
}

// "0a1B.." -> octets; nullopt for an odd length or a non-hex character.
std::optional<std::vector<std::uint8_t>> octets_of_hex(const std::string& text) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() % 2 != 0) {
    return std::nullopt;
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = digit(text[i]);
    const int lo = digit(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::string hex_of_octets(ByteSpan octets) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(octets.size() * 2);
  for (const std::uint8_t b : octets) {
    s += kHex[b >> 4U];
    s += kHex[b & 0xFU];
  }
  return s;
}

codec::CosemDateTime not_specified_date_time() {
  codec::CosemDateTime t;  // every field "not specified"
  return t;
}

codec::CosemDateTime render_time(std::int64_t utc_ms, const TimeContext& tc) {
  if (utc_ms <= 0 || utc_ms >= std::numeric_limits<std::int64_t>::max() / 2) {
    return not_specified_date_time();  // 0 / -1 / never: no time recorded
  }
  const std::int64_t deviation_min = -(tc.local_minus_utc_ms / 60'000);
  const auto secs = std::chrono::sys_seconds(std::chrono::seconds(utc_ms / 1000));
  auto t = codec::CosemDateTime::from_utc(secs, static_cast<std::int16_t>(deviation_min),
                                          tc.dst_active ? codec::clock_status::daylight_saving_active : 0);
  t.hundredths = static_cast<std::uint8_t>((utc_ms % 1000) / 10);
  return t;
}

}  // namespace

DataAccessResult encode_quantity(const nlohmann::json& value, const BindingFormat& f, const TimeContext& tc,
                                 ByteWriter& out) {
  const std::size_t start = out.size();
  DataAccessResult r = DataAccessResult::success;
  if (f.time) {
    if (!value.is_number()) {
      return DataAccessResult::type_unmatched;
    }
    const auto t = render_time(value.get<std::int64_t>(), tc);
    if (f.type == DataType::date_time) {
      axdr::write_date_time(out, t);
    } else {
      axdr::write_date_time_octets(out, t);
    }
  } else if (f.type == DataType::boolean) {
    if (!value.is_boolean() && !value.is_number()) {
      return DataAccessResult::type_unmatched;
    }
    axdr::write_boolean(out, value.is_boolean() ? value.get<bool>() : value.get<double>() != 0.0);
  } else if (f.hex && f.type == DataType::octet_string) {
    if (!value.is_string()) {
      return DataAccessResult::type_unmatched;
    }
    const auto octets = octets_of_hex(value.get<std::string>());
    if (!octets) {
      return DataAccessResult::type_unmatched;
    }
    axdr::write_octet_string(out, ByteSpan(octets->data(), octets->size()));
  } else if (f.type == DataType::visible_string || f.type == DataType::utf8_string ||
             f.type == DataType::octet_string) {
    std::string s;
    if (value.is_string()) {
      s = value.get<std::string>();
    } else {
      s = value.dump();
    }
    const ByteSpan bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    if (f.type == DataType::visible_string) {
      axdr::write_visible_string(out, s);
    } else if (f.type == DataType::utf8_string) {
      axdr::write_utf8_string(out, s);
    } else {
      axdr::write_octet_string(out, bytes);
    }
  } else if (is_numeric_type(f.type)) {
    double v = 0;
    if (value.is_number()) {
      v = value.get<double>();
    } else if (value.is_boolean()) {
      v = value.get<bool>() ? 1 : 0;
    } else {
      return DataAccessResult::type_unmatched;
    }
    const double scaled = v / pow10(f.scaler);
    if (f.type == DataType::float32) {
      axdr::write_float32(out, static_cast<float>(scaled));
    } else if (f.type == DataType::float64) {
      axdr::write_float64(out, scaled);
    } else {
      r = encode_integer(f.type, scaled, out);
    }
  } else {
    return DataAccessResult::type_unmatched;
  }
  if (r != DataAccessResult::success) {
    out.truncate(start);
    return r;
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

std::optional<nlohmann::json> decode_quantity(const codec::DataView& value, const BindingFormat& f,
                                              bool integer_quantity) {
  if (f.time) {
    if (value.type() != DataType::octet_string && value.type() != DataType::date_time) {
      return std::nullopt;
    }
    auto t = value.as_date_time();
    if (!t) {
      return std::nullopt;
    }
    auto utc = t->to_utc();
    if (!utc) {
      return std::nullopt;
    }
    return nlohmann::json(static_cast<std::int64_t>(utc->time_since_epoch().count()) * 1000 +
                          (t->hundredths == 0xFF ? 0 : t->hundredths * 10));
  }
  if (value.type() != f.type) {
    return std::nullopt;
  }
  switch (f.type) {
    case DataType::boolean: {
      auto b = value.as_bool();
      return b ? std::optional<nlohmann::json>(*b) : std::nullopt;
    }
    case DataType::visible_string:
    case DataType::utf8_string: {
      auto s = value.as_string();
      return s ? std::optional<nlohmann::json>(std::string(*s)) : std::nullopt;
    }
    case DataType::octet_string: {
      auto o = value.as_octets();
      if (!o) {
        return std::nullopt;
      }
      return f.hex ? nlohmann::json(hex_of_octets(*o)) : nlohmann::json(std::string(o->begin(), o->end()));
    }
    case DataType::float32:
    case DataType::float64: {
      auto d = value.as_double();
      if (!d) {
        return std::nullopt;
      }
      const double v = *d * pow10(f.scaler);
      return integer_quantity ? nlohmann::json(static_cast<std::int64_t>(std::llround(v)))
                              : nlohmann::json(v);
    }
    default: break;
  }
  if (!is_integer_type(f.type)) {
    return std::nullopt;
  }
  double raw = 0;
  if (auto i = value.as<std::int64_t>()) {
    raw = static_cast<double>(*i);
  } else if (auto u = value.as<std::uint64_t>()) {
    raw = static_cast<double>(*u);
  } else {
    return std::nullopt;
  }
  const double v = raw * pow10(f.scaler);
  if (integer_quantity) {
    return nlohmann::json(static_cast<std::int64_t>(std::llround(v)));
  }
  return nlohmann::json(v);
}

nlohmann::json data_to_json(const codec::DataView* value) {
  if (value == nullptr || value->is_null()) {
    return nullptr;
  }
  switch (value->type()) {
    case DataType::array:
    case DataType::structure: {
      nlohmann::json a = nlohmann::json::array();
      for (const codec::DataView e : value->elements()) {
        a.push_back(data_to_json(&e));
      }
      return a;
    }
    case DataType::boolean: return value->as_bool().value_or(false);
    case DataType::float32:
    case DataType::float64: return value->as_double().value_or(0.0);
    case DataType::visible_string:
    case DataType::utf8_string: return std::string(value->as_string().value_or(std::string_view{}));
    case DataType::octet_string: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string s;
      for (const std::uint8_t b : value->as_octets().value_or(ByteSpan{})) {
        s += kHex[b >> 4U];
        s += kHex[b & 0xFU];
      }
      return s;
    }
    default: break;
  }
  if (auto i = value->as<std::int64_t>()) {
    return *i;
  }
  if (auto u = value->as<std::uint64_t>()) {
    return *u;
  }
  return nullptr;
}

}  // namespace dlms::binding
