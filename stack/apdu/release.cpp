#include "stack/apdu/release.hpp"

#include "stack/apdu/acse_codec.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {
namespace {

using codec::codec_errc;

// Both reasons name 0, 1 and 30.
bool valid_reason(std::int64_t v) noexcept { return v == 0 || v == 1 || v == 30; }

template <class Apdu, class Reason>
Result<Apdu> decode_release(ByteReader& in, std::uint32_t number, const codec::Limits& limits) {
  Apdu apdu;
  const Status decoded = acse::decode_components(in, number, limits, [&](const codec::ber::Tlv& tlv) {
    if (tlv.tag.number == 0) {
      auto v = acse::decode_integer_implicit(tlv);
      if (!v) {
        return v.error();
      }
      if (!valid_reason(*v)) {
        return make_error_code(xdlms_errc::invalid_field);
      }
      apdu.reason = static_cast<Reason>(*v);
      return std::error_code();
    }
    if (tlv.tag.number == acse::kUserInformation) {
      return acse::assign(acse::decode_user_information(tlv, limits), apdu.user_information);
    }
    return make_error_code(codec_errc::unknown_tag);
  });
  if (!decoded) {
    return decoded.error();
  }
  return apdu;
}

template <class Apdu>
Status encode_release(const Apdu& apdu, ByteWriter& out, std::uint32_t number) {
  if (apdu.reason && !valid_reason(static_cast<std::int64_t>(*apdu.reason))) {
    return xdlms_errc::invalid_field;
  }
  const auto c = codec::ber::open(out, codec::ber::application_tag(number, true));
  if (apdu.reason) {
    acse::write_integer_implicit(out, 0, static_cast<std::int64_t>(*apdu.reason));
  }
  if (apdu.user_information) {
    acse::write_user_information(out, *apdu.user_information);
  }
  codec::ber::close(out, c);
  return acse::finish(out);
}

}  // namespace

Result<Rlrq> Rlrq::decode(ByteReader& in, const codec::Limits& limits) {
  return decode_release<Rlrq, ReleaseRequestReason>(in, 2, limits);
}

Status Rlrq::encode(ByteWriter& out) const { return encode_release(*this, out, 2); }

Result<Rlre> Rlre::decode(ByteReader& in, const codec::Limits& limits) {
  return decode_release<Rlre, ReleaseResponseReason>(in, 3, limits);
}

Status Rlre::encode(ByteWriter& out) const { return encode_release(*this, out, 3); }

}  // namespace dlms::apdu
