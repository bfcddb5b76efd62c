#pragma once
// Errors of the HDLC data link layer (IEC 62056-46 / Green Book 8.4), one std::error_category.
// Most are reported per frame and are not fatal: a framer or link keeps running after them.

#include <system_error>

namespace dlms::hdlc {

enum class hdlc_errc {
  truncated = 1,        // frame content shorter than its fields
  bad_format,           // frame format type is not 3 (0xA)
  bad_length,           // the length field disagrees with the frame, or is impossible
  bad_address,          // address of 3 or more than 4 octets, or an address value out of range
  bad_hcs,              // header check sequence wrong (frame dropped)
  bad_fcs,              // frame check sequence wrong (frame dropped)
  missing_flag,         // no closing flag 7E where the length field says the frame ends
  frame_too_long,       // frame longer than 2047 octets, or information field above the limit
  bad_control,          // control field not defined or not supported (answered by FRMR)
  bad_parameters,       // malformed SNRM/UA parameter negotiation field
  bad_llc,              // the first segment of an APDU lacks the LLC header E6 E6 00 / E6 E7 00
  wrong_address,        // frame not addressed to this station (ignored)
  unexpected_frame,     // frame not valid in the current state (ignored or answered)
  apdu_too_large,       // APDU above the configured maximum (reassembly or send)
  buffer_too_small,     // the caller's output buffer cannot hold the frame
  not_connected,        // operation needs the normal response mode (NRM)
  busy,                 // the previous APDU is still being sent
  inter_octet_timeout,  // partial frame discarded after the inter-octet time-out
  inactivity_timeout,   // no valid frame within the inactivity time-out: link dropped to NDM
  response_timeout,     // no answer after the configured retries: link dropped to NDM
  disconnected,         // the peer disconnected (DISC received, or DM in NRM)
  frame_rejected,       // the peer answered FRMR
  connection_refused,   // the peer answered SNRM with DM, or with unusable parameters
};

const std::error_category& hdlc_category() noexcept;

inline std::error_code make_error_code(hdlc_errc e) noexcept {
  return {static_cast<int>(e), hdlc_category()};
}

}  // namespace dlms::hdlc

template <>
struct std::is_error_code_enum<dlms::hdlc::hdlc_errc> : std::true_type {};
