#include "stack/apdu/confirmed_service_error.hpp"

#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {

namespace {

bool valid_service(std::uint8_t v) noexcept { return v >= 1 && v <= 19; }
bool valid_error(std::uint8_t v) noexcept { return v <= 10; }

}  // namespace

Result<ConfirmedServiceError> ConfirmedServiceError::decode(ByteReader& in, const codec::Limits& limits) {
  (void)limits;  // fixed size
  ByteReader r = in;
  std::uint8_t tag = 0;
  std::uint8_t service = 0;
  std::uint8_t error = 0;
  std::uint8_t value = 0;
  auto fail = [&](std::error_code ec) -> Result<ConfirmedServiceError> {
    in = r;
    return ec;
  };
  if (!r.peek_u8(tag)) {
    return fail(xdlms_errc::truncated);
  }
  if (tag != kTag) {
    return fail(codec::codec_errc::unexpected_tag);
  }
  (void)r.skip(1);
  if (!r.peek_u8(service)) {
    return fail(xdlms_errc::truncated);
  }
  if (!valid_service(service)) {
    return fail(xdlms_errc::unknown_choice);
  }
  (void)r.skip(1);
  if (!r.peek_u8(error)) {
    return fail(xdlms_errc::truncated);
  }
  if (!valid_error(error)) {
    return fail(xdlms_errc::unknown_choice);
  }
  (void)r.skip(1);
  if (!r.peek_u8(value)) {
    return fail(xdlms_errc::truncated);
  }
  if (value > max_service_error_value(static_cast<ServiceErrorChoice>(error))) {
    return fail(xdlms_errc::invalid_field);
  }
  (void)r.skip(1);
  in = r;
  return ConfirmedServiceError{static_cast<ConfirmedServiceErrorChoice>(service),
                               static_cast<ServiceErrorChoice>(error), value};
}

Status ConfirmedServiceError::encode(ByteWriter& out) const {
  const auto s = static_cast<std::uint8_t>(service);
  const auto e = static_cast<std::uint8_t>(error);
  if (!valid_service(s) || !valid_error(e)) {
    return xdlms_errc::unknown_choice;
  }
  if (value > max_service_error_value(error)) {
    return xdlms_errc::invalid_field;
  }
  out.u8(kTag);
  out.u8(s);
  out.u8(e);
  out.u8(value);
  if (!out.ok()) {
    return xdlms_errc::buffer_too_small;
  }
  return ok();
}

Result<ConfirmedServiceError> decode_confirmed_service_error(ByteSpan octets) {
  ByteReader r(octets);
  std::uint8_t tag = 0;
  if (r.peek_u8(tag) && tag != ConfirmedServiceError::kTag) {
    return xdlms_errc::unsupported;
  }
  auto v = ConfirmedServiceError::decode(r);
  if (v && !r.empty()) {
    return xdlms_errc::trailing_bytes;
  }
  return v;
}

}  // namespace dlms::apdu
