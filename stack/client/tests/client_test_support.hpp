#pragma once
// Helpers of the client tests: hex, a crypto backend with a fixed random source, and
// FakeMeter, a hand-made server answering the client through the ClientChannel interface. Its
// answers are computed with the security library (AARE, HLS f(CtoS), glo-/ded- ciphering), so
// the client is checked against an independent encoder of every APDU.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/action.hpp"
#include "stack/apdu/application_context.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/client/client_channel.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/hls.hpp"
#include "stack/security/invocation_counter.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/security/protection.hpp"

namespace dlms::client::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes hex(std::string_view text) { return from_hex(text).value(); }
inline std::string hex_of(ByteSpan bytes) { return to_hex(bytes, ' '); }

// Green Book Table 40 / 43 parameters (DLMS UA 1000-2), as in stack/security/tests.
inline constexpr std::string_view kEk = "000102030405060708090A0B0C0D0E0F";
inline constexpr std::string_view kAk = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";
inline constexpr std::string_view kTitleA = "4D4D4D0000BC614E";  // Table 40's sender
inline constexpr std::string_view kTitleB = "4D4D4D0000000001";

inline security::SystemTitle title(std::string_view text) {
  return security::SystemTitle::from(hex(text)).value();
}

inline security::KeySet green_book_keys() {
  security::KeySet k;
  (void)k.set(security::KeyId::global_unicast_encryption, hex(kEk));
  (void)k.set(security::KeyId::authentication, hex(kAk));
  return k;
}

// OpenSSL, with random() returning a fixed pattern (so challenges are reproducible).
class FixedRandomBackend : public security::CryptoBackend {
 public:
  explicit FixedRandomBackend(Bytes pattern) : pattern_(std::move(pattern)) {}
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
  Status digest(security::HashAlgorithm algorithm, security::ByteSpanList parts,
                MutableByteSpan out) override {
    return real_.digest(algorithm, parts, out);
  }
  Status random(MutableByteSpan out) override {
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = pattern_.empty() ? 0 : pattern_[i % pattern_.size()];
    }
    return {};
  }

 private:
  security::OpenSslBackend real_;
  Bytes pattern_;
};

// A server in a test: answers AARQ, RLRQ, HLS pass 3 itself and the other xDLMS requests
// through `handler` (plain request -> plain response), ciphering like the request came.
class FakeMeter : public ClientChannel {
 public:
  struct Settings {
    security::AuthenticationMechanism mechanism = security::AuthenticationMechanism::none;
    Bytes password;
    Bytes secret;
    security::KeySet keys = green_book_keys();
    security::SystemTitle system_title = title(kTitleB);
    apdu::ConformanceBlock conformance = apdu::ConformanceBlock::from_u32(0x00FFFFFF);
    std::uint16_t max_pdu = 0x01F4;
    Bytes stoc = hex("503677524A323146");  // "P6wRJ21F" (Green Book Table 43)
    std::uint32_t invocation_counter = 0x00000100;
    bool send_title_always = false;
    // HLS: the server refuses pass 3 with this action-result.
    std::optional<apdu::ActionResult> refuse_hls;
  };

  explicit FakeMeter(Settings s) : s_(std::move(s)), backend_(), send_counters_(), receive_counters_() {
    (void)send_counters_.set_send(security::KeyId::global_unicast_encryption, s_.invocation_counter);
    (void)send_counters_.set_send(security::KeyId::dedicated, s_.invocation_counter);
  }

  std::function<Bytes(ByteSpan plain)> handler;
  // Applied to every answer before it is sent (tampering tests).
  std::function<void(Bytes&)> tamper;
  std::vector<Bytes> requests;        // as received
  std::vector<Bytes> plain_requests;  // deciphered xDLMS requests
  bool hls_passed = false;
  std::optional<security::CipheringKind> last_kind;
  Bytes client_title;

  Result<ByteSpan> exchange(ByteSpan request) override {
    requests.emplace_back(request.begin(), request.end());
    answer_ = answer(request);
    if (tamper) {
      tamper(answer_);
    }
    return ByteSpan(answer_);
  }

  security::KeySet& keys() { return s_.keys; }
  Settings& settings() { return s_; }

 private:
  Bytes answer(ByteSpan request) {
    if (request[0] == 0x60) {
      return aare(request);
    }
    if (request[0] == 0x62) {
      return hex("63 03 80 01 00");
    }
    Bytes plain(request.begin(), request.end());
    std::optional<security::Unprotected> u;
    if (security::is_ciphered_tag(request[0])) {
      security::UnprotectionParams p;
      p.peer_system_title = security::SystemTitle::from(client_title).value();
      std::array<std::uint8_t, 2048> buf{};
      auto r = security::unprotect(backend_, s_.keys, p, &receive_counters_, request, buf);
      if (!r) {
        return hex("D8 01 05");  // exception-response deciphering-error
      }
      u = *r;
      plain.assign(r->apdu.begin(), r->apdu.end());
      last_kind = r->kind;
    }
    plain_requests.push_back(plain);
    Bytes response = hls_pending_ ? hls_reply(plain) : (handler ? handler(plain) : hex("D8 01 02"));
    if (!u) {
      return response;
    }
    security::ProtectionParams p;
    p.security_control = u->security_control;
    p.kind = u->kind;
    p.system_title = s_.system_title;
    std::array<std::uint8_t, 4096> out{};
    auto c = security::protect_next(backend_, s_.keys, send_counters_, p, response, out);
    return Bytes(c->begin(), c->end());
  }

  Bytes aare(ByteSpan request) {
    ByteReader in(request);
    apdu::Aarq q = apdu::Aarq::decode(in).value();
    if (q.calling_ap_title) {
      client_title.assign(q.calling_ap_title->begin(), q.calling_ap_title->end());
    }
    if (q.calling_authentication_value) {
      ctos_.assign(q.calling_authentication_value->contents.begin(),
                   q.calling_authentication_value->contents.end());
    }
    ByteSpan ui = *q.user_information;
    std::array<std::uint8_t, 256> buf{};
    bool ciphered = false;
    if (security::is_ciphered_tag(ui[0])) {
      security::UnprotectionParams p;
      p.peer_system_title = security::SystemTitle::from(client_title).value();
      auto u = security::unprotect(backend_, s_.keys, p, &receive_counters_, ui, buf);
      ui = u.value().apdu;
      ciphered = true;
    }
    apdu::InitiateRequest ir = apdu::decode_initiate_request(ui).value();
    if (ir.dedicated_key) {
      (void)s_.keys.set(security::KeyId::dedicated, *ir.dedicated_key);
    }
    apdu::InitiateResponse resp;
    resp.negotiated_conformance = ir.proposed_conformance & s_.conformance;
    resp.server_max_receive_pdu_size = s_.max_pdu;
    std::array<std::uint8_t, 64> plain_ir{};
    ByteWriter w(plain_ir);
    (void)resp.encode(w);
    std::array<std::uint8_t, 128> ui_out{};
    ByteSpan user_information = w.written();
    if (ciphered) {
      security::ProtectionParams p;
      p.security_control = security::SecurityControl(0x30);
      p.system_title = s_.system_title;
      user_information =
          security::protect_next(backend_, s_.keys, send_counters_, p, w.written(), ui_out).value();
    }

    apdu::Aare a;
    a.application_context_name = q.application_context_name;
    a.user_information = user_information;
    const auto m = s_.mechanism;
    const bool hls = m >= security::AuthenticationMechanism::hls_manufacturer;
    if (ciphered || hls || s_.send_title_always) {
      a.responding_ap_title = s_.system_title.bytes();
    }
    if (m == security::AuthenticationMechanism::lls &&
        !security::lls_password_matches(s_.password, q.calling_authentication_value->contents)) {
      a.result = apdu::AssociationResult::rejected_permanent;
      a.result_source_diagnostic =
          apdu::ResultSourceDiagnostic::user(apdu::AcseServiceUser::authentication_failure);
    } else if (hls) {
      mech_oid_ = apdu::oid_of(static_cast<apdu::MechanismName>(m));
      a.responder_acse_requirements = apdu::kAcseRequirementsAuthentication;
      a.mechanism_name = mech_oid_.span();
      a.responding_authentication_value = apdu::AuthenticationValue::charstring(s_.stoc);
      a.result_source_diagnostic =
          apdu::ResultSourceDiagnostic::user(apdu::AcseServiceUser::authentication_required);
      hls_pending_ = true;
    }
    std::array<std::uint8_t, 512> out{};
    ByteWriter aw(out);
    (void)a.encode(aw);
    return Bytes(aw.written().begin(), aw.written().end());
  }

  // Pass 3 checked, pass 4 answered (Green Book 9.2.7.4).
  Bytes hls_reply(ByteSpan plain) {
    hls_pending_ = false;
    ByteReader in(plain);
    apdu::ActionRequest req = apdu::ActionRequest::decode(in).value();
    const auto& n = std::get<apdu::ActionRequestNormal>(req.request);
    const std::uint8_t iid = n.invoke_id_and_priority.value;
    auto reply = [&](std::uint8_t result, ByteSpan f) {
      Bytes r{0xC7, 0x01, iid, result};
      if (f.empty()) {
        r.push_back(0x00);
      } else {
        r.push_back(0x01);
        r.push_back(0x00);
        r.push_back(0x09);
        r.push_back(static_cast<std::uint8_t>(f.size()));
        r.insert(r.end(), f.begin(), f.end());
      }
      return r;
    };
    if (s_.refuse_hls) {
      return reply(static_cast<std::uint8_t>(*s_.refuse_hls), {});
    }
    security::HlsKeys keys{s_.secret, s_.keys[security::KeyId::global_unicast_encryption].bytes(),
                           s_.keys[security::KeyId::authentication].bytes(), security::SecuritySuite::suite0};
    security::HlsExchange ex{s_.stoc, ctos_, s_.system_title,
                             client_title.size() == 8 ? security::SystemTitle::from(client_title).value()
                                                      : security::SystemTitle()};
    auto f_stoc = n.method_invocation_parameters->as_octets().value();
    if (!security::hls_check(backend_, s_.mechanism, keys, ex, f_stoc, manufacturer)) {
      return reply(static_cast<std::uint8_t>(apdu::ActionResult::other_reason), {});
    }
    hls_passed = true;
    std::array<std::uint8_t, security::kMaxHlsAnswerSize> f{};
    const std::uint32_t ic = send_counters_.next_send(security::KeyId::global_unicast_encryption).value();
    const std::size_t size =
        security::hls_answer(backend_, s_.mechanism, keys, ex, ic, f, manufacturer).value();
    return reply(0, ByteSpan(f.data(), size));
  }

 public:
  security::ManufacturerHls* manufacturer = nullptr;

 private:
  Settings s_;
  security::OpenSslBackend backend_;
  security::InvocationCounters send_counters_;
  security::InvocationCounters receive_counters_;
  apdu::DlmsUaOid mech_oid_{};
  Bytes ctos_;
  bool hls_pending_ = false;
  Bytes answer_;
};

}  // namespace dlms::client::test
