#pragma once
// Request message (IEC 62056-21 6.3.1): "/?" [device address] "!" CR LF, sent by the HHU at
// 300 Bd 7E1 to start a sign-on. The device address is optional (up to 32 characters:
// digits, letters, space); "/?!" addresses whatever device is on the optical port.

#include <string_view>

#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/iec62056_21/iec62056_21_error.hpp"

namespace dlms::iec62056_21 {

struct RequestMessage {
  std::string_view device_address;  // a view into the decoded bytes; empty for "/?!"

  // `line` is one whole message, CR LF included.
  static Result<RequestMessage> decode(ByteSpan line) noexcept;
  Status encode(ByteWriter& w) const noexcept;
};

}  // namespace dlms::iec62056_21
