#pragma once
// Protection of xDLMS APDUs with security suites 0/1/2 symmetric ciphering (Green Book
// 9.2.7.2.4, AES-GCM with a 12-octet tag):
//   IV  = system title of the sender (8) || invocation counter (4, big endian)
//   authentication only:     C = P,        T = GMAC(A = SC || AK || P)
//   encryption only:         C = GCM-E(P), no T
//   authenticated encryption C = GCM-E(P), T over A = SC || AK
// The ciphered content is SC || IC || C || T. It travels as
//   glo-/ded- service APDU:       tag, length, content                  (e.g. glo-get-request C8)
//   general-glo/ded-ciphering:    DB/DC, system-title (octet-string), content (octet-string)
// Global ciphering uses the global unicast or broadcast key (security control bit 6);
// dedicated ciphering the association's dedicated key (unicast only).
//
// Nothing here allocates; the plain and the protected APDU live in caller buffers, which must
// not overlap. A failed unprotect releases no plaintext (the output is wiped) and advances no
// counter.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/invocation_counter.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::security {

enum class CipheringKind : std::uint8_t {
  global,             // glo- service APDU
  dedicated,          // ded- service APDU
  general_global,     // general-glo-ciphering [219]
  general_dedicated,  // general-ded-ciphering [220]
};

[[nodiscard]] constexpr bool is_dedicated(CipheringKind k) noexcept {
  return k == CipheringKind::dedicated || k == CipheringKind::general_dedicated;
}
[[nodiscard]] constexpr bool is_general(CipheringKind k) noexcept {
  return k == CipheringKind::general_global || k == CipheringKind::general_dedicated;
}

// The encryption key a ciphering kind and key-set bit select.
[[nodiscard]] constexpr KeyId encryption_key_for(CipheringKind kind, SecurityControl sc) noexcept {
  if (is_dedicated(kind)) {
    return KeyId::dedicated;
  }
  return sc.key_set() == KeySetKind::broadcast ? KeyId::global_broadcast_encryption
                                               : KeyId::global_unicast_encryption;
}

// Octets of SC || IC.
inline constexpr std::size_t kSecurityHeaderSize = 5;

// A ciphered APDU split into its fields: views into the input, nothing deciphered.
struct CipheredApdu {
  std::uint8_t tag = 0;
  CipheringKind kind = CipheringKind::global;
  ByteSpan system_title;  // general-glo/ded-ciphering only; empty otherwise
  SecurityControl security_control;
  std::uint32_t invocation_counter = 0;
  ByteSpan ciphertext;  // C (the plain APDU itself when authentication only)
  ByteSpan auth_tag;    // T; empty when not authenticated
  ByteSpan content;     // SC || IC || C || T as on the wire
};

// Splits a whole ciphered APDU (no trailing bytes). Checks the structure only: lengths
// (canonical A-XDR, inside the input), an 8-octet system title, a tag present when SC says
// authenticated. Errors: not_ciphered, truncated, bad_length, trailing_bytes,
// invalid_system_title.
Result<CipheredApdu> parse_ciphered_apdu(ByteSpan apdu) noexcept;

struct ProtectionParams {
  SecurityControl security_control;
  CipheringKind kind = CipheringKind::global;
  SystemTitle system_title;  // the sender's own: first part of the IV, and the general-* field
  std::uint32_t invocation_counter = 0;
};

// Octets protect() writes for a plain APDU of `plain_size` octets.
[[nodiscard]] std::size_t protected_size(const ProtectionParams& params, std::size_t plain_size) noexcept;

// Protects `plain` (one whole xDLMS APDU) into `out`; returns the written part of `out`.
// Errors: compression_not_supported, unknown_security_suite, invalid_security_control,
// not_cipherable (glo-/ded- of an APDU without such a form), key_not_set, invalid_key_length,
// buffer_too_small, backend errors.
Result<ByteSpan> protect(CryptoBackend& backend, const KeySet& keys, const ProtectionParams& params,
                         ByteSpan plain, MutableByteSpan out) noexcept;

// protect() with the next invocation counter of the selected key taken from `counters`
// (params.invocation_counter is ignored). The output size is checked before an IC is used;
// invocation_counter_exhausted / counter_store_failed come from the counters.
Result<ByteSpan> protect_next(CryptoBackend& backend, const KeySet& keys, InvocationCounters& counters,
                              ProtectionParams params, ByteSpan plain, MutableByteSpan out) noexcept;

struct UnprotectionParams {
  SecuritySuite suite = SecuritySuite::suite0;  // the suite in use; others are refused
  SystemTitle peer_system_title;                // the sender's: IV of glo-/ded-; checked in general-*
};

struct Unprotected {
  ByteSpan apdu;  // the plain APDU, inside the caller's output buffer
  std::uint8_t ciphered_tag = 0;
  CipheringKind kind = CipheringKind::global;
  SecurityControl security_control;
  std::uint32_t invocation_counter = 0;
  KeyId key = KeyId::global_unicast_encryption;  // the encryption key used (counter slot)
};

// Deciphers and checks one whole ciphered APDU into `out` (at least as large as the ciphered
// part). With `counters`, the IC must be greater than the last accepted with the same key and
// is recorded only after everything verified. Checks, in order, each with its own error:
// structure (see parse_ciphered_apdu), compression_not_supported, unknown_security_suite,
// suite_mismatch, invalid_security_control, system_title_mismatch (general-* only),
// key_not_set, invalid_key_length, buffer_too_small, replayed_invocation_counter,
// authentication_failed (wrong tag, key, IC or peer system title: GCM cannot tell which),
// content_mismatch (a glo-/ded- APDU whose plaintext is not the announced service),
// counter_store_failed.
Result<Unprotected> unprotect(CryptoBackend& backend, const KeySet& keys, const UnprotectionParams& params,
                              InvocationCounters* counters, ByteSpan ciphered, MutableByteSpan out) noexcept;

// The 12-octet GCM IV: system title || IC (big endian).
void make_iv(const SystemTitle& title, std::uint32_t invocation_counter,
             std::uint8_t (&iv)[kGcmIvSize]) noexcept;

}  // namespace dlms::security
