#include "stack/security/general_ciphering.hpp"

#include <algorithm>
#include <array>

#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/axdr_length.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/key_transfer.hpp"
#include "stack/security/protection.hpp"

namespace dlms::security {
namespace {

// SC || AK || the five header fields (|| P when authentication only).
constexpr std::size_t kAadParts = 8;

std::size_t aad_parts(std::array<ByteSpan, kAadParts>& aad, const std::uint8_t& sc, ByteSpan ak,
                      const GeneralCipheringHeader& h, ByteSpan plain_when_authentication_only) noexcept {
  aad = {ByteSpan(&sc, 1),         ak,          h.transaction_id,    h.originator_system_title,
         h.recipient_system_title, h.date_time, h.other_information, plain_when_authentication_only};
  return plain_when_authentication_only.empty() ? kAadParts - 1 : kAadParts;
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
  std::uint8_t iv[kGcmIvSize];
  make_iv(peer, o.invocation_counter, iv);
  const std::uint8_t sc_byte = sc.byte();
  std::array<ByteSpan, kAadParts> aad{};
  Status s;
  if (sc.encrypted()) {
    const std::size_t n = aad_parts(aad, sc_byte, ak.bytes(), o.header, ByteSpan());
    s = backend.gcm_decrypt(key.bytes(), ByteSpan(iv),
                            sc.authenticated() ? ByteSpanList(aad.data(), n) : ByteSpanList(), ciphertext,
                            auth_tag, plain);
  } else {
    const std::size_t n = aad_parts(aad, sc_byte, ak.bytes(), o.header, ciphertext);
    s = backend.gcm_decrypt(key.bytes(), ByteSpan(iv), ByteSpanList(aad.data(), n), ByteSpan(), auth_tag,
                            MutableByteSpan());
    if (s) {
      std::copy(ciphertext.begin(), ciphertext.end(), plain.begin());
    }
  }
  key.clear();
  if (!s) {
    secure_wipe(plain);
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
  const std::size_t tag_size = sc.authenticated() ? kGcmTagSize : 0;
  ByteWriter w(out);
  w.u8(tag::general_ciphering);
  for (ByteSpan field : {h.transaction_id, h.originator_system_title, h.recipient_system_title, h.date_time,
                         h.other_information}) {
    codec::axdr::write_length(w, field.size());
    w.bytes(field);
  }
  w.u8(1);  // key-info present
  if (Status s = params.key_info.encode(w); !s) {
    return security_errc::buffer_too_small;
  }
  codec::axdr::write_length(w, kSecurityHeaderSize + plain.size() + tag_size);
  w.u8(sc.byte());
  w.u32(params.invocation_counter);
  std::uint8_t* c = w.reserve(plain.size());
  std::uint8_t* t = w.reserve(tag_size);
  if (!w.ok() || c == nullptr) {
    return security_errc::buffer_too_small;
  }
  const MutableByteSpan ciphertext(c, plain.size());
  const MutableByteSpan auth_tag(t, tag_size);
  std::uint8_t iv[kGcmIvSize];
  make_iv(*originator, params.invocation_counter, iv);
  const std::uint8_t sc_byte = sc.byte();
  std::array<ByteSpan, kAadParts> aad{};
  Status s;
  if (sc.encrypted()) {
    const std::size_t n = aad_parts(aad, sc_byte, params.authentication_key, h, ByteSpan());
    s = backend.gcm_encrypt(params.key, ByteSpan(iv),
                            sc.authenticated() ? ByteSpanList(aad.data(), n) : ByteSpanList(), plain,
                            ciphertext, auth_tag);
  } else {
    std::copy(plain.begin(), plain.end(), ciphertext.begin());
    const std::size_t n = aad_parts(aad, sc_byte, params.authentication_key, h, plain);
    s = backend.gcm_encrypt(params.key, ByteSpan(iv), ByteSpanList(aad.data(), n), ByteSpan(),
                            MutableByteSpan(), auth_tag);
  }
  if (!s) {
    secure_wipe(out.first(w.size()));
    return s.error();
  }
  return w.written();
}

}  // namespace dlms::security
