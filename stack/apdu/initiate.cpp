#include "stack/apdu/initiate.hpp"

#include "stack/codec/axdr_length.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {
namespace {

using codec::codec_errc;

void seek(ByteReader& r, std::size_t offset) noexcept {
  ByteReader w(r.whole());
  (void)w.skip(offset);
  r = w;
}

// Reads an A-XDR usage flag (00 absent / default, 01 present).
Result<bool> read_flag(ByteReader& in) noexcept {
  std::uint8_t flag = 0;
  if (!in.peek_u8(flag)) {
    return xdlms_errc::truncated;
  }
  if (flag > 1) {
    return xdlms_errc::invalid_field;
  }
  (void)in.skip(1);
  return flag == 1;
}

Result<std::optional<std::int8_t>> read_optional_int8(ByteReader& in) noexcept {
  auto present = read_flag(in);
  if (!present) {
    return present.error();
  }
  if (!*present) {
    return std::optional<std::int8_t>{};
  }
  std::uint8_t v = 0;
  if (!in.u8(v)) {
    return xdlms_errc::truncated;
  }
  return std::optional<std::int8_t>{static_cast<std::int8_t>(v)};
}

Status read_tag(ByteReader& in, std::uint8_t tag) noexcept {
  std::uint8_t t = 0;
  if (!in.peek_u8(t)) {
    return xdlms_errc::truncated;
  }
  if (t != tag) {
    return codec_errc::unexpected_tag;
  }
  (void)in.skip(1);
  return ok();
}

Result<ConformanceBlock> read_conformance(ByteReader& in) noexcept {
  const std::size_t start = in.offset();
  auto c = ConformanceBlock::decode(in);
  if (!c) {
    seek(in, start);
    if (c.error() == make_error_code(codec_errc::truncated)) {
      return xdlms_errc::truncated;
    }
  }
  return c;
}

void write_optional_int8(ByteWriter& out, const std::optional<std::int8_t>& v) noexcept {
  if (v) {
    out.u8(1);
    out.u8(static_cast<std::uint8_t>(*v));
  } else {
    out.u8(0);
  }
}

template <class T>
Result<T> decode_exact(ByteSpan octets, const codec::Limits& limits) {
  ByteReader r(octets);
  std::uint8_t tag = 0;
  if (r.peek_u8(tag) && tag != T::kTag) {
    return xdlms_errc::unsupported;
  }
  auto v = T::decode(r, limits);
  if (v && !r.empty()) {
    return xdlms_errc::trailing_bytes;
  }
  return v;
}

}  // namespace

Result<InitiateRequest> InitiateRequest::decode(ByteReader& in, const codec::Limits& limits) {
  const std::size_t start = in.offset();
  ByteReader r = in;
  InitiateRequest req;
  auto fail = [&](std::error_code ec) -> Result<InitiateRequest> {
    in = r;
    return ec;
  };
  if (auto s = read_tag(r, kTag); !s) {
    return fail(s.error());
  }
  auto key_present = read_flag(r);
  if (!key_present) {
    return fail(key_present.error());
  }
  if (*key_present) {
    const std::size_t at = r.offset();
    const ByteSpan rest = r.rest();
    std::uint32_t length = 0;
    codec_errc error{};
    const std::uint8_t* p = codec::axdr::decode_length(rest.data(), rest.data() + rest.size(), length, error);
    if (p == nullptr) {
      return fail(error == codec_errc::truncated ? make_error_code(xdlms_errc::truncated)
                                                 : make_error_code(error));
    }
    (void)r.skip(static_cast<std::size_t>(p - rest.data()));
    if (length > limits.max_string_length) {
      seek(r, at);
      return fail(codec_errc::limit_exceeded);
    }
    ByteSpan key;
    if (!r.bytes(length, key)) {
      seek(r, at);
      return fail(codec_errc::length_past_end);
    }
    req.dedicated_key = key;
  }
  auto allowed_present = read_flag(r);
  if (!allowed_present) {
    return fail(allowed_present.error());
  }
  if (*allowed_present) {
    std::uint8_t b = 0;
    if (!r.u8(b)) {
      return fail(xdlms_errc::truncated);
    }
    req.response_allowed = b != 0;  // A-XDR BOOLEAN: 00 FALSE, anything else TRUE
  }
  auto qos = read_optional_int8(r);
  if (!qos) {
    return fail(qos.error());
  }
  req.proposed_quality_of_service = *qos;
  if (!r.u8(req.proposed_dlms_version_number)) {
    return fail(xdlms_errc::truncated);
  }
  auto conformance = read_conformance(r);
  if (!conformance) {
    return fail(conformance.error());
  }
  req.proposed_conformance = *conformance;
  if (!r.u16(req.client_max_receive_pdu_size)) {
    return fail(xdlms_errc::truncated);
  }
  if (r.offset() - start > limits.max_apdu_size) {
    seek(r, start);
    return fail(xdlms_errc::apdu_too_large);
  }
  in = r;
  return req;
}

Status InitiateRequest::encode(ByteWriter& out) const {
  out.u8(kTag);
  if (dedicated_key) {
    out.u8(1);
    codec::axdr::write_length(out, dedicated_key->size());
    out.bytes(*dedicated_key);
  } else {
    out.u8(0);
  }
  if (response_allowed) {
    out.u8(0);  // DEFAULT TRUE
  } else {
    out.u8(1);
    out.u8(0);
  }
  write_optional_int8(out, proposed_quality_of_service);
  out.u8(proposed_dlms_version_number);
  proposed_conformance.encode(out);
  out.u16(client_max_receive_pdu_size);
  if (!out.ok()) {
    return xdlms_errc::buffer_too_small;
  }
  return ok();
}

Result<InitiateResponse> InitiateResponse::decode(ByteReader& in, const codec::Limits& limits) {
  (void)limits;  // fixed size: 14 or 15 octets
  ByteReader r = in;
  InitiateResponse res;
  auto fail = [&](std::error_code ec) -> Result<InitiateResponse> {
    in = r;
    return ec;
  };
  if (auto s = read_tag(r, kTag); !s) {
    return fail(s.error());
  }
  auto qos = read_optional_int8(r);
  if (!qos) {
    return fail(qos.error());
  }
  res.negotiated_quality_of_service = *qos;
  if (!r.u8(res.negotiated_dlms_version_number)) {
    return fail(xdlms_errc::truncated);
  }
  auto conformance = read_conformance(r);
  if (!conformance) {
    return fail(conformance.error());
  }
  res.negotiated_conformance = *conformance;
  if (!r.u16(res.server_max_receive_pdu_size) || !r.u16(res.vaa_name)) {
    return fail(xdlms_errc::truncated);
  }
  in = r;
  return res;
}

Status InitiateResponse::encode(ByteWriter& out) const {
  out.u8(kTag);
  write_optional_int8(out, negotiated_quality_of_service);
  out.u8(negotiated_dlms_version_number);
  negotiated_conformance.encode(out);
  out.u16(server_max_receive_pdu_size);
  out.u16(vaa_name);
  if (!out.ok()) {
    return xdlms_errc::buffer_too_small;
  }
  return ok();
}

Result<InitiateRequest> decode_initiate_request(ByteSpan octets, const codec::Limits& limits) {
  return decode_exact<InitiateRequest>(octets, limits);
}

Result<InitiateResponse> decode_initiate_response(ByteSpan octets, const codec::Limits& limits) {
  return decode_exact<InitiateResponse>(octets, limits);
}

}  // namespace dlms::apdu
