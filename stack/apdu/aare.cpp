#include "stack/apdu/aare.hpp"

#include "stack/apdu/acse_codec.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {

using codec::codec_errc;

namespace {

// result [2] Association-result (EXPLICIT INTEGER).
Result<AssociationResult> decode_result(const codec::ber::Tlv& tlv) noexcept {
  auto v = acse::decode_integer_explicit(tlv);
  if (!v) {
    return v.error();
  }
  if (*v < 0 || *v > 2) {
    return xdlms_errc::invalid_field;
  }
  return static_cast<AssociationResult>(*v);
}

// result-source-diagnostic [3] EXPLICIT CHOICE { acse-service-user [1], acse-service-provider [2] }.
Result<ResultSourceDiagnostic> decode_diagnostic(const codec::ber::Tlv& tlv) noexcept {
  auto inner = acse::explicit_choice(tlv);
  if (!inner) {
    return inner.error();
  }
  if (inner->tag.cls != codec::ber::TagClass::context || inner->tag.number < 1 || inner->tag.number > 2) {
    return codec_errc::unknown_tag;
  }
  auto v = acse::decode_integer_explicit(*inner);
  if (!v) {
    return v.error();
  }
  const auto source = static_cast<DiagnosticSource>(inner->tag.number);
  const std::int64_t max =
      source == DiagnosticSource::acse_service_user ? kMaxAcseServiceUser : kMaxAcseServiceProvider;
  if (*v < 0 || *v > max) {
    return xdlms_errc::invalid_field;
  }
  return ResultSourceDiagnostic{source, static_cast<std::uint8_t>(*v)};
}

bool valid(const ResultSourceDiagnostic& d) noexcept {
  switch (d.source) {
    case DiagnosticSource::acse_service_user: return d.value <= kMaxAcseServiceUser;
    case DiagnosticSource::acse_service_provider: return d.value <= kMaxAcseServiceProvider;
  }
  return false;
}

}  // namespace

Result<Aare> Aare::decode(ByteReader& in, const codec::Limits& limits) {
  const std::size_t start = in.offset();
  Aare aare;
  bool have_context = false;
  bool have_result = false;
  bool have_diagnostic = false;
  const Status decoded = acse::decode_components(in, 1, limits, [&](const codec::ber::Tlv& tlv) {
    using acse::assign;
    switch (tlv.tag.number) {
      case 0: return assign(acse::decode_bit_string_implicit(tlv), aare.protocol_version);
      case 1:
        have_context = true;
        return assign(acse::decode_oid_explicit(tlv), aare.application_context_name);
      case 2: have_result = true; return assign(decode_result(tlv), aare.result);
      case 3: have_diagnostic = true; return assign(decode_diagnostic(tlv), aare.result_source_diagnostic);
      case 4: return assign(acse::decode_octet_string_explicit(tlv, limits), aare.responding_ap_title);
      case 5: return assign(acse::decode_octet_string_explicit(tlv, limits), aare.responding_ae_qualifier);
      case 6: return assign(acse::decode_integer_explicit(tlv), aare.responding_ap_invocation_id);
      case 7: return assign(acse::decode_integer_explicit(tlv), aare.responding_ae_invocation_id);
      case 8: return assign(acse::decode_bit_string_implicit(tlv), aare.responder_acse_requirements);
      case 9: return assign(acse::decode_oid_implicit(tlv), aare.mechanism_name);
      case 10:
        return assign(acse::decode_authentication_value(tlv, limits), aare.responding_authentication_value);
      case acse::kImplementationInformation:
        return assign(acse::decode_graphic_string_implicit(tlv, limits), aare.implementation_information);
      case acse::kUserInformation:
        return assign(acse::decode_user_information(tlv, limits), aare.user_information);
      default: return make_error_code(codec_errc::unknown_tag);
    }
  });
  if (!decoded) {
    return decoded.error();
  }
  if (!have_context || !have_result || !have_diagnostic) {
    acse::seek(in, start);
    return xdlms_errc::invalid_field;
  }
  return aare;
}

Status Aare::encode(ByteWriter& out) const {
  if (auto s = acse::check_association_fields(application_context_name, mechanism_name, protocol_version,
                                              responder_acse_requirements, responding_authentication_value);
      !s) {
    return s;
  }
  if (static_cast<unsigned>(result) > 2 || !valid(result_source_diagnostic)) {
    return xdlms_errc::invalid_field;
  }
  const auto apdu = codec::ber::open(out, codec::ber::application_tag(1, true));
  if (protocol_version) {
    acse::write_bit_string_implicit(out, 0, *protocol_version);
  }
  acse::write_oid_explicit(out, 1, application_context_name);
  acse::write_integer_explicit(out, 2, static_cast<std::int64_t>(result));
  const auto diagnostic = codec::ber::open(out, codec::ber::context_tag(3, true));
  acse::write_integer_explicit(out, static_cast<std::uint32_t>(result_source_diagnostic.source),
                               result_source_diagnostic.value);
  codec::ber::close(out, diagnostic);
  if (responding_ap_title) {
    acse::write_octet_string_explicit(out, 4, *responding_ap_title);
  }
  if (responding_ae_qualifier) {
    acse::write_octet_string_explicit(out, 5, *responding_ae_qualifier);
  }
  if (responding_ap_invocation_id) {
    acse::write_integer_explicit(out, 6, *responding_ap_invocation_id);
  }
  if (responding_ae_invocation_id) {
    acse::write_integer_explicit(out, 7, *responding_ae_invocation_id);
  }
  if (responder_acse_requirements) {
    acse::write_bit_string_implicit(out, 8, *responder_acse_requirements);
  }
  if (mechanism_name) {
    acse::write_oid_implicit(out, 9, *mechanism_name);
  }
  if (responding_authentication_value) {
    acse::write_authentication_value(out, 10, *responding_authentication_value);
  }
  acse::write_trailing_information(out, implementation_information, user_information);
  codec::ber::close(out, apdu);
  return acse::finish(out);
}

Result<InitiateResponse> Aare::initiate_response(const codec::Limits& limits) const {
  if (!user_information) {
    return xdlms_errc::invalid_field;
  }
  return decode_initiate_response(*user_information, limits);
}

Result<ConfirmedServiceError> Aare::confirmed_service_error() const {
  if (!user_information) {
    return xdlms_errc::invalid_field;
  }
  return decode_confirmed_service_error(*user_information);
}

}  // namespace dlms::apdu
