#pragma once
// The ciphered content every ciphered xDLMS APDU carries (Green Book 9.2.7.2.4): an A-XDR
// OCTET STRING holding SC || IC || C || T, with AES-GCM under
//   IV = system title of the sender || IC (big endian)
//   A  = SC || AK || H            authenticated encryption (C = GCM-E(P), T over A)
//   A  = SC || AK || H || P       authentication only (C = P, T = GMAC(A))
//   no A, no T                    encryption only
// H is empty for glo-, ded-, general-glo- and general-ded-ciphering; for general-ciphering it is
// the header as on the wire: transaction-id, originator-system-title, recipient-system-title,
// date-time and other-information, each an A-XDR OCTET STRING (length octets included).
// glo-/ded- (protection.cpp) and general-ciphering (general_ciphering.cpp) share these two
// functions. Nothing allocates.

#include <cstdint>

#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::security {

struct ContentProtection {
  SecurityControl security_control;
  std::uint32_t invocation_counter = 0;
  SystemTitle sender;           // first part of the IV
  ByteSpan key;                 // the encryption key
  ByteSpan authentication_key;  // AK; used only when authenticated
  ByteSpan header;              // H (see above)
};

// Writes the A-XDR length and SC || IC || C || T of `plain` at `w` (which must not overlap
// `plain` or `header`). Errors: buffer_too_small (w is left overflowed), backend errors.
Status write_ciphered_content(CryptoBackend& backend, const ContentProtection& p, ByteSpan plain,
                              ByteWriter& w) noexcept;

// Checks T and deciphers C into `plain` (ciphertext.size() octets; not overlapping). On failure
// `plain` is wiped. Errors: authentication_failed, backend errors.
Status open_ciphered_content(CryptoBackend& backend, const ContentProtection& p, ByteSpan ciphertext,
                             ByteSpan auth_tag, MutableByteSpan plain) noexcept;

}  // namespace dlms::security
