#pragma once
// DlmsOutcome: how the server answered a service, as a value (Green Book 9.3 service
// parameters): success, or the DLMS code that refused it: a Data-Access-Result (GET/SET), an
// Action-Result (ACTION), an EXCEPTION-Response, a ConfirmedServiceError, or an AARE that
// rejected the association (result + result-source-diagnostic). describe() writes one line
// ("data-access-result read-write-denied (3)") into a fixed buffer: no allocation.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stack/apdu/acse_types.hpp"
#include "stack/apdu/action_result.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/exception_response.hpp"

namespace dlms::client {

struct DlmsOutcome {
  enum class Kind : std::uint8_t {
    success,
    data_access_result,       // code: apdu::DataAccessResult
    action_result,            // code: apdu::ActionResult
    exception_response,       // exception
    confirmed_service_error,  // service_error
    association_rejected,     // association_result + diagnostic
  };

  Kind kind = Kind::success;
  std::uint8_t code = 0;
  apdu::ExceptionResponse exception{};
  apdu::ConfirmedServiceError service_error{};
  apdu::AssociationResult association_result = apdu::AssociationResult::accepted;
  apdu::ResultSourceDiagnostic diagnostic{};

  [[nodiscard]] constexpr bool ok() const noexcept { return kind == Kind::success; }

  static constexpr DlmsOutcome success() noexcept { return {}; }
  static constexpr DlmsOutcome data_access(apdu::DataAccessResult r) noexcept {
    DlmsOutcome o;
    if (r != apdu::DataAccessResult::success) {
      o.kind = Kind::data_access_result;
      o.code = static_cast<std::uint8_t>(r);
    }
    return o;
  }
  static constexpr DlmsOutcome action(apdu::ActionResult r) noexcept {
    DlmsOutcome o;
    if (r != apdu::ActionResult::success) {
      o.kind = Kind::action_result;
      o.code = static_cast<std::uint8_t>(r);
    }
    return o;
  }
  static constexpr DlmsOutcome exception_response(const apdu::ExceptionResponse& e) noexcept {
    DlmsOutcome o;
    o.kind = Kind::exception_response;
    o.exception = e;
    o.code = static_cast<std::uint8_t>(e.service_error);
    return o;
  }
  static constexpr DlmsOutcome confirmed_service_error(const apdu::ConfirmedServiceError& e) noexcept {
    DlmsOutcome o;
    o.kind = Kind::confirmed_service_error;
    o.service_error = e;
    o.code = e.value;
    return o;
  }
  static constexpr DlmsOutcome rejected(apdu::AssociationResult r, apdu::ResultSourceDiagnostic d) noexcept {
    DlmsOutcome o;
    o.kind = Kind::association_rejected;
    o.association_result = r;
    o.diagnostic = d;
    o.code = d.value;
    return o;
  }

  [[nodiscard]] apdu::DataAccessResult data_access_result() const noexcept {
    return kind == Kind::data_access_result ? static_cast<apdu::DataAccessResult>(code)
                                            : apdu::DataAccessResult::success;
  }
  [[nodiscard]] apdu::ActionResult action_result() const noexcept {
    return kind == Kind::action_result ? static_cast<apdu::ActionResult>(code) : apdu::ActionResult::success;
  }

  // One line, e.g. "data-access-result read-write-denied (3)", "exception-response
  // service-not-allowed / operation-not-possible", "association rejected-permanent:
  // acse-service-user authentication-failure (13)", "confirmed-service-error initiateError /
  // initiate dlms-version-too-low (1)".
  struct Text {
    std::array<char, 128> chars{};
    std::size_t size = 0;
    [[nodiscard]] std::string_view view() const noexcept { return {chars.data(), size}; }
  };
  [[nodiscard]] Text describe() const noexcept;

  // The kind's name ("data-access-result", "action-result", ...).
  [[nodiscard]] const char* kind_name() const noexcept;
};

// Names of the ACSE diagnostics and results (nullptr for unnamed values).
const char* to_string(apdu::AssociationResult r) noexcept;
const char* to_string(apdu::ResultSourceDiagnostic d) noexcept;
const char* to_string(apdu::StateError e) noexcept;
const char* to_string(apdu::ServiceError e) noexcept;

}  // namespace dlms::client
