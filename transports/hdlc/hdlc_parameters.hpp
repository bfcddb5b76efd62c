#pragma once
// HdlcParameters: the HDLC parameter negotiation carried in the information field of SNRM and
// UA (IEC 62056-46 6.4.4.4.3.2 / Green Book 8.4.5.3.2):
//
//   81 (format identifier) 80 (group identifier) LL (group length)
//     05 n <max_info_field_length_transmit>  06 n <max_info_field_length_receive>
//     07 n <window_size_transmit>            08 n <window_size_receive>
//
// each value big-endian on n = 1, 2 or 4 octets. A parameter that is absent takes its default:
// 128 octets and a window of 1. The values are always from the sender's point of view: in
// SNRM "transmit" is what the client sends, in UA what the server sends.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::hdlc {

struct HdlcParameters {
  static constexpr std::uint16_t kDefaultMaxInfo = 128;
  static constexpr std::uint8_t kDefaultWindow = 1;
  static constexpr std::uint8_t kMaxWindow = 7;  // modulo 8 sequence numbers

  std::uint16_t max_info_tx = kDefaultMaxInfo;
  std::uint16_t max_info_rx = kDefaultMaxInfo;
  std::uint8_t window_tx = kDefaultWindow;
  std::uint8_t window_rx = kDefaultWindow;

  [[nodiscard]] constexpr bool is_default() const noexcept {
    return max_info_tx == kDefaultMaxInfo && max_info_rx == kDefaultMaxInfo && window_tx == kDefaultWindow &&
           window_rx == kDefaultWindow;
  }
  friend constexpr bool operator==(const HdlcParameters&, const HdlcParameters&) noexcept = default;
};

// Parses the negotiation field; an empty field gives the defaults. Fails (bad_parameters) on a
// wrong format or group identifier, a group length past the end, a parameter length of 0 or
// above 4, a max info length below 32 (this stack's floor) or a window of 0. Values above
// the limits (info above 2030, window above 7) are clamped; unknown parameters are skipped.
[[nodiscard]] Result<HdlcParameters> decode_parameters(ByteSpan info) noexcept;

// Writes all four parameters (info lengths on 1 octet when below 256 else 2, windows on 4
// octets, the layout of the Green Book examples); returns the octets written (at most 23).
[[nodiscard]] Result<std::size_t> encode_parameters(const HdlcParameters& params,
                                                    MutableByteSpan out) noexcept;
inline constexpr std::size_t kMaxParametersSize = 3 + 4 + 4 + 6 + 6;

// The server's side of the negotiation: given the client's SNRM proposal (client view) and the
// server's own limits (server view), the values the server uses and answers in UA (server
// view): each is the smaller of what the peer can receive and what this side can send.
[[nodiscard]] HdlcParameters negotiate(const HdlcParameters& proposal, const HdlcParameters& own) noexcept;

}  // namespace dlms::hdlc
