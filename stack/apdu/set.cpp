#include "stack/apdu/set.hpp"

#include "stack/apdu/choice.hpp"

namespace dlms::apdu {

namespace {

// The fields the SET-Request and SET-Response alternatives are made of (Green Book xDLMS
// ASN.1), each read and written in its A-XDR form.
std::error_code read_field(ByteReader& in, const codec::Limits& /*limits*/, InvokeIdAndPriority& out) {
  return detail::read_u8(in, out.value);
}
std::error_code read_field(ByteReader& in, const codec::Limits& /*limits*/, std::uint32_t& block_number) {
  return detail::read_u32(in, block_number);
}
std::error_code read_field(ByteReader& in, const codec::Limits& limits, DataAccessResult& out) {
  return ListElement<DataAccessResult>::decode(in, limits, out);
}
std::error_code read_field(ByteReader& in, const codec::Limits& limits, CosemAttributeDescriptor& out) {
  return ListElement<CosemAttributeDescriptor>::decode(in, limits, out);
}
std::error_code read_field(ByteReader& in, const codec::Limits& limits,
                           std::optional<SelectiveAccessDescriptor>& access_selection) {
  return detail::read_optional_access(in, limits, access_selection);
}
std::error_code read_field(ByteReader& in, const codec::Limits& limits, codec::DataView& value) {
  return detail::read_data(in, limits, value);
}
std::error_code read_field(ByteReader& in, const codec::Limits& limits, DataBlockSA& datablock) {
  return ListElement<DataBlockSA>::decode(in, limits, datablock);
}
template <class T>
std::error_code read_field(ByteReader& in, const codec::Limits& limits, List<T>& list) {
  return List<T>::decode(in, limits, list);
}

std::error_code write_field(ByteWriter& out, InvokeIdAndPriority invoke_id_and_priority) {
  out.u8(invoke_id_and_priority.value);
  return {};
}
std::error_code write_field(ByteWriter& out, std::uint32_t block_number) {
  out.u32(block_number);
  return {};
}
std::error_code write_field(ByteWriter& out, DataAccessResult result) {
  out.u8(static_cast<std::uint8_t>(result));
  return {};
}
std::error_code write_field(ByteWriter& out, const CosemAttributeDescriptor& descriptor) {
  (void)descriptor.encode(out);  // the writer's overflow is reported by the APDU's finish()
  return {};
}
std::error_code write_field(ByteWriter& out,
                            const std::optional<SelectiveAccessDescriptor>& access_selection) {
  return detail::write_optional_access(out, access_selection);
}
std::error_code write_field(ByteWriter& out, const codec::DataView& value) {
  return detail::write_data(out, value);
}
std::error_code write_field(ByteWriter& out, const DataBlockSA& datablock) {
  return datablock.encode(out).error();
}
template <class T>
std::error_code write_field(ByteWriter& out, const List<T>& list) {
  return list.encode(out);
}

// Reads `fields` (members of `body`) in order; stops at the first error.
template <class Body, class... Fields>
Result<Body> read_body(ByteReader& in, const codec::Limits& limits, Body& body, Fields&... fields) {
  std::error_code ec;
  (void)((ec = read_field(in, limits, fields)) || ...);
  if (ec) {
    return ec;
  }
  return body;
}

// Writes `fields` in order; stops at the first error.
template <class... Fields>
std::error_code write_body(ByteWriter& out, const Fields&... fields) {
  std::error_code ec;
  (void)((ec = write_field(out, fields)) || ...);
  return ec;
}

}  // namespace

Result<SetRequestNormal> SetRequestNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetRequestNormal r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.cosem_attribute_descriptor, r.access_selection,
                   r.value);
}

std::error_code SetRequestNormal::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, cosem_attribute_descriptor, access_selection, value);
}

Result<SetRequestWithFirstDatablock> SetRequestWithFirstDatablock::decode_body(ByteReader& in,
                                                                               const codec::Limits& limits) {
  SetRequestWithFirstDatablock r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.cosem_attribute_descriptor, r.access_selection,
                   r.datablock);
}

std::error_code SetRequestWithFirstDatablock::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, cosem_attribute_descriptor, access_selection, datablock);
}

Result<SetRequestWithDatablock> SetRequestWithDatablock::decode_body(ByteReader& in,
                                                                     const codec::Limits& limits) {
  SetRequestWithDatablock r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.datablock);
}

std::error_code SetRequestWithDatablock::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, datablock);
}

Result<SetRequestWithList> SetRequestWithList::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetRequestWithList r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.attribute_descriptor_list, r.value_list);
}

std::error_code SetRequestWithList::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, attribute_descriptor_list, value_list);
}

Result<SetRequestWithListAndFirstDatablock> SetRequestWithListAndFirstDatablock::decode_body(
    ByteReader& in, const codec::Limits& limits) {
  SetRequestWithListAndFirstDatablock r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.attribute_descriptor_list, r.datablock);
}

std::error_code SetRequestWithListAndFirstDatablock::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, attribute_descriptor_list, datablock);
}

Result<SetRequest> SetRequest::decode(ByteReader& in, const codec::Limits& limits) {
  SetRequest r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.request)) {
    return ec;
  }
  return r;
}

Status SetRequest::encode(ByteWriter& out) const { return detail::encode_apdu_choice(out, kTag, request); }

Result<SetResponseNormal> SetResponseNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetResponseNormal r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.result);
}

std::error_code SetResponseNormal::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, result);
}

Result<SetResponseDatablock> SetResponseDatablock::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetResponseDatablock r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.block_number);
}

std::error_code SetResponseDatablock::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, block_number);
}

Result<SetResponseLastDatablock> SetResponseLastDatablock::decode_body(ByteReader& in,
                                                                       const codec::Limits& limits) {
  SetResponseLastDatablock r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.result, r.block_number);
}

std::error_code SetResponseLastDatablock::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, result, block_number);
}

Result<SetResponseLastDatablockWithList> SetResponseLastDatablockWithList::decode_body(
    ByteReader& in, const codec::Limits& limits) {
  SetResponseLastDatablockWithList r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.result, r.block_number);
}

std::error_code SetResponseLastDatablockWithList::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, result, block_number);
}

Result<SetResponseWithList> SetResponseWithList::decode_body(ByteReader& in, const codec::Limits& limits) {
  SetResponseWithList r;
  return read_body(in, limits, r, r.invoke_id_and_priority, r.result);
}

std::error_code SetResponseWithList::encode_body(ByteWriter& out) const {
  return write_body(out, invoke_id_and_priority, result);
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
