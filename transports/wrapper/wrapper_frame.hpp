#pragma once
// WrapperFrame: one whole WPDU (header + APDU), IEC 62056-47 clause 7. Decoding a UDP
// datagram (exactly one WPDU per datagram) and encoding a WPDU into a caller's buffer.

#include <cstddef>
#include <cstdint>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/wrapper/wrapper_error.hpp"
#include "transports/wrapper/wrapper_header.hpp"

namespace dlms::wrapper {

struct WrapperFrame {
  WrapperHeader header;
  ByteSpan apdu;  // a view into the decoded input
};

// Decodes one UDP datagram: header, then exactly `length` APDU bytes (no more, no fewer).
// `max_apdu_size` is the configured limit (e.g. the negotiated max-receive-pdu-size).
Result<WrapperFrame> decode_datagram(ByteSpan datagram, std::size_t max_apdu_size) noexcept;

// Encodes header + APDU into `out`; returns the number of bytes written. The APDU must be
// 1..65535 bytes (the length field is a u16).
Result<std::size_t> encode_frame(MutableByteSpan out, std::uint16_t source_wport,
                                 std::uint16_t destination_wport, ByteSpan apdu) noexcept;

// Writes only the 8-byte header in front of an APDU the caller has already encoded at
// out[8 .. 8 + apdu_length) (encode straight into the wire buffer, prepend the header).
Status encode_header_in_place(MutableByteSpan out, std::uint16_t source_wport,
                              std::uint16_t destination_wport, std::size_t apdu_length) noexcept;

}  // namespace dlms::wrapper
