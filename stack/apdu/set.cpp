#include "stack/apdu/set.hpp"

#include "stack/apdu/choice.hpp"

namespace dlms::apdu {

namespace {

std::error_code read_invoke(ByteReader& in, InvokeIdAndPriority& out) {
  return detail::read_u8(in, out.value);
}

std::error_code read_dar(ByteReader& in, DataAccessResult& out) {
  std::uint8_t v = 0;
  if (auto ec = detail::read_u8(in, v)) {
    return ec;
  }
  out = static_cast<DataAccessResult>(v);
  return {};
}

template <class T>
std::error_code read_block(ByteReader& in, const codec::Limits& limits, T& out) {
  auto r = T::decode(in, limits);
  if (!r) {
    return r.error();
  }
  out = *r;
  return {};
}

}  // namespace

Result<SetRequestNormal> SetRequestNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetRequestNormal r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_block(in, limits, r.cosem_attribute_descriptor)) {
    return ec;
  }
  if (auto ec = detail::read_optional_access(in, limits, r.access_selection)) {
    return ec;
  }
  if (auto ec = detail::read_data(in, limits, r.value)) {
    return ec;
  }
  return r;
}

std::error_code SetRequestNormal::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  (void)cosem_attribute_descriptor.encode(out);
  if (auto ec = detail::write_optional_access(out, access_selection)) {
    return ec;
  }
  return detail::write_data(out, value);
}

Result<SetRequestWithFirstDatablock> SetRequestWithFirstDatablock::decode_body(ByteReader& in,
                                                                               const codec::Limits& limits) {
  SetRequestWithFirstDatablock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_block(in, limits, r.cosem_attribute_descriptor)) {
    return ec;
  }
  if (auto ec = detail::read_optional_access(in, limits, r.access_selection)) {
    return ec;
  }
  if (auto ec = read_block(in, limits, r.datablock)) {
    return ec;
  }
  return r;
}

std::error_code SetRequestWithFirstDatablock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  (void)cosem_attribute_descriptor.encode(out);
  if (auto ec = detail::write_optional_access(out, access_selection)) {
    return ec;
  }
  return datablock.encode(out).error();
}

Result<SetRequestWithDatablock> SetRequestWithDatablock::decode_body(ByteReader& in,
                                                                     const codec::Limits& limits) {
  SetRequestWithDatablock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_block(in, limits, r.datablock)) {
    return ec;
  }
  return r;
}

std::error_code SetRequestWithDatablock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return datablock.encode(out).error();
}

Result<SetRequestWithList> SetRequestWithList::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetRequestWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.attribute_descriptor_list)::decode(in, limits, r.attribute_descriptor_list)) {
    return ec;
  }
  if (auto ec = decltype(r.value_list)::decode(in, limits, r.value_list)) {
    return ec;
  }
  return r;
}

std::error_code SetRequestWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  if (auto ec = attribute_descriptor_list.encode(out)) {
    return ec;
  }
  return value_list.encode(out);
}

Result<SetRequestWithListAndFirstDatablock> SetRequestWithListAndFirstDatablock::decode_body(
    ByteReader& in, const codec::Limits& limits) {
  SetRequestWithListAndFirstDatablock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.attribute_descriptor_list)::decode(in, limits, r.attribute_descriptor_list)) {
    return ec;
  }
  if (auto ec = read_block(in, limits, r.datablock)) {
    return ec;
  }
  return r;
}

std::error_code SetRequestWithListAndFirstDatablock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  if (auto ec = attribute_descriptor_list.encode(out)) {
    return ec;
  }
  return datablock.encode(out).error();
}

Result<SetRequest> SetRequest::decode(ByteReader& in, const codec::Limits& limits) {
  SetRequest r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.request)) {
    return ec;
  }
  return r;
}

Status SetRequest::encode(ByteWriter& out) const { return detail::encode_apdu_choice(out, kTag, request); }

Result<SetResponseNormal> SetResponseNormal::decode_body(ByteReader& in, const codec::Limits& /*limits*/) {
  SetResponseNormal r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_dar(in, r.result)) {
    return ec;
  }
  return r;
}

std::error_code SetResponseNormal::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  out.u8(static_cast<std::uint8_t>(result));
  return {};
}

Result<SetResponseDatablock> SetResponseDatablock::decode_body(ByteReader& in,
                                                               const codec::Limits& /*limits*/) {
  SetResponseDatablock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = detail::read_u32(in, r.block_number)) {
    return ec;
  }
  return r;
}

std::error_code SetResponseDatablock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  out.u32(block_number);
  return {};
}

Result<SetResponseLastDatablock> SetResponseLastDatablock::decode_body(ByteReader& in,
                                                                       const codec::Limits& /*limits*/) {
  SetResponseLastDatablock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_dar(in, r.result)) {
    return ec;
  }
  if (auto ec = detail::read_u32(in, r.block_number)) {
    return ec;
  }
  return r;
}

std::error_code SetResponseLastDatablock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  out.u8(static_cast<std::uint8_t>(result));
  out.u32(block_number);
  return {};
}

Result<SetResponseLastDatablockWithList> SetResponseLastDatablockWithList::decode_body(
    ByteReader& in, const codec::Limits& limits) {
  SetResponseLastDatablockWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.result)::decode(in, limits, r.result)) {
    return ec;
  }
  if (auto ec = detail::read_u32(in, r.block_number)) {
    return ec;
  }
  return r;
}

std::error_code SetResponseLastDatablockWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  if (auto ec = result.encode(out)) {
    return ec;
  }
  out.u32(block_number);
  return {};
}

Result<SetResponseWithList> SetResponseWithList::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetResponseWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.result)::decode(in, limits, r.result)) {
    return ec;
  }
  return r;
}

std::error_code SetResponseWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return result.encode(out);
}

Result<SetResponse> SetResponse::decode(ByteReader& in, const codec::Limits& limits) {
  SetResponse r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.response)) {
    return ec;
  }
  return r;
}

Status SetResponse::encode(ByteWriter& out) const { return detail::encode_apdu_choice(out, kTag, response); }

}  // namespace dlms::apdu
