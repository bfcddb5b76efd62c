#include "stack/apdu/write.hpp"

#include "stack/apdu/choice.hpp"

namespace dlms::apdu {

namespace {

template <class T>
Result<T> decode_write(ByteReader& in, const codec::Limits& limits) {
  if (auto ec = detail::read_apdu_tag(in, T::kTag)) {
    return ec;
  }
  T r;
  if (auto ec =
          decltype(r.variable_access_specification)::decode(in, limits, r.variable_access_specification)) {
    return ec;
  }
  if (auto ec = decltype(r.list_of_data)::decode(in, limits, r.list_of_data)) {
    return ec;
  }
  return r;
}

template <class T>
Status encode_write(const T& apdu, ByteWriter& out) {
  out.u8(T::kTag);
  if (auto ec = apdu.variable_access_specification.encode(out)) {
    return ec;
  }
  if (auto ec = apdu.list_of_data.encode(out)) {
    return ec;
  }
  return detail::finish(out);
}

}  // namespace

Result<WriteRequest> WriteRequest::decode(ByteReader& in, const codec::Limits& limits) {
  return decode_write<WriteRequest>(in, limits);
}
Status WriteRequest::encode(ByteWriter& out) const { return encode_write(*this, out); }

Result<UnconfirmedWriteRequest> UnconfirmedWriteRequest::decode(ByteReader& in, const codec::Limits& limits) {
  return decode_write<UnconfirmedWriteRequest>(in, limits);
}
Status UnconfirmedWriteRequest::encode(ByteWriter& out) const { return encode_write(*this, out); }

Result<WriteResult> WriteResult::decode(ByteReader& in, const codec::Limits& /*limits*/) {
  std::uint8_t choice = 0;
  if (auto ec = detail::read_choice_tag(in, 2, choice)) {
    return ec;
  }
  WriteResult r;
  if (choice == 1) {
    std::uint8_t v = 0;
    if (auto ec = detail::read_u8(in, v)) {
      return ec;
    }
    r.result = static_cast<DataAccessResult>(v);
  } else if (choice == 2) {
    WriteBlockNumber b;
    if (auto ec = detail::read_u16(in, b.block_number)) {
      return ec;
    }
    r.result = b;
  }
  return r;
}

Status WriteResult::encode(ByteWriter& out) const {
  out.u8(static_cast<std::uint8_t>(result.index()));
  if (const auto* dar = std::get_if<DataAccessResult>(&result)) {
    out.u8(static_cast<std::uint8_t>(*dar));
  } else if (const auto* block = std::get_if<WriteBlockNumber>(&result)) {
    out.u16(block->block_number);
  }
  return detail::finish(out);
}

Result<WriteResponse> WriteResponse::decode(ByteReader& in, const codec::Limits& limits) {
  if (auto ec = detail::read_apdu_tag(in, kTag)) {
    return ec;
  }
  WriteResponse r;
  if (auto ec = decltype(r.results)::decode(in, limits, r.results)) {
    return ec;
  }
  return r;
}

Status WriteResponse::encode(ByteWriter& out) const {
  out.u8(kTag);
  if (auto ec = results.encode(out)) {
    return ec;
  }
  return detail::finish(out);
}

}  // namespace dlms::apdu
