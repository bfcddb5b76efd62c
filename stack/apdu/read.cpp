#include "stack/apdu/read.hpp"

#include "stack/apdu/choice.hpp"

namespace dlms::apdu {

Result<ReadRequest> ReadRequest::decode(ByteReader& in, const codec::Limits& limits) {
  if (auto ec = detail::read_apdu_tag(in, kTag)) {
    return ec;
  }
  ReadRequest r;
  if (auto ec =
          decltype(r.variable_access_specification)::decode(in, limits, r.variable_access_specification)) {
    return ec;
  }
  return r;
}

Status ReadRequest::encode(ByteWriter& out) const {
  out.u8(kTag);
  if (auto ec = variable_access_specification.encode(out)) {
    return ec;
  }
  return detail::finish(out);
}

Result<ReadResult> ReadResult::decode(ByteReader& in, const codec::Limits& limits) {
  std::uint8_t choice = 0;
  if (auto ec = detail::read_choice_tag(in, 3, choice)) {
    return ec;
  }
  ReadResult r;
  switch (choice) {
    case 0: {
      codec::DataView data;
      if (auto ec = detail::read_data(in, limits, data)) {
        return ec;
      }
      r.result = data;
      break;
    }
    case 1: {
      std::uint8_t v = 0;
      if (auto ec = detail::read_u8(in, v)) {
        return ec;
      }
      r.result = static_cast<DataAccessResult>(v);
      break;
    }
    case 2: {
      DataBlockResult b;
      if (auto ec = detail::read_boolean(in, b.last_block)) {
        return ec;
      }
      if (auto ec = detail::read_u16(in, b.block_number)) {
        return ec;
      }
      if (auto ec = detail::read_octet_string(in, b.raw_data)) {
        return ec;
      }
      r.result = b;
      break;
    }
    default: {
      ReadBlockNumber b;
      if (auto ec = detail::read_u16(in, b.block_number)) {
        return ec;
      }
      r.result = b;
      break;
    }
  }
  return r;
}

Status ReadResult::encode(ByteWriter& out) const {
  out.u8(static_cast<std::uint8_t>(result.index()));
  if (const auto* data = std::get_if<codec::DataView>(&result)) {
    if (auto ec = detail::write_data(out, *data)) {
      return ec;
    }
  } else if (const auto* dar = std::get_if<DataAccessResult>(&result)) {
    out.u8(static_cast<std::uint8_t>(*dar));
  } else if (const auto* block = std::get_if<DataBlockResult>(&result)) {
    out.u8(block->last_block ? 1 : 0);
    out.u16(block->block_number);
    detail::write_octet_string(out, block->raw_data);
  } else {
    out.u16(std::get<ReadBlockNumber>(result).block_number);
  }
  return detail::finish(out);
}

Result<ReadResponse> ReadResponse::decode(ByteReader& in, const codec::Limits& limits) {
  if (auto ec = detail::read_apdu_tag(in, kTag)) {
    return ec;
  }
  ReadResponse r;
  if (auto ec = decltype(r.results)::decode(in, limits, r.results)) {
    return ec;
  }
  return r;
}

Status ReadResponse::encode(ByteWriter& out) const {
  out.u8(kTag);
  if (auto ec = results.encode(out)) {
    return ec;
  }
  return detail::finish(out);
}

}  // namespace dlms::apdu
