#pragma once
// A-XDR tags of the COSEM data types (Blue Book, "Data" CHOICE of the xDLMS ASN.1).

#include <cstdint>

namespace dlms::codec {

enum class DataType : std::uint8_t {
  null_data = 0,
  array = 1,
  structure = 2,
  boolean = 3,
  bit_string = 4,
  double_long = 5,
  double_long_unsigned = 6,
  octet_string = 9,
  visible_string = 10,
  utf8_string = 12,
  bcd = 13,
  integer = 15,
  long_ = 16,
  unsigned_ = 17,
  long_unsigned = 18,
  compact_array = 19,
  long64 = 20,
  long64_unsigned = 21,
  enum_ = 22,
  float32 = 23,
  float64 = 24,
  date_time = 25,
  date = 26,
  time = 27,
  dont_care = 255,
};

}  // namespace dlms::codec
