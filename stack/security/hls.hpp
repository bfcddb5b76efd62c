#pragma once
// Authentication of an association (Green Book 9.2.7.4; mechanism names 9.4.2.2.x):
//   1 LLS:    the password in the AARQ, compared in constant time.
//   HLS, four passes: the client sends CtoS in the AARQ, the server StoC in the AARE; then
//   the client answers f(StoC) and the server f(CtoS) through reply_to_HLS_authentication:
//   2 manufacturer specific (ManufacturerHls hook)
//   3 MD5(challenge || secret)
//   4 SHA-1(challenge || secret)
//   5 GMAC: SC || IC || T, T = GMAC(SC || AK || challenge) under EK, IV = the answering
//     side's system title || IC, SC = 0x10 | suite (Green Book Table 43)
//   6 SHA-256(secret || own system title || peer system title || peer's challenge || own
//     challenge): the client's f(StoC) = SHA-256(secret || ST-C || ST-S || StoC || CtoS),
//     the server's f(CtoS) = SHA-256(secret || ST-S || ST-C || CtoS || StoC)
//   7 ECDSA (suites 1/2) is not handled here yet.
// Challenges are 8..64 octets.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::security {

enum class AuthenticationMechanism : std::uint8_t {
  none = 0,
  lls = 1,
  hls_manufacturer = 2,
  hls_md5 = 3,
  hls_sha1 = 4,
  hls_gmac = 5,
  hls_sha256 = 6,
  hls_ecdsa = 7,
};

inline constexpr std::size_t kMinChallengeSize = 8;
inline constexpr std::size_t kMaxChallengeSize = 64;
// Largest f(challenge) any mechanism here produces (SHA-256: 32; GMAC: 1 + 4 + 12 = 17).
inline constexpr std::size_t kMaxHlsAnswerSize = 64;

// Mechanism 1: the received password equals the configured one (constant time).
[[nodiscard]] bool lls_password_matches(ByteSpan configured, ByteSpan received) noexcept;

// Fills `out` (8..64 octets) with a fresh challenge from the backend's random source.
Status generate_challenge(CryptoBackend& backend, MutableByteSpan out) noexcept;

// The secrets of one side.
struct HlsKeys {
  ByteSpan secret;              // mechanisms 2, 3, 4, 6: the HLS secret
  ByteSpan block_cipher_key;    // mechanism 5: EK (the global unicast encryption key)
  ByteSpan authentication_key;  // mechanism 5: AK
  SecuritySuite suite = SecuritySuite::suite0;
};

// The exchange as one side sees it.
struct HlsExchange {
  ByteSpan own_challenge;   // the challenge this side sent (CtoS for the client, StoC for the server)
  ByteSpan peer_challenge;  // the challenge the peer sent
  SystemTitle own_title;    // mechanisms 5 and 6
  SystemTitle peer_title;   // mechanism 6
};

// Mechanism 2: a manufacturer's algorithm, plugged in by the meter or the client.
class ManufacturerHls {
 public:
  virtual ~ManufacturerHls() = default;
  virtual Result<std::size_t> answer(const HlsKeys& keys, const HlsExchange& exchange,
                                     MutableByteSpan out) = 0;
  virtual Status check(const HlsKeys& keys, const HlsExchange& exchange, ByteSpan peer_answer) = 0;
};

// f(peer_challenge) as this side sends it (pass 3 for the client, pass 4 for the server),
// written to `out`; returns its size. `invocation_counter` (mechanism 5) is this side's
// next IC for the unicast key. Errors: invalid_challenge_length, unsupported_mechanism,
// key_not_set, invalid_key_length, buffer_too_small, backend errors.
Result<std::size_t> hls_answer(CryptoBackend& backend, AuthenticationMechanism mechanism, const HlsKeys& keys,
                               const HlsExchange& exchange, std::uint32_t invocation_counter,
                               MutableByteSpan out, ManufacturerHls* manufacturer = nullptr) noexcept;

// What a verified peer answer carried (mechanism 5: its SC and IC, for the engine's
// invocation counter check).
struct HlsCheckResult {
  std::uint32_t invocation_counter = 0;
  SecurityControl security_control;
};

// Checks the peer's answer to own_challenge. Errors: hls_verification_failed (including a
// malformed answer), plus those of hls_answer. Keys are the shared ones (the same secret,
// EK and AK on both sides).
Result<HlsCheckResult> hls_check(CryptoBackend& backend, AuthenticationMechanism mechanism,
                                 const HlsKeys& keys, const HlsExchange& exchange, ByteSpan peer_answer,
                                 ManufacturerHls* manufacturer = nullptr) noexcept;

}  // namespace dlms::security
