#include "transports/iec62056_21/option_select_message.hpp"

#include "transports/iec62056_21/baud_rate.hpp"
#include "transports/iec62056_21/characters.hpp"

namespace dlms::iec62056_21 {

bool OptionSelectMessage::is_hdlc() const noexcept {
  return protocol_char == kProtocolHdlc && mode_char == kModeHdlc;
}

bool OptionSelectMessage::is_readout() const noexcept {
  return protocol_char == kProtocolNormal && mode_char == kModeReadout;
}

Result<OptionSelectMessage> OptionSelectMessage::decode(ByteSpan line) noexcept {
  if (line.size() != 6 || line[0] != kAck || line[4] != kCr || line[5] != kLf) {
    return iec62056_21_errc::malformed_message;
  }
  OptionSelectMessage m{static_cast<char>(line[1]), static_cast<char>(line[2]), static_cast<char>(line[3])};
  if (m.protocol_char < '0' || m.protocol_char > '9' || m.mode_char < '0' || m.mode_char > '9') {
    return iec62056_21_errc::malformed_message;
  }
  if (baud_rate_from_char(m.baud_char) == 0) {
    return iec62056_21_errc::bad_baud_rate;
  }
  return m;
}

Status OptionSelectMessage::encode(ByteWriter& w) const noexcept {
  if (baud_rate_from_char(baud_char) == 0) {
    return iec62056_21_errc::bad_baud_rate;
  }
  w.u8(kAck);
  w.u8(static_cast<std::uint8_t>(protocol_char));
  w.u8(static_cast<std::uint8_t>(baud_char));
  w.u8(static_cast<std::uint8_t>(mode_char));
  w.u8(kCr);
  w.u8(kLf);
  if (!w.ok()) {
    return iec62056_21_errc::buffer_too_small;
  }
  return ok();
}

}  // namespace dlms::iec62056_21
