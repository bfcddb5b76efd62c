#pragma once
// Limits: every count and size a decoder accepts has a configured maximum; exceeding it is
// codec_errc::limit_exceeded / depth_exceeded, never an allocation or a deep recursion.

#include <cstddef>
#include <cstdint>

namespace dlms::codec {

struct Limits {
  // Nesting of array / structure / compact-array type descriptions.
  std::size_t max_depth = 16;
  // Elements announced by one array, structure or compact-array.
  std::size_t max_elements = 65535;
  // Length of one octet-string, visible-string, utf8-string, bcd or bit-string (in bytes).
  std::size_t max_string_length = 65535;
  // Items of one with-list request or response (Get/Set/Action-with-list).
  std::size_t max_list_items = 64;
  // Size of one APDU (xDLMS max-receive-pdu-size is an Unsigned16).
  std::size_t max_apdu_size = 65535;
};

inline constexpr Limits kDefaultLimits{};

}  // namespace dlms::codec
