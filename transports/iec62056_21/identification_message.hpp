#pragma once
// Identification message (IEC 62056-21 6.3.2), the meter's answer to a request:
//   "/" XXX Z ["\" W] identification CR LF
// XXX the manufacturer's three-letter FLAG id (a lower-case third letter announces a 20 ms
// minimum reaction time), Z the highest baud rate character offered ('0'..'6' in modes C
// and E), "\W" the enhanced identification character (W = '2': mode E, binary HDLC
// available), then up to 16 printable characters other than '/' and '!'.

#include <string_view>

#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/iec62056_21/iec62056_21_error.hpp"

namespace dlms::iec62056_21 {

struct IdentificationMessage {
  std::string_view manufacturer;    // 3 letters
  char baud_char = '0';             // Z
  char enhanced_char = '\0';        // W after "\", '\0' when absent
  std::string_view identification;  // up to 16 characters

  [[nodiscard]] bool hdlc_capable() const noexcept;

  static Result<IdentificationMessage> decode(ByteSpan line) noexcept;
  Status encode(ByteWriter& w) const noexcept;
};

}  // namespace dlms::iec62056_21
