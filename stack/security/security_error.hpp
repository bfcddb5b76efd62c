#pragma once
// Errors of the security layer (one std::error_category, "security"). A failed check changes
// no state: no invocation counter advances, no key is replaced, no plaintext is released.

#include <system_error>

namespace dlms::security {

enum class security_errc {
  truncated = 1,                 // ciphered APDU or field ended early (ciphertext shorter than the tag)
  bad_length,                    // a length field past the end, non-canonical, or above the limits
  trailing_bytes,                // bytes after a complete ciphered APDU
  not_ciphered,                  // the tag is not a ciphered APDU this layer handles
  not_cipherable,                // the plain APDU has no glo-/ded- form (use general-glo-ciphering)
  content_mismatch,              // deciphered APDU is not the one the ciphered tag announces
  compression_not_supported,     // security control bit 7 (compression) is set
  unknown_security_suite,        // suite id is not 0, 1 or 2
  suite_mismatch,                // suite id differs from the suite in use
  invalid_security_control,      // no protection, or broadcast key set with dedicated ciphering
  key_not_set,                   // the key the APDU needs is not configured
  invalid_key_length,            // key length does not fit the suite (16 or 32 octets)
  invalid_system_title,          // a system title that is not 8 octets
  system_title_mismatch,         // general-glo/ded system title is not the expected peer's
  authentication_failed,         // GCM tag does not verify: wrong tag, wrong key, wrong system title or IC
  replayed_invocation_counter,   // received IC not greater than the last accepted one
  invocation_counter_exhausted,  // own IC reached 0xFFFFFFFF: the key must be renewed
  counter_store_failed,          // the invocation counter store could not load or save
  buffer_too_small,              // the caller's output buffer cannot hold the result
  invalid_challenge_length,      // HLS challenge outside 8..64 octets
  hls_verification_failed,       // the peer's f(challenge) does not match
  unsupported_mechanism,         // authentication mechanism not handled here (or no hook for 2)
  unwrap_failed,                 // RFC 3394 integrity check failed (wrong KEK or tampered data)
  invalid_key_transfer,          // global_key_transfer parameter malformed or key_id unknown
  policy_violation,              // APDU protection weaker than the security policy requires
  backend_failure,               // the crypto backend failed for a reason other than the input
  unsupported,                   // valid but not implemented (e.g. suite 1/2 public-key operations)
};

const std::error_category& security_category() noexcept;

inline std::error_code make_error_code(security_errc e) noexcept {
  return {static_cast<int>(e), security_category()};
}

}  // namespace dlms::security

template <>
struct std::is_error_code_enum<dlms::security::security_errc> : std::true_type {};
