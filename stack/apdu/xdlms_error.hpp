#pragma once
// Errors of the xDLMS APDU layer (one std::error_category). Errors inside an encoded Data or
// a BER field come from the codec category; these are the APDU-level faults.

#include <system_error>

namespace dlms::apdu {

enum class xdlms_errc {
  unknown_apdu = 1,  // first byte is not an APDU tag we know
  unknown_choice,    // a CHOICE tag (e.g. get-request-normal = 1) out of range
  truncated,         // APDU ended inside a field
  trailing_bytes,    // bytes after a complete APDU
  invalid_field,     // a field with a value the ASN.1 does not allow
  list_too_long,     // more with-list items than Limits::max_list_items
  apdu_too_large,    // larger than Limits::max_apdu_size or the negotiated PDU size
  buffer_too_small,  // the caller's output buffer cannot hold the APDU
  unsupported,       // well-formed but not implemented
};

const std::error_category& xdlms_category() noexcept;

inline std::error_code make_error_code(xdlms_errc e) noexcept {
  return {static_cast<int>(e), xdlms_category()};
}

}  // namespace dlms::apdu

template <>
struct std::is_error_code_enum<dlms::apdu::xdlms_errc> : std::true_type {};
