#include "stack/security/hls.hpp"

#include <array>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/protection.hpp"

namespace dlms::security {
namespace {

bool challenge_ok(ByteSpan c) noexcept {
  return c.size() >= kMinChallengeSize && c.size() <= kMaxChallengeSize;
}

Status check_key(ByteSpan key, SecuritySuite suite) noexcept {
  if (key.empty()) {
    return security_errc::key_not_set;
  }
  if (key.size() != symmetric_key_size(suite)) {
    return security_errc::invalid_key_length;
  }
  return {};
}

// f(challenge) of a sender with `sender_title`, for the hash mechanisms and GMAC.
// `challenge` is the one answered, `other` the one the sender itself sent (mechanism 6).
Result<std::size_t> compute(CryptoBackend& backend, AuthenticationMechanism mechanism, const HlsKeys& keys,
                            ByteSpan challenge, ByteSpan other, const SystemTitle& sender_title,
                            const SystemTitle& receiver_title, std::uint32_t invocation_counter,
                            MutableByteSpan out) noexcept {
  if ((mechanism == AuthenticationMechanism::hls_md5 || mechanism == AuthenticationMechanism::hls_sha1 ||
       mechanism == AuthenticationMechanism::hls_sha256) &&
      keys.secret.empty()) {
    return security_errc::key_not_set;
  }
  switch (mechanism) {
    case AuthenticationMechanism::hls_md5:
    case AuthenticationMechanism::hls_sha1: {
      const HashAlgorithm alg =
          mechanism == AuthenticationMechanism::hls_md5 ? HashAlgorithm::md5 : HashAlgorithm::sha1;
      const std::size_t n = digest_size(alg);
      if (out.size() < n) {
        return security_errc::buffer_too_small;
      }
      const std::array<ByteSpan, 2> parts{challenge, keys.secret};
      if (Status s = backend.digest(alg, ByteSpanList(parts), out.first(n)); !s) {
        return s.error();
      }
      return n;
    }
    case AuthenticationMechanism::hls_sha256: {
      const std::size_t n = digest_size(HashAlgorithm::sha256);
      if (out.size() < n) {
        return security_errc::buffer_too_small;
      }
      const std::array<ByteSpan, 5> parts{keys.secret, sender_title.bytes(), receiver_title.bytes(),
                                          challenge, other};
      if (Status s = backend.digest(HashAlgorithm::sha256, ByteSpanList(parts), out.first(n)); !s) {
        return s.error();
      }
      return n;
    }
    case AuthenticationMechanism::hls_gmac: {
      if (Status s = check_key(keys.block_cipher_key, keys.suite); !s) {
        return s.error();
      }
      if (Status s = check_key(keys.authentication_key, keys.suite); !s) {
        return s.error();
      }
      const std::size_t n = kSecurityHeaderSize + kGcmTagSize;
      if (out.size() < n) {
        return security_errc::buffer_too_small;
      }
      const std::uint8_t sc = SecurityControl::make(keys.suite, true, false).byte();
      std::uint8_t iv[kGcmIvSize];
      make_iv(sender_title, invocation_counter, iv);
      const std::array<ByteSpan, 3> aad{ByteSpan(&sc, 1), keys.authentication_key, challenge};
      ByteWriter w(out);
      w.u8(sc);
      w.u32(invocation_counter);
      std::uint8_t* t = w.reserve(kGcmTagSize);
      if (Status s = backend.gcm_encrypt(keys.block_cipher_key, ByteSpan(iv), ByteSpanList(aad), ByteSpan(),
                                         MutableByteSpan(), MutableByteSpan(t, kGcmTagSize));
          !s) {
        return s.error();
      }
      return n;
    }
    default: return security_errc::unsupported_mechanism;
  }
}

}  // namespace

bool lls_password_matches(ByteSpan configured, ByteSpan received) noexcept {
  return constant_time_equal(configured, received);
}

Status generate_challenge(CryptoBackend& backend, MutableByteSpan out) noexcept {
  if (!challenge_ok(out)) {
    return security_errc::invalid_challenge_length;
  }
  return backend.random(out);
}

Result<std::size_t> hls_answer(CryptoBackend& backend, AuthenticationMechanism mechanism, const HlsKeys& keys,
                               const HlsExchange& exchange, std::uint32_t invocation_counter,
                               MutableByteSpan out, ManufacturerHls* manufacturer) noexcept {
  if (!challenge_ok(exchange.peer_challenge) ||
      (mechanism == AuthenticationMechanism::hls_sha256 && !challenge_ok(exchange.own_challenge))) {
    return security_errc::invalid_challenge_length;
  }
  if (mechanism == AuthenticationMechanism::hls_manufacturer) {
    if (manufacturer == nullptr) {
      return security_errc::unsupported_mechanism;
    }
    return manufacturer->answer(keys, exchange, out);
  }
  return compute(backend, mechanism, keys, exchange.peer_challenge, exchange.own_challenge,
                 exchange.own_title, exchange.peer_title, invocation_counter, out);
}

Result<HlsCheckResult> hls_check(CryptoBackend& backend, AuthenticationMechanism mechanism,
                                 const HlsKeys& keys, const HlsExchange& exchange, ByteSpan peer_answer,
                                 ManufacturerHls* manufacturer) noexcept {
  if (!challenge_ok(exchange.own_challenge) ||
      (mechanism == AuthenticationMechanism::hls_sha256 && !challenge_ok(exchange.peer_challenge))) {
    return security_errc::invalid_challenge_length;
  }
  HlsCheckResult result;
  if (mechanism == AuthenticationMechanism::hls_manufacturer) {
    if (manufacturer == nullptr) {
      return security_errc::unsupported_mechanism;
    }
    if (Status s = manufacturer->check(keys, exchange, peer_answer); !s) {
      return s.error();
    }
    return result;
  }
  if (mechanism == AuthenticationMechanism::hls_gmac) {
    // The answer carries the SC and IC the peer used: recompute with them.
    ByteReader r(peer_answer);
    std::uint8_t sc = 0;
    if (peer_answer.size() != kSecurityHeaderSize + kGcmTagSize || !r.u8(sc) ||
        !r.u32(result.invocation_counter)) {
      return security_errc::hls_verification_failed;
    }
    result.security_control = SecurityControl(sc);
    if (sc != SecurityControl::make(keys.suite, true, false).byte()) {
      return security_errc::hls_verification_failed;
    }
  }
  std::array<std::uint8_t, kMaxHlsAnswerSize> expected{};
  Result<std::size_t> n =
      compute(backend, mechanism, keys, exchange.own_challenge, exchange.peer_challenge, exchange.peer_title,
              exchange.own_title, result.invocation_counter, MutableByteSpan(expected));
  if (!n) {
    return n.error();
  }
  const bool match = constant_time_equal(ByteSpan(expected.data(), *n), peer_answer);
  secure_wipe(MutableByteSpan(expected));
  if (!match) {
    return security_errc::hls_verification_failed;
  }
  return result;
}

}  // namespace dlms::security
