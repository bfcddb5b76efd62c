#include "stack/apdu/get.hpp"

#include "stack/apdu/choice.hpp"

namespace dlms::apdu {

namespace {

std::error_code read_invoke(ByteReader& in, InvokeIdAndPriority& out) {
  return detail::read_u8(in, out.value);
}

}  // namespace

Result<GetRequestNormal> GetRequestNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  GetRequestNormal r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  auto d = CosemAttributeDescriptor::decode(in, limits);
  if (!d) {
    return d.error();
  }
  r.cosem_attribute_descriptor = *d;
  if (auto ec = detail::read_optional_access(in, limits, r.access_selection)) {
    return ec;
  }
  return r;
}

std::error_code GetRequestNormal::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  (void)cosem_attribute_descriptor.encode(out);
  return detail::write_optional_access(out, access_selection);
}

Result<GetRequestNext> GetRequestNext::decode_body(ByteReader& in, const codec::Limits& /*limits*/) {
  GetRequestNext r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = detail::read_u32(in, r.block_number)) {
    return ec;
  }
  return r;
}

std::error_code GetRequestNext::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  out.u32(block_number);
  return {};
}

Result<GetRequestWithList> GetRequestWithList::decode_body(ByteReader& in, const codec::Limits& limits) {
  GetRequestWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.attribute_descriptor_list)::decode(in, limits, r.attribute_descriptor_list)) {
    return ec;
  }
  return r;
}

std::error_code GetRequestWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return attribute_descriptor_list.encode(out);
}

Result<GetRequest> GetRequest::decode(ByteReader& in, const codec::Limits& limits) {
  GetRequest r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.request)) {
    return ec;
  }
  return r;
}

Status GetRequest::encode(ByteWriter& out) const { return detail::encode_apdu_choice(out, kTag, request); }

Result<GetResponseNormal> GetResponseNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  GetResponseNormal r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  auto res = GetDataResult::decode(in, limits);
  if (!res) {
    return res.error();
  }
  r.result = *res;
  return r;
}

std::error_code GetResponseNormal::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return result.encode(out).error();
}

Result<GetResponseWithDatablock> GetResponseWithDatablock::decode_body(ByteReader& in,
                                                                       const codec::Limits& limits) {
  GetResponseWithDatablock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  auto block = DataBlockG::decode(in, limits);
  if (!block) {
    return block.error();
  }
  r.result = *block;
  return r;
}

std::error_code GetResponseWithDatablock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return result.encode(out).error();
}

Result<GetResponseWithList> GetResponseWithList::decode_body(ByteReader& in, const codec::Limits& limits) {
  GetResponseWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.result)::decode(in, limits, r.result)) {
    return ec;
  }
  return r;
}

std::error_code GetResponseWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return result.encode(out);
}

Result<GetResponse> GetResponse::decode(ByteReader& in, const codec::Limits& limits) {
  GetResponse r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.response)) {
    return ec;
  }
  return r;
}

Status GetResponse::encode(ByteWriter& out) const { return detail::encode_apdu_choice(out, kTag, response); }

}  // namespace dlms::apdu
