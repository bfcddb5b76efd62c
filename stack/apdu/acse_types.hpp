#pragma once
// Types shared by the ACSE APDUs (Green Book, IEC 62056-5-3 ACSE ASN.1, after ISO/IEC 8650 /
// ITU-T X.227): association result and diagnostics, release reasons, ACSE requirements and
// authentication values.

#include <cstdint>
#include <optional>

#include "stack/codec/ber_reader.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::apdu {

// Association-result ::= INTEGER (AARE result [2]).
enum class AssociationResult : std::uint8_t {
  accepted = 0,
  rejected_permanent = 1,
  rejected_transient = 2,
};

// Associate-source-diagnostic ::= CHOICE { acse-service-user [1], acse-service-provider [2] }.
enum class DiagnosticSource : std::uint8_t {
  acse_service_user = 1,
  acse_service_provider = 2,
};

enum class AcseServiceUser : std::uint8_t {
  null = 0,
  no_reason_given = 1,
  application_context_name_not_supported = 2,
  calling_ap_title_not_recognized = 3,
  calling_ap_invocation_identifier_not_recognized = 4,
  calling_ae_qualifier_not_recognized = 5,
  calling_ae_invocation_identifier_not_recognized = 6,
  called_ap_title_not_recognized = 7,
  called_ap_invocation_identifier_not_recognized = 8,
  called_ae_qualifier_not_recognized = 9,
  called_ae_invocation_identifier_not_recognized = 10,
  authentication_mechanism_name_not_recognised = 11,
  authentication_mechanism_name_required = 12,
  authentication_failure = 13,
  authentication_required = 14,
};

enum class AcseServiceProvider : std::uint8_t {
  null = 0,
  no_reason_given = 1,
  no_common_acse_version = 2,
};

// The largest value each diagnostic source defines; larger values are rejected on decode.
inline constexpr std::uint8_t kMaxAcseServiceUser = 14;
inline constexpr std::uint8_t kMaxAcseServiceProvider = 2;

struct ResultSourceDiagnostic {
  DiagnosticSource source = DiagnosticSource::acse_service_user;
  std::uint8_t value = 0;  // an AcseServiceUser or AcseServiceProvider value

  static constexpr ResultSourceDiagnostic user(AcseServiceUser v) noexcept {
    return {DiagnosticSource::acse_service_user, static_cast<std::uint8_t>(v)};
  }
  static constexpr ResultSourceDiagnostic provider(AcseServiceProvider v) noexcept {
    return {DiagnosticSource::acse_service_provider, static_cast<std::uint8_t>(v)};
  }
  friend constexpr bool operator==(const ResultSourceDiagnostic&, const ResultSourceDiagnostic&) = default;
};

// Release-request-reason ::= INTEGER (RLRQ reason [0]).
enum class ReleaseRequestReason : std::uint8_t {
  normal = 0,
  urgent = 1,
  user_defined = 30,
};

// Release-response-reason ::= INTEGER (RLRE reason [0]).
enum class ReleaseResponseReason : std::uint8_t {
  normal = 0,
  not_finished = 1,
  user_defined = 30,
};

// ACSE-requirements ::= BIT STRING { authentication(0) } (sender-acse-requirements [10],
// responder-acse-requirements [8]); also the protocol-version BIT STRING { version1(0) }.
using AcseBitString = codec::ber::BitString;

// One bit, bit 0 set: the value of ACSE-requirements with authentication and of
// protocol-version version1 (encoded 07 80).
inline constexpr std::uint8_t kFirstBitOnly[1] = {0x80};
inline constexpr AcseBitString kAcseRequirementsAuthentication{7, ByteSpan(kFirstBitOnly)};
inline constexpr AcseBitString kProtocolVersion1{7, ByteSpan(kFirstBitOnly)};

[[nodiscard]] constexpr bool authentication_required(
    const std::optional<AcseBitString>& requirements) noexcept {
  return requirements.has_value() && requirements->test(0);
}

// Authentication-value ::= CHOICE { charstring [0] IMPLICIT GraphicString, bitstring [1]
// IMPLICIT BIT STRING, external [2] IMPLICIT EXTERNAL, other [3] IMPLICIT SEQUENCE {...} },
// carried EXPLICIT in calling-authentication-value [12] (AC) and responding-authentication-
// value [10] (AA). DLMS uses charstring (LLS password, HLS challenges: AC 0A 80 08 ...).
enum class AuthenticationValueChoice : std::uint8_t {
  charstring = 0,
  bitstring = 1,
  external = 2,
  other = 3,
};

struct AuthenticationValue {
  AuthenticationValueChoice choice = AuthenticationValueChoice::charstring;
  // The contents octets of the chosen alternative as on the wire: the characters of a
  // charstring, the unused-bits octet and bits of a bitstring, the encoded components of
  // external and other (which are constructed; their inside is not interpreted).
  ByteSpan contents;

  static constexpr AuthenticationValue charstring(ByteSpan chars) noexcept {
    return {AuthenticationValueChoice::charstring, chars};
  }
};

}  // namespace dlms::apdu
