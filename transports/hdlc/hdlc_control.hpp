#pragma once
// HdlcControl: the control field of IEC 62056-46 (Green Book 8.4.3.3, ISO/IEC 13239), modulo 8.
// Octet bits as written MSB..LSB:
//   I     RRR P SSS 0          RR   RRR P/F 0001     RNR  RRR P/F 0101
//   SNRM  100 P 0011 (0x93)    DISC 010 P 0011 (0x53) UA  011 F 0011 (0x73)
//   DM    000 F 1111 (0x1F)    FRMR 100 F 0111 (0x97) UI  000 P/F 0011 (0x13)
// (RRR = N(R), SSS = N(S), P/F = poll/final; values shown with P/F = 1.)

#include <cstdint>

namespace dlms::hdlc {

enum class FrameType : std::uint8_t { I, RR, RNR, SNRM, DISC, UA, DM, FRMR, UI, unknown };

struct HdlcControl {
  FrameType type = FrameType::unknown;
  std::uint8_t ns = 0;   // N(S), I frames only
  std::uint8_t nr = 0;   // N(R), I, RR and RNR frames
  bool pf = false;       // poll (command) / final (response) bit
  std::uint8_t raw = 0;  // the octet as received (for FRMR); set by decode and encode

  [[nodiscard]] static constexpr HdlcControl i(std::uint8_t ns, std::uint8_t nr, bool pf) noexcept {
    return {FrameType::I, static_cast<std::uint8_t>(ns & 7U), static_cast<std::uint8_t>(nr & 7U), pf, 0};
  }
  [[nodiscard]] static constexpr HdlcControl s(FrameType type, std::uint8_t nr, bool pf) noexcept {
    return {type, 0, static_cast<std::uint8_t>(nr & 7U), pf, 0};
  }
  [[nodiscard]] static constexpr HdlcControl u(FrameType type, bool pf) noexcept {
    return {type, 0, 0, pf, 0};
  }

  // True for frames that may carry an information field (I, UI, SNRM, UA, FRMR; DM may not).
  [[nodiscard]] constexpr bool info_allowed() const noexcept {
    return type == FrameType::I || type == FrameType::UI || type == FrameType::SNRM ||
           type == FrameType::UA || type == FrameType::FRMR;
  }
};

[[nodiscard]] HdlcControl decode_control(std::uint8_t octet) noexcept;
// Precondition: type != unknown.
[[nodiscard]] std::uint8_t encode_control(const HdlcControl& control) noexcept;

}  // namespace dlms::hdlc
