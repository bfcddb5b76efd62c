#pragma once
// ClassDescription: what the Blue Book says of an interface class (its id, version, each
// attribute with its type and default access, each method with its parameter type). The
// object-list generator validates XML against it, Association LN builds default access
// rights from it, and the conformance harness type-checks a server's answers with it.

#include <cstdint>
#include <span>

#include "stack/codec/data_type.hpp"

namespace dlms::cosem {

struct AttributeDescription {
  std::int8_t id = 0;
  const char* name = "";  // the Blue Book's attribute name, e.g. "scaler_unit"
  // The attribute's type as the Blue Book gives it at the top level; dont_care where the
  // class leaves it to the instance (CHOICE, "instance specific").
  codec::DataType type = codec::DataType::dont_care;
  std::uint8_t default_access = 0;    // server::access bits, e.g. access::kRead
  bool is_static = true;              // Blue Book "static" (configuration) vs "dynamic" (measured)
  std::uint8_t access_selectors = 0;  // bit n = selective access selector n supported
};

struct MethodDescription {
  std::int8_t id = 0;
  const char* name = "";
  codec::DataType parameter_type = codec::DataType::null_data;  // dont_care: instance specific
  std::uint8_t default_access = 0;                              // server::access::kAccess or kNone
};

struct ClassDescription {
  std::uint16_t class_id = 0;
  std::uint8_t version = 0;
  const char* name = "";  // e.g. "Register"
  std::span<const AttributeDescription> attributes;
  std::span<const MethodDescription> methods;

  [[nodiscard]] constexpr const AttributeDescription* attribute(std::int8_t id) const noexcept {
    for (const auto& a : attributes) {
      if (a.id == id) {
        return &a;
      }
    }
    return nullptr;
  }
  [[nodiscard]] constexpr const MethodDescription* method(std::int8_t id) const noexcept {
    for (const auto& m : methods) {
      if (m.id == id) {
        return &m;
      }
    }
    return nullptr;
  }
};

}  // namespace dlms::cosem
