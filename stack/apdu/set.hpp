#pragma once
// SET service APDUs (Green Book, IEC 62056-5-3 xDLMS ASN.1):
//   set-request  [193] SET-Request  ::= CHOICE { normal [1], with-first-datablock [2],
//                      with-datablock [3], with-list [4], with-list-and-first-datablock [5] }
//   set-response [197] SET-Response ::= CHOICE { normal [1], datablock [2], last-datablock [3],
//                      last-datablock-with-list [4], with-list [5] }

#include <cstdint>
#include <optional>
#include <system_error>
#include <variant>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/data_block.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/apdu/selective_access.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct SetRequestNormal {
  static constexpr std::uint8_t kChoice = 1;
  InvokeIdAndPriority invoke_id_and_priority;
  CosemAttributeDescriptor cosem_attribute_descriptor;
  std::optional<SelectiveAccessDescriptor> access_selection;
  codec::DataView value;

  static Result<SetRequestNormal> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetRequestWithFirstDatablock {
  static constexpr std::uint8_t kChoice = 2;
  InvokeIdAndPriority invoke_id_and_priority;
  CosemAttributeDescriptor cosem_attribute_descriptor;
  std::optional<SelectiveAccessDescriptor> access_selection;
  DataBlockSA datablock;

  static Result<SetRequestWithFirstDatablock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetRequestWithDatablock {
  static constexpr std::uint8_t kChoice = 3;
  InvokeIdAndPriority invoke_id_and_priority;
  DataBlockSA datablock;

  static Result<SetRequestWithDatablock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

// The Green Book requires value-list to have as many entries as attribute-descriptor-list;
// the decoder does not enforce it (the server answers a mismatch with a service error).
struct SetRequestWithList {
  static constexpr std::uint8_t kChoice = 4;
  InvokeIdAndPriority invoke_id_and_priority;
  List<CosemAttributeDescriptorWithSelection> attribute_descriptor_list;
  List<codec::DataView> value_list;

  static Result<SetRequestWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetRequestWithListAndFirstDatablock {
  static constexpr std::uint8_t kChoice = 5;
  InvokeIdAndPriority invoke_id_and_priority;
  List<CosemAttributeDescriptorWithSelection> attribute_descriptor_list;
  DataBlockSA datablock;

  static Result<SetRequestWithListAndFirstDatablock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetRequest {
  static constexpr std::uint8_t kTag = 0xC1;
  std::variant<SetRequestNormal, SetRequestWithFirstDatablock, SetRequestWithDatablock, SetRequestWithList,
               SetRequestWithListAndFirstDatablock>
      request;

  static Result<SetRequest> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct SetResponseNormal {
  static constexpr std::uint8_t kChoice = 1;
  InvokeIdAndPriority invoke_id_and_priority;
  DataAccessResult result = DataAccessResult::success;

  static Result<SetResponseNormal> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetResponseDatablock {
  static constexpr std::uint8_t kChoice = 2;
  InvokeIdAndPriority invoke_id_and_priority;
  std::uint32_t block_number = 0;

  static Result<SetResponseDatablock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetResponseLastDatablock {
  static constexpr std::uint8_t kChoice = 3;
  InvokeIdAndPriority invoke_id_and_priority;
  DataAccessResult result = DataAccessResult::success;
  std::uint32_t block_number = 0;

  static Result<SetResponseLastDatablock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetResponseLastDatablockWithList {
  static constexpr std::uint8_t kChoice = 4;
  InvokeIdAndPriority invoke_id_and_priority;
  List<DataAccessResult> result;
  std::uint32_t block_number = 0;

  static Result<SetResponseLastDatablockWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetResponseWithList {
  static constexpr std::uint8_t kChoice = 5;
  InvokeIdAndPriority invoke_id_and_priority;
  List<DataAccessResult> result;

  static Result<SetResponseWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct SetResponse {
  static constexpr std::uint8_t kTag = 0xC5;
  std::variant<SetResponseNormal, SetResponseDatablock, SetResponseLastDatablock,
               SetResponseLastDatablockWithList, SetResponseWithList>
      response;

  static Result<SetResponse> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
