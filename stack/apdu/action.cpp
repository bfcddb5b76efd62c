#include "stack/apdu/action.hpp"

#include "stack/apdu/choice.hpp"

namespace dlms::apdu {

namespace {

std::error_code read_invoke(ByteReader& in, InvokeIdAndPriority& out) {
  return detail::read_u8(in, out.value);
}

template <class T>
std::error_code read_part(ByteReader& in, const codec::Limits& limits, T& out) {
  auto r = T::decode(in, limits);
  if (!r) {
    return r.error();
  }
  out = *r;
  return {};
}

// invoke-id-and-priority + block-number (next-pblock requests and responses).
template <class T>
Result<T> decode_next(ByteReader& in) {
  T r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = detail::read_u32(in, r.block_number)) {
    return ec;
  }
  return r;
}

// invoke-id-and-priority + DataBlock-SA.
template <class T>
Result<T> decode_pblock(ByteReader& in, const codec::Limits& limits) {
  T r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_part(in, limits, r.pblock)) {
    return ec;
  }
  return r;
}

}  // namespace

Result<ActionRequestNormal> ActionRequestNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  ActionRequestNormal r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_part(in, limits, r.cosem_method_descriptor)) {
    return ec;
  }
  bool present = false;
  if (auto ec = detail::read_presence(in, present)) {
    return ec;
  }
  if (present) {
    codec::DataView data;
    if (auto ec = detail::read_data(in, limits, data)) {
      return ec;
    }
    r.method_invocation_parameters = data;
  }
  return r;
}

std::error_code ActionRequestNormal::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  (void)cosem_method_descriptor.encode(out);
  if (!method_invocation_parameters) {
    out.u8(0);
    return {};
  }
  out.u8(1);
  return detail::write_data(out, *method_invocation_parameters);
}

Result<ActionRequestNextPblock> ActionRequestNextPblock::decode_body(ByteReader& in,
                                                                     const codec::Limits& /*limits*/) {
  return decode_next<ActionRequestNextPblock>(in);
}

std::error_code ActionRequestNextPblock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  out.u32(block_number);
  return {};
}

Result<ActionRequestWithList> ActionRequestWithList::decode_body(ByteReader& in,
                                                                 const codec::Limits& limits) {
  ActionRequestWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec =
          decltype(r.cosem_method_descriptor_list)::decode(in, limits, r.cosem_method_descriptor_list)) {
    return ec;
  }
  if (auto ec =
          decltype(r.method_invocation_parameters)::decode(in, limits, r.method_invocation_parameters)) {
    return ec;
  }
  return r;
}

std::error_code ActionRequestWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  if (auto ec = cosem_method_descriptor_list.encode(out)) {
    return ec;
  }
  return method_invocation_parameters.encode(out);
}

Result<ActionRequestWithFirstPblock> ActionRequestWithFirstPblock::decode_body(ByteReader& in,
                                                                               const codec::Limits& limits) {
  ActionRequestWithFirstPblock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_part(in, limits, r.cosem_method_descriptor)) {
    return ec;
  }
  if (auto ec = read_part(in, limits, r.pblock)) {
    return ec;
  }
  return r;
}

std::error_code ActionRequestWithFirstPblock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  (void)cosem_method_descriptor.encode(out);
  return pblock.encode(out).error();
}

Result<ActionRequestWithListAndFirstPblock> ActionRequestWithListAndFirstPblock::decode_body(
    ByteReader& in, const codec::Limits& limits) {
  ActionRequestWithListAndFirstPblock r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec =
          decltype(r.cosem_method_descriptor_list)::decode(in, limits, r.cosem_method_descriptor_list)) {
    return ec;
  }
  if (auto ec = read_part(in, limits, r.pblock)) {
    return ec;
  }
  return r;
}

std::error_code ActionRequestWithListAndFirstPblock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  if (auto ec = cosem_method_descriptor_list.encode(out)) {
    return ec;
  }
  return pblock.encode(out).error();
}

Result<ActionRequestWithPblock> ActionRequestWithPblock::decode_body(ByteReader& in,
                                                                     const codec::Limits& limits) {
  return decode_pblock<ActionRequestWithPblock>(in, limits);
}

std::error_code ActionRequestWithPblock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return pblock.encode(out).error();
}

Result<ActionRequest> ActionRequest::decode(ByteReader& in, const codec::Limits& limits) {
  ActionRequest r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.request)) {
    return ec;
  }
  return r;
}

Status ActionRequest::encode(ByteWriter& out) const { return detail::encode_apdu_choice(out, kTag, request); }

Result<ActionResponseWithOptionalData> ActionResponseWithOptionalData::decode(ByteReader& in,
                                                                              const codec::Limits& limits) {
  ActionResponseWithOptionalData r;
  std::uint8_t result = 0;
  if (auto ec = detail::read_u8(in, result)) {
    return ec;
  }
  r.result = static_cast<ActionResult>(result);
  bool present = false;
  if (auto ec = detail::read_presence(in, present)) {
    return ec;
  }
  if (present) {
    auto data = GetDataResult::decode(in, limits);
    if (!data) {
      return data.error();
    }
    r.return_parameters = *data;
  }
  return r;
}

Status ActionResponseWithOptionalData::encode(ByteWriter& out) const {
  out.u8(static_cast<std::uint8_t>(result));
  if (!return_parameters) {
    out.u8(0);
    return detail::finish(out);
  }
  out.u8(1);
  return return_parameters->encode(out);
}

Result<ActionResponseNormal> ActionResponseNormal::decode_body(ByteReader& in, const codec::Limits& limits) {
  ActionResponseNormal r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = read_part(in, limits, r.single_response)) {
    return ec;
  }
  return r;
}

std::error_code ActionResponseNormal::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return single_response.encode(out).error();
}

Result<ActionResponseWithPblock> ActionResponseWithPblock::decode_body(ByteReader& in,
                                                                       const codec::Limits& limits) {
  return decode_pblock<ActionResponseWithPblock>(in, limits);
}

std::error_code ActionResponseWithPblock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return pblock.encode(out).error();
}

Result<ActionResponseWithList> ActionResponseWithList::decode_body(ByteReader& in,
                                                                   const codec::Limits& limits) {
  ActionResponseWithList r;
  if (auto ec = read_invoke(in, r.invoke_id_and_priority)) {
    return ec;
  }
  if (auto ec = decltype(r.list_of_responses)::decode(in, limits, r.list_of_responses)) {
    return ec;
  }
  return r;
}

std::error_code ActionResponseWithList::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  return list_of_responses.encode(out);
}

Result<ActionResponseNextPblock> ActionResponseNextPblock::decode_body(ByteReader& in,
                                                                       const codec::Limits& /*limits*/) {
  return decode_next<ActionResponseNextPblock>(in);
}

std::error_code ActionResponseNextPblock::encode_body(ByteWriter& out) const {
  out.u8(invoke_id_and_priority.value);
  out.u32(block_number);
  return {};
}

Result<ActionResponse> ActionResponse::decode(ByteReader& in, const codec::Limits& limits) {
  ActionResponse r;
  if (auto ec = detail::decode_apdu_choice(in, limits, kTag, r.response)) {
    return ec;
  }
  return r;
}

Status ActionResponse::encode(ByteWriter& out) const {
  return detail::encode_apdu_choice(out, kTag, response);
}

}  // namespace dlms::apdu
