#pragma once
// xDLMS InitiateRequest and InitiateResponse (Green Book, xDLMS ASN.1; A-XDR encoded), the
// APDUs carried in the user-information of the AARQ and the AARE.
//
//   InitiateRequest ::= SEQUENCE {                                   -- tag 0x01
//     dedicated-key                   OCTET STRING OPTIONAL,
//     response-allowed                BOOLEAN DEFAULT TRUE,
//     proposed-quality-of-service [0] IMPLICIT Integer8 OPTIONAL,
//     proposed-dlms-version-number    Unsigned8,
//     proposed-conformance            Conformance,   -- BER: 5F 1F 04 00 xx xx xx
//     client-max-receive-pdu-size     Unsigned16 }
//   InitiateResponse ::= SEQUENCE {                                  -- tag 0x08
//     negotiated-quality-of-service [0] IMPLICIT Integer8 OPTIONAL,
//     negotiated-dlms-version-number    Unsigned8,
//     negotiated-conformance            Conformance,
//     server-max-receive-pdu-size       Unsigned16,
//     vaa-name                          ObjectName }  -- 0x0007 (LN), 0xFA00 (SN)
//
// A-XDR: an OPTIONAL component is preceded by 00 (absent) or 01 (present); a DEFAULT one by
// 00 (the default) or 01 and the value. A usage flag other than 00/01 is invalid_field.
// A response-allowed sent explicitly as TRUE decodes to true and is re-encoded as the default.

#include <cstdint>
#include <optional>

#include "stack/apdu/conformance.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

inline constexpr std::uint8_t kDlmsVersion6 = 6;
// vaa-name of the association: LN referencing uses 0x0007, SN referencing 0xFA00.
inline constexpr std::uint16_t kVaaNameLogicalName = 0x0007;
inline constexpr std::uint16_t kVaaNameShortName = 0xFA00;

struct InitiateRequest {
  static constexpr std::uint8_t kTag = 0x01;

  std::optional<ByteSpan> dedicated_key;
  bool response_allowed = true;
  std::optional<std::int8_t> proposed_quality_of_service;
  std::uint8_t proposed_dlms_version_number = kDlmsVersion6;
  ConformanceBlock proposed_conformance;
  std::uint16_t client_max_receive_pdu_size = 0xFFFF;

  static Result<InitiateRequest> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct InitiateResponse {
  static constexpr std::uint8_t kTag = 0x08;

  std::optional<std::int8_t> negotiated_quality_of_service;
  std::uint8_t negotiated_dlms_version_number = kDlmsVersion6;
  ConformanceBlock negotiated_conformance;
  std::uint16_t server_max_receive_pdu_size = 0xFFFF;
  std::uint16_t vaa_name = kVaaNameLogicalName;

  static Result<InitiateResponse> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

// Decodes `octets` (e.g. an AARQ's user-information) as exactly one InitiateRequest /
// InitiateResponse: trailing bytes are trailing_bytes; a ciphered APDU (glo-/ded-Initiate,
// general-ciphering) is unsupported here (the security layer deciphers it first).
Result<InitiateRequest> decode_initiate_request(ByteSpan octets,
                                                const codec::Limits& limits = codec::kDefaultLimits);
Result<InitiateResponse> decode_initiate_response(ByteSpan octets,
                                                  const codec::Limits& limits = codec::kDefaultLimits);

}  // namespace dlms::apdu
