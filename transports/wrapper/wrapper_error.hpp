#pragma once
// Errors of the wrapper layer (IEC 62056-47 / Green Book "TCP-UDP based communication
// profiles", the wrapper protocol data unit). One std::error_category for the layer.

#include <system_error>

namespace dlms::wrapper {

enum class wrapper_errc {
  need_more = 1,     // not an error: the stream reassembler wants more bytes (Beast-style)
  bad_version,       // version field is not 0x0001
  apdu_too_large,    // length field above the configured maximum APDU size
  empty_apdu,        // length field 0: a WPDU carries one whole, non-empty APDU
  truncated,         // a datagram shorter than its header or its length field
  trailing_bytes,    // a datagram longer than header + length
  buffer_too_small,  // the caller's output buffer cannot hold the WPDU
};

const std::error_category& wrapper_category() noexcept;

inline std::error_code make_error_code(wrapper_errc e) noexcept {
  return {static_cast<int>(e), wrapper_category()};
}

}  // namespace dlms::wrapper

template <>
struct std::is_error_code_enum<dlms::wrapper::wrapper_errc> : std::true_type {};
