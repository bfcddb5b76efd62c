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
  if (auto s = acse::expect_form(tlv, true); !s) {
    return s.error();
  }
  ByteReader r(tlv.contents);
  auto inner = codec::ber::read_tlv(r);
  if (!inner) {
    return inner.error();
  }
  if (!r.empty()) {
    return codec_errc::trailing_bytes;
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
  auto contents = acse::open_apdu(in, 1, limits);
  if (!contents) {
    return contents.error();
  }
  acse::Components components(*contents);
  Aare aare;
  bool have_context = false;
  bool have_result = false;
  bool have_diagnostic = false;
  std::size_t fault = start;
  auto fail = [&](std::error_code ec) -> Result<Aare> {
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
      case 0: take(acse::decode_bit_string_implicit(tlv), aare.protocol_version); break;
      case 1:
        take(acse::decode_oid_explicit(tlv), aare.application_context_name);
        have_context = true;
        break;
      case 2:
        take(decode_result(tlv), aare.result);
        have_result = true;
        break;
      case 3:
        take(decode_diagnostic(tlv), aare.result_source_diagnostic);
        have_diagnostic = true;
        break;
      case 4: take(acse::decode_octet_string_explicit(tlv, limits), aare.responding_ap_title); break;
      case 5: take(acse::decode_octet_string_explicit(tlv, limits), aare.responding_ae_qualifier); break;
      case 6: take(acse::decode_integer_explicit(tlv), aare.responding_ap_invocation_id); break;
      case 7: take(acse::decode_integer_explicit(tlv), aare.responding_ae_invocation_id); break;
      case 8: take(acse::decode_bit_string_implicit(tlv), aare.responder_acse_requirements); break;
      case 9: take(acse::decode_oid_implicit(tlv), aare.mechanism_name); break;
      case 10:
        take(acse::decode_authentication_value(tlv, limits), aare.responding_authentication_value);
        break;
      case acse::kImplementationInformation:
        take(acse::decode_graphic_string_implicit(tlv, limits), aare.implementation_information);
        break;
      case acse::kUserInformation:
        take(acse::decode_user_information(tlv, limits), aare.user_information);
        break;
      default: ec = make_error_code(codec_errc::unknown_tag); break;
    }
    if (ec) {
      return fail(ec);
    }
  }
  if (!have_context || !have_result || !have_diagnostic) {
    fault = start;
    return fail(xdlms_errc::invalid_field);
  }
  return aare;
}

Status Aare::encode(ByteWriter& out) const {
  if (auto s = acse::check_oid(application_context_name); !s) {
    return s;
  }
  if (mechanism_name) {
    if (auto s = acse::check_oid(*mechanism_name); !s) {
      return s;
    }
  }
  for (const auto* bits : {&protocol_version, &responder_acse_requirements}) {
    if (*bits) {
      if (auto s = acse::check_bit_string(**bits); !s) {
        return s;
      }
    }
  }
  if (responding_authentication_value) {
    if (auto s = acse::check_authentication_value(*responding_authentication_value); !s) {
      return s;
    }
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
  if (implementation_information) {
    acse::write_graphic_string_implicit(out, acse::kImplementationInformation, *implementation_information);
  }
  if (user_information) {
    acse::write_user_information(out, *user_information);
  }
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
