#pragma once
// AARQ, the A-ASSOCIATE request (Green Book, IEC 62056-5-3 ACSE ASN.1 after ITU-T X.227;
// BER encoded, tag 0x60):
//
//   AARQ-apdu ::= [APPLICATION 0] IMPLICIT SEQUENCE {
//     protocol-version             [0]  IMPLICIT BIT STRING {version1(0)} DEFAULT {version1},
//     application-context-name     [1]  Application-context-name,          -- OID, EXPLICIT
//     called-AP-title              [2]  AP-title OPTIONAL,                 -- OCTET STRING
//     called-AE-qualifier          [3]  AE-qualifier OPTIONAL,             -- OCTET STRING
//     called-AP-invocation-id      [4]  AP-invocation-identifier OPTIONAL, -- INTEGER
//     called-AE-invocation-id      [5]  AE-invocation-identifier OPTIONAL, -- INTEGER
//     calling-AP-title             [6]  AP-title OPTIONAL,       -- the client system title
//     calling-AE-qualifier         [7]  AE-qualifier OPTIONAL,
//     calling-AP-invocation-id     [8]  AP-invocation-identifier OPTIONAL,
//     calling-AE-invocation-id     [9]  AE-invocation-identifier OPTIONAL,
//     sender-acse-requirements     [10] IMPLICIT ACSE-requirements OPTIONAL,
//     mechanism-name               [11] IMPLICIT Mechanism-name OPTIONAL,
//     calling-authentication-value [12] EXPLICIT Authentication-value OPTIONAL,
//     implementation-information   [29] IMPLICIT Implementation-data OPTIONAL,
//     user-information             [30] EXPLICIT Association-information OPTIONAL }
//
// The user-information octets hold the xDLMS InitiateRequest (01 ...), or a ciphered one
// (glo-initiateRequest 0x21, ded-initiateRequest 0x41, general-glo/ded-ciphering 0xDB/0xDC,
// general-ciphering 0xDD); they are kept as raw octets and initiate_request() decodes the
// plain form. Decoding rules (order, duplicates, forms, limits): see acse_codec.hpp. All byte
// fields are views into the decoded input, or spans the caller owns when encoding.

#include <cstdint>
#include <optional>

#include "stack/apdu/acse_types.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct Aarq {
  static constexpr std::uint8_t kTag = 0x60;

  // Absent means the DEFAULT {version1}; when present it is re-encoded as received.
  std::optional<AcseBitString> protocol_version;
  ByteSpan application_context_name;  // OID contents octets, e.g. 60 85 74 05 08 01 01
  std::optional<ByteSpan> called_ap_title;
  std::optional<ByteSpan> called_ae_qualifier;
  std::optional<std::int64_t> called_ap_invocation_id;
  std::optional<std::int64_t> called_ae_invocation_id;
  std::optional<ByteSpan> calling_ap_title;
  std::optional<ByteSpan> calling_ae_qualifier;
  std::optional<std::int64_t> calling_ap_invocation_id;
  std::optional<std::int64_t> calling_ae_invocation_id;
  std::optional<AcseBitString> sender_acse_requirements;
  std::optional<ByteSpan> mechanism_name;  // OID contents octets, e.g. 60 85 74 05 08 02 01
  std::optional<AuthenticationValue> calling_authentication_value;
  std::optional<ByteSpan> implementation_information;  // GraphicString characters
  std::optional<ByteSpan> user_information;            // Association-information octets

  static Result<Aarq> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;

  // The plain InitiateRequest in user_information: invalid_field if there is none,
  // unsupported if it is ciphered.
  [[nodiscard]] Result<InitiateRequest> initiate_request(
      const codec::Limits& limits = codec::kDefaultLimits) const;
};

}  // namespace dlms::apdu
