#pragma once
// Static attribute values in the object-list XML: the data notation of stack/translator
// (dlms-translate xml2data: <Structure>, <UInt16 Value="0384"/>, ...) plus a few shorthands
// (codegen/SCHEMA.md): <number type=".." value="decimal"/>, <scaler-unit scaler=".."
// unit=".."/>, <ascii value=".."/>, <obis value="a.b.c.d.e.f"/>. Shorthands are rewritten to
// translator elements, then translator::xml_to_data encodes the value; its error line is
// mapped back to the source line of the offending element.

#include <optional>
#include <string>

#include <pugixml.hpp>

#include "codegen/generator/diagnostics.hpp"
#include "codegen/generator/model.hpp"

namespace dlms::codegen {

// Encodes the value element `value` (one Data). On failure reports to `diag` and returns nullopt.
std::optional<Bytes> encode_value(pugi::xml_node value, const LineMap& lines, Diagnostics& diag,
                                  const std::string& context);

// The A-XDR of structure { integer scaler, enum unit } (Blue Book 4.3.2 scaler_unit).
Bytes scaler_unit_value(std::int8_t scaler, std::uint8_t unit);

}  // namespace dlms::codegen
