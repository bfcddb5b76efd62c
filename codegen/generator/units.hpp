#pragma once
// Units of scaler_unit (Blue Book 4.3.2, unit enumeration), by the symbols the object-list XML
// uses (codegen/SCHEMA.md).

#include <cstdint>
#include <optional>
#include <string_view>

namespace dlms::codegen {

[[nodiscard]] constexpr std::optional<std::uint8_t> unit_code(std::string_view symbol) noexcept {
  struct Entry {
    std::string_view symbol;
    std::uint8_t code;
  };
  constexpr Entry kUnits[] = {
      {"a", 1},       {"mo", 2},      {"wk", 3},    {"d", 4},         {"h", 5},      {"min", 6},
      {"s", 7},       {"deg", 8},     {"degC", 9},  {"currency", 10}, {"m", 11},     {"m/s", 12},
      {"m3", 13},     {"l", 19},      {"kg", 20},   {"N", 21},        {"Nm", 22},    {"Pa", 23},
      {"bar", 24},    {"J", 25},      {"J/h", 26},  {"W", 27},        {"VA", 28},    {"var", 29},
      {"Wh", 30},     {"VAh", 31},    {"varh", 32}, {"A", 33},        {"C", 34},     {"V", 35},
      {"V/m", 36},    {"F", 37},      {"Ohm", 38},  {"Wb", 40},       {"T", 41},     {"A/m", 42},
      {"H", 43},      {"Hz", 44},     {"1/Wh", 45}, {"1/varh", 46},   {"1/VAh", 47}, {"V2h", 48},
      {"A2h", 49},    {"K", 52},      {"%", 56},    {"Ah", 57},       {"dBm", 70},   {"dB", 72},
      {"other", 254}, {"count", 255}, {"", 255},
  };
  for (const auto& u : kUnits) {
    if (u.symbol == symbol) {
      return u.code;
    }
  }
  return std::nullopt;
}

}  // namespace dlms::codegen
