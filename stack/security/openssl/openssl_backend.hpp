#pragma once
// OpenSslBackend: CryptoBackend over OpenSSL 3 EVP (host builds: meter simulator, client CLI,
// tests). One cipher and one digest context are kept per instance and reused, so an instance
// is not safe for concurrent use: create one per connection / strand.

#include "stack/security/crypto_backend.hpp"

namespace dlms::security {

class OpenSslBackend final : public CryptoBackend {
 public:
  OpenSslBackend();
  ~OpenSslBackend() override;
  OpenSslBackend(const OpenSslBackend&) = delete;
  OpenSslBackend& operator=(const OpenSslBackend&) = delete;

  Status gcm_encrypt(ByteSpan key, ByteSpan iv, ByteSpanList aad, ByteSpan plaintext,
                     MutableByteSpan ciphertext, MutableByteSpan tag) override;
  Status gcm_decrypt(ByteSpan key, ByteSpan iv, ByteSpanList aad, ByteSpan ciphertext, ByteSpan tag,
                     MutableByteSpan plaintext) override;
  Status aes_encrypt_block(ByteSpan key, ByteSpan in, MutableByteSpan out) override;
  Status aes_key_wrap(ByteSpan kek, ByteSpan key_data, MutableByteSpan wrapped) override;
  Status aes_key_unwrap(ByteSpan kek, ByteSpan wrapped, MutableByteSpan key_data) override;
  Status digest(HashAlgorithm algorithm, ByteSpanList parts, MutableByteSpan out) override;
  Status random(MutableByteSpan out) override;

 private:
  struct Contexts;
  Contexts* ctx_;
};

}  // namespace dlms::security
