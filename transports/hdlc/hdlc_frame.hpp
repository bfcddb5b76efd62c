#pragma once
// HdlcFrame: one HDLC frame of frame format type 3, IEC 62056-46 (Green Book 8.4.1):
//
//   7E | format (2) | destination address | source address | control | [HCS (2) | information]
//      | FCS (2) | 7E
//
// The format field is 1010 S LLL LLLLLLLL: type 3 (0xA), the segmentation bit S (more segments
// of the same APDU follow) and the 11-bit frame length, which counts every octet between the
// flags. The HCS covers format..control and is present only when there is an information
// field; the FCS covers format..information (both CRC-16/X.25, see hdlc_fcs.hpp). No octet
// stuffing is used: the end of a frame is found by its length field, never by scanning for 7E.

#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/hdlc/hdlc_address.hpp"
#include "transports/hdlc/hdlc_control.hpp"

namespace dlms::hdlc {

inline constexpr std::uint8_t kFlag = 0x7E;
// The length field has 11 bits (Green Book 8.4.1.3).
inline constexpr std::size_t kMaxFrameLength = 2047;
// Largest frame on the wire, flags included (the output buffer given to a link's poll_output()
// should hold at least this many octets).
inline constexpr std::size_t kMaxWireFrameSize = kMaxFrameLength + 2;
// Octets of a frame outside its information field with 4-octet server and 1-octet client
// addresses: format 2, addresses 5, control 1, HCS 2, FCS 2, plus two flags.
inline constexpr std::size_t kMaxFrameOverhead = 2 + 5 + 1 + 2 + 2 + 2;
// The largest information field of a frame with a 4-octet server address (2047 - 12 = 2035);
// the Green Book caps the negotiable max_info_field_length at 2030.
inline constexpr std::size_t kMaxInfoFieldLength = 2030;

// LLC header, IEC 62056-46 8.3 / Green Book 8.4.4: destination LSAP E6, source LSAP E6
// (command, client to server) or E7 (response, server to client), LLC quality 00. It starts
// the information field of the first segment of each APDU.
inline constexpr std::array<std::uint8_t, 3> kLlcCommand{0xE6, 0xE6, 0x00};
inline constexpr std::array<std::uint8_t, 3> kLlcResponse{0xE6, 0xE7, 0x00};

struct HdlcFrame {
  bool segmented = false;  // S bit of the format field
  HdlcAddress destination;
  HdlcAddress source;
  HdlcControl control;
  ByteSpan information;  // view into the decoded input, or the bytes to encode
};

// Decodes the octets between the flags (format .. FCS). Checks the format type, the length
// field against content.size(), the addresses, the HCS and the FCS. The control field is
// decoded but not judged (type may be FrameType::unknown). information views `content`.
[[nodiscard]] Result<HdlcFrame> decode_frame_content(ByteSpan content) noexcept;

// Decodes one whole frame including its opening and closing flags.
[[nodiscard]] Result<HdlcFrame> decode_frame(ByteSpan wire) noexcept;

// Octets encode_frame writes (flags included).
[[nodiscard]] std::size_t encoded_frame_size(const HdlcFrame& frame) noexcept;

// Encodes the frame, flags included, into `out`; returns the octets written. Fails with
// bad_address, frame_too_long (length field above 2047) or buffer_too_small.
[[nodiscard]] Result<std::size_t> encode_frame(const HdlcFrame& frame, MutableByteSpan out) noexcept;

// Where the information field starts in the encoded frame (flag included), for callers that
// place it there first and let encode_frame_around() write the rest without copying it.
[[nodiscard]] std::size_t frame_info_offset(const HdlcFrame& frame, std::size_t info_size) noexcept;

// Like encode_frame, for an information field of `info_size` octets already in place at
// out[frame_info_offset(frame, info_size)]; frame.information is ignored.
[[nodiscard]] Result<std::size_t> encode_frame_around(const HdlcFrame& frame, std::size_t info_size,
                                                      MutableByteSpan out) noexcept;

}  // namespace dlms::hdlc
