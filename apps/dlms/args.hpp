#pragma once
// Parsing of the dlms command line's arguments: attribute and method references
// (CLASS/OBIS/ATTR, e.g. 3/1.0.1.8.0.255/2), date-times (2026-11-25T00:00:00 or
// 2026-11-25 00:00, meter local time), entry ranges (FROM:TO), hex keys, and plain values typed
// by the attribute's Blue Book type (set VALUE).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/codec/cosem_date_time.hpp"
#include "stack/codec/data.hpp"
#include "stack/codec/data_type.hpp"

namespace dlms::cli {

// CLASS/OBIS/ID: class 0..65535, an OBIS code (a.b.c.d.e.f or IEC 1-0:1.8.0*255), id -128..127
// (an attribute or a method). nullopt when malformed.
struct ObjectReference {
  std::uint16_t class_id = 0;
  apdu::ObisCode instance;
  std::int8_t id = 0;

  [[nodiscard]] apdu::CosemAttributeDescriptor attribute() const noexcept { return {class_id, instance, id}; }
  [[nodiscard]] apdu::CosemMethodDescriptor method() const noexcept { return {class_id, instance, id}; }
  // "3/1.0.1.8.0.255/2"
  [[nodiscard]] std::string to_string() const;
};
std::optional<ObjectReference> parse_reference(std::string_view text);

// "2026-11-25T00:00:00", "2026-11-25 00:00", "2026-11-25T00:00", "2026-11-25" (midnight):
// a date-time in the meter's local time, deviation and clock status not specified.
std::optional<codec::CosemDateTime> parse_date_time(std::string_view text);

// "FROM:TO" (1-based, TO 0 or empty: to the last entry), "N" alone: that entry.
struct EntryRange {
  std::uint32_t from = 1;
  std::uint32_t to = 0;
};
std::optional<EntryRange> parse_entries(std::string_view text);

// Hex octets (white space and an optional 0x ignored); nullopt if not hex.
std::optional<std::vector<std::uint8_t>> parse_hex_bytes(std::string_view text);

// A plain value as the Data type `type` (integers decimal or 0x hex, booleans true/false/1/0,
// strings as they are, octet-strings as hex or an OBIS code, date-times as above, floats
// decimal). dont_care: the type is guessed (an integer -> double-long-unsigned or double-long,
// else a visible-string). On failure `error` says why.
std::optional<codec::Data> plain_value(std::string_view text, codec::DataType type, std::string& error);

// The Data type of attribute `attribute_id` of class `class_id` in the class registry
// (dont_care when unknown).
codec::DataType attribute_type(std::uint16_t class_id, std::int8_t attribute_id);
// The Blue Book names of the class and attribute/method ("" when unknown).
std::string class_name(std::uint16_t class_id);
std::string attribute_name(std::uint16_t class_id, std::int8_t attribute_id);
std::string method_name(std::uint16_t class_id, std::int8_t method_id);

}  // namespace dlms::cli
