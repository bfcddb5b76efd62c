#pragma once
// Names of enumerated values in the translator's XML (internal). Values without a name are
// written as two hex digits, and either form is accepted on input.

#include <cstdint>
#include <span>
#include <string>

#include <pugixml.hpp>

namespace dlms::translator::detail {

struct Named {
  std::uint8_t value;
  const char* name;
};

using NameTable = std::span<const Named>;

std::string name_of(NameTable table, std::uint8_t value);
// Reads attribute `attr_name` of `node` as a name of `table` (case-insensitive) or as hex.
std::uint8_t value_of(NameTable table, pugi::xml_node node, const char* attr_name = "Value");

extern const NameTable kDataAccessResultNames;
extern const NameTable kActionResultNames;
extern const NameTable kConformanceBitNames;
extern const NameTable kApplicationContextNames;
extern const NameTable kMechanismNames;
extern const NameTable kReleaseRequestReasonNames;
extern const NameTable kReleaseResponseReasonNames;
extern const NameTable kStateErrorNames;
extern const NameTable kExceptionServiceErrorNames;
extern const NameTable kConfirmedServiceNames;
extern const NameTable kServiceErrorNames;
// The values of ServiceError choice `choice` (Green Book ServiceError enumerations).
NameTable service_error_values(std::uint8_t choice);

}  // namespace dlms::translator::detail
