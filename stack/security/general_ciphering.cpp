#include "stack/security/general_ciphering.hpp"

#include <algorithm>

#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/axdr_length.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/ciphered_content.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/key_transfer.hpp"
#include "stack/security/protection.hpp"

namespace dlms::security {
namespace {

// The five header fields as on the wire (each an A-XDR OCTET STRING, length octets
// included), right after the tag of a general-ciphering APDU that decoded: the H of the AAD.
ByteSpan wire_header(ByteSpan apdu) noexcept {
  std::size_t pos = 1;
  for (int field = 0; field < 5; ++field) {
    std::uint32_t length = 0;
    codec::codec_errc err{};
    const std::uint8_t* p =
        codec::axdr::decode_length(apdu.data() + pos, apdu.data() + apdu.size(), length, err);
    if (p == nullptr) {
      return {};
    }
    pos = static_cast<std::size_t>(p - apdu.data()) + length;
    if (pos > apdu.size()) {
      return {};
    }
  }
  return apdu.subspan(1, pos - 1);
}

Status map_decode_error(std::error_code ec) noexcept {
  if (ec == apdu::xdlms_errc::truncated) {
    return security_errc::truncated;
  }
  return security_errc::bad_length;
}

}  // namespace

Result<OpenedGeneralCiphering> open_general_ciphering(CryptoBackend& backend, const KeySet& keys,
                                                      SecuritySuite suite, const SystemTitle& peer,
                                                      const SystemTitle& own, ByteSpan apdu,
                                                      MutableByteSpan out) noexcept {
  if (apdu.empty() || apdu[0] != tag::general_ciphering) {
    return security_errc::not_ciphered;
  }
  ByteReader r(apdu);
  Result<apdu::GeneralCiphering> g = apdu::GeneralCiphering::decode(r);
  if (!g) {
    return map_decode_error(g.error()).error();
  }
  if (!r.empty()) {
    return security_errc::trailing_bytes;
  }
  OpenedGeneralCiphering o;
  o.header = {g->transaction_id, g->originator_system_title, g->recipient_system_title, g->date_time,
              g->other_information};
  if (g->originator_system_title.size() != SystemTitle::kSize ||
      (!g->recipient_system_title.empty() && g->recipient_system_title.size() != SystemTitle::kSize)) {
    return security_errc::invalid_system_title;
  }
  if (!constant_time_equal(g->originator_system_title, peer.bytes()) ||
      (!g->recipient_system_title.empty() && !constant_time_equal(g->recipient_system_title, own.bytes()))) {
    return security_errc::system_title_mismatch;
  }
  if (!g->key_info || g->key_info->kind == apdu::KeyInfo::Kind::agreed_key) {
    return security_errc::unsupported;
  }
  o.key_kind = g->key_info->kind;
  o.key_id = g->key_info->key_id;
  if (o.key_id > (o.key_kind == apdu::KeyInfo::Kind::identified_key ? 1 : 0)) {
    return security_errc::invalid_security_control;
  }
  o.counter_key = counter_key_for(o.key_kind, o.key_id);
  const SecurityControl sc(g->ciphered_content.security_control);
  if (Status s = sc.validate(suite); !s) {
    return s.error();
  }
  o.security_control = sc;
  o.invocation_counter = g->ciphered_content.invocation_counter;

  // The content key.
  Key key;
  if (o.key_kind == apdu::KeyInfo::Kind::identified_key) {
    key = keys[o.counter_key];
    if (!key.is_set()) {
      return security_errc::key_not_set;
    }
  } else {
    const Key& kek = keys[KeyId::master];
    if (!kek.is_set()) {
      return security_errc::key_not_set;
    }
    Result<Key> k = unwrap_key(backend, kek, g->key_info->key_ciphered_data);
    if (!k) {
      return k.error();
    }
    key = *k;
  }
  const Key& ak = keys[KeyId::authentication];
  if (key.size() != symmetric_key_size(suite) ||
      (sc.authenticated() && ak.is_set() && ak.size() != symmetric_key_size(suite))) {
    key.clear();
    return security_errc::invalid_key_length;
  }
  if (sc.authenticated() && !ak.is_set()) {
    key.clear();
    return security_errc::key_not_set;
  }
  const ByteSpan text = g->ciphered_content.ciphered_text;
  const std::size_t tag_size = sc.authenticated() ? kGcmTagSize : 0;
  if (text.size() < tag_size + 1) {
    key.clear();
    return security_errc::truncated;
  }
  const ByteSpan ciphertext = text.first(text.size() - tag_size);
  const ByteSpan auth_tag = text.last(tag_size);
  if (out.size() < ciphertext.size()) {
    key.clear();
    return security_errc::buffer_too_small;
  }
  const MutableByteSpan plain = out.first(ciphertext.size());
  ContentProtection cp;
  cp.security_control = sc;
  cp.invocation_counter = o.invocation_counter;
  cp.sender = peer;
  cp.key = key.bytes();
  cp.authentication_key = ak.bytes();
  cp.header = wire_header(apdu);
  const Status s = open_ciphered_content(backend, cp, ciphertext, auth_tag, plain);
  key.clear();
  if (!s) {
    return s.error();
  }
  o.apdu = plain;
  return o;
}

Result<ByteSpan> seal_general_ciphering(CryptoBackend& backend, const GeneralCipheringSeal& params,
                                        ByteSpan plain, MutableByteSpan out) noexcept {
  const SecurityControl sc = params.security_control;
  if (Status s = sc.validate(sc.suite_id() <= 2 ? sc.suite() : SecuritySuite::suite0); !s) {
    return s.error();
  }
  const GeneralCipheringHeader& h = params.header;
  Result<SystemTitle> originator = SystemTitle::from(h.originator_system_title);
  if (!originator) {
    return originator.error();
  }
  if (params.key.size() != symmetric_key_size(sc.suite())) {
    return security_errc::invalid_key_length;
  }
  if (sc.authenticated() && params.authentication_key.size() != symmetric_key_size(sc.suite())) {
    return params.authentication_key.empty() ? security_errc::key_not_set : security_errc::invalid_key_length;
  }
  if (plain.empty()) {
    return security_errc::not_cipherable;
  }
  ByteWriter w(out);
  w.u8(tag::general_ciphering);
  for (ByteSpan field : {h.transaction_id, h.originator_system_title, h.recipient_system_title, h.date_time,
                         h.other_information}) {
    codec::axdr::write_length(w, field.size());
    w.bytes(field);
  }
  const std::size_t header_end = w.size();
  w.u8(1);  // key-info present
  if (Status s = params.key_info.encode(w); !s || !w.ok()) {
    return security_errc::buffer_too_small;
  }
  ContentProtection cp;
  cp.security_control = sc;
  cp.invocation_counter = params.invocation_counter;
  cp.sender = *originator;
  cp.key = params.key;
  cp.authentication_key = params.authentication_key;
  cp.header = ByteSpan(out.data() + 1, header_end - 1);
  if (Status s = write_ciphered_content(backend, cp, plain, w); !s) {
    secure_wipe(out.first(std::min(w.size(), out.size())));
    return s.error();
  }
  return w.written();
}

}  // namespace dlms::security
