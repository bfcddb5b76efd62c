#include "stack/client/client_error.hpp"

#include <string>

namespace dlms::client {
namespace {

class ClientCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "client"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<client_errc>(ev)) {
      case client_errc::not_associated: return "not associated";
      case client_errc::already_associated: return "already associated";
      case client_errc::busy: return "another operation is in progress";
      case client_errc::no_operation: return "no operation in progress";
      case client_errc::unexpected_response: return "unexpected response APDU";
      case client_errc::invoke_id_mismatch: return "response invoke-id does not match the request";
      case client_errc::block_number_mismatch: return "block number out of sequence";
      case client_errc::response_too_large: return "response larger than the configured maximum";
      case client_errc::request_too_large: return "request larger than the server's max receive PDU";
      case client_errc::too_many_blocks: return "more blocks than the configured maximum";
      case client_errc::list_size_mismatch: return "with-list response has the wrong number of results";
      case client_errc::unprotected_response: return "unprotected response while ciphering is in use";
      case client_errc::wrong_ciphering: return "response ciphered with another key than the request";
      case client_errc::missing_system_title: return "server system title missing in the AARE";
      case client_errc::invalid_configuration: return "invalid client configuration";
      case client_errc::mechanism_mismatch: return "AARE mechanism differs from the proposed one";
      case client_errc::context_mismatch: return "AARE application context differs from the proposed one";
      case client_errc::missing_challenge: return "AARE carries no server challenge (StoC)";
      case client_errc::invalid_aare: return "AARE user-information is not an InitiateResponse";
      case client_errc::buffer_too_small: return "buffer too small";
      case client_errc::protocol_deviation: return "peer deviates from the protocol";
    }
    return "unknown client error";
  }
};

}  // namespace

const std::error_category& client_category() noexcept {
  static const ClientCategory category;
  return category;
}

}  // namespace dlms::client
