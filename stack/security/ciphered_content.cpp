#include "stack/security/ciphered_content.hpp"

#include <algorithm>
#include <array>

#include "stack/codec/axdr_length.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/protection.hpp"

namespace dlms::security {
namespace {

// Octets of SC || IC.
constexpr std::size_t kHeaderSize = 5;

// A = SC || AK || H (|| P when authentication only); the number of parts used.
std::size_t make_aad(std::array<ByteSpan, 4>& aad, const std::uint8_t& sc, const ContentProtection& p,
                     ByteSpan plain_when_authentication_only) noexcept {
  aad = {ByteSpan(&sc, 1), p.authentication_key, p.header, plain_when_authentication_only};
  return p.security_control.encrypted() ? 3 : 4;
}

}  // namespace

Status write_ciphered_content(CryptoBackend& backend, const ContentProtection& p, ByteSpan plain,
                              ByteWriter& w) noexcept {
  const SecurityControl sc = p.security_control;
  const std::size_t tag_size = sc.authenticated() ? kGcmTagSize : 0;
  codec::axdr::write_length(w, kHeaderSize + plain.size() + tag_size);
  w.u8(sc.byte());
  w.u32(p.invocation_counter);
  std::uint8_t* c = w.reserve(plain.size());
  std::uint8_t* t = w.reserve(tag_size);
  if (!w.ok() || (c == nullptr && !plain.empty())) {
    return security_errc::buffer_too_small;
  }
  const MutableByteSpan ciphertext(c, plain.size());
  const MutableByteSpan auth_tag(t, tag_size);
  std::uint8_t iv[kGcmIvSize];
  make_iv(p.sender, p.invocation_counter, iv);
  const std::uint8_t sc_byte = sc.byte();
  std::array<ByteSpan, 4> aad{};
  if (sc.encrypted()) {
    const std::size_t n = make_aad(aad, sc_byte, p, ByteSpan());
    return backend.gcm_encrypt(p.key, ByteSpan(iv),
                               sc.authenticated() ? ByteSpanList(aad.data(), n) : ByteSpanList(), plain,
                               ciphertext, auth_tag);
  }
  // Authentication only: P travels in clear.
  std::copy(plain.begin(), plain.end(), ciphertext.begin());
  const std::size_t n = make_aad(aad, sc_byte, p, plain);
  return backend.gcm_encrypt(p.key, ByteSpan(iv), ByteSpanList(aad.data(), n), ByteSpan(), MutableByteSpan(),
                             auth_tag);
}

Status open_ciphered_content(CryptoBackend& backend, const ContentProtection& p, ByteSpan ciphertext,
                             ByteSpan auth_tag, MutableByteSpan plain) noexcept {
  const SecurityControl sc = p.security_control;
  std::uint8_t iv[kGcmIvSize];
  make_iv(p.sender, p.invocation_counter, iv);
  const std::uint8_t sc_byte = sc.byte();
  std::array<ByteSpan, 4> aad{};
  Status s;
  if (sc.encrypted()) {
    const std::size_t n = make_aad(aad, sc_byte, p, ByteSpan());
    s = backend.gcm_decrypt(p.key, ByteSpan(iv),
                            sc.authenticated() ? ByteSpanList(aad.data(), n) : ByteSpanList(), ciphertext,
                            auth_tag, plain);
  } else {
    const std::size_t n = make_aad(aad, sc_byte, p, ciphertext);
    s = backend.gcm_decrypt(p.key, ByteSpan(iv), ByteSpanList(aad.data(), n), ByteSpan(), auth_tag,
                            MutableByteSpan());
    if (s) {
      std::copy(ciphertext.begin(), ciphertext.end(), plain.begin());
    }
  }
  if (!s) {
    secure_wipe(plain);
  }
  return s;
}

}  // namespace dlms::security
