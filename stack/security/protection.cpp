#include "stack/security/protection.hpp"

#include <algorithm>

#include "stack/codec/axdr_length.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/ciphered_content.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/constant_time.hpp"

namespace dlms::security {
namespace {

// Reads an A-XDR length at r and a view of that many octets.
Status read_counted(ByteReader& r, ByteSpan& out) noexcept {
  const ByteSpan rest = r.rest();
  std::uint32_t length = 0;
  codec::codec_errc err{};
  const std::uint8_t* p = codec::axdr::decode_length(rest.data(), rest.data() + rest.size(), length, err);
  if (p == nullptr) {
    return err == codec::codec_errc::truncated ? security_errc::truncated : security_errc::bad_length;
  }
  if (!r.skip(static_cast<std::size_t>(p - rest.data()))) {
    return security_errc::truncated;
  }
  if (!r.bytes(length, out)) {
    return security_errc::bad_length;
  }
  return {};
}

Status check_key(const Key& key, SecuritySuite suite) noexcept {
  if (!key.is_set()) {
    return security_errc::key_not_set;
  }
  if (key.size() != symmetric_key_size(suite)) {
    return security_errc::invalid_key_length;
  }
  return {};
}

// Validates the SC for a kind and finds the keys; ak is needed only when authenticated.
Status select_keys(const KeySet& keys, CipheringKind kind, SecurityControl sc, const Key*& ek,
                   const Key*& ak) noexcept {
  if (is_dedicated(kind) && sc.key_set() == KeySetKind::broadcast) {
    return security_errc::invalid_security_control;
  }
  ek = &keys[encryption_key_for(kind, sc)];
  ak = &keys[KeyId::authentication];
  if (Status s = check_key(*ek, sc.suite()); !s) {
    return s;
  }
  if (sc.authenticated()) {
    if (Status s = check_key(*ak, sc.suite()); !s) {
      return s;
    }
  }
  return {};
}

std::uint8_t general_tag(CipheringKind kind) noexcept {
  return kind == CipheringKind::general_global ? tag::general_glo_ciphering : tag::general_ded_ciphering;
}

}  // namespace

void make_iv(const SystemTitle& title, std::uint32_t invocation_counter,
             std::uint8_t (&iv)[kGcmIvSize]) noexcept {
  std::copy(title.array().begin(), title.array().end(), iv);
  iv[8] = static_cast<std::uint8_t>(invocation_counter >> 24U);
  iv[9] = static_cast<std::uint8_t>(invocation_counter >> 16U);
  iv[10] = static_cast<std::uint8_t>(invocation_counter >> 8U);
  iv[11] = static_cast<std::uint8_t>(invocation_counter);
}

Result<CipheredApdu> parse_ciphered_apdu(ByteSpan apdu) noexcept {
  ByteReader r(apdu);
  CipheredApdu out;
  if (!r.u8(out.tag)) {
    return security_errc::truncated;
  }
  if (is_glo_tag(out.tag)) {
    out.kind = CipheringKind::global;
  } else if (is_ded_tag(out.tag)) {
    out.kind = CipheringKind::dedicated;
  } else if (out.tag == tag::general_glo_ciphering) {
    out.kind = CipheringKind::general_global;
  } else if (out.tag == tag::general_ded_ciphering) {
    out.kind = CipheringKind::general_dedicated;
  } else {
    return security_errc::not_ciphered;
  }
  if (is_general(out.kind)) {
    if (Status s = read_counted(r, out.system_title); !s) {
      return s.error();
    }
    if (out.system_title.size() != SystemTitle::kSize) {
      return security_errc::invalid_system_title;
    }
  }
  if (Status s = read_counted(r, out.content); !s) {
    return s.error();
  }
  if (!r.empty()) {
    return security_errc::trailing_bytes;
  }
  ByteReader c(out.content);
  std::uint8_t sc = 0;
  if (!c.u8(sc) || !c.u32(out.invocation_counter)) {
    return security_errc::truncated;
  }
  out.security_control = SecurityControl(sc);
  const std::size_t tag_size = out.security_control.authenticated() ? kGcmTagSize : 0;
  if (c.remaining() < tag_size) {
    return security_errc::truncated;
  }
  const ByteSpan rest = c.rest();
  out.ciphertext = rest.first(rest.size() - tag_size);
  out.auth_tag = rest.last(tag_size);
  return out;
}

std::size_t protected_size(const ProtectionParams& params, std::size_t plain_size) noexcept {
  const std::size_t content =
      kSecurityHeaderSize + plain_size + (params.security_control.authenticated() ? kGcmTagSize : 0);
  std::size_t size = 1 + codec::axdr::length_size(content) + content;
  if (is_general(params.kind)) {
    size += 1 + SystemTitle::kSize;
  }
  return size;
}

Result<ByteSpan> protect(CryptoBackend& backend, const KeySet& keys, const ProtectionParams& params,
                         ByteSpan plain, MutableByteSpan out) noexcept {
  const SecurityControl sc = params.security_control;
  if (Status s = sc.validate(sc.suite_id() <= 2 ? sc.suite() : SecuritySuite::suite0); !s) {
    return s.error();
  }
  if (plain.empty()) {
    return security_errc::not_cipherable;
  }
  std::uint8_t apdu_tag = 0;
  switch (params.kind) {
    case CipheringKind::global: {
      const auto t = glo_tag_for(plain[0]);
      if (!t) {
        return security_errc::not_cipherable;
      }
      apdu_tag = *t;
      break;
    }
    case CipheringKind::dedicated: {
      const auto t = ded_tag_for(plain[0]);
      if (!t) {
        return security_errc::not_cipherable;
      }
      apdu_tag = *t;
      break;
    }
    case CipheringKind::general_global:
    case CipheringKind::general_dedicated: apdu_tag = general_tag(params.kind); break;
  }
  const Key* ek = nullptr;
  const Key* ak = nullptr;
  if (Status s = select_keys(keys, params.kind, sc, ek, ak); !s) {
    return s.error();
  }
  if (protected_size(params, plain.size()) > out.size()) {
    return security_errc::buffer_too_small;
  }

  ByteWriter w(out);
  w.u8(apdu_tag);
  if (is_general(params.kind)) {
    w.u8(SystemTitle::kSize);
    w.bytes(params.system_title.bytes());
  }
  ContentProtection cp;
  cp.security_control = sc;
  cp.invocation_counter = params.invocation_counter;
  cp.sender = params.system_title;
  cp.key = ek->bytes();
  cp.authentication_key = ak->bytes();
  if (Status s = write_ciphered_content(backend, cp, plain, w); !s) {
    secure_wipe(out.first(std::min(w.size(), out.size())));
    return s.error();
  }
  return w.written();
}

Result<ByteSpan> protect_next(CryptoBackend& backend, const KeySet& keys, InvocationCounters& counters,
                              ProtectionParams params, ByteSpan plain, MutableByteSpan out) noexcept {
  if (protected_size(params, plain.size()) > out.size()) {
    return security_errc::buffer_too_small;
  }
  Result<std::uint32_t> ic = counters.next_send(encryption_key_for(params.kind, params.security_control));
  if (!ic) {
    return ic.error();
  }
  params.invocation_counter = *ic;
  return protect(backend, keys, params, plain, out);
}

Result<Unprotected> unprotect(CryptoBackend& backend, const KeySet& keys, const UnprotectionParams& params,
                              InvocationCounters* counters, ByteSpan ciphered, MutableByteSpan out) noexcept {
  Result<CipheredApdu> parsed = parse_ciphered_apdu(ciphered);
  if (!parsed) {
    return parsed.error();
  }
  const CipheredApdu& a = *parsed;
  const SecurityControl sc = a.security_control;
  if (Status s = sc.validate(params.suite); !s) {
    return s.error();
  }
  if (is_general(a.kind) &&
      !std::equal(a.system_title.begin(), a.system_title.end(), params.peer_system_title.bytes().begin())) {
    return security_errc::system_title_mismatch;
  }
  const Key* ek = nullptr;
  const Key* ak = nullptr;
  if (Status s = select_keys(keys, a.kind, sc, ek, ak); !s) {
    return s.error();
  }
  if (out.size() < a.ciphertext.size()) {
    return security_errc::buffer_too_small;
  }
  const KeyId key_id = encryption_key_for(a.kind, sc);
  if (counters != nullptr) {
    if (Status s = counters->check_received(key_id, a.invocation_counter); !s) {
      return s.error();
    }
  }

  const MutableByteSpan plain = out.first(a.ciphertext.size());
  ContentProtection cp;
  cp.security_control = sc;
  cp.invocation_counter = a.invocation_counter;
  cp.sender = params.peer_system_title;
  cp.key = ek->bytes();
  cp.authentication_key = ak->bytes();
  if (Status s = open_ciphered_content(backend, cp, a.ciphertext, a.auth_tag, plain); !s) {
    return s.error();
  }
  if (plain.empty() ||
      (!is_general(a.kind) && plain_tag_for(a.tag) != std::optional<std::uint8_t>(plain[0]))) {
    secure_wipe(plain);
    return security_errc::content_mismatch;
  }
  if (counters != nullptr) {
    if (Status st = counters->accept_received(key_id, a.invocation_counter); !st) {
      secure_wipe(plain);
      return st.error();
    }
  }
  Unprotected u;
  u.apdu = plain;
  u.ciphered_tag = a.tag;
  u.kind = a.kind;
  u.security_control = sc;
  u.invocation_counter = a.invocation_counter;
  u.key = key_id;
  return u;
}

}  // namespace dlms::security
