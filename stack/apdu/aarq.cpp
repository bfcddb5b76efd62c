#include "stack/apdu/aarq.hpp"

#include "stack/apdu/acse_codec.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {

using codec::codec_errc;

Result<Aarq> Aarq::decode(ByteReader& in, const codec::Limits& limits) {
  const std::size_t start = in.offset();
  auto contents = acse::open_apdu(in, 0, limits);
  if (!contents) {
    return contents.error();
  }
  acse::Components components(*contents);
  Aarq aarq;
  bool have_context = false;
  std::size_t fault = start;
  auto fail = [&](std::error_code ec) -> Result<Aarq> {
    acse::seek(in, fault);
    return ec;
  };
  for (;;) {
    auto next = components.next();
    fault = components.fault();
    if (!next) {
      return fail(next.error());
    }
    if (!next->has_value()) {
      break;
    }
    const codec::ber::Tlv& tlv = **next;
    std::error_code ec;
    auto take = [&](auto result, auto& field) {
      if (result) {
        field = *result;
      } else {
        ec = result.error();
      }
    };
    switch (tlv.tag.number) {
      case 0: take(acse::decode_bit_string_implicit(tlv), aarq.protocol_version); break;
      case 1:
        take(acse::decode_oid_explicit(tlv), aarq.application_context_name);
        have_context = true;
        break;
      case 2: take(acse::decode_octet_string_explicit(tlv, limits), aarq.called_ap_title); break;
      case 3: take(acse::decode_octet_string_explicit(tlv, limits), aarq.called_ae_qualifier); break;
      case 4: take(acse::decode_integer_explicit(tlv), aarq.called_ap_invocation_id); break;
      case 5: take(acse::decode_integer_explicit(tlv), aarq.called_ae_invocation_id); break;
      case 6: take(acse::decode_octet_string_explicit(tlv, limits), aarq.calling_ap_title); break;
      case 7: take(acse::decode_octet_string_explicit(tlv, limits), aarq.calling_ae_qualifier); break;
      case 8: take(acse::decode_integer_explicit(tlv), aarq.calling_ap_invocation_id); break;
      case 9: take(acse::decode_integer_explicit(tlv), aarq.calling_ae_invocation_id); break;
      case 10: take(acse::decode_bit_string_implicit(tlv), aarq.sender_acse_requirements); break;
      case 11: take(acse::decode_oid_implicit(tlv), aarq.mechanism_name); break;
      case 12: take(acse::decode_authentication_value(tlv, limits), aarq.calling_authentication_value); break;
      case acse::kImplementationInformation:
        take(acse::decode_graphic_string_implicit(tlv, limits), aarq.implementation_information);
        break;
      case acse::kUserInformation:
        take(acse::decode_user_information(tlv, limits), aarq.user_information);
        break;
      default: ec = make_error_code(codec_errc::unknown_tag); break;
    }
    if (ec) {
      return fail(ec);
    }
  }
  if (!have_context) {
    fault = start;
    return fail(xdlms_errc::invalid_field);
  }
  return aarq;
}

Status Aarq::encode(ByteWriter& out) const {
  if (auto s = acse::check_oid(application_context_name); !s) {
    return s;
  }
  if (mechanism_name) {
    if (auto s = acse::check_oid(*mechanism_name); !s) {
      return s;
    }
  }
  for (const auto* bits : {&protocol_version, &sender_acse_requirements}) {
    if (*bits) {
      if (auto s = acse::check_bit_string(**bits); !s) {
        return s;
      }
    }
  }
  if (calling_authentication_value) {
    if (auto s = acse::check_authentication_value(*calling_authentication_value); !s) {
      return s;
    }
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
  if (implementation_information) {
    acse::write_graphic_string_implicit(out, acse::kImplementationInformation, *implementation_information);
  }
  if (user_information) {
    acse::write_user_information(out, *user_information);
  }
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
