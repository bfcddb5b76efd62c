#pragma once
// GET service APDUs (Green Book, IEC 62056-5-3 xDLMS ASN.1):
//   get-request  [192] GET-Request  ::= CHOICE { normal [1], next [2], with-list [3] }
//   get-response [196] GET-Response ::= CHOICE { normal [1], with-datablock [2], with-list [3] }

#include <cstdint>
#include <optional>
#include <system_error>
#include <variant>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/data_block.hpp"
#include "stack/apdu/get_data_result.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/apdu/selective_access.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct GetRequestNormal {
  static constexpr std::uint8_t kChoice = 1;
  InvokeIdAndPriority invoke_id_and_priority;
  CosemAttributeDescriptor cosem_attribute_descriptor;
  std::optional<SelectiveAccessDescriptor> access_selection;

  static Result<GetRequestNormal> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct GetRequestNext {
  static constexpr std::uint8_t kChoice = 2;
  InvokeIdAndPriority invoke_id_and_priority;
  std::uint32_t block_number = 0;

  static Result<GetRequestNext> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct GetRequestWithList {
  static constexpr std::uint8_t kChoice = 3;
  InvokeIdAndPriority invoke_id_and_priority;
  List<CosemAttributeDescriptorWithSelection> attribute_descriptor_list;

  static Result<GetRequestWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct GetRequest {
  static constexpr std::uint8_t kTag = 0xC0;
  std::variant<GetRequestNormal, GetRequestNext, GetRequestWithList> request;

  static Result<GetRequest> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct GetResponseNormal {
  static constexpr std::uint8_t kChoice = 1;
  InvokeIdAndPriority invoke_id_and_priority;
  GetDataResult result;

  static Result<GetResponseNormal> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct GetResponseWithDatablock {
  static constexpr std::uint8_t kChoice = 2;
  InvokeIdAndPriority invoke_id_and_priority;
  DataBlockG result;

  static Result<GetResponseWithDatablock> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct GetResponseWithList {
  static constexpr std::uint8_t kChoice = 3;
  InvokeIdAndPriority invoke_id_and_priority;
  List<GetDataResult> result;

  static Result<GetResponseWithList> decode_body(ByteReader& in, const codec::Limits& limits);
  std::error_code encode_body(ByteWriter& out) const;
};

struct GetResponse {
  static constexpr std::uint8_t kTag = 0xC4;
  std::variant<GetResponseNormal, GetResponseWithDatablock, GetResponseWithList> response;

  static Result<GetResponse> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
