#include "apps/dlms/args.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "cosem_objects/class_registry.hpp"

namespace dlms::cli {
namespace {

// An integer, decimal or 0x hex, with an optional minus sign; the whole text.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  if (negative) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1U) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(0U - v);
  }
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(v);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), v, 16);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return std::nullopt;
    }
    return v;
  }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

// Exactly `digits` decimal digits at text[pos].
bool fixed_number(std::string_view text, std::size_t pos, std::size_t digits, unsigned& out) {
  if (pos + digits > text.size()) {
    return false;
  }
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    v = v * 10U + static_cast<unsigned>(text[i] - '0');
  }
  out = v;
  return true;
}

template <class T>
std::optional<codec::Data> ranged(std::int64_t v, std::string& error, codec::Data (*make)(T)) {
  if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
      (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))) {
    error = "out of range";
    return std::nullopt;
  }
  return make(static_cast<T>(v));
}

}  // namespace

std::string ObjectReference::to_string() const {
  return std::to_string(class_id) + '/' + instance.to_string() + '/' + std::to_string(id);
}

std::optional<ObjectReference> parse_reference(std::string_view text) {
  const std::size_t first = text.find('/');
  const std::size_t last = text.rfind('/');
  if (first == std::string_view::npos || first == last) {
    return std::nullopt;
  }
  const auto class_id = parse_unsigned(text.substr(0, first));
  const auto obis = apdu::ObisCode::parse(text.substr(first + 1, last - first - 1));
  const auto id = parse_integer(text.substr(last + 1));
  if (!class_id || *class_id > 0xFFFF || !obis || !id || *id < -128 || *id > 127) {
    return std::nullopt;
  }
  return ObjectReference{static_cast<std::uint16_t>(*class_id), *obis, static_cast<std::int8_t>(*id)};
}

std::optional<codec::CosemDateTime> parse_date_time(std::string_view text) {
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  if (!fixed_number(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !fixed_number(text, 5, 2, month) || text[7] != '-' || !fixed_number(text, 8, 2, day)) {
    return std::nullopt;
  }
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || !fixed_number(text, 11, 2, hour) || text.size() < 16 ||
        text[13] != ':' || !fixed_number(text, 14, 2, minute)) {
      return std::nullopt;
    }
    if (text.size() > 16 && (text.size() != 19 || text[16] != ':' || !fixed_number(text, 17, 2, second))) {
      return std::nullopt;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > codec::civil::days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  codec::CosemDateTime t;
  t.year = static_cast<std::uint16_t>(year);
  t.month = static_cast<std::uint8_t>(month);
  t.day_of_month = static_cast<std::uint8_t>(day);
  t.day_of_week = static_cast<std::uint8_t>(
      codec::civil::weekday_from_days(codec::civil::days_from_civil(year, month, day)));
  t.hour = static_cast<std::uint8_t>(hour);
  t.minute = static_cast<std::uint8_t>(minute);
  t.second = static_cast<std::uint8_t>(second);
  t.hundredths = 0;
  return t;
}

std::optional<EntryRange> parse_entries(std::string_view text) {
  const std::size_t colon = text.find(':');
  const auto from = parse_unsigned(text.substr(0, colon));
  if (!from || *from == 0 || *from > 0xFFFFFFFFU) {
    return std::nullopt;
  }
  EntryRange r{static_cast<std::uint32_t>(*from), static_cast<std::uint32_t>(*from)};
  if (colon != std::string_view::npos) {
    const std::string_view rest = text.substr(colon + 1);
    r.to = 0;
    if (!rest.empty()) {
      const auto to = parse_unsigned(rest);
      if (!to || *to > 0xFFFFFFFFU || (*to != 0 && *to < *from)) {
        return std::nullopt;
      }
      r.to = static_cast<std::uint32_t>(*to);
    }
  }
  return r;
}

std::optional<std::vector<std::uint8_t>> parse_hex_bytes(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
  }
  std::vector<std::uint8_t> out;
  int high = -1;
  for (const char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':') {
      continue;
    } else {
      return std::nullopt;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) {
    return std::nullopt;
  }
  return out;
}

std::optional<codec::Data> plain_value(std::string_view text, codec::DataType type, std::string& error) {
  using codec::Data;
  using codec::DataType;
  const auto integer = [&]() -> std::optional<std::int64_t> {
    auto v = parse_integer(text);
    if (!v) {
      error = "not an integer";
    }
    return v;
  };
  switch (type) {
    case DataType::boolean:
      if (text == "true" || text == "1") {
        return Data::boolean(true);
      }
      if (text == "false" || text == "0") {
        return Data::boolean(false);
      }
      error = "not a boolean (true/false)";
      return std::nullopt;
    case DataType::integer:
      if (auto v = integer()) {
        return ranged<std::int8_t>(*v, error, &Data::integer);
      }
      return std::nullopt;
    case DataType::long_:
      if (auto v = integer()) {
        return ranged<std::int16_t>(*v, error, &Data::long_);
      }
      return std::nullopt;
    case DataType::double_long:
      if (auto v = integer()) {
        return ranged<std::int32_t>(*v, error, &Data::double_long);
      }
      return std::nullopt;
    case DataType::long64:
      if (auto v = integer()) {
        return Data::long64(*v);
      }
      return std::nullopt;
    case DataType::unsigned_:
      if (auto v = integer()) {
        return ranged<std::uint8_t>(*v, error, &Data::unsigned_);
      }
      return std::nullopt;
    case DataType::enum_:
      if (auto v = integer()) {
        return ranged<std::uint8_t>(*v, error, &Data::enum_);
      }
      return std::nullopt;
    case DataType::long_unsigned:
      if (auto v = integer()) {
        return ranged<std::uint16_t>(*v, error, &Data::long_unsigned);
      }
      return std::nullopt;
    case DataType::double_long_unsigned:
      if (auto v = integer()) {
        return ranged<std::uint32_t>(*v, error, &Data::double_long_unsigned);
      }
      return std::nullopt;
    case DataType::long64_unsigned:
      if (auto v = parse_unsigned(text)) {
        return Data::long64_unsigned(*v);
      }
      error = "not an unsigned integer";
      return std::nullopt;
    case DataType::float32:
    case DataType::float64: {
      const std::string s(text);
      char* end = nullptr;
      const double v = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
        error = "not a number";
        return std::nullopt;
      }
      return type == DataType::float32 ? Data::float32(static_cast<float>(v)) : Data::float64(v);
    }
    case DataType::visible_string: return Data::visible_string(text);
    case DataType::utf8_string: return Data::utf8_string(text);
    case DataType::date_time:
      if (auto t = parse_date_time(text)) {
        return Data::octet_string(ByteSpan(t->encode()));
      }
      error = "not a date-time (2026-11-25T00:00:00)";
      return std::nullopt;
    case DataType::octet_string:
      if (auto t = parse_date_time(text)) {
        return Data::octet_string(ByteSpan(t->encode()));
      }
      if (auto obis = apdu::ObisCode::parse(text)) {
        return Data::octet_string(ByteSpan(obis->bytes));
      }
      if (auto b = parse_hex_bytes(text)) {
        return Data::octet_string(std::move(*b));
      }
      error = "not hex, an OBIS code or a date-time";
      return std::nullopt;
    case DataType::dont_care:
      if (auto v = parse_integer(text)) {
        if (*v >= 0 && *v <= 0xFFFFFFFF) {
          return Data::double_long_unsigned(static_cast<std::uint32_t>(*v));
        }
        return ranged<std::int32_t>(*v, error, &Data::double_long);
      }
      return Data::visible_string(text);
    default: error = "a structured value: give it with --hex, --xml or --json"; return std::nullopt;
  }
}

codec::DataType attribute_type(std::uint16_t class_id, std::int8_t attribute_id) {
  const cosem::ClassDescription* c = cosem::find_class(class_id);
  const cosem::AttributeDescription* a = c != nullptr ? c->attribute(attribute_id) : nullptr;
  return a != nullptr ? a->type : codec::DataType::dont_care;
}

std::string class_name(std::uint16_t class_id) {
  const cosem::ClassDescription* c = cosem::find_class(class_id);
  return c != nullptr ? c->name : "";
}

std::string attribute_name(std::uint16_t class_id, std::int8_t attribute_id) {
  const cosem::ClassDescription* c = cosem::find_class(class_id);
  const cosem::AttributeDescription* a = c != nullptr ? c->attribute(attribute_id) : nullptr;
  return a != nullptr ? a->name : "";
}

std::string method_name(std::uint16_t class_id, std::int8_t method_id) {
  const cosem::ClassDescription* c = cosem::find_class(class_id);
  const cosem::MethodDescription* m = c != nullptr ? c->method(method_id) : nullptr;
  return m != nullptr ? m->name : "";
}

}  // namespace dlms::cli
