#pragma once
// SN referencing WRITE services (Green Book xDLMS ASN.1, after IEC 61334-4-41):
//   writeRequest [6] / unconfirmedWriteRequest [22] ::= SEQUENCE {
//       variable-access-specification SEQUENCE OF Variable-Access-Specification,
//       list-of-data SEQUENCE OF Data }
//   writeResponse [13] WriteResponse ::= SEQUENCE OF CHOICE { success [0] NULL,
//       data-access-error [1] Data-Access-Result, block-number [2] Unsigned16 }

#include <cstdint>
#include <variant>

#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/apdu/variable_access_specification.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct WriteRequest {
  static constexpr std::uint8_t kTag = 0x06;
  List<VariableAccessSpecification> variable_access_specification;
  List<codec::DataView> list_of_data;

  static Result<WriteRequest> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct UnconfirmedWriteRequest {
  static constexpr std::uint8_t kTag = 0x16;
  List<VariableAccessSpecification> variable_access_specification;
  List<codec::DataView> list_of_data;

  static Result<UnconfirmedWriteRequest> decode(ByteReader& in,
                                                const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct WriteSuccess {
  friend constexpr bool operator==(WriteSuccess, WriteSuccess) noexcept = default;
};

struct WriteBlockNumber {
  std::uint16_t block_number = 0;
};

struct WriteResult {
  std::variant<WriteSuccess, DataAccessResult, WriteBlockNumber> result;

  static Result<WriteResult> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct WriteResponse {
  static constexpr std::uint8_t kTag = 0x0D;
  List<WriteResult> results;

  static Result<WriteResponse> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
