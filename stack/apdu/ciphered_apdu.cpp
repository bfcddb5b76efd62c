#include "stack/apdu/ciphered_apdu.hpp"

#include "stack/apdu/choice.hpp"
#include "stack/apdu/xdlms_fields.hpp"

namespace dlms::apdu {

const char* ciphered_apdu_name(std::uint8_t tag) noexcept {
  switch (static_cast<CipheredApduTag>(tag)) {
    case CipheredApduTag::glo_initiate_request: return "glo-initiateRequest";
    case CipheredApduTag::glo_read_request: return "glo-readRequest";
    case CipheredApduTag::glo_write_request: return "glo-writeRequest";
    case CipheredApduTag::glo_initiate_response: return "glo-initiateResponse";
    case CipheredApduTag::glo_read_response: return "glo-readResponse";
    case CipheredApduTag::glo_write_response: return "glo-writeResponse";
    case CipheredApduTag::glo_confirmed_service_error: return "glo-confirmedServiceError";
    case CipheredApduTag::glo_unconfirmed_write_request: return "glo-unconfirmedWriteRequest";
    case CipheredApduTag::glo_information_report_request: return "glo-informationReportRequest";
    case CipheredApduTag::ded_initiate_request: return "ded-initiateRequest";
    case CipheredApduTag::ded_read_request: return "ded-readRequest";
    case CipheredApduTag::ded_write_request: return "ded-writeRequest";
    case CipheredApduTag::ded_initiate_response: return "ded-initiateResponse";
    case CipheredApduTag::ded_read_response: return "ded-readResponse";
    case CipheredApduTag::ded_write_response: return "ded-writeResponse";
    case CipheredApduTag::ded_confirmed_service_error: return "ded-confirmedServiceError";
    case CipheredApduTag::ded_unconfirmed_write_request: return "ded-unconfirmedWriteRequest";
    case CipheredApduTag::ded_information_report_request: return "ded-informationReportRequest";
    case CipheredApduTag::glo_get_request: return "glo-get-request";
    case CipheredApduTag::glo_set_request: return "glo-set-request";
    case CipheredApduTag::glo_event_notification_request: return "glo-event-notification-request";
    case CipheredApduTag::glo_action_request: return "glo-action-request";
    case CipheredApduTag::glo_get_response: return "glo-get-response";
    case CipheredApduTag::glo_set_response: return "glo-set-response";
    case CipheredApduTag::glo_action_response: return "glo-action-response";
    case CipheredApduTag::ded_get_request: return "ded-get-request";
    case CipheredApduTag::ded_set_request: return "ded-set-request";
    case CipheredApduTag::ded_event_notification_request: return "ded-event-notification-request";
    case CipheredApduTag::ded_action_request: return "ded-actionRequest";
    case CipheredApduTag::ded_get_response: return "ded-get-response";
    case CipheredApduTag::ded_set_response: return "ded-set-response";
    case CipheredApduTag::ded_action_response: return "ded-action-response";
  }
  return nullptr;
}

Result<CipheredContent> CipheredContent::decode(ByteReader& in, const codec::Limits& /*limits*/) {
  const std::size_t start = in.offset();
  ByteSpan bytes;
  if (auto ec = detail::read_octet_string(in, bytes)) {
    return ec;
  }
  if (bytes.size() < 5) {
    ByteReader back(in.whole());
    (void)back.skip(start);
    in = back;
    return xdlms_errc::invalid_field;
  }
  ByteReader content(bytes);
  CipheredContent c;
  (void)content.u8(c.security_control);
  (void)content.u32(c.invocation_counter);
  c.ciphered_text = content.rest();
  return c;
}

Status CipheredContent::encode(ByteWriter& out) const {
  codec::axdr::write_length(out, size());
  out.u8(security_control);
  out.u32(invocation_counter);
  out.bytes(ciphered_text);
  return detail::finish(out);
}

Result<CipheredApdu> CipheredApdu::decode(ByteReader& in, const codec::Limits& limits) {
  std::uint8_t tag = 0;
  if (!in.peek_u8(tag)) {
    return xdlms_errc::truncated;
  }
  if (!is_ciphered_apdu_tag(tag)) {
    return xdlms_errc::unknown_apdu;
  }
  (void)in.skip(1);
  CipheredApdu r;
  r.tag = static_cast<CipheredApduTag>(tag);
  auto c = CipheredContent::decode(in, limits);
  if (!c) {
    return c.error();
  }
  r.content = *c;
  return r;
}

Status CipheredApdu::encode(ByteWriter& out) const {
  if (!is_ciphered_apdu_tag(static_cast<std::uint8_t>(tag))) {
    return xdlms_errc::invalid_field;
  }
  out.u8(static_cast<std::uint8_t>(tag));
  return content.encode(out);
}

namespace {

template <class T>
Result<T> decode_general(ByteReader& in, const codec::Limits& limits) {
  if (auto ec = detail::read_apdu_tag(in, T::kTag)) {
    return ec;
  }
  T r;
  if (auto ec = detail::read_octet_string(in, r.system_title)) {
    return ec;
  }
  auto c = CipheredContent::decode(in, limits);
  if (!c) {
    return c.error();
  }
  r.ciphered_content = *c;
  return r;
}

template <class T>
Status encode_general(const T& apdu, ByteWriter& out) {
  out.u8(T::kTag);
  detail::write_octet_string(out, apdu.system_title);
  return apdu.ciphered_content.encode(out);
}

}  // namespace

Result<GeneralGloCiphering> GeneralGloCiphering::decode(ByteReader& in, const codec::Limits& limits) {
  return decode_general<GeneralGloCiphering>(in, limits);
}
Status GeneralGloCiphering::encode(ByteWriter& out) const { return encode_general(*this, out); }

Result<GeneralDedCiphering> GeneralDedCiphering::decode(ByteReader& in, const codec::Limits& limits) {
  return decode_general<GeneralDedCiphering>(in, limits);
}
Status GeneralDedCiphering::encode(ByteWriter& out) const { return encode_general(*this, out); }

Result<KeyInfo> KeyInfo::decode(ByteReader& in, const codec::Limits& /*limits*/) {
  std::uint8_t choice = 0;
  if (auto ec = detail::read_choice_tag(in, 2, choice)) {
    return ec;
  }
  KeyInfo k;
  k.kind = static_cast<Kind>(choice);
  switch (k.kind) {
    case Kind::identified_key:
      if (auto ec = detail::read_u8(in, k.key_id)) {
        return ec;
      }
      break;
    case Kind::wrapped_key:
      if (auto ec = detail::read_u8(in, k.key_id)) {
        return ec;
      }
      if (auto ec = detail::read_octet_string(in, k.key_ciphered_data)) {
        return ec;
      }
      break;
    case Kind::agreed_key:
      if (auto ec = detail::read_octet_string(in, k.key_parameters)) {
        return ec;
      }
      if (auto ec = detail::read_octet_string(in, k.key_ciphered_data)) {
        return ec;
      }
      break;
  }
  return k;
}

Status KeyInfo::encode(ByteWriter& out) const {
  switch (kind) {
    case Kind::identified_key:
      out.u8(0);
      out.u8(key_id);
      break;
    case Kind::wrapped_key:
      out.u8(1);
      out.u8(key_id);
      detail::write_octet_string(out, key_ciphered_data);
      break;
    case Kind::agreed_key:
      out.u8(2);
      detail::write_octet_string(out, key_parameters);
      detail::write_octet_string(out, key_ciphered_data);
      break;
    default: return xdlms_errc::invalid_field;
  }
  return detail::finish(out);
}

Result<GeneralCiphering> GeneralCiphering::decode(ByteReader& in, const codec::Limits& limits) {
  if (auto ec = detail::read_apdu_tag(in, kTag)) {
    return ec;
  }
  GeneralCiphering r;
  for (ByteSpan* field : {&r.transaction_id, &r.originator_system_title, &r.recipient_system_title,
                          &r.date_time, &r.other_information}) {
    if (auto ec = detail::read_octet_string(in, *field)) {
      return ec;
    }
  }
  bool present = false;
  if (auto ec = detail::read_presence(in, present)) {
    return ec;
  }
  if (present) {
    auto k = KeyInfo::decode(in, limits);
    if (!k) {
      return k.error();
    }
    r.key_info = *k;
  }
  auto c = CipheredContent::decode(in, limits);
  if (!c) {
    return c.error();
  }
  r.ciphered_content = *c;
  return r;
}

Status GeneralCiphering::encode(ByteWriter& out) const {
  out.u8(kTag);
  for (ByteSpan field :
       {transaction_id, originator_system_title, recipient_system_title, date_time, other_information}) {
    detail::write_octet_string(out, field);
  }
  if (key_info) {
    out.u8(1);
    if (auto s = key_info->encode(out); !s) {
      return s;
    }
  } else {
    out.u8(0);
  }
  return ciphered_content.encode(out);
}

}  // namespace dlms::apdu
