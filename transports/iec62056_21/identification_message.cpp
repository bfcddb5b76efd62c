#include "transports/iec62056_21/identification_message.hpp"

#include "transports/iec62056_21/baud_rate.hpp"
#include "transports/iec62056_21/characters.hpp"
#include "transports/iec62056_21/text.hpp"

namespace dlms::iec62056_21 {
namespace {

bool valid_manufacturer(std::string_view m) noexcept {
  return m.size() == 3 && detail::is_letter(m[0]) && detail::is_letter(m[1]) && detail::is_letter(m[2]);
}

bool valid_identification(std::string_view id) noexcept {
  for (char c : id) {
    if (!detail::is_printable(c) || c == '/' || c == '!') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IdentificationMessage::hdlc_capable() const noexcept { return enhanced_char == kEnhancedHdlc; }

Result<IdentificationMessage> IdentificationMessage::decode(ByteSpan line) noexcept {
  // "/" XXX Z ... CR LF: at least 7 bytes.
  if (line.size() < 7 || line[0] != kStart || line[line.size() - 2] != kCr || line[line.size() - 1] != kLf) {
    return iec62056_21_errc::malformed_message;
  }
  IdentificationMessage m;
  m.manufacturer = detail::as_text(line.subspan(1, 3));
  if (!valid_manufacturer(m.manufacturer)) {
    return iec62056_21_errc::malformed_message;
  }
  m.baud_char = static_cast<char>(line[4]);
  if (baud_rate_from_char(m.baud_char) == 0) {
    return iec62056_21_errc::bad_baud_rate;
  }
  ByteSpan rest = line.subspan(5, line.size() - 7);
  if (rest.size() >= 2 && rest[0] == kEscape) {
    m.enhanced_char = static_cast<char>(rest[1]);
    if (!detail::is_digit(m.enhanced_char)) {
      return iec62056_21_errc::malformed_message;
    }
    rest = rest.subspan(2);
  }
  m.identification = detail::as_text(rest);
  if (m.identification.size() > kMaxIdentification) {
    return iec62056_21_errc::message_too_long;
  }
  if (!valid_identification(m.identification)) {
    return iec62056_21_errc::malformed_message;
  }
  return m;
}

Status IdentificationMessage::encode(ByteWriter& w) const noexcept {
  if (!valid_manufacturer(manufacturer) || identification.size() > kMaxIdentification ||
      !valid_identification(identification) || baud_rate_from_char(baud_char) == 0 ||
      (enhanced_char != '\0' && !detail::is_digit(enhanced_char))) {
    return iec62056_21_errc::malformed_message;
  }
  w.u8(kStart);
  detail::put_text(w, manufacturer);
  w.u8(static_cast<std::uint8_t>(baud_char));
  if (enhanced_char != '\0') {
    w.u8(kEscape);
    w.u8(static_cast<std::uint8_t>(enhanced_char));
  }
  detail::put_text(w, identification);
  w.u8(kCr);
  w.u8(kLf);
  if (!w.ok()) {
    return iec62056_21_errc::buffer_too_small;
  }
  return ok();
}

}  // namespace dlms::iec62056_21
