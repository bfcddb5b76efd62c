#pragma once
// CryptoBackend: the only way the embeddable core reaches cryptography. The host
// implementation is OpenSSL (stack/security/openssl/); meter firmware plugs in its hardware
// AES engine. Every operation writes into caller buffers and reports failure as a Status;
// none may allocate per call on a request's path (one context per instance is fine).
//
// Suite 0 (Green Book 9.2.3.7, "security suite 0") needs AES-GCM-128, AES key wrap, and for
// HLS MD5 / SHA-1 / SHA-256; suites 1 and 2 add AES-GCM-256, SHA-384, ECDSA and ECDH on
// P-256 / P-384. The public-key operations have default bodies returning
// security_errc::unsupported so a backend can omit them until suites 1/2 are used.
//
// An instance need not be thread-safe: use one per connection / strand.

#include <cstddef>
#include <cstdint>
#include <span>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::security {

// Green Book: the GCM authentication tag of suites 0, 1 and 2 is 12 octets.
inline constexpr std::size_t kGcmTagSize = 12;
inline constexpr std::size_t kGcmIvSize = 12;
inline constexpr std::size_t kAesBlockSize = 16;

enum class HashAlgorithm : std::uint8_t { md5, sha1, sha256, sha384 };

[[nodiscard]] constexpr std::size_t digest_size(HashAlgorithm a) noexcept {
  switch (a) {
    case HashAlgorithm::md5: return 16;
    case HashAlgorithm::sha1: return 20;
    case HashAlgorithm::sha256: return 32;
    case HashAlgorithm::sha384: return 48;
  }
  return 0;
}

// Curves of suites 1 (P-256) and 2 (P-384).
enum class EcCurve : std::uint8_t { p256, p384 };

// Several byte ranges processed as their concatenation (AAD = SC || AK || P, hash inputs),
// so callers need no scratch buffer to concatenate.
using ByteSpanList = std::span<const ByteSpan>;

class CryptoBackend {
 public:
  virtual ~CryptoBackend() = default;

  // AES-GCM encryption (NIST SP 800-38D) with a 12-octet IV. key: 16 or 32 octets.
  // `ciphertext` has plaintext.size() octets and may be the same memory as `plaintext`
  // (exact alias only). tag.size() in 1..16; an empty tag computes none (encryption only).
  virtual Status gcm_encrypt(ByteSpan key, ByteSpan iv, ByteSpanList aad, ByteSpan plaintext,
                             MutableByteSpan ciphertext, MutableByteSpan tag) = 0;

  // AES-GCM decryption. Returns security_errc::authentication_failed if the tag does not
  // verify; `plaintext` (ciphertext.size() octets, may alias `ciphertext` exactly) is then
  // unspecified and must not be used. An empty tag skips verification (encryption only).
  virtual Status gcm_decrypt(ByteSpan key, ByteSpan iv, ByteSpanList aad, ByteSpan ciphertext, ByteSpan tag,
                             MutableByteSpan plaintext) = 0;

  // One AES block (ECB, no padding): 16 octets in, 16 out. key: 16 or 32 octets.
  virtual Status aes_encrypt_block(ByteSpan key, ByteSpan in, MutableByteSpan out) = 0;

  // AES key wrap (RFC 3394, default IV A6A6A6A6A6A6A6A6). key_data: a multiple of 8 octets,
  // at least 16; wrapped: key_data.size() + 8 octets.
  virtual Status aes_key_wrap(ByteSpan kek, ByteSpan key_data, MutableByteSpan wrapped) = 0;
  // Inverse of aes_key_wrap; security_errc::unwrap_failed if the integrity check fails.
  virtual Status aes_key_unwrap(ByteSpan kek, ByteSpan wrapped, MutableByteSpan key_data) = 0;

  // Digest of the concatenation of `parts`; out.size() == digest_size(algorithm).
  virtual Status digest(HashAlgorithm algorithm, ByteSpanList parts, MutableByteSpan out) = 0;

  // Cryptographically strong random octets (challenges, keys, ephemeral EC keys).
  virtual Status random(MutableByteSpan out) = 0;

  // --- Suites 1 and 2 (public-key); implemented by backends as those suites arrive. ---

  // ECDSA over `message` hashed with SHA-256 (P-256) or SHA-384 (P-384). private_key: the
  // scalar (32 / 48 octets); public_key: x || y (64 / 96 octets); signature: r || s.
  virtual Status ecdsa_sign(EcCurve /*curve*/, ByteSpan /*private_key*/, ByteSpanList /*message*/,
                            MutableByteSpan /*signature*/) {
    return security_errc::unsupported;
  }
  virtual Status ecdsa_verify(EcCurve /*curve*/, ByteSpan /*public_key*/, ByteSpanList /*message*/,
                              ByteSpan /*signature*/) {
    return security_errc::unsupported;
  }
  // ECDH shared secret Z (x coordinate, 32 / 48 octets).
  virtual Status ecdh(EcCurve /*curve*/, ByteSpan /*private_key*/, ByteSpan /*peer_public_key*/,
                      MutableByteSpan /*shared_secret*/) {
    return security_errc::unsupported;
  }
  // A fresh key pair (private scalar, public x || y), e.g. ephemeral keys for key agreement.
  virtual Status ec_generate_key_pair(EcCurve /*curve*/, MutableByteSpan /*private_key*/,
                                      MutableByteSpan /*public_key*/) {
    return security_errc::unsupported;
  }
};

}  // namespace dlms::security
