#include "transports/iec62056_21/request_message.hpp"

#include "transports/iec62056_21/characters.hpp"
#include "transports/iec62056_21/text.hpp"

namespace dlms::iec62056_21 {
namespace {

bool valid_address(std::string_view a) noexcept {
  if (a.size() > kMaxDeviceAddress) {
    return false;
  }
  for (char c : a) {
    if (!detail::is_digit(c) && !detail::is_letter(c) && c != ' ') {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<RequestMessage> RequestMessage::decode(ByteSpan line) noexcept {
  // "/?" + address + "!" CR LF
  if (line.size() < 5 || line[0] != kStart || line[1] != kRequest || line[line.size() - 3] != kEnd ||
      line[line.size() - 2] != kCr || line[line.size() - 1] != kLf) {
    return iec62056_21_errc::malformed_message;
  }
  const std::string_view address = detail::as_text(line.subspan(2, line.size() - 5));
  if (address.size() > kMaxDeviceAddress) {
    return iec62056_21_errc::message_too_long;
  }
  if (!valid_address(address)) {
    return iec62056_21_errc::malformed_message;
  }
  return RequestMessage{address};
}

Status RequestMessage::encode(ByteWriter& w) const noexcept {
  if (!valid_address(device_address)) {
    return iec62056_21_errc::malformed_message;
  }
  w.u8(kStart);
  w.u8(kRequest);
  detail::put_text(w, device_address);
  w.u8(kEnd);
  w.u8(kCr);
  w.u8(kLf);
  if (!w.ok()) {
    return iec62056_21_errc::buffer_too_small;
  }
  return ok();
}

}  // namespace dlms::iec62056_21
