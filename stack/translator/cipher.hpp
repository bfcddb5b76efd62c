#pragma once
// Ciphering and deciphering of whole xDLMS APDUs for people and scripts (dlms-translate
// encrypt / decrypt, and pdu2xml's view of a ciphered APDU's content), with security suite 0
// (Green Book 9.2.7.2.4: AES-GCM-128, IV = sender system title || invocation counter, 12-octet
// tag). The cryptography is stack/security's (protect / unprotect) over the caller's backend.

#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/translator/failure.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::translator {

// Which envelope encrypt_apdu() produces.
enum class CipherForm : std::uint8_t {
  global,             // glo- service APDU of the plaintext's service (e.g. C0 -> C8)
  dedicated,          // ded- service APDU (e.g. C0 -> D0); block_key is the dedicated key
  general_global,     // general-glo-ciphering [219] (any APDU)
  general_dedicated,  // general-ded-ciphering [220]
};

struct CipherParams {
  Bytes block_key;     // 16 octets: the encryption key (GUEK, GBEK or dedicated key, as the APDU needs)
  Bytes auth_key;      // 16 octets: AK (needed when the security control says authenticated)
  Bytes system_title;  // 8 octets: the sender's (IV); general-* carry it and it may be left empty
  std::uint32_t invocation_counter = 0;  // encrypt only
  std::uint8_t security_control = 0x30;  // encrypt only: suite 0, authenticated and encrypted
  CipherForm form = CipherForm::global;  // encrypt only
};

struct Deciphered {
  Bytes apdu;  // the plain APDU
  std::uint8_t ciphered_tag = 0;
  std::uint8_t security_control = 0;
  std::uint32_t invocation_counter = 0;
};

// Protects one whole plain APDU. Failures (one line): bad key or title lengths, an APDU
// without a glo-/ded- form, a security control that protects nothing.
Outcome<Bytes> encrypt_apdu(security::CryptoBackend& backend, ByteSpan plain, const CipherParams& params);

// Deciphers and checks one whole ciphered APDU (glo-, ded-, general-glo-, general-ded-).
// Failures: "not a ciphered APDU (tag C0)", "authentication failed: wrong key, system title or
// tag", structure errors with their byte offset.
Outcome<Deciphered> decrypt_apdu(security::CryptoBackend& backend, ByteSpan ciphered,
                                 const CipherParams& params);

}  // namespace dlms::translator
