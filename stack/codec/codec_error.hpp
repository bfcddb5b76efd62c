#pragma once
// Errors of the A-XDR and BER codecs (one std::error_category for the codec layer).

#include <system_error>

namespace dlms::codec {

enum class codec_errc {
  truncated = 1,        // input ended inside an element
  length_past_end,      // a length field claims more bytes than remain
  bad_length_encoding,  // A-XDR/BER length form not allowed (e.g. 0x80 indefinite, > 4 octets)
  unknown_tag,          // a type tag or BER tag that is not defined here
  unexpected_tag,       // a defined tag where another one is required
  depth_exceeded,       // nesting deeper than Limits::max_depth
  limit_exceeded,       // a count or size above its configured Limits maximum
  invalid_value,        // well-formed bytes with a value outside the type's range
  trailing_bytes,       // bytes left after a complete element where none may follow
  buffer_too_small,     // the caller's output buffer cannot hold the encoding
  type_mismatch,        // a value does not match its declared type (compact-array, typed access)
  unsupported,          // a valid construct this codec does not implement
};

const std::error_category& codec_category() noexcept;

inline std::error_code make_error_code(codec_errc e) noexcept {
  return {static_cast<int>(e), codec_category()};
}

}  // namespace dlms::codec

template <>
struct std::is_error_code_enum<dlms::codec::codec_errc> : std::true_type {};
