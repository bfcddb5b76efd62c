#pragma once
// Errors of the client engine (one std::error_category, "client"): what went wrong in the
// exchange itself. DLMS refusals (data-access-result, action-result, exception-response,
// confirmed-service-error, AARE diagnostics) are not errors: they are DlmsOutcome values.

#include <system_error>

namespace dlms::client {

enum class client_errc {
  not_associated = 1,     // a service was requested before associate() succeeded
  already_associated,     // associate() while an association is open
  busy,                   // an operation is in progress (finish it or abort())
  no_operation,           // next_request()/on_response() with nothing in progress
  unexpected_response,    // the response is not the answer to the request sent
  invoke_id_mismatch,     // the response's invoke-id differs from the request's
  block_number_mismatch,  // a block out of sequence (block transfer)
  response_too_large,     // reassembled response above the configured maximum / result buffer
  request_too_large,      // the request does not fit the server's max receive PDU and cannot be split
  too_many_blocks,        // more blocks than the configured maximum
  list_size_mismatch,     // with-list response with another number of results than requested
  unprotected_response,   // a plain response where ciphering is in use
  wrong_ciphering,        // a ciphered response of another kind (glo/ded) than the request
  missing_system_title,   // ciphering or HLS needs the server's system title, the AARE has none
  invalid_configuration,  // e.g. ciphering without keys or system title, HLS without secret
  mechanism_mismatch,     // the AARE names another mechanism than proposed
  context_mismatch,       // the AARE names another application context than proposed
  missing_challenge,      // HLS: the AARE carries no StoC (responding-authentication-value)
  invalid_aare,           // the AARE's user-information is neither an InitiateResponse nor an error
  buffer_too_small,       // a caller buffer (request, scratch or result) is too small
  protocol_deviation,     // the peer answered in a malformed way that was tolerated (see report)
};

const std::error_category& client_category() noexcept;

inline std::error_code make_error_code(client_errc e) noexcept {
  return {static_cast<int>(e), client_category()};
}

}  // namespace dlms::client

template <>
struct std::is_error_code_enum<dlms::client::client_errc> : std::true_type {};
