#pragma once
// ACTION service APDUs (Green Book, IEC 62056-5-3 xDLMS ASN.1):
//   action-request  [195] ACTION-Request  ::= CHOICE { normal [1], next-pblock [2],
//                   with-list [3], with-first-pblock [4], with-list-and-first-pblock [5],
//                   with-pblock [6] }
//   action-response [199] ACTION-Response ::= CHOICE { normal [1], with-pblock [2],
//                   with-list [3], next-pblock [4] }

#include <cstdint>
#include <optional>
#include <system_error>
#include <variant>

#include "stack/apdu/action_result.hpp"
#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/data_block.hpp"
#include "stack/apdu/get_data_result.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct ActionRequestNormal {
  static constexpr std::uint8_t kChoice = 1;
  InvokeIdAndPriority invoke_id_and_priority;
  CosemMethodDescriptor cosem_method_descriptor;
  std::optional<codec::DataView> method_invocation_parameters;

  static Result<ActionRequestNormal> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionRequestNextPblock {
  static constexpr std::uint8_t kChoice = 2;
  InvokeIdAndPriority invoke_id_and_priority;
  std::uint32_t block_number = 0;

  static Result<ActionRequestNextPblock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionRequestWithList {
  static constexpr std::uint8_t kChoice = 3;
  InvokeIdAndPriority invoke_id_and_priority;
  List<CosemMethodDescriptor> cosem_method_descriptor_list;
  List<codec::DataView> method_invocation_parameters;  // null-data where a method takes none

  static Result<ActionRequestWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionRequestWithFirstPblock {
  static constexpr std::uint8_t kChoice = 4;
  InvokeIdAndPriority invoke_id_and_priority;
  CosemMethodDescriptor cosem_method_descriptor;
  DataBlockSA pblock;

  static Result<ActionRequestWithFirstPblock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionRequestWithListAndFirstPblock {
  static constexpr std::uint8_t kChoice = 5;
  InvokeIdAndPriority invoke_id_and_priority;
  List<CosemMethodDescriptor> cosem_method_descriptor_list;
  DataBlockSA pblock;

  static Result<ActionRequestWithListAndFirstPblock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionRequestWithPblock {
  static constexpr std::uint8_t kChoice = 6;
  InvokeIdAndPriority invoke_id_and_priority;
  DataBlockSA pblock;

  static Result<ActionRequestWithPblock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionRequest {
  static constexpr std::uint8_t kTag = 0xC3;
  std::variant<ActionRequestNormal, ActionRequestNextPblock, ActionRequestWithList,
               ActionRequestWithFirstPblock, ActionRequestWithListAndFirstPblock, ActionRequestWithPblock>
      request;

  static Result<ActionRequest> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

// Action-Response-With-Optional-Data ::= SEQUENCE { result Action-Result,
//                                                   return-parameters Get-Data-Result OPTIONAL }
struct ActionResponseWithOptionalData {
  ActionResult result = ActionResult::success;
  std::optional<GetDataResult> return_parameters;

  static Result<ActionResponseWithOptionalData> decode(ByteReader& in,
                                                       const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct ActionResponseNormal {
  static constexpr std::uint8_t kChoice = 1;
  InvokeIdAndPriority invoke_id_and_priority;
  ActionResponseWithOptionalData single_response;

  static Result<ActionResponseNormal> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionResponseWithPblock {
  static constexpr std::uint8_t kChoice = 2;
  InvokeIdAndPriority invoke_id_and_priority;
  DataBlockSA pblock;

  static Result<ActionResponseWithPblock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionResponseWithList {
  static constexpr std::uint8_t kChoice = 3;
  InvokeIdAndPriority invoke_id_and_priority;
  List<ActionResponseWithOptionalData> list_of_responses;

  static Result<ActionResponseWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionResponseNextPblock {
  static constexpr std::uint8_t kChoice = 4;
  InvokeIdAndPriority invoke_id_and_priority;
  std::uint32_t block_number = 0;

  static Result<ActionResponseNextPblock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct ActionResponse {
  static constexpr std::uint8_t kTag = 0xC7;
  std::variant<ActionResponseNormal, ActionResponseWithPblock, ActionResponseWithList,
               ActionResponseNextPblock>
      response;

  static Result<ActionResponse> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
