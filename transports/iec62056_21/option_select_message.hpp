#pragma once
// Acknowledgement/option select message (IEC 62056-21 6.3.3): ACK V Z Y CR LF (6 bytes).
// V protocol control ('0' normal, '2' binary HDLC), Z baud rate character, Y mode control
// ('0' data readout, '1' programming, '2' binary HDLC). Mode E into HDLC at 9600 Bd is
// 06 32 35 32 0D 0A; mode C data readout at 9600 Bd is 06 30 35 30 0D 0A.

#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/iec62056_21/iec62056_21_error.hpp"

namespace dlms::iec62056_21 {

struct OptionSelectMessage {
  char protocol_char = '0';  // V
  char baud_char = '0';      // Z
  char mode_char = '0';      // Y

  [[nodiscard]] bool is_hdlc() const noexcept;     // V = '2' and Y = '2'
  [[nodiscard]] bool is_readout() const noexcept;  // V = '0' and Y = '0'

  static Result<OptionSelectMessage> decode(ByteSpan line) noexcept;
  Status encode(ByteWriter& w) const noexcept;
};

}  // namespace dlms::iec62056_21
