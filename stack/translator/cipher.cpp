#include "stack/translator/cipher.hpp"

#include <array>
#include <string>

#include "stack/security/ciphered_tags.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/protection.hpp"
#include "stack/security/security_error.hpp"
#include "stack/translator/detail.hpp"

namespace dlms::translator {
namespace {

namespace sec = dlms::security;

Failure failure(std::string what) { return Failure{std::move(what), Failure::Where::none, 0, {}}; }

std::string describe(std::error_code ec) {
  if (ec == sec::security_errc::authentication_failed) {
    return "authentication failed: wrong key, system title or tag";
  }
  if (ec == sec::security_errc::key_not_set) {
    return "the APDU needs a key that was not given (--block-key, --auth-key)";
  }
  if (ec == sec::security_errc::invalid_key_length) {
    return "keys must be 16 octets (suite 0)";
  }
  if (ec == sec::security_errc::not_cipherable) {
    return "this APDU has no glo-/ded- form: use general ciphering";
  }
  return ec.message();
}

Outcome<sec::KeySet> key_set(const CipherParams& p) {
  sec::KeySet keys;
  if (!p.block_key.empty()) {
    for (sec::KeyId id : {sec::KeyId::global_unicast_encryption, sec::KeyId::global_broadcast_encryption,
                          sec::KeyId::dedicated}) {
      if (!keys.set(id, p.block_key)) {
        return failure("the block key must be 16 or 32 octets");
      }
    }
  }
  if (!p.auth_key.empty() && !keys.set(sec::KeyId::authentication, p.auth_key)) {
    return failure("the authentication key must be 16 or 32 octets");
  }
  return keys;
}

}  // namespace

Outcome<Bytes> encrypt_apdu(security::CryptoBackend& backend, ByteSpan plain, const CipherParams& params) {
  if (plain.empty()) {
    return failure("empty APDU");
  }
  Outcome<sec::KeySet> keys = key_set(params);
  if (!keys) {
    return keys.failure();
  }
  Result<sec::SystemTitle> title = sec::SystemTitle::from(params.system_title);
  if (!title) {
    return failure("the system title must be 8 octets");
  }
  sec::ProtectionParams p;
  p.security_control = sec::SecurityControl(params.security_control);
  switch (params.form) {
    case CipherForm::global: p.kind = sec::CipheringKind::global; break;
    case CipherForm::dedicated: p.kind = sec::CipheringKind::dedicated; break;
    case CipherForm::general_global: p.kind = sec::CipheringKind::general_global; break;
    case CipherForm::general_dedicated: p.kind = sec::CipheringKind::general_dedicated; break;
  }
  p.system_title = *title;
  p.invocation_counter = params.invocation_counter;
  if (!sec::is_general(p.kind) && !sec::glo_tag_for(plain[0])) {
    return failure("APDU tag " + detail::hex_uint(plain[0], 2) +
                   " has no glo-/ded- form: use --general (general-glo-ciphering)");
  }
  Bytes out(sec::protected_size(p, plain.size()));
  Result<ByteSpan> r = sec::protect(backend, *keys, p, plain, out);
  if (!r) {
    return failure(describe(r.error()));
  }
  out.resize(r->size());
  return out;
}

Outcome<Deciphered> decrypt_apdu(security::CryptoBackend& backend, ByteSpan ciphered,
                                 const CipherParams& params) {
  if (ciphered.empty()) {
    return failure("empty APDU");
  }
  if (!sec::is_ciphered_tag(ciphered[0])) {
    return Failure{
        "not a ciphered APDU (tag " + detail::hex_uint(ciphered[0], 2) + ")", Failure::Where::byte, 0, {}};
  }
  Outcome<sec::KeySet> keys = key_set(params);
  if (!keys) {
    return keys.failure();
  }
  Result<sec::CipheredApdu> parsed = sec::parse_ciphered_apdu(ciphered);
  if (!parsed) {
    return failure("malformed ciphered APDU: " + describe(parsed.error()));
  }
  sec::UnprotectionParams p;
  p.suite = parsed->security_control.suite_id() <= 2 ? parsed->security_control.suite()
                                                     : sec::SecuritySuite::suite0;
  if (!parsed->system_title.empty()) {
    p.peer_system_title = sec::SystemTitle::from(parsed->system_title).value();
    if (!params.system_title.empty() &&
        !(sec::SystemTitle::from(params.system_title).value_or(sec::SystemTitle()) == p.peer_system_title)) {
      return failure("the APDU's system title is not --system-title");
    }
  } else {
    Result<sec::SystemTitle> title = sec::SystemTitle::from(params.system_title);
    if (!title) {
      return failure("glo-/ded- APDUs need the sender's system title (8 octets, --system-title)");
    }
    p.peer_system_title = *title;
  }
  Bytes out(ciphered.size());
  Result<sec::Unprotected> u = sec::unprotect(backend, *keys, p, nullptr, ciphered, out);
  if (!u) {
    return failure(describe(u.error()));
  }
  Deciphered d;
  d.apdu.assign(u->apdu.begin(), u->apdu.end());
  d.ciphered_tag = u->ciphered_tag;
  d.security_control = u->security_control.byte();
  d.invocation_counter = u->invocation_counter;
  return d;
}

}  // namespace dlms::translator
