#include "transports/hdlc/hdlc_control.hpp"

namespace dlms::hdlc {

HdlcControl decode_control(std::uint8_t b) noexcept {
  HdlcControl c;
  c.raw = b;
  c.pf = (b & 0x10U) != 0;
  if ((b & 0x01U) == 0) {
    c.type = FrameType::I;
    c.ns = static_cast<std::uint8_t>((b >> 1U) & 7U);
    c.nr = static_cast<std::uint8_t>(b >> 5U);
    return c;
  }
  if ((b & 0x03U) == 0x01U) {
    c.nr = static_cast<std::uint8_t>(b >> 5U);
    switch ((b >> 2U) & 3U) {
      case 0: c.type = FrameType::RR; break;
      case 1: c.type = FrameType::RNR; break;
      default: c.type = FrameType::unknown; break;  // REJ, SREJ: not used by IEC 62056-46
    }
    return c;
  }
  switch (b & 0xEFU) {
    case 0x83: c.type = FrameType::SNRM; break;
    case 0x43: c.type = FrameType::DISC; break;
    case 0x63: c.type = FrameType::UA; break;
    case 0x0F: c.type = FrameType::DM; break;
    case 0x87: c.type = FrameType::FRMR; break;
    case 0x03: c.type = FrameType::UI; break;
    default: c.type = FrameType::unknown; break;
  }
  return c;
}

std::uint8_t encode_control(const HdlcControl& c) noexcept {
  const unsigned pf = c.pf ? 0x10U : 0U;
  const unsigned nr = static_cast<unsigned>(c.nr & 7U) << 5U;
  unsigned v = 0;
  switch (c.type) {
    case FrameType::I: v = nr | pf | (static_cast<unsigned>(c.ns & 7U) << 1U); break;
    case FrameType::RR: v = nr | pf | 0x01U; break;
    case FrameType::RNR: v = nr | pf | 0x05U; break;
    case FrameType::SNRM: v = 0x83U | pf; break;
    case FrameType::DISC: v = 0x43U | pf; break;
    case FrameType::UA: v = 0x63U | pf; break;
    case FrameType::DM: v = 0x0FU | pf; break;
    case FrameType::FRMR: v = 0x87U | pf; break;
    case FrameType::UI: v = 0x03U | pf; break;
    case FrameType::unknown: v = c.raw; break;
  }
  return static_cast<std::uint8_t>(v);
}

}  // namespace dlms::hdlc
