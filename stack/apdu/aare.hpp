#pragma once
// AARE, the A-ASSOCIATE response (Green Book, IEC 62056-5-3 ACSE ASN.1 after ITU-T X.227;
// BER encoded, tag 0x61):
//
//   AARE-apdu ::= [APPLICATION 1] IMPLICIT SEQUENCE {
//     protocol-version                [0]  IMPLICIT BIT STRING {version1(0)} DEFAULT {version1},
//     application-context-name        [1]  Application-context-name,         -- OID, EXPLICIT
//     result                          [2]  Association-result,               -- INTEGER
//     result-source-diagnostic        [3]  Associate-source-diagnostic,      -- CHOICE
//     responding-AP-title             [4]  AP-title OPTIONAL,  -- the server system title
//     responding-AE-qualifier         [5]  AE-qualifier OPTIONAL,
//     responding-AP-invocation-id     [6]  AP-invocation-identifier OPTIONAL,
//     responding-AE-invocation-id     [7]  AE-invocation-identifier OPTIONAL,
//     responder-acse-requirements     [8]  IMPLICIT ACSE-requirements OPTIONAL,
//     mechanism-name                  [9]  IMPLICIT Mechanism-name OPTIONAL,
//     responding-authentication-value [10] EXPLICIT Authentication-value OPTIONAL,  -- StoC
//     implementation-information      [29] IMPLICIT Implementation-data OPTIONAL,
//     user-information                [30] EXPLICIT Association-information OPTIONAL }
//
//   Associate-source-diagnostic ::= CHOICE { acse-service-user [1] INTEGER {...},
//                                            acse-service-provider [2] INTEGER {...} }
//
// user-information holds an InitiateResponse (08 ...), a ConfirmedServiceError (0E ...) when
// the xDLMS context was refused, or a ciphered form; kept as raw octets. Values outside the
// named results and diagnostics are invalid_field. Decoding rules: see acse_codec.hpp.

#include <cstdint>
#include <optional>

#include "stack/apdu/acse_types.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct Aare {
  static constexpr std::uint8_t kTag = 0x61;

  std::optional<AcseBitString> protocol_version;
  ByteSpan application_context_name;  // OID contents octets
  AssociationResult result = AssociationResult::accepted;
  ResultSourceDiagnostic result_source_diagnostic;
  std::optional<ByteSpan> responding_ap_title;
  std::optional<ByteSpan> responding_ae_qualifier;
  std::optional<std::int64_t> responding_ap_invocation_id;
  std::optional<std::int64_t> responding_ae_invocation_id;
  std::optional<AcseBitString> responder_acse_requirements;
  std::optional<ByteSpan> mechanism_name;
  std::optional<AuthenticationValue> responding_authentication_value;
  std::optional<ByteSpan> implementation_information;
  std::optional<ByteSpan> user_information;

  static Result<Aare> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;

  // The plain InitiateResponse / ConfirmedServiceError in user_information: invalid_field if
  // there is none, unsupported if it is something else (e.g. ciphered).
  [[nodiscard]] Result<InitiateResponse> initiate_response(
      const codec::Limits& limits = codec::kDefaultLimits) const;
  [[nodiscard]] Result<ConfirmedServiceError> confirmed_service_error() const;
};

}  // namespace dlms::apdu
