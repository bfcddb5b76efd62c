#include "stack/apdu/aarq.hpp"

#include "stack/apdu/acse_codec.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {

using codec::codec_errc;

Result<Aarq> Aarq::decode(ByteReader& in, const codec::Limits& limits) {
  const std::size_t start = in.offset();
  Aarq aarq;
  bool have_context = false;
  const Status decoded = acse::decode_components(in, 0, limits, [&](const codec::ber::Tlv& tlv) {
    using acse::assign;
    switch (tlv.tag.number) {
      case 0: return assign(acse::decode_bit_string_implicit(tlv), aarq.protocol_version);
      case 1:
        have_context = true;
        return assign(acse::decode_oid_explicit(tlv), aarq.application_context_name);
      case 2: return assign(acse::decode_octet_string_explicit(tlv, limits), aarq.called_ap_title);
      case 3: return assign(acse::decode_octet_string_explicit(tlv, limits), aarq.called_ae_qualifier);
      case 4: return assign(acse::decode_integer_explicit(tlv), aarq.called_ap_invocation_id);
      case 5: return assign(acse::decode_integer_explicit(tlv), aarq.called_ae_invocation_id);
      case 6: return assign(acse::decode_octet_string_explicit(tlv, limits), aarq.calling_ap_title);
      case 7: return assign(acse::decode_octet_string_explicit(tlv, limits), aarq.calling_ae_qualifier);
      case 8: return assign(acse::decode_integer_explicit(tlv), aarq.calling_ap_invocation_id);
      case 9: return assign(acse::decode_integer_explicit(tlv), aarq.calling_ae_invocation_id);
      case 10: return assign(acse::decode_bit_string_implicit(tlv), aarq.sender_acse_requirements);
      case 11: return assign(acse::decode_oid_implicit(tlv), aarq.mechanism_name);
      case 12:
        return assign(acse::decode_authentication_value(tlv, limits), aarq.calling_authentication_value);
      case acse::kImplementationInformation:
        return assign(acse::decode_graphic_string_implicit(tlv, limits), aarq.implementation_information);
      case acse::kUserInformation:
        return assign(acse::decode_user_information(tlv, limits), aarq.user_information);
      default: return make_error_code(codec_errc::unknown_tag);
    }
  });
  if (!decoded) {
    return decoded.error();
  }
  if (!have_context) {
    acse::seek(in, start);
    return xdlms_errc::invalid_field;
  }
  return aarq;
}

Status Aarq::encode(ByteWriter& out) const {
  if (auto s = acse::check_association_fields(application_context_name, mechanism_name, protocol_version,
                                              sender_acse_requirements, calling_authentication_value);
      !s) {
    return s;
  }
  const auto apdu = codec::ber::open(out, codec::ber::application_tag(0, true));
  if (protocol_version) {
    acse::write_bit_string_implicit(out, 0, *protocol_version);
  }
  acse::write_oid_explicit(out, 1, application_context_name);
  if (called_ap_title) {
    acse::write_octet_string_explicit(out, 2, *called_ap_title);
  }
  if (called_ae_qualifier) {
    acse::write_octet_string_explicit(out, 3, *called_ae_qualifier);
  }
  if (called_ap_invocation_id) {
    acse::write_integer_explicit(out, 4, *called_ap_invocation_id);
  }
  if (called_ae_invocation_id) {
    acse::write_integer_explicit(out, 5, *called_ae_invocation_id);
  }
  if (calling_ap_title) {
    acse::write_octet_string_explicit(out, 6, *calling_ap_title);
  }
  if (calling_ae_qualifier) {
    acse::write_octet_string_explicit(out, 7, *calling_ae_qualifier);
  }
  if (calling_ap_invocation_id) {
    acse::write_integer_explicit(out, 8, *calling_ap_invocation_id);
  }
  if (calling_ae_invocation_id) {
    acse::write_integer_explicit(out, 9, *calling_ae_invocation_id);
  }
  if (sender_acse_requirements) {
    acse::write_bit_string_implicit(out, 10, *sender_acse_requirements);
  }
  if (mechanism_name) {
    acse::write_oid_implicit(out, 11, *mechanism_name);
  }
  if (calling_authentication_value) {
    acse::write_authentication_value(out, 12, *calling_authentication_value);
  }
  acse::write_trailing_information(out, implementation_information, user_information);
  codec::ber::close(out, apdu);
  return acse::finish(out);
}

Result<InitiateRequest> Aarq::initiate_request(const codec::Limits& limits) const {
  if (!user_information) {
    return xdlms_errc::invalid_field;
  }
  return decode_initiate_request(*user_information, limits);
}

}  // namespace dlms::apdu
