#pragma once
// general-ciphering [221] with symmetric keys (security suite 0; Green Book DLMS UA 1000-2
// 9.2.7.2.4 "ciphering of xDLMS APDUs" and the xDLMS ASN.1 General-Ciphering):
//   DD transaction-id originator-system-title recipient-system-title date-time
//      other-information (all OCTET STRING) key-info OPTIONAL ciphered-content (OCTET STRING:
//      SC || IC || C || T)
// key-info says which key ciphers the content:
//   identified-key [0] key-id: global-unicast-encryption-key (0) / global-broadcast (1)
//   wrapped-key [1] kek-id master-key (0), key-ciphered-data: the content key wrapped with the
//                   master key (AES key wrap, RFC 3394)
//   agreed-key [2]  key agreement (suites 1 and 2): refused here (security_errc::unsupported)
// No key-info is refused too (the key would have to be known from context).
// AES-GCM as for the other ciphered APDUs (ciphered_content.hpp) with IV =
// originator-system-title || IC; the additional authenticated data adds the header after
// SC || AK, each field as an A-XDR OCTET STRING with its length octets:
//   A = SC || AK || L(tid) tid || L(orig) orig || L(recip) recip || L(date-time) date-time ||
//       L(other-information) other-information     (authenticated encryption; L = A-XDR length)
//   authentication only: A as above || P; encryption only: no A.
// (The tag, key-info and ciphered-content length are not part of A.) Checked against the
// Green Book Table 41 APDU (as quoted in the dlms-cosem test suite, test_general_ciphering) for
// the structure, and against two published implementations for A: the EnergyICT/Connexo DLMS
// library (SecurityContext: the A-XDR header fields for every suite, 0 included) and
// Gurux (AAD "31 || AK || 08 tid || 08 orig || 08 recip || 00 || 00" in its Java
// GXSymmetricTest). Neither publishes a suite-0 tag that reproduces, so the tests pin the
// layout byte for byte on a fixed vector of our own (see tests/general_ciphering_test.cpp).
//
// Invocation counters: an identified key counts with that key's counters; wrapped keys (a fresh
// key per APDU) count with the master key's slot, so replays are refused either way.
// Nothing allocates; views point into the caller's buffers.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/apdu/ciphered_apdu.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::security {

// The general-ciphering header fields (views).
struct GeneralCipheringHeader {
  ByteSpan transaction_id;
  ByteSpan originator_system_title;  // 8 octets
  ByteSpan recipient_system_title;   // 8 octets, or empty
  ByteSpan date_time;                // empty or a 12-octet date-time
  ByteSpan other_information;
};

// One general-ciphering APDU opened: the plain APDU and what the answer needs.
struct OpenedGeneralCiphering {
  ByteSpan apdu;  // inside the caller's output buffer
  GeneralCipheringHeader header;
  apdu::KeyInfo::Kind key_kind = apdu::KeyInfo::Kind::identified_key;
  std::uint8_t key_id = 0;  // identified-key key-id, or wrapped-key kek-id
  SecurityControl security_control;
  std::uint32_t invocation_counter = 0;
  KeyId counter_key = KeyId::global_unicast_encryption;  // the counter slot (see the header)
};

// The counter slot of a key-info.
[[nodiscard]] constexpr KeyId counter_key_for(apdu::KeyInfo::Kind kind, std::uint8_t key_id) noexcept {
  if (kind == apdu::KeyInfo::Kind::wrapped_key) {
    return KeyId::master;
  }
  return key_id == 1 ? KeyId::global_broadcast_encryption : KeyId::global_unicast_encryption;
}

// Opens (checks and deciphers) one whole general-ciphering APDU into `out`. `peer` is the
// expected originator; a recipient-system-title, when present, must be `own`. Checks in order:
// structure (truncated / bad_length / trailing_bytes / not_ciphered), system titles
// (invalid_system_title, system_title_mismatch), key-info (unsupported for agreed-key or
// none; invalid_security_control for an unknown key-id / kek-id), the security control
// (compression_not_supported, unknown_security_suite, suite_mismatch,
// invalid_security_control), keys (key_not_set, invalid_key_length, unwrap_failed),
// buffer_too_small, authentication_failed. Invocation counters are the caller's business
// (OpenedGeneralCiphering::counter_key). Nothing is released on failure (out wiped).
Result<OpenedGeneralCiphering> open_general_ciphering(CryptoBackend& backend, const KeySet& keys,
                                                      SecuritySuite suite, const SystemTitle& peer,
                                                      const SystemTitle& own, ByteSpan apdu,
                                                      MutableByteSpan out) noexcept;

// What seal_general_ciphering() needs.
struct GeneralCipheringSeal {
  GeneralCipheringHeader header;
  apdu::KeyInfo key_info;  // identified-key or wrapped-key (written as key-info)
  ByteSpan key;            // the content key (the identified key, or the one wrapped)
  ByteSpan authentication_key;
  SecurityControl security_control;
  std::uint32_t invocation_counter = 0;
};

// Writes `plain` as a general-ciphering APDU into `out`. Errors: invalid_system_title (the
// originator is not 8 octets), invalid_security_control, compression_not_supported,
// invalid_key_length, key_not_set (authenticated without AK), buffer_too_small, backend errors.
Result<ByteSpan> seal_general_ciphering(CryptoBackend& backend, const GeneralCipheringSeal& params,
                                        ByteSpan plain, MutableByteSpan out) noexcept;

}  // namespace dlms::security
