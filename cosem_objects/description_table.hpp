#pragma once
// Builders of the constexpr attribute and method tables of a ClassDescription. Attribute 1 is
// logical_name in every class (Blue Book 4.1.2: octet-string, read-only, static), and the Blue
// Book numbers attributes and methods 1..n in its order; so a class lists its attributes 2..n
// and its methods in that order and the builders number them:
//
//   constexpr auto kAttributes = attribute_table({
//       {"value", DataType::dont_care, access::kRead, kDynamic},
//       {"scaler_unit", DataType::structure, access::kRead},
//   });
//   constexpr auto kMethods = method_table({{"reset", DataType::integer, access::kAccess}});
//   constexpr ClassDescription kDescription{3, 0, "Register", kAttributes, kMethods};

#include <array>
#include <cstddef>
#include <cstdint>

#include "cosem_objects/class_description.hpp"
#include "cosem_objects/interface_class.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/data_type.hpp"

namespace dlms::cosem {

inline constexpr bool kStatic = true;    // Blue Book "static": a configuration value
inline constexpr bool kDynamic = false;  // Blue Book "dynamic": changes by itself (a measurement, a state)

// Attribute 2 + i of attribute_table(): the AttributeDescription without its id.
struct AttributeRow {
  const char* name = "";
  codec::DataType type = codec::DataType::dont_care;
  std::uint8_t default_access = association::access::kNone;
  bool is_static = kStatic;
  std::uint8_t access_selectors = 0;
};

// Method 1 + i of method_table(): the MethodDescription without its id.
struct MethodRow {
  const char* name = "";
  codec::DataType parameter_type = codec::DataType::null_data;
  std::uint8_t default_access = association::access::kNone;
};

inline constexpr AttributeDescription kLogicalNameAttribute{
    1, "logical_name", codec::DataType::octet_string, association::access::kRead, kStatic, 0};

// logical_name, then `rows` as attributes 2..N+1.
template <std::size_t N>
[[nodiscard]] constexpr std::array<AttributeDescription, N + 1> attribute_table(
    const AttributeRow (&rows)[N]) noexcept {
  static_assert(N + 1 <= InterfaceClass::kMaxAttributes, "more attributes than InterfaceClass binds");
  std::array<AttributeDescription, N + 1> table{kLogicalNameAttribute};
  for (std::size_t i = 0; i < N; ++i) {
    const AttributeRow& r = rows[i];
    table[i + 1] = {
        static_cast<std::int8_t>(i + 2), r.name, r.type, r.default_access, r.is_static, r.access_selectors};
  }
  return table;
}

// `rows` as methods 1..N.
template <std::size_t N>
[[nodiscard]] constexpr std::array<MethodDescription, N> method_table(const MethodRow (&rows)[N]) noexcept {
  static_assert(N <= InterfaceClass::kMaxMethods, "more methods than InterfaceClass binds");
  std::array<MethodDescription, N> table{};
  for (std::size_t i = 0; i < N; ++i) {
    const MethodRow& r = rows[i];
    table[i] = {static_cast<std::int8_t>(i + 1), r.name, r.parameter_type, r.default_access};
  }
  return table;
}

}  // namespace dlms::cosem
