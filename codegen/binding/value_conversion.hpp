#pragma once
// Conversions between meter quantity values (nlohmann::json, catalogue units) and A-XDR
// attribute values, as a BindingFormat says (binding_format.hpp).

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "codegen/binding/binding_format.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"

namespace dlms::binding {

// The meter's current relation of local time to UTC, for rendering time quantities.
struct TimeContext {
  std::int64_t local_minus_utc_ms = 0;  // includes DST when active
  bool dst_active = false;
};

// Encodes `value` into `out` as `format` says. type_unmatched when the JSON value cannot be
// carried (a string for a number, a number out of the type's range after scaling).
apdu::DataAccessResult encode_quantity(const nlohmann::json& value, const BindingFormat& format,
                                       const TimeContext& time, ByteWriter& out);

// The JSON value a write of `value` stands for (the inverse of encode_quantity; time values
// are converted to UTC ms with the deviation they carry). nullopt when `value` is not of the
// format's type. `integer_quantity`: the quantity is an integer (rounded after scaling).
std::optional<nlohmann::json> decode_quantity(const codec::DataView& value, const BindingFormat& format,
                                              bool integer_quantity);

// A DLMS method parameter as the JSON argument of a meter action: null for none, numbers,
// booleans, strings (octet-strings as hex), arrays and structures as JSON arrays.
nlohmann::json data_to_json(const codec::DataView* value);

}  // namespace dlms::binding
