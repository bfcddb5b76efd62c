#pragma once
// BindingFormat: how a meter quantity (a JSON number, boolean, string or a time in ms) is
// carried in an A-XDR attribute value. Shared by the generator (which validates and emits it)
// and the runtime adapters (which apply it); header only, no dependencies beyond the codec's
// type tags.
//
// Numbers use the Register convention (Blue Book 4.3.2): attribute value = quantity / 10^scaler
// in the quantity's catalogue unit, rounded to the nearest integer for integer types. A time
// quantity (UTC ms) is a date-time: in an octet-string(12) (the usual Blue Book carrier) or as
// date-time [25], in meter local time with the meter's deviation and DST status bit. A
// string of hex digits (unit "hex") in an octet-string is carried as the octets it spells.

#include <cstdint>
#include <string_view>

#include "stack/codec/data_type.hpp"

namespace dlms::binding {

struct BindingFormat {
  codec::DataType type = codec::DataType::double_long_unsigned;
  std::int8_t scaler = 0;
  bool time = false;  // the quantity is a time (UTC ms), the type octet_string or date_time
  // The quantity is a string of hex digits (catalogue unit "hex", e.g. firmware.signature)
  // carried as the octets they spell in an octet-string.
  bool hex = false;
};

// A-XDR type names as the Blue Book writes them ("double-long-unsigned"); the translator's
// element names ("UInt32") are accepted too. dont_care when unknown.
[[nodiscard]] constexpr codec::DataType data_type_from_name(std::string_view n) noexcept {
  using T = codec::DataType;
  struct Entry {
    std::string_view blue_book;
    std::string_view translator;
    T type;
  };
  constexpr Entry kNames[] = {
      {"boolean", "Boolean", T::boolean},
      {"bit-string", "BitString", T::bit_string},
      {"double-long", "Int32", T::double_long},
      {"double-long-unsigned", "UInt32", T::double_long_unsigned},
      {"octet-string", "OctetString", T::octet_string},
      {"visible-string", "String", T::visible_string},
      {"utf8-string", "StringUTF8", T::utf8_string},
      {"integer", "Int8", T::integer},
      {"long", "Int16", T::long_},
      {"unsigned", "UInt8", T::unsigned_},
      {"long-unsigned", "UInt16", T::long_unsigned},
      {"long64", "Int64", T::long64},
      {"long64-unsigned", "UInt64", T::long64_unsigned},
      {"enum", "Enum", T::enum_},
      {"float32", "Float32", T::float32},
      {"float64", "Float64", T::float64},
      {"date-time", "DateTime", T::date_time},
  };
  for (const auto& e : kNames) {
    if (n == e.blue_book || n == e.translator) {
      return e.type;
    }
  }
  return T::dont_care;
}

[[nodiscard]] constexpr std::string_view data_type_name(codec::DataType t) noexcept {
  using T = codec::DataType;
  switch (t) {
    case T::null_data: return "null-data";
    case T::array: return "array";
    case T::structure: return "structure";
    case T::boolean: return "boolean";
    case T::bit_string: return "bit-string";
    case T::double_long: return "double-long";
    case T::double_long_unsigned: return "double-long-unsigned";
    case T::octet_string: return "octet-string";
    case T::visible_string: return "visible-string";
    case T::utf8_string: return "utf8-string";
    case T::bcd: return "bcd";
    case T::integer: return "integer";
    case T::long_: return "long";
    case T::unsigned_: return "unsigned";
    case T::long_unsigned: return "long-unsigned";
    case T::compact_array: return "compact-array";
    case T::long64: return "long64";
    case T::long64_unsigned: return "long64-unsigned";
    case T::enum_: return "enum";
    case T::float32: return "float32";
    case T::float64: return "float64";
    case T::date_time: return "date-time";
    case T::date: return "date";
    case T::time: return "time";
    case T::dont_care: return "dont-care";
  }
  return "unknown";
}

[[nodiscard]] constexpr bool is_integer_type(codec::DataType t) noexcept {
  using T = codec::DataType;
  return t == T::integer || t == T::long_ || t == T::double_long || t == T::long64 || t == T::unsigned_ ||
         t == T::long_unsigned || t == T::double_long_unsigned || t == T::long64_unsigned || t == T::enum_;
}

[[nodiscard]] constexpr bool is_numeric_type(codec::DataType t) noexcept {
  return is_integer_type(t) || t == codec::DataType::float32 || t == codec::DataType::float64;
}

}  // namespace dlms::binding
