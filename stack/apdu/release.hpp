#pragma once
// RLRQ and RLRE, the A-RELEASE request and response (Green Book, IEC 62056-5-3 ACSE ASN.1
// after ITU-T X.227; BER encoded):
//
//   RLRQ-apdu ::= [APPLICATION 2] IMPLICIT SEQUENCE {                    -- tag 0x62
//     reason           [0]  IMPLICIT Release-request-reason OPTIONAL,   -- normal 0, urgent 1,
//                                                                       -- user-defined 30
//     user-information [30] EXPLICIT Association-information OPTIONAL }
//   RLRE-apdu ::= [APPLICATION 3] IMPLICIT SEQUENCE {                    -- tag 0x63
//     reason           [0]  IMPLICIT Release-response-reason OPTIONAL,  -- normal 0,
//                                                                       -- not-finished 1,
//                                                                       -- user-defined 30
//     user-information [30] EXPLICIT Association-information OPTIONAL }
//
// e.g. 62 00, 62 03 80 01 00, 63 03 80 01 00. user-information, when present, holds an
// (often ciphered) InitiateRequest / InitiateResponse; kept as raw octets. Reasons outside the
// named values are invalid_field. Decoding rules: see acse_codec.hpp.

#include <cstdint>
#include <optional>

#include "stack/apdu/acse_types.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct Rlrq {
  static constexpr std::uint8_t kTag = 0x62;

  std::optional<ReleaseRequestReason> reason;
  std::optional<ByteSpan> user_information;

  static Result<Rlrq> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct Rlre {
  static constexpr std::uint8_t kTag = 0x63;

  std::optional<ReleaseResponseReason> reason;
  std::optional<ByteSpan> user_information;

  static Result<Rlre> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
