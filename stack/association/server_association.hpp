#pragma once
// ServerAssociation: the server side of one application association (Green Book 9.4 and
// 9.2.7.4; IEC 62056-5-3 ACSE): AARQ -> AARE with the Green Book acceptance rules,
// authentication (LLS, HLS 2..6 with reply_to_HLS_authentication), xDLMS InitiateRequest
// negotiation (plain or glo-ciphered), RLRQ -> RLRE, and the protection of the xDLMS APDUs
// exchanged in the association (security policy, invocation counters, glo-/ded-/general-
// ciphering mirrored from the request).
//
// AARQ checks, in order (the first failure decides the AARE; Green Book 9.4.2 / 9.2.7.4):
//   undecodable AARQ                     rejected-permanent, acse-service-user no-reason-given
//   association already open            rejected-transient, no-reason-given (nothing changes)
//   protocol-version without version1    rejected-permanent, acse-service-provider
//                                        no-common-acse-version
//   context not accepted                 rejected-permanent, application-context-name-not-supported
//                                        (the AARE names the preferred context)
//   no mechanism-name or no ACSE          rejected-permanent, authentication-mechanism-name-required
//     requirements (authentication) where
//     the association needs them
//   another / unknown mechanism          rejected-permanent, authentication-mechanism-name-not-recognised
//   no calling-authentication-value      rejected-permanent, authentication-required
//   ciphered context or HLS 5/6 without  rejected-permanent, calling-AP-title-not-recognized
//     a client system title (calling-AP-title, or the SecurityContext's)
//   wrong LLS password / bad CtoS        rejected-permanent, authentication-failure
//   no user-information                  rejected-permanent, no-reason-given
//   ciphered InitiateRequest that does   rejected-permanent, no-reason-given, user-information
//     not decipher, or a plain one where   ConfirmedServiceError initiateError /
//     the policy wants protection          application-reference / deciphering-error (in clear)
//   dlms version < 6, client max receive rejected-permanent, no-reason-given, user-information
//     PDU < 12, no common conformance      ConfirmedServiceError initiateError / initiate /
//                                        dlms-version-too-low | pdu-size-too-short |
//                                        incompatible-conformance
//   accepted: LLS/none -> associated, diagnostic null; HLS -> association-pending, diagnostic
//   authentication-required with StoC in responding-authentication-value.
// When the InitiateRequest came ciphered, the InitiateResponse / ConfirmedServiceError in the
// AARE is glo-ciphered with the same security control (Green Book 9.2.7.2.4).
// A dedicated key in the InitiateRequest (xDLMS ASN.1: "dedicated-key ... shall not be
// encoded in DLMS without ciphering") is accepted only from a ciphered, encrypted
// InitiateRequest (else rejected-permanent with initiateError other); it then protects the
// association's ded- and general-ded-ciphering APDUs (Green Book 9.2.7.2.4, dedicated key: one
// association) and is wiped on release, disconnect and every new AARQ.
// Ciphered requests: glo-, ded- (dedicated key), general-glo-, general-ded-ciphering and
// general-ciphering with identified-key or wrapped-key (suite 0; agreed-key is refused:
// security_errc::unsupported); each is answered in the same form.

#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/apdu/ciphered_apdu.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/association_context.hpp"
#include "stack/association/association_error.hpp"
#include "stack/association/security_context.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/hls.hpp"
#include "stack/security/invocation_counter.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/protection.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::association {

// True for the one request an association-pending association lets through: ACTION
// reply_to_HLS_authentication (method 1) of an Association LN object (class 15) of the
// current logical device (0-0:40.0.e.255; Green Book 9.2.7.4).
[[nodiscard]] constexpr bool allowed_while_pending(std::uint16_t class_id, const apdu::ObisCode& ln,
                                                   std::int8_t method_id) noexcept {
  return class_id == kAssociationLnClassId && method_id == kReplyToHlsAuthenticationMethod && ln.a() == 0 &&
         ln.b() == 0 && ln.c() == 40 && ln.d() == 0 && ln.f() == 255;
}

// The same test on a plain APDU: an action-request-normal (C3 01) for that method.
[[nodiscard]] bool is_reply_to_hls_authentication(ByteSpan plain_apdu) noexcept;

// A request after unprotect_request(): the plain APDU and how it was protected.
struct ProtectedRequest {
  ByteSpan apdu;                // the plain xDLMS APDU (the input itself, or in the scratch)
  std::uint8_t protection = 0;  // access::kAuthenticatedRequest | kEncryptedRequest bits
  bool ciphered = false;        // came in a ciphered APDU
  security::CipheringKind kind = security::CipheringKind::global;
  security::SecurityControl security_control;
  std::uint32_t invocation_counter = 0;
  // general-ciphering [221] (security/general_ciphering.hpp): answered in general-ciphering
  // with the same transaction-id (a view into the request APDU, valid while it is) and the
  // same kind of key-info (identified-key: the same key; wrapped-key: a fresh key wrapped with
  // the master key).
  bool general_ciphering = false;
  ByteSpan transaction_id;
  apdu::KeyInfo::Kind key_kind = apdu::KeyInfo::Kind::identified_key;
  std::uint8_t key_id = 0;
};

class ServerAssociation final : public AssociationContext {
 public:
  ServerAssociation() noexcept = default;
  explicit ServerAssociation(AssociationConfig& config) noexcept { bind(config); }
  // It counts in its configuration's AssociationConfig::associated_now while associated: release()
  // it (ServerSession::on_disconnect does) before it goes away. (The destructor does not: the
  // configuration may be gone by then, e.g. connections torn down at a forced shutdown.)
  ~ServerAssociation() override = default;
  ServerAssociation(const ServerAssociation&) = delete;
  ServerAssociation& operator=(const ServerAssociation&) = delete;

  // Attaches the association to its configuration and resets it (a pre-established one
  // becomes associated at once).
  void bind(AssociationConfig& config) noexcept;
  [[nodiscard]] AssociationConfig* config() const noexcept { return config_; }

  // --- AssociationContext ---
  [[nodiscard]] AssociationStatus status() const noexcept override { return status_; }
  [[nodiscard]] const NegotiatedContext& negotiated() const noexcept override { return negotiated_; }
  [[nodiscard]] const AssociationObjectList& object_list() const noexcept override;
  [[nodiscard]] ByteSpan client_system_title() const noexcept override;
  [[nodiscard]] ByteSpan server_system_title() const noexcept override;
  [[nodiscard]] const apdu::ObisCode* security_setup_reference() const noexcept override {
    return config_ != nullptr ? &config_->security_setup_reference : nullptr;
  }
  apdu::ActionResult reply_to_hls_authentication(ByteSpan f_stoc, ByteWriter& f_ctos) override;
  apdu::ActionResult change_hls_secret(ByteSpan secret) override;
  apdu::DataAccessResult set_lls_secret(ByteSpan secret) override;

  // --- ACSE ---
  // Answers one AARQ APDU with an AARE written to `out`; returns the AARE. Errors only when
  // nothing can be answered: association_errc::buffer_too_small, no_security_context, or a
  // crypto backend failure.
  Result<ByteSpan> on_aarq(ByteSpan aarq, MutableByteSpan out) noexcept;
  // Answers one RLRQ with an RLRE (reason normal) and releases the association. With
  // user-information (a ciphered InitiateRequest in ciphered contexts) the RLRE carries a
  // ciphered InitiateResponse; user-information that does not decipher gets an RLRE with reason
  // not-finished and releases nothing. A pre-established association is never released.
  Result<ByteSpan> on_rlrq(ByteSpan rlrq, MutableByteSpan out) noexcept;
  // The connection went away (HDLC DISC, TCP close): releases (not a pre-established one).
  void release() noexcept;

  // --- protection of the xDLMS APDUs ---
  [[nodiscard]] bool ciphered_context() const noexcept {
    return is_ciphered_context(negotiated_.application_context);
  }
  // Checks one request against the association state, the negotiated context and the
  // security policy and deciphers it into `scratch` (at least apdu.size() octets) if it is
  // ciphered. Errors: not_associated; hls_pending (unless it is reply_to_HLS_authentication);
  // ciphering_not_negotiated; the security_errc of the check that failed
  // (policy_violation, replayed_invocation_counter, authentication_failed,
  // system_title_mismatch, ...). Nothing changes on failure; the receive invocation counter
  // advances only for a verified APDU.
  Result<ProtectedRequest> unprotect_request(ByteSpan apdu, MutableByteSpan scratch) noexcept;
  // Protects a response like its request (glo- / ded- / general-; the authentication and
  // encryption of the request, strengthened by the policy's response bits and by
  // `response_protection`, the access::k*Response bits the engine found); a plain request is
  // answered in plain unless the policy or `response_protection` asks for protection.
  // Returns `plain` itself when no protection applies, else the protected APDU in `out`.
  Result<ByteSpan> protect_response(ByteSpan plain, const ProtectedRequest& request, MutableByteSpan out,
                                    std::uint8_t response_protection = 0) noexcept;
  // Protects an unsolicited APDU (DataNotification, EventNotificationRequest) as the policy's
  // response bits say: glo- when the APDU has a glo- form, else general-glo-ciphering.
  Result<ByteSpan> protect_unsolicited(ByteSpan plain, MutableByteSpan out) noexcept;

  // The invocation counter a client should use next (for the ExceptionResponse
  // invocation-counter-error): with the key whose counter the last refused request reused
  // (the global unicast key until one was refused).
  [[nodiscard]] std::uint32_t expected_invocation_counter() const noexcept;

 private:
  void reset() noexcept;
  // Every status change goes through here: it keeps AssociationConfig::associated_now.
  void set_status(AssociationStatus next) noexcept;
  Result<ByteSpan> protect_with(ByteSpan plain, security::CipheringKind kind, security::SecurityControl sc,
                                MutableByteSpan out) noexcept;
  Result<ProtectedRequest> unprotect_general_ciphering(ByteSpan apdu, MutableByteSpan scratch) noexcept;
  Result<ByteSpan> protect_general_ciphering(ByteSpan plain, const ProtectedRequest& request,
                                             security::SecurityControl sc, MutableByteSpan out) noexcept;
  [[nodiscard]] security::HlsKeys hls_keys() const noexcept;
  [[nodiscard]] security::HlsExchange hls_exchange() const noexcept;

  AssociationConfig* config_ = nullptr;
  AssociationStatus status_ = AssociationStatus::non_associated;
  NegotiatedContext negotiated_;
  security::SystemTitle client_title_;
  bool has_client_title_ = false;
  security::Key dedicated_key_;
  security::InvocationCounters dedicated_counters_;  // RAM only: the key lives one association
  std::array<std::uint8_t, security::kMaxChallengeSize> ctos_{};
  std::array<std::uint8_t, security::kMaxChallengeSize> stoc_{};
  std::uint8_t ctos_size_ = 0;
  std::uint8_t stoc_size_ = 0;
  // The xDLMS InitiateRequest came ciphered: the context's APDUs are expected ciphered.
  bool initiate_ciphered_ = false;
  security::SecurityControl initiate_security_control_;
  // The counter slot of the last request refused as a replay (expected_invocation_counter).
  security::KeyId replay_key_ = security::KeyId::global_unicast_encryption;
  bool replay_dedicated_ = false;
};

}  // namespace dlms::association
