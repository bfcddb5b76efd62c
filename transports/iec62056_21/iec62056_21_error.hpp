#pragma once
// Errors of the IEC 62056-21 layer (direct local data exchange: the optical port sign-on).

#include <system_error>

namespace dlms::iec62056_21 {

enum class iec62056_21_errc {
  malformed_message = 1,  // not a request / identification / option select / data message
  bad_bcc,                // block check character mismatch (IEC 62056-21 clause 6)
  bad_baud_rate,          // baud rate character outside '0'..'6' (modes C and E)
  message_too_long,       // a message above its maximum length (device address 32, ident 16)
  unsupported_mode,       // the peer cannot do what was asked (no "\2" for HDLC, programming)
  timeout,                // no (complete) answer within the reaction / inter-character time
  buffer_too_small,       // the caller's buffer cannot hold the message
};

const std::error_category& iec62056_21_category() noexcept;

inline std::error_code make_error_code(iec62056_21_errc e) noexcept {
  return {static_cast<int>(e), iec62056_21_category()};
}

}  // namespace dlms::iec62056_21

template <>
struct std::is_error_code_enum<dlms::iec62056_21::iec62056_21_errc> : std::true_type {};
