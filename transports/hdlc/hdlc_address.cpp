#include "transports/hdlc/hdlc_address.hpp"

namespace dlms::hdlc {

bool decode_address(ByteReader& in, HdlcAddress& out) noexcept {
  std::uint8_t octets[4] = {};
  std::size_t n = 0;
  ByteReader probe = in;
  for (;;) {
    std::uint8_t b = 0;
    if (n == 4 || !probe.u8(b)) {
      return false;
    }
    octets[n++] = b;
    if ((b & 1U) != 0) {
      break;
    }
  }
  auto v = [&](std::size_t i) { return static_cast<std::uint16_t>(octets[i] >> 1U); };
  switch (n) {
    case 1: out = {v(0), 0, 1}; break;
    case 2: out = {v(0), v(1), 2}; break;
    case 4:
      out = {static_cast<std::uint16_t>((v(0) << 7U) | v(1)), static_cast<std::uint16_t>((v(2) << 7U) | v(3)),
             4};
      break;
    default: return false;
  }
  in = probe;
  return true;
}

void encode_address(const HdlcAddress& a, ByteWriter& out) noexcept {
  auto octet = [](unsigned bits7, bool last) {
    return static_cast<std::uint8_t>(((bits7 & 0x7FU) << 1U) | (last ? 1U : 0U));
  };
  switch (a.size) {
    case 1: out.u8(octet(a.upper, true)); break;
    case 2:
      out.u8(octet(a.upper, false));
      out.u8(octet(a.lower, true));
      break;
    default:
      out.u8(octet(a.upper >> 7U, false));
      out.u8(octet(a.upper, false));
      out.u8(octet(a.lower >> 7U, false));
      out.u8(octet(a.lower, true));
      break;
  }
}

}  // namespace dlms::hdlc
