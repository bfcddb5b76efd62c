#pragma once
// Helpers for the association tests: hex, a crypto backend with a scripted random source (so
// the server's StoC is the Green Book's), AARQ building.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/openssl/openssl_backend.hpp"

namespace dlms::association::test {

inline std::vector<std::uint8_t> hex(std::string_view text) {
  auto v = from_hex(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(std::vector<std::uint8_t>{});
}
inline std::string hex_of(ByteSpan bytes) { return to_hex(bytes, '\0'); }
inline std::string compact(std::string_view text) { return hex_of(hex(text)); }

// Green Book suite-0 test keys and system titles (Table 40 / 43 as quoted by public test
// suites, e.g. dlms-cosem test_security).
inline constexpr std::string_view kEk = "000102030405060708090A0B0C0D0E0F";
inline constexpr std::string_view kAk = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";
inline constexpr std::string_view kKek = "000102030405060708090A0B0C0D0E0F1011121314151617";
inline constexpr std::string_view kTitleBC614E = "4D4D4D0000BC614E";
inline constexpr std::string_view kTitle000001 = "4D4D4D0000000001";

// OpenSSL, except that random() plays back (and consumes) a script, then zeros.
class ScriptedBackend final : public security::CryptoBackend {
 public:
  std::vector<std::uint8_t> script;

  Status gcm_encrypt(ByteSpan key, ByteSpan iv, security::ByteSpanList aad, ByteSpan plaintext,
                     MutableByteSpan ciphertext, MutableByteSpan tag) override {
    return real_.gcm_encrypt(key, iv, aad, plaintext, ciphertext, tag);
  }
  Status gcm_decrypt(ByteSpan key, ByteSpan iv, security::ByteSpanList aad, ByteSpan ciphertext, ByteSpan tag,
                     MutableByteSpan plaintext) override {
    return real_.gcm_decrypt(key, iv, aad, ciphertext, tag, plaintext);
  }
  Status aes_encrypt_block(ByteSpan key, ByteSpan in, MutableByteSpan out) override {
    return real_.aes_encrypt_block(key, in, out);
  }
  Status aes_key_wrap(ByteSpan kek, ByteSpan key_data, MutableByteSpan wrapped) override {
    return real_.aes_key_wrap(kek, key_data, wrapped);
  }
  Status aes_key_unwrap(ByteSpan kek, ByteSpan wrapped, MutableByteSpan key_data) override {
    return real_.aes_key_unwrap(kek, wrapped, key_data);
  }
  Status digest(security::HashAlgorithm a, security::ByteSpanList parts, MutableByteSpan out) override {
    return real_.digest(a, parts, out);
  }
  Status random(MutableByteSpan out) override {
    std::fill(out.begin(), out.end(), std::uint8_t{0});
    const std::size_t n = std::min(out.size(), script.size());
    std::copy_n(script.begin(), n, out.begin());
    script.erase(script.begin(), script.begin() + static_cast<std::ptrdiff_t>(n));
    return {};
  }

 private:
  security::OpenSslBackend real_;
};

// The Green Book InitiateRequest: no dedicated key, DLMS version 6, conformance 00 7E 1F,
// client-max-receive-pdu-size 1200.
inline std::vector<std::uint8_t> initiate_request(
    std::uint8_t version = 6, std::uint32_t conformance = 0x007E1F, std::uint16_t max_pdu = 0x04B0,
    std::optional<std::vector<std::uint8_t>> dedicated_key = {}) {
  apdu::InitiateRequest r;
  r.proposed_dlms_version_number = version;
  r.proposed_conformance = apdu::ConformanceBlock::from_u32(conformance);
  r.client_max_receive_pdu_size = max_pdu;
  if (dedicated_key) {
    r.dedicated_key = ByteSpan(*dedicated_key);
  }
  std::vector<std::uint8_t> buf(256);
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_TRUE(r.encode(w));
  buf.resize(w.size());
  return buf;
}

struct AarqSpec {
  apdu::ApplicationContextName context = apdu::ApplicationContextName::logical_name;
  std::optional<apdu::MechanismName> mechanism;
  bool acse_requirements = true;  // sent whenever a mechanism is
  std::optional<std::vector<std::uint8_t>> authentication_value;
  std::optional<std::vector<std::uint8_t>> calling_ap_title;
  std::optional<std::vector<std::uint8_t>> user_information = initiate_request();
  std::optional<apdu::AcseBitString> protocol_version;
};

inline std::vector<std::uint8_t> make_aarq(const AarqSpec& spec) {
  apdu::Aarq a;
  const apdu::DlmsUaOid ctx = apdu::oid_of(spec.context);
  a.application_context_name = ctx.span();
  a.protocol_version = spec.protocol_version;
  apdu::DlmsUaOid mech{};
  if (spec.mechanism) {
    mech = apdu::oid_of(*spec.mechanism);
    a.mechanism_name = mech.span();
    if (spec.acse_requirements) {
      a.sender_acse_requirements = apdu::kAcseRequirementsAuthentication;
    }
  }
  if (spec.authentication_value) {
    a.calling_authentication_value = apdu::AuthenticationValue::charstring(*spec.authentication_value);
  }
  if (spec.calling_ap_title) {
    a.calling_ap_title = ByteSpan(*spec.calling_ap_title);
  }
  if (spec.user_information) {
    a.user_information = ByteSpan(*spec.user_information);
  }
  std::vector<std::uint8_t> buf(512);
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_TRUE(a.encode(w));
  buf.resize(w.size());
  return buf;
}

inline apdu::Aare decode_aare(ByteSpan bytes) {
  ByteReader r(bytes);
  Result<apdu::Aare> a = apdu::Aare::decode(r);
  EXPECT_TRUE(a) << hex_of(bytes);
  EXPECT_TRUE(r.empty());
  return a ? *a : apdu::Aare{};
}

}  // namespace dlms::association::test
