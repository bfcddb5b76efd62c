#include "stack/security/openssl/openssl_backend.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>

namespace dlms::security {

namespace {

// A cipher context set up once for one cipher and direction; keys and IVs are given per
// operation with a null cipher, so repeated operations reuse its state and allocate nothing.
class CipherSlot {
 public:
  CipherSlot() noexcept : ctx_(EVP_CIPHER_CTX_new()) {}
  ~CipherSlot() { EVP_CIPHER_CTX_free(ctx_); }
  CipherSlot(const CipherSlot&) = delete;
  CipherSlot& operator=(const CipherSlot&) = delete;

  EVP_CIPHER_CTX* prepare(const EVP_CIPHER* cipher, int enc) noexcept {
    if (ctx_ == nullptr || cipher == nullptr) {
      return nullptr;
    }
    if (current_ != cipher || direction_ != enc) {
      EVP_CIPHER_CTX_reset(ctx_);
      current_ = nullptr;
      EVP_CIPHER_CTX_set_flags(ctx_, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
      if (EVP_CipherInit_ex(ctx_, cipher, nullptr, nullptr, nullptr, enc) != 1) {
        return nullptr;
      }
      current_ = cipher;
      direction_ = enc;
    }
    return ctx_;
  }

 private:
  EVP_CIPHER_CTX* ctx_;
  const EVP_CIPHER* current_ = nullptr;
  int direction_ = -1;
};

}  // namespace

// GCM encryption and decryption alternate on every request/response: one slot each.
struct OpenSslBackend::Contexts {
  CipherSlot gcm_encrypt;
  CipherSlot gcm_decrypt;
  CipherSlot other;  // ECB, key wrap
  EVP_MD_CTX* md = EVP_MD_CTX_new();
};

namespace {

const EVP_CIPHER* gcm_cipher(std::size_t key_size) noexcept {
  switch (key_size) {
    case 16: return EVP_aes_128_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

const EVP_CIPHER* ecb_cipher(std::size_t key_size) noexcept {
  switch (key_size) {
    case 16: return EVP_aes_128_ecb();
    case 32: return EVP_aes_256_ecb();
    default: return nullptr;
  }
}

const EVP_CIPHER* wrap_cipher(std::size_t key_size) noexcept {
  switch (key_size) {
    case 16: return EVP_aes_128_wrap();
    case 32: return EVP_aes_256_wrap();
    default: return nullptr;
  }
}

bool fits_int(std::size_t n) noexcept { return n <= static_cast<std::size_t>(INT_MAX); }

// Starts a GCM operation (12-octet IV, the GCM default) and feeds the AAD parts.
bool gcm_start(EVP_CIPHER_CTX* c, bool encrypt, ByteSpan key, ByteSpan iv, ByteSpanList aad) noexcept {
  if (c == nullptr || iv.size() != kGcmIvSize ||
      EVP_CipherInit_ex(c, nullptr, nullptr, key.data(), iv.data(), encrypt ? 1 : 0) != 1) {
    return false;
  }
  for (ByteSpan part : aad) {
    int len = 0;
    if (!part.empty() && (!fits_int(part.size()) || EVP_CipherUpdate(c, nullptr, &len, part.data(),
                                                                     static_cast<int>(part.size())) != 1)) {
      return false;
    }
  }
  return true;
}

bool gcm_data(EVP_CIPHER_CTX* c, ByteSpan in, MutableByteSpan out) noexcept {
  if (in.empty()) {
    return true;
  }
  int len = 0;
  return fits_int(in.size()) && out.size() == in.size() &&
         EVP_CipherUpdate(c, out.data(), &len, in.data(), static_cast<int>(in.size())) == 1 &&
         static_cast<std::size_t>(len) == in.size();
}

}  // namespace

// A host adapter: std::bad_alloc from here reaches whoever creates the backend.
OpenSslBackend::OpenSslBackend() : ctx_(new Contexts) {}  // NOLINT(bugprone-unhandled-exception-at-new)

OpenSslBackend::~OpenSslBackend() {
  EVP_MD_CTX_free(ctx_->md);
  delete ctx_;
}

Status OpenSslBackend::gcm_encrypt(ByteSpan key, ByteSpan iv, ByteSpanList aad, ByteSpan plaintext,
                                   MutableByteSpan ciphertext, MutableByteSpan tag) {
  if (gcm_cipher(key.size()) == nullptr) {
    return security_errc::invalid_key_length;
  }
  if (tag.size() > 16 || ciphertext.size() != plaintext.size()) {
    return security_errc::buffer_too_small;
  }
  EVP_CIPHER_CTX* c = ctx_->gcm_encrypt.prepare(gcm_cipher(key.size()), 1);
  int len = 0;
  if (!gcm_start(c, true, key, iv, aad) || !gcm_data(c, plaintext, ciphertext) ||
      EVP_EncryptFinal_ex(c, nullptr, &len) != 1) {
    return security_errc::backend_failure;
  }
  if (!tag.empty() &&
      EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), tag.data()) != 1) {
    return security_errc::backend_failure;
  }
  return {};
}

Status OpenSslBackend::gcm_decrypt(ByteSpan key, ByteSpan iv, ByteSpanList aad, ByteSpan ciphertext,
                                   ByteSpan tag, MutableByteSpan plaintext) {
  if (gcm_cipher(key.size()) == nullptr) {
    return security_errc::invalid_key_length;
  }
  if (tag.size() > 16 || plaintext.size() != ciphertext.size()) {
    return security_errc::buffer_too_small;
  }
  EVP_CIPHER_CTX* c = ctx_->gcm_decrypt.prepare(gcm_cipher(key.size()), 0);
  if (!gcm_start(c, false, key, iv, aad) || !gcm_data(c, ciphertext, plaintext)) {
    return security_errc::backend_failure;
  }
  if (tag.empty()) {
    return {};  // encryption only: nothing to verify
  }
  // OpenSSL reads the expected tag through a non-const pointer; copy it.
  unsigned char expected[16];
  for (std::size_t i = 0; i < tag.size(); ++i) {
    expected[i] = tag[i];
  }
  int len = 0;
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), expected) != 1) {
    return security_errc::backend_failure;
  }
  if (EVP_DecryptFinal_ex(c, nullptr, &len) != 1) {
    return security_errc::authentication_failed;
  }
  return {};
}

Status OpenSslBackend::aes_encrypt_block(ByteSpan key, ByteSpan in, MutableByteSpan out) {
  const EVP_CIPHER* cipher = ecb_cipher(key.size());
  if (cipher == nullptr) {
    return security_errc::invalid_key_length;
  }
  if (in.size() != kAesBlockSize || out.size() != kAesBlockSize) {
    return security_errc::buffer_too_small;
  }
  EVP_CIPHER_CTX* c = ctx_->other.prepare(cipher, 1);
  int len = 0;
  if (c == nullptr || EVP_EncryptInit_ex(c, nullptr, nullptr, key.data(), nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(c, 0) != 1 ||
      EVP_EncryptUpdate(c, out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 ||
      len != static_cast<int>(kAesBlockSize)) {
    return security_errc::backend_failure;
  }
  return {};
}

Status OpenSslBackend::aes_key_wrap(ByteSpan kek, ByteSpan key_data, MutableByteSpan wrapped) {
  const EVP_CIPHER* cipher = wrap_cipher(kek.size());
  if (cipher == nullptr) {
    return security_errc::invalid_key_length;
  }
  if (key_data.size() < 16 || key_data.size() % 8 != 0 || !fits_int(key_data.size())) {
    return security_errc::invalid_key_length;
  }
  if (wrapped.size() != key_data.size() + 8) {
    return security_errc::buffer_too_small;
  }
  EVP_CIPHER_CTX* c = ctx_->other.prepare(cipher, 1);
  int len = 0;
  int fin = 0;
  if (c == nullptr || EVP_EncryptInit_ex(c, nullptr, nullptr, kek.data(), nullptr) != 1 ||
      EVP_EncryptUpdate(c, wrapped.data(), &len, key_data.data(), static_cast<int>(key_data.size())) != 1 ||
      EVP_EncryptFinal_ex(c, wrapped.data() + len, &fin) != 1 ||
      static_cast<std::size_t>(len) + static_cast<std::size_t>(fin) != wrapped.size()) {
    return security_errc::backend_failure;
  }
  return {};
}

Status OpenSslBackend::aes_key_unwrap(ByteSpan kek, ByteSpan wrapped, MutableByteSpan key_data) {
  const EVP_CIPHER* cipher = wrap_cipher(kek.size());
  if (cipher == nullptr) {
    return security_errc::invalid_key_length;
  }
  if (wrapped.size() < 24 || wrapped.size() % 8 != 0 || !fits_int(wrapped.size())) {
    return security_errc::invalid_key_length;
  }
  if (key_data.size() != wrapped.size() - 8) {
    return security_errc::buffer_too_small;
  }
  EVP_CIPHER_CTX* c = ctx_->other.prepare(cipher, 0);
  int len = 0;
  int fin = 0;
  if (c == nullptr || EVP_DecryptInit_ex(c, nullptr, nullptr, kek.data(), nullptr) != 1) {
    return security_errc::backend_failure;
  }
  if (EVP_DecryptUpdate(c, key_data.data(), &len, wrapped.data(), static_cast<int>(wrapped.size())) != 1 ||
      EVP_DecryptFinal_ex(c, key_data.data() + len, &fin) != 1 ||
      static_cast<std::size_t>(len) + static_cast<std::size_t>(fin) != key_data.size()) {
    return security_errc::unwrap_failed;
  }
  return {};
}

Status OpenSslBackend::digest(HashAlgorithm algorithm, ByteSpanList parts, MutableByteSpan out) {
  const EVP_MD* md = nullptr;
  switch (algorithm) {
    case HashAlgorithm::md5: md = EVP_md5(); break;
    case HashAlgorithm::sha1: md = EVP_sha1(); break;
    case HashAlgorithm::sha256: md = EVP_sha256(); break;
    case HashAlgorithm::sha384: md = EVP_sha384(); break;
  }
  if (md == nullptr) {
    return security_errc::backend_failure;
  }
  if (out.size() != digest_size(algorithm)) {
    return security_errc::buffer_too_small;
  }
  EVP_MD_CTX* c = ctx_->md;
  if (c == nullptr || EVP_DigestInit_ex(c, md, nullptr) != 1) {
    return security_errc::backend_failure;
  }
  for (ByteSpan part : parts) {
    if (!part.empty() && EVP_DigestUpdate(c, part.data(), part.size()) != 1) {
      return security_errc::backend_failure;
    }
  }
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(c, out.data(), &len) != 1 || len != out.size()) {
    return security_errc::backend_failure;
  }
  return {};
}

Status OpenSslBackend::random(MutableByteSpan out) {
  if (!fits_int(out.size())) {
    return security_errc::backend_failure;
  }
  if (out.empty()) {
    return {};
  }
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    return security_errc::backend_failure;
  }
  return {};
}

}  // namespace dlms::security
