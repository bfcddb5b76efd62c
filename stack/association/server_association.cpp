#include "stack/association/server_association.hpp"

#include <algorithm>
#include <optional>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/release.hpp"
#include "stack/codec/axdr_length.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/general_ciphering.hpp"
#include "stack/security/key_transfer.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::association {

using apdu::AcseServiceProvider;
using apdu::AcseServiceUser;
using apdu::ApplicationContextName;
using apdu::AssociationResult;
using apdu::ConfirmedServiceError;
using apdu::ConfirmedServiceErrorChoice;
using apdu::MechanismName;
using apdu::ResultSourceDiagnostic;
using apdu::ServiceErrorChoice;
using security::CipheringKind;
using security::KeyId;
using security::security_errc;
using security::SecurityControl;

namespace {

// Largest xDLMS InitiateRequest / InitiateResponse handled in an AARQ/AARE or RLRQ/RLRE:
// a plain InitiateRequest with a 32-octet dedicated key is 49 octets; its ciphered form adds
// the header, length, security header and tag.
constexpr std::size_t kMaxInitiateSize = 128;

// What goes into one AARE.
struct AareParts {
  ApplicationContextName context = ApplicationContextName::logical_name;
  AssociationResult result = AssociationResult::accepted;
  ResultSourceDiagnostic diagnostic = ResultSourceDiagnostic::user(AcseServiceUser::null);
  std::optional<ByteSpan> responding_ap_title;
  std::optional<MechanismName> mechanism;  // HLS: responder-acse-requirements, mechanism-name, StoC
  ByteSpan stoc;
  std::optional<ByteSpan> user_information;
};

Result<ByteSpan> write_aare(MutableByteSpan out, const AareParts& parts) noexcept {
  apdu::Aare aare;
  const apdu::DlmsUaOid context_oid = apdu::oid_of(parts.context);
  aare.application_context_name = context_oid.span();
  aare.result = parts.result;
  aare.result_source_diagnostic = parts.diagnostic;
  aare.responding_ap_title = parts.responding_ap_title;
  apdu::DlmsUaOid mechanism_oid{};
  if (parts.mechanism) {
    mechanism_oid = apdu::oid_of(*parts.mechanism);
    aare.responder_acse_requirements = apdu::kAcseRequirementsAuthentication;
    aare.mechanism_name = mechanism_oid.span();
    aare.responding_authentication_value = apdu::AuthenticationValue::charstring(parts.stoc);
  }
  aare.user_information = parts.user_information;
  ByteWriter w(out);
  if (Status s = aare.encode(w); !s || !w.ok()) {
    return association_errc::buffer_too_small;
  }
  return w.written();
}

Result<ByteSpan> reject(MutableByteSpan out, ApplicationContextName context, AssociationResult result,
                        ResultSourceDiagnostic diagnostic,
                        std::optional<ByteSpan> user_information = {}) noexcept {
  AareParts parts;
  parts.context = context;
  parts.result = result;
  parts.diagnostic = diagnostic;
  parts.user_information = user_information;
  return write_aare(out, parts);
}

ConfirmedServiceError initiate_error(apdu::InitiateError e) noexcept {
  return ConfirmedServiceError::make(ConfirmedServiceErrorChoice::initiate_error,
                                     ServiceErrorChoice::initiate, e);
}

ConfirmedServiceError deciphering_error() noexcept {
  return ConfirmedServiceError::make(ConfirmedServiceErrorChoice::initiate_error,
                                     ServiceErrorChoice::application_reference,
                                     apdu::ApplicationReferenceError::deciphering_error);
}

bool is_ciphered_initiate(std::uint8_t tag) noexcept {
  return tag == security::tag::glo_initiate_request || tag == security::tag::general_glo_ciphering;
}

// The xDLMS negotiation of Green Book 9.4.2 (InitiateRequest -> InitiateResponse): version 6,
// conformance intersection, PDU sizes. Fills `response` or returns the initiate error.
std::optional<ConfirmedServiceError> negotiate(const apdu::InitiateRequest& request,
                                               const AssociationConfig& config,
                                               ApplicationContextName context,
                                               apdu::InitiateResponse& response) noexcept {
  if (request.proposed_dlms_version_number < apdu::kDlmsVersion6) {
    return initiate_error(apdu::InitiateError::dlms_version_too_low);
  }
  if (request.client_max_receive_pdu_size < 12) {
    return initiate_error(apdu::InitiateError::pdu_size_too_short);
  }
  const apdu::ConformanceBlock common = request.proposed_conformance & config.conformance;
  if (common.to_u32() == 0) {
    return initiate_error(apdu::InitiateError::incompatible_conformance);
  }
  response.negotiated_quality_of_service.reset();
  response.negotiated_dlms_version_number = apdu::kDlmsVersion6;
  response.negotiated_conformance = common;
  response.server_max_receive_pdu_size = config.max_receive_pdu_size;
  response.vaa_name = (context == ApplicationContextName::short_name ||
                       context == ApplicationContextName::short_name_with_ciphering)
                          ? apdu::kVaaNameShortName
                          : apdu::kVaaNameLogicalName;
  return std::nullopt;
}

template <class T>
Result<ByteSpan> encode_into(const T& value, MutableByteSpan out) noexcept {
  ByteWriter w(out);
  if (Status s = value.encode(w); !s || !w.ok()) {
    return association_errc::buffer_too_small;
  }
  return w.written();
}

std::uint8_t protection_bits(SecurityControl sc) noexcept {
  return static_cast<std::uint8_t>((sc.authenticated() ? access::kAuthenticatedRequest : 0U) |
                                   (sc.encrypted() ? access::kEncryptedRequest : 0U));
}

}  // namespace

bool is_reply_to_hls_authentication(ByteSpan plain) noexcept {
  // action-request-normal: C3 01 invoke-id class-id(2) instance-id(6) method-id ...
  if (plain.size() < 12 || plain[0] != security::tag::action_request || plain[1] != 0x01) {
    return false;
  }
  const auto class_id = static_cast<std::uint16_t>((plain[3] << 8U) | plain[4]);
  const apdu::ObisCode ln(plain[5], plain[6], plain[7], plain[8], plain[9], plain[10]);
  return allowed_while_pending(class_id, ln, static_cast<std::int8_t>(plain[11]));
}

void ServerAssociation::bind(AssociationConfig& config) noexcept {
  set_status(AssociationStatus::non_associated);  // leaves the previous configuration's count
  config_ = &config;
  reset();
}

void ServerAssociation::set_status(AssociationStatus next) noexcept {
  const bool was = status_ == AssociationStatus::associated;
  const bool is = next == AssociationStatus::associated;
  status_ = next;
  if (config_ == nullptr || was == is) {
    return;
  }
  if (is) {
    ++config_->associated_now;
  } else if (config_->associated_now > 0) {
    --config_->associated_now;
  }
}

void ServerAssociation::reset() noexcept {
  set_status(AssociationStatus::non_associated);
  negotiated_ = NegotiatedContext{};
  has_client_title_ = false;
  client_title_ = security::SystemTitle{};
  dedicated_key_.clear();
  dedicated_counters_ = security::InvocationCounters{};
  replay_key_ = KeyId::global_unicast_encryption;
  replay_dedicated_ = false;
  security::secure_wipe(MutableByteSpan(ctos_));
  security::secure_wipe(MutableByteSpan(stoc_));
  ctos_size_ = 0;
  stoc_size_ = 0;
  initiate_ciphered_ = false;
  initiate_security_control_ = SecurityControl{};
  if (config_ == nullptr) {
    return;
  }
  negotiated_.client_sap = config_->client_sap;
  negotiated_.server_sap = config_->server_sap;
  if (config_->pre_established) {
    const bool ciphered =
        config_->security != nullptr && config_->accepts(ApplicationContextName::logical_name_with_ciphering);
    negotiated_.application_context =
        ciphered ? ApplicationContextName::logical_name_with_ciphering : config_->preferred_context();
    negotiated_.mechanism = MechanismName::lowest_level_security;
    negotiated_.conformance = config_->conformance;
    negotiated_.client_max_receive_pdu_size = config_->pre_established_client_max_receive_pdu_size;
    negotiated_.server_max_receive_pdu_size = config_->max_receive_pdu_size;
    if (config_->security != nullptr && config_->security->client_system_title()) {
      client_title_ = *config_->security->client_system_title();
      has_client_title_ = true;
    }
    set_status(AssociationStatus::associated);
  }
}

void ServerAssociation::release() noexcept {
  if (config_ != nullptr && config_->pre_established) {
    return;
  }
  reset();
}

const AssociationObjectList& ServerAssociation::object_list() const noexcept {
  static const AssociationObjectList kEmpty;
  return config_ != nullptr ? config_->objects : kEmpty;
}

ByteSpan ServerAssociation::client_system_title() const noexcept {
  return has_client_title_ ? client_title_.bytes() : ByteSpan();
}

ByteSpan ServerAssociation::server_system_title() const noexcept {
  return config_ != nullptr && config_->security != nullptr ? config_->security->server_system_title().bytes()
                                                            : ByteSpan();
}

security::HlsKeys ServerAssociation::hls_keys() const noexcept {
  security::HlsKeys k;
  k.secret = config_->secret.bytes();
  if (config_->security != nullptr) {
    k.block_cipher_key = config_->security->keys()[KeyId::global_unicast_encryption].bytes();
    k.authentication_key = config_->security->keys()[KeyId::authentication].bytes();
    k.suite = config_->security->suite();
  }
  return k;
}

security::HlsExchange ServerAssociation::hls_exchange() const noexcept {
  security::HlsExchange e;
  e.own_challenge = ByteSpan(stoc_.data(), stoc_size_);
  e.peer_challenge = ByteSpan(ctos_.data(), ctos_size_);
  if (config_->security != nullptr) {
    e.own_title = config_->security->server_system_title();
  }
  e.peer_title = client_title_;
  return e;
}

Result<ByteSpan> ServerAssociation::on_aarq(ByteSpan bytes, MutableByteSpan out) noexcept {
  if (config_ == nullptr) {
    return association_errc::unknown_association;
  }
  AssociationConfig& cfg = *config_;
  ByteReader reader(bytes);
  Result<apdu::Aarq> decoded = apdu::Aarq::decode(reader);
  if (!decoded || !reader.empty()) {
    return reject(out, cfg.preferred_context(), AssociationResult::rejected_permanent,
                  ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given));
  }
  const apdu::Aarq& aarq = *decoded;
  const std::optional<ApplicationContextName> proposed =
      apdu::application_context_name(aarq.application_context_name);
  const ApplicationContextName echo = proposed.value_or(cfg.preferred_context());

  // An association is already open (or pre-established): it stays as it is.
  if (status_ != AssociationStatus::non_associated) {
    return reject(out, echo, AssociationResult::rejected_transient,
                  ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given));
  }
  if (aarq.protocol_version && !aarq.protocol_version->test(0)) {
    return reject(out, echo, AssociationResult::rejected_permanent,
                  ResultSourceDiagnostic::provider(AcseServiceProvider::no_common_acse_version));
  }

  const bool context_ok =
      proposed && cfg.accepts(*proposed) && (!is_ciphered_context(*proposed) || cfg.security != nullptr);
  if (!context_ok) {
    // The AARE names the context the server supports; it still carries the InitiateResponse
    // when the InitiateRequest is plain and acceptable (Green Book AARE example).
    std::array<std::uint8_t, kMaxInitiateSize> buf{};
    std::optional<ByteSpan> ui;
    if (aarq.user_information) {
      Result<apdu::InitiateRequest> req = apdu::decode_initiate_request(*aarq.user_information);
      apdu::InitiateResponse resp;
      if (req && !negotiate(*req, cfg, cfg.preferred_context(), resp)) {
        Result<ByteSpan> enc = encode_into(resp, buf);
        if (enc) {
          ui = *enc;
        }
      }
    }
    return reject(out, cfg.preferred_context(), AssociationResult::rejected_permanent,
                  ResultSourceDiagnostic::user(AcseServiceUser::application_context_name_not_supported), ui);
  }
  const ApplicationContextName context = *proposed;
  const bool ciphered = is_ciphered_context(context);
  const auto user_reject = [&](AcseServiceUser d) {
    return reject(out, context, AssociationResult::rejected_permanent, ResultSourceDiagnostic::user(d));
  };

  // Authentication mechanism (Green Book 9.2.7.4, 9.4.2.2).
  const MechanismName mechanism = cfg.mechanism;
  std::optional<MechanismName> proposed_mechanism;
  if (aarq.mechanism_name) {
    proposed_mechanism = apdu::mechanism_name(*aarq.mechanism_name);
    if (!proposed_mechanism) {
      return user_reject(AcseServiceUser::authentication_mechanism_name_not_recognised);
    }
  }
  const bool hls =
      mechanism != MechanismName::lowest_level_security && mechanism != MechanismName::low_level_security;
  if (mechanism == MechanismName::lowest_level_security) {
    if (proposed_mechanism && *proposed_mechanism != MechanismName::lowest_level_security) {
      return user_reject(AcseServiceUser::authentication_mechanism_name_not_recognised);
    }
  } else {
    if (!proposed_mechanism || !apdu::authentication_required(aarq.sender_acse_requirements)) {
      return user_reject(AcseServiceUser::authentication_mechanism_name_required);
    }
    if (*proposed_mechanism != mechanism || mechanism == MechanismName::high_level_security_ecdsa ||
        (hls && cfg.security == nullptr) ||
        (mechanism == MechanismName::high_level_security && cfg.manufacturer_hls == nullptr)) {
      return user_reject(AcseServiceUser::authentication_mechanism_name_not_recognised);
    }
    if (!aarq.calling_authentication_value ||
        aarq.calling_authentication_value->choice != apdu::AuthenticationValueChoice::charstring) {
      return user_reject(AcseServiceUser::authentication_required);
    }
  }

  // The client system title: calling-AP-title, else the one the Security setup knows.
  std::optional<security::SystemTitle> client_title;
  if (aarq.calling_ap_title) {
    Result<security::SystemTitle> t = security::SystemTitle::from(*aarq.calling_ap_title);
    if (t) {
      client_title = *t;
    } else if (ciphered) {
      return user_reject(AcseServiceUser::calling_ap_title_not_recognized);
    }
  }
  if (!client_title && cfg.security != nullptr && cfg.security->client_system_title()) {
    client_title = *cfg.security->client_system_title();
  }
  const bool needs_title = ciphered || mechanism == MechanismName::high_level_security_gmac ||
                           mechanism == MechanismName::high_level_security_sha256;
  if (needs_title && !client_title) {
    return user_reject(AcseServiceUser::calling_ap_title_not_recognized);
  }

  ByteSpan ctos;
  if (mechanism == MechanismName::low_level_security) {
    if (cfg.secret.empty() ||
        !security::lls_password_matches(cfg.secret.bytes(), aarq.calling_authentication_value->contents)) {
      return user_reject(AcseServiceUser::authentication_failure);
    }
  } else if (hls) {
    ctos = aarq.calling_authentication_value->contents;
    if (ctos.size() < security::kMinChallengeSize || ctos.size() > security::kMaxChallengeSize) {
      return user_reject(AcseServiceUser::authentication_failure);
    }
  }

  // xDLMS InitiateRequest, plain or ciphered (Green Book 9.4.2, 9.2.7.2).
  if (!aarq.user_information || aarq.user_information->empty()) {
    return user_reject(AcseServiceUser::no_reason_given);
  }
  const ByteSpan ui = *aarq.user_information;
  std::array<std::uint8_t, kMaxInitiateSize> plain_buf{};
  ByteSpan initiate_plain;
  bool initiate_ciphered = false;
  SecurityControl initiate_sc;
  CipheringKind initiate_kind = CipheringKind::global;
  const auto reject_with = [&](const ConfirmedServiceError& e, bool cipher) -> Result<ByteSpan> {
    std::array<std::uint8_t, 8> cse_buf{};
    Result<ByteSpan> cse = encode_into(e, cse_buf);
    if (!cse) {
      return cse.error();
    }
    ByteSpan info = *cse;
    std::array<std::uint8_t, kMaxInitiateSize> ciph_buf{};
    if (cipher) {
      security::ProtectionParams p;
      p.security_control = initiate_sc;
      p.kind = initiate_kind;
      p.system_title = cfg.security->server_system_title();
      Result<ByteSpan> c = security::protect_next(cfg.security->backend(), cfg.security->keys(),
                                                  cfg.security->counters(), p, info, ciph_buf);
      if (c) {
        info = *c;
      }
    }
    return reject(out, context, AssociationResult::rejected_permanent,
                  ResultSourceDiagnostic::user(AcseServiceUser::no_reason_given), info);
  };

  if (is_ciphered_initiate(ui[0])) {
    if (!ciphered || ui.size() > plain_buf.size()) {
      return reject_with(deciphering_error(), false);
    }
    SecurityContext& sec = *cfg.security;
    security::UnprotectionParams up;
    up.suite = sec.suite();
    up.peer_system_title = *client_title;
    Result<security::Unprotected> u =
        security::unprotect(sec.backend(), sec.keys(), up, &sec.counters(), ui, plain_buf);
    if (!u || sec.policy().check_request(&u->security_control).error()) {
      return reject_with(deciphering_error(), false);
    }
    initiate_plain = u->apdu;
    initiate_ciphered = true;
    initiate_sc = SecurityControl::make(u->security_control.suite(), u->security_control.authenticated(),
                                        u->security_control.encrypted());
    initiate_kind = u->kind;
  } else {
    if (ciphered && cfg.security->policy().check_request(nullptr).error()) {
      return reject_with(deciphering_error(), false);
    }
    initiate_plain = ui;
  }
  Result<apdu::InitiateRequest> request = apdu::decode_initiate_request(initiate_plain);
  if (!request) {
    return reject_with(initiate_error(apdu::InitiateError::other), initiate_ciphered);
  }
  apdu::InitiateResponse response;
  if (std::optional<ConfirmedServiceError> e = negotiate(*request, cfg, context, response)) {
    return reject_with(*e, initiate_ciphered);
  }
  security::Key dedicated;
  if (request->dedicated_key) {
    Result<security::Key> k = security::Key::from(*request->dedicated_key);
    if (!initiate_ciphered || !initiate_sc.encrypted() || !k ||
        k->size() != security::symmetric_key_size(cfg.security->suite())) {
      return reject_with(initiate_error(apdu::InitiateError::other), initiate_ciphered);
    }
    dedicated = *k;
  }

  // Accepted: the AARE first (into `out`), then the state.
  std::array<std::uint8_t, security::kMaxChallengeSize> stoc{};
  const std::size_t stoc_size =
      std::clamp<std::size_t>(cfg.challenge_size, security::kMinChallengeSize, security::kMaxChallengeSize);
  if (hls) {
    if (Status s =
            security::generate_challenge(cfg.security->backend(), MutableByteSpan(stoc.data(), stoc_size));
        !s) {
      return s.error();
    }
  }
  std::array<std::uint8_t, kMaxInitiateSize> resp_buf{};
  Result<ByteSpan> resp = encode_into(response, resp_buf);
  if (!resp) {
    return resp.error();
  }
  ByteSpan info = *resp;
  std::array<std::uint8_t, kMaxInitiateSize> ciph_buf{};
  if (initiate_ciphered) {
    security::ProtectionParams p;
    p.security_control = initiate_sc;
    p.kind = initiate_kind;
    p.system_title = cfg.security->server_system_title();
    Result<ByteSpan> c = security::protect_next(cfg.security->backend(), cfg.security->keys(),
                                                cfg.security->counters(), p, info, ciph_buf);
    if (!c) {
      return c.error();
    }
    info = *c;
  }
  AareParts parts;
  parts.context = context;
  if (hls) {
    parts.diagnostic = ResultSourceDiagnostic::user(AcseServiceUser::authentication_required);
    parts.mechanism = mechanism;
    parts.stoc = ByteSpan(stoc.data(), stoc_size);
  }
  if (cfg.security != nullptr && (ciphered || aarq.calling_ap_title)) {
    parts.responding_ap_title = cfg.security->server_system_title().bytes();
  }
  parts.user_information = info;
  Result<ByteSpan> aare = write_aare(out, parts);
  if (!aare) {
    return aare.error();
  }

  negotiated_.client_sap = cfg.client_sap;
  negotiated_.server_sap = cfg.server_sap;
  negotiated_.application_context = context;
  negotiated_.mechanism = mechanism;
  negotiated_.conformance = response.negotiated_conformance;
  negotiated_.client_max_receive_pdu_size =
      std::min<std::uint16_t>(request->client_max_receive_pdu_size, cfg.max_receive_pdu_size);
  negotiated_.server_max_receive_pdu_size = cfg.max_receive_pdu_size;
  negotiated_.dlms_version = apdu::kDlmsVersion6;
  negotiated_.security_suite = cfg.security != nullptr ? static_cast<std::uint8_t>(cfg.security->suite()) : 0;
  has_client_title_ = false;
  client_title_ = security::SystemTitle{};
  if (client_title) {
    client_title_ = *client_title;
    has_client_title_ = true;
    if (cfg.security != nullptr && aarq.calling_ap_title) {
      cfg.security->set_client_system_title(*client_title);
    }
  }
  dedicated_key_ = dedicated;
  dedicated_counters_ = security::InvocationCounters{};
  initiate_ciphered_ = initiate_ciphered;
  initiate_security_control_ = initiate_sc;
  if (hls) {
    std::copy(ctos.begin(), ctos.end(), ctos_.begin());
    ctos_size_ = static_cast<std::uint8_t>(ctos.size());
    std::copy(stoc.begin(), stoc.begin() + static_cast<std::ptrdiff_t>(stoc_size), stoc_.begin());
    stoc_size_ = static_cast<std::uint8_t>(stoc_size);
    set_status(AssociationStatus::association_pending);
  } else {
    set_status(AssociationStatus::associated);
  }
  return aare;
}

Result<ByteSpan> ServerAssociation::on_rlrq(ByteSpan bytes, MutableByteSpan out) noexcept {
  ByteReader reader(bytes);
  Result<apdu::Rlrq> decoded = apdu::Rlrq::decode(reader);
  apdu::Rlre rlre;
  rlre.reason = apdu::ReleaseResponseReason::normal;
  if (!decoded || !reader.empty() || config_ == nullptr || config_->pre_established) {
    // Malformed, or a pre-established association (never released): nothing changes.
    rlre.reason = apdu::ReleaseResponseReason::not_finished;
    return encode_into(rlre, out);
  }
  std::array<std::uint8_t, kMaxInitiateSize> plain_buf{};
  std::array<std::uint8_t, kMaxInitiateSize> resp_buf{};
  std::array<std::uint8_t, kMaxInitiateSize> ciph_buf{};
  if (decoded->user_information && !decoded->user_information->empty() &&
      status_ != AssociationStatus::non_associated) {
    const ByteSpan ui = *decoded->user_information;
    ByteSpan initiate_plain = ui;
    bool ciphered = false;
    SecurityControl sc;
    CipheringKind kind = CipheringKind::global;
    if (is_ciphered_initiate(ui[0])) {
      SecurityContext* sec = config_->security;
      if (!ciphered_context() || sec == nullptr || ui.size() > plain_buf.size()) {
        rlre.reason = apdu::ReleaseResponseReason::not_finished;
        return encode_into(rlre, out);
      }
      security::UnprotectionParams up;
      up.suite = sec->suite();
      up.peer_system_title = client_title_;
      Result<security::Unprotected> u =
          security::unprotect(sec->backend(), sec->keys(), up, &sec->counters(), ui, plain_buf);
      if (!u) {
        rlre.reason = apdu::ReleaseResponseReason::not_finished;
        return encode_into(rlre, out);
      }
      initiate_plain = u->apdu;
      ciphered = true;
      sc = SecurityControl::make(u->security_control.suite(), u->security_control.authenticated(),
                                 u->security_control.encrypted());
      kind = u->kind;
    }
    Result<apdu::InitiateRequest> request = apdu::decode_initiate_request(initiate_plain);
    apdu::InitiateResponse response;
    if (request && !negotiate(*request, *config_, negotiated_.application_context, response)) {
      response.negotiated_conformance = negotiated_.conformance;
      Result<ByteSpan> resp = encode_into(response, resp_buf);
      if (!resp) {
        return resp.error();
      }
      ByteSpan info = *resp;
      if (ciphered) {
        security::ProtectionParams p;
        p.security_control = sc;
        p.kind = kind;
        p.system_title = config_->security->server_system_title();
        Result<ByteSpan> c = security::protect_next(config_->security->backend(), config_->security->keys(),
                                                    config_->security->counters(), p, info, ciph_buf);
        if (!c) {
          return c.error();
        }
        info = *c;
      }
      rlre.user_information = info;
    }
  }
  Result<ByteSpan> written = encode_into(rlre, out);
  if (written) {
    reset();
  }
  return written;
}

apdu::ActionResult ServerAssociation::reply_to_hls_authentication(ByteSpan f_stoc, ByteWriter& f_ctos) {
  if (config_ == nullptr || status_ != AssociationStatus::association_pending ||
      config_->security == nullptr) {
    return apdu::ActionResult::read_write_denied;
  }
  const auto mechanism = static_cast<security::AuthenticationMechanism>(negotiated_.mechanism);
  SecurityContext& sec = *config_->security;
  const security::HlsKeys keys = hls_keys();
  const security::HlsExchange exchange = hls_exchange();
  // Mechanism 5: the client's IC inside f(StoC) needs no replay check of its own: the GMAC
  // covers the fresh StoC of this association.
  Result<security::HlsCheckResult> checked =
      security::hls_check(sec.backend(), mechanism, keys, exchange, f_stoc, config_->manufacturer_hls);
  if (!checked) {
    // Green Book 9.2.7.4: a failed pass 3 leaves the association non-associated. The
    // negotiated context stays until the next bind / AARQ so that the answer to this very
    // request is still protected like its request.
    set_status(AssociationStatus::non_associated);
    security::secure_wipe(MutableByteSpan(stoc_));
    security::secure_wipe(MutableByteSpan(ctos_));
    stoc_size_ = 0;
    ctos_size_ = 0;
    return apdu::ActionResult::other_reason;
  }
  std::array<std::uint8_t, security::kMaxHlsAnswerSize> answer{};
  std::uint32_t ic = 0;
  if (mechanism == security::AuthenticationMechanism::hls_gmac) {
    Result<std::uint32_t> next = sec.counters().next_send(KeyId::global_unicast_encryption);
    if (!next) {
      return apdu::ActionResult::temporary_failure;
    }
    ic = *next;
  }
  Result<std::size_t> n =
      security::hls_answer(sec.backend(), mechanism, keys, exchange, ic, answer, config_->manufacturer_hls);
  if (!n) {
    return apdu::ActionResult::temporary_failure;
  }
  const std::size_t mark = f_ctos.size();
  f_ctos.u8(0x09);  // octet-string
  codec::axdr::write_length(f_ctos, *n);
  f_ctos.bytes(ByteSpan(answer.data(), *n));
  if (!f_ctos.ok()) {
    f_ctos.truncate(mark);
    return apdu::ActionResult::temporary_failure;
  }
  set_status(AssociationStatus::associated);
  security::secure_wipe(MutableByteSpan(stoc_));
  security::secure_wipe(MutableByteSpan(ctos_));
  return apdu::ActionResult::success;
}

apdu::ActionResult ServerAssociation::change_hls_secret(ByteSpan secret) {
  if (config_ == nullptr || secret.empty() || !config_->secret.assign(secret)) {
    return apdu::ActionResult::type_unmatched;
  }
  return apdu::ActionResult::success;
}

apdu::DataAccessResult ServerAssociation::set_lls_secret(ByteSpan secret) {
  if (config_ == nullptr || secret.empty() || !config_->secret.assign(secret)) {
    return apdu::DataAccessResult::type_unmatched;
  }
  return apdu::DataAccessResult::success;
}

std::uint32_t ServerAssociation::expected_invocation_counter() const noexcept {
  if (config_ == nullptr || config_->security == nullptr) {
    return 0;
  }
  const security::InvocationCounters& counters =
      replay_dedicated_ ? dedicated_counters_ : config_->security->counters();
  const auto last = counters.last_received(replay_key_);
  return last ? *last + 1U : 0U;
}

Result<ProtectedRequest> ServerAssociation::unprotect_request(ByteSpan apdu,
                                                              MutableByteSpan scratch) noexcept {
  if (config_ == nullptr || status_ == AssociationStatus::non_associated) {
    return association_errc::not_associated;
  }
  const bool pending = status_ == AssociationStatus::association_pending;
  ProtectedRequest req;
  if (apdu.empty() || (!security::is_ciphered_tag(apdu[0]) && apdu[0] != security::tag::general_ciphering)) {
    // Plain: the policy binds the ciphered contexts only (a context without ciphering
    // cannot carry protection).
    if (ciphered_context() && config_->security != nullptr) {
      if (Status s = config_->security->policy().check_request(nullptr); !s) {
        return s.error();
      }
    }
    if (pending && !is_reply_to_hls_authentication(apdu)) {
      return association_errc::hls_pending;
    }
    req.apdu = apdu;
    return req;
  }
  if (!ciphered_context() || config_->security == nullptr) {
    return association_errc::ciphering_not_negotiated;
  }
  if (apdu[0] == security::tag::general_ciphering) {
    return unprotect_general_ciphering(apdu, scratch);
  }
  SecurityContext& sec = *config_->security;
  // Validate, then act: structure, policy and counter are checked before deciphering, the
  // counter is recorded only once everything passed.
  Result<security::CipheredApdu> parsed = security::parse_ciphered_apdu(apdu);
  if (!parsed) {
    return parsed.error();
  }
  if (Status s = sec.policy().check_request(&parsed->security_control); !s) {
    return s.error();
  }
  const bool dedicated = security::is_dedicated(parsed->kind);
  if (dedicated && !dedicated_key_.is_set()) {
    return security_errc::key_not_set;
  }
  security::InvocationCounters& counters = dedicated ? dedicated_counters_ : sec.counters();
  const KeyId key_id = security::encryption_key_for(parsed->kind, parsed->security_control);
  if (Status s = counters.check_received(key_id, parsed->invocation_counter); !s) {
    replay_key_ = key_id;
    replay_dedicated_ = dedicated;
    return s.error();
  }
  security::UnprotectionParams up;
  up.suite = sec.suite();
  up.peer_system_title = client_title_;
  Result<security::Unprotected> u = [&]() {
    if (dedicated) {
      security::KeySet keys = sec.keys();
      keys[KeyId::dedicated] = dedicated_key_;
      Result<security::Unprotected> r = security::unprotect(sec.backend(), keys, up, nullptr, apdu, scratch);
      keys[KeyId::dedicated].clear();
      return r;
    }
    return security::unprotect(sec.backend(), sec.keys(), up, nullptr, apdu, scratch);
  }();
  if (!u) {
    return u.error();
  }
  if (pending && !is_reply_to_hls_authentication(u->apdu)) {
    security::secure_wipe(MutableByteSpan(const_cast<std::uint8_t*>(u->apdu.data()), u->apdu.size()));
    return association_errc::hls_pending;
  }
  if (Status s = counters.accept_received(key_id, u->invocation_counter); !s) {
    return s.error();
  }
  req.apdu = u->apdu;
  req.ciphered = true;
  req.kind = u->kind;
  req.security_control = u->security_control;
  req.invocation_counter = u->invocation_counter;
  req.protection = protection_bits(u->security_control);
  return req;
}

Result<ProtectedRequest> ServerAssociation::unprotect_general_ciphering(ByteSpan apdu,
                                                                        MutableByteSpan scratch) noexcept {
  SecurityContext& sec = *config_->security;
  Result<security::OpenedGeneralCiphering> o = security::open_general_ciphering(
      sec.backend(), sec.keys(), sec.suite(), client_title_, sec.server_system_title(), apdu, scratch);
  if (!o) {
    return o.error();
  }
  const auto wipe = [&]() {
    security::secure_wipe(MutableByteSpan(const_cast<std::uint8_t*>(o->apdu.data()), o->apdu.size()));
  };
  if (Status s = sec.policy().check_request(&o->security_control); !s) {
    wipe();
    return s.error();
  }
  if (Status s = sec.counters().check_received(o->counter_key, o->invocation_counter); !s) {
    replay_key_ = o->counter_key;
    replay_dedicated_ = false;
    wipe();
    return s.error();
  }
  if (status_ == AssociationStatus::association_pending && !is_reply_to_hls_authentication(o->apdu)) {
    wipe();
    return association_errc::hls_pending;
  }
  if (Status s = sec.counters().accept_received(o->counter_key, o->invocation_counter); !s) {
    wipe();
    return s.error();
  }
  ProtectedRequest req;
  req.apdu = o->apdu;
  req.ciphered = true;
  req.kind = CipheringKind::general_global;
  req.security_control = o->security_control;
  req.invocation_counter = o->invocation_counter;
  req.protection = protection_bits(o->security_control);
  req.general_ciphering = true;
  req.transaction_id = o->header.transaction_id;
  req.key_kind = o->key_kind;
  req.key_id = o->key_id;
  return req;
}

Result<ByteSpan> ServerAssociation::protect_general_ciphering(ByteSpan plain, const ProtectedRequest& request,
                                                              SecurityControl sc,
                                                              MutableByteSpan out) noexcept {
  SecurityContext& sec = *config_->security;
  const KeyId counter_key = security::counter_key_for(request.key_kind, request.key_id);
  security::GeneralCipheringSeal p;
  p.header.transaction_id = request.transaction_id;
  p.header.originator_system_title = sec.server_system_title().bytes();
  p.header.recipient_system_title = client_title_.bytes();
  p.authentication_key = sec.keys()[KeyId::authentication].bytes();
  p.security_control = sc;
  p.key_info.kind = request.key_kind;
  p.key_info.key_id = request.key_id;
  security::Key fresh;
  std::array<std::uint8_t, security::Key::kMaxSize + 8> wrapped{};
  if (request.key_kind == apdu::KeyInfo::Kind::wrapped_key) {
    // A fresh content key for the answer, wrapped with the master key.
    Result<ByteSpan> w = security::fresh_wrapped_key(
        sec.backend(), sec.keys()[KeyId::master], security::symmetric_key_size(sec.suite()), fresh, wrapped);
    if (!w) {
      return w.error();
    }
    p.key_info.key_ciphered_data = *w;
    p.key = fresh.bytes();
  } else {
    p.key = sec.keys()[counter_key].bytes();
  }
  Result<std::uint32_t> ic = sec.counters().next_send(counter_key);
  if (!ic) {
    fresh.clear();
    return ic.error();
  }
  p.invocation_counter = *ic;
  Result<ByteSpan> r = security::seal_general_ciphering(sec.backend(), p, plain, out);
  fresh.clear();
  return r;
}

Result<ByteSpan> ServerAssociation::protect_with(ByteSpan plain, CipheringKind kind, SecurityControl sc,
                                                 MutableByteSpan out) noexcept {
  SecurityContext& sec = *config_->security;
  security::ProtectionParams p;
  p.security_control = sc;
  p.kind = kind;
  p.system_title = sec.server_system_title();
  if (security::is_dedicated(kind)) {
    security::KeySet keys = sec.keys();
    keys[KeyId::dedicated] = dedicated_key_;
    Result<ByteSpan> r = security::protect_next(sec.backend(), keys, dedicated_counters_, p, plain, out);
    keys[KeyId::dedicated].clear();
    return r;
  }
  return security::protect_next(sec.backend(), sec.keys(), sec.counters(), p, plain, out);
}

Result<ByteSpan> ServerAssociation::protect_response(ByteSpan plain, const ProtectedRequest& request,
                                                     MutableByteSpan out,
                                                     std::uint8_t response_protection) noexcept {
  if (config_ == nullptr || config_->security == nullptr || !ciphered_context() || plain.empty()) {
    return plain;
  }
  const security::SecurityPolicy policy = config_->security->policy();
  const bool authenticated = request.security_control.authenticated() || policy.authenticated_response() ||
                             (response_protection & access::kAuthenticatedResponse) != 0;
  const bool encrypted = request.security_control.encrypted() || policy.encrypted_response() ||
                         (response_protection & access::kEncryptedResponse) != 0;
  if (!authenticated && !encrypted) {
    return plain;
  }
  if (request.general_ciphering) {
    return protect_general_ciphering(
        plain, request, SecurityControl::make(config_->security->suite(), authenticated, encrypted), out);
  }
  CipheringKind kind = request.ciphered ? request.kind : CipheringKind::global;
  if (security::is_dedicated(kind) && !dedicated_key_.is_set()) {
    kind = security::is_general(kind) ? CipheringKind::general_global : CipheringKind::global;
  }
  if (!security::is_general(kind)) {
    const bool has_form = security::is_dedicated(kind) ? security::ded_tag_for(plain[0]).has_value()
                                                       : security::glo_tag_for(plain[0]).has_value();
    if (!has_form) {
      // e.g. an ExceptionResponse: no service-specific ciphered form; sent as it is.
      return plain;
    }
  }
  return protect_with(plain, kind,
                      SecurityControl::make(config_->security->suite(), authenticated, encrypted), out);
}

Result<ByteSpan> ServerAssociation::protect_unsolicited(ByteSpan plain, MutableByteSpan out) noexcept {
  if (config_ == nullptr || config_->security == nullptr || !ciphered_context() || plain.empty()) {
    return plain;
  }
  const security::SecurityPolicy policy = config_->security->policy();
  if (!policy.response_needs_protection()) {
    return plain;
  }
  const CipheringKind kind =
      security::glo_tag_for(plain[0]).has_value() ? CipheringKind::global : CipheringKind::general_global;
  return protect_with(plain, kind,
                      SecurityControl::make(config_->security->suite(), policy.authenticated_response(),
                                            policy.encrypted_response()),
                      out);
}

}  // namespace dlms::association
