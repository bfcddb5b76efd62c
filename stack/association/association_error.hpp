#pragma once
// Errors of the association layer (one std::error_category, "association"): why an xDLMS
// request was not let through to the service engine, or why an ACSE exchange could not be
// answered. Security failures keep their security_errc codes.

#include <system_error>

namespace dlms::association {

enum class association_errc {
  not_associated = 1,        // an xDLMS request with no application association established
  hls_pending,               // HLS pass 3 pending: only reply_to_HLS_authentication is allowed
  ciphering_not_negotiated,  // a ciphered APDU in an application context without ciphering
  no_security_context,       // the association needs a SecurityContext it was not given
  unknown_association,       // no association of the logical device for this client SAP
  buffer_too_small,          // the caller's output buffer cannot hold the answer
  invalid_secret,            // a secret longer than kMaxSecretSize or empty where one is needed
};

const std::error_category& association_category() noexcept;

inline std::error_code make_error_code(association_errc e) noexcept {
  return {static_cast<int>(e), association_category()};
}

}  // namespace dlms::association

template <>
struct std::is_error_code_enum<dlms::association::association_errc> : std::true_type {};
