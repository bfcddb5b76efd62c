#pragma once
// ExceptionResponse [216] (Green Book xDLMS ASN.1):
//   EXCEPTION-Response ::= SEQUENCE {
//     state-error   [0] IMPLICIT ENUMERATED { service-not-allowed (1), service-unknown (2) },
//     service-error [1] CHOICE { operation-not-possible [1], service-not-supported [2],
//                                other-reason [3], pdu-too-long [4], deciphering-error [5],
//                                invocation-counter-error [6] IMPLICIT Unsigned32 } }

#include <cstdint>

#include "stack/apdu/choice.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

// Any octet decodes (an outcome, not an error).
enum class StateError : std::uint8_t {
  service_not_allowed = 1,
  service_unknown = 2,
};

// A CHOICE: only [1]..[6] are defined (anything else is xdlms_errc::unknown_choice).
enum class ServiceError : std::uint8_t {
  operation_not_possible = 1,
  service_not_supported = 2,
  other_reason = 3,
  pdu_too_long = 4,
  deciphering_error = 5,
  invocation_counter_error = 6,
};

struct ExceptionResponse {
  static constexpr std::uint8_t kTag = 0xD8;
  StateError state_error = StateError::service_not_allowed;
  ServiceError service_error = ServiceError::operation_not_possible;
  std::uint32_t invocation_counter = 0;  // only with ServiceError::invocation_counter_error

  static Result<ExceptionResponse> decode(ByteReader& in,
                                          const codec::Limits& /*limits*/ = codec::kDefaultLimits) {
    if (auto ec = detail::read_apdu_tag(in, kTag)) {
      return ec;
    }
    ExceptionResponse r;
    std::uint8_t v = 0;
    if (auto ec = detail::read_u8(in, v)) {
      return ec;
    }
    r.state_error = static_cast<StateError>(v);
    if (!in.peek_u8(v)) {
      return xdlms_errc::truncated;
    }
    if (v < 1 || v > 6) {
      return xdlms_errc::unknown_choice;
    }
    (void)in.skip(1);
    r.service_error = static_cast<ServiceError>(v);
    if (r.service_error == ServiceError::invocation_counter_error) {
      if (auto ec = detail::read_u32(in, r.invocation_counter)) {
        return ec;
      }
    }
    return r;
  }

  Status encode(ByteWriter& out) const {
    const auto choice = static_cast<std::uint8_t>(service_error);
    if (choice < 1 || choice > 6) {
      return xdlms_errc::invalid_field;
    }
    out.u8(kTag);
    out.u8(static_cast<std::uint8_t>(state_error));
    out.u8(choice);
    if (service_error == ServiceError::invocation_counter_error) {
      out.u32(invocation_counter);
    }
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
