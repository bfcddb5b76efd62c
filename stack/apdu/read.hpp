#pragma once
// SN referencing READ service (Green Book xDLMS ASN.1, after IEC 61334-4-41):
//   readRequest  [5]  ReadRequest  ::= SEQUENCE OF Variable-Access-Specification
//   readResponse [12] ReadResponse ::= SEQUENCE OF CHOICE { data [0] Data,
//       data-access-error [1] Data-Access-Result, data-block-result [2] Data-Block-Result,
//       block-number [3] Unsigned16 }
//   Data-Block-Result ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned16, raw-data OCTET STRING }

#include <cstdint>
#include <variant>

#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/apdu/variable_access_specification.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct ReadRequest {
  static constexpr std::uint8_t kTag = 0x05;
  List<VariableAccessSpecification> variable_access_specification;

  static Result<ReadRequest> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct DataBlockResult {
  bool last_block = false;
  std::uint16_t block_number = 0;
  ByteSpan raw_data;
};

// One element of a ReadResponse. block-number [3] is kept as its own type.
struct ReadBlockNumber {
  std::uint16_t block_number = 0;
};

struct ReadResult {
  std::variant<codec::DataView, DataAccessResult, DataBlockResult, ReadBlockNumber> result;

  static Result<ReadResult> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct ReadResponse {
  static constexpr std::uint8_t kTag = 0x0C;
  List<ReadResult> results;

  static Result<ReadResponse> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
