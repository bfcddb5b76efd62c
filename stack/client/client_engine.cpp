#include "stack/client/client_engine.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/action.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/exception_response.hpp"
#include "stack/apdu/general_block_transfer.hpp"
#include "stack/apdu/get.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/release.hpp"
#include "stack/apdu/set.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/axdr_length.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/ciphered_tags.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/general_ciphering.hpp"
#include "stack/security/key_transfer.hpp"
#include "stack/security/protection.hpp"

namespace dlms::client {
namespace {

using security::AuthenticationMechanism;

constexpr bool is_hls(AuthenticationMechanism m) noexcept {
  return m >= AuthenticationMechanism::hls_manufacturer && m <= AuthenticationMechanism::hls_sha256;
}

constexpr bool needs_titles(AuthenticationMechanism m) noexcept {
  return m == AuthenticationMechanism::hls_gmac || m == AuthenticationMechanism::hls_sha256;
}

constexpr bool is_ciphered_context(apdu::ApplicationContextName c) noexcept {
  return c == apdu::ApplicationContextName::logical_name_with_ciphering ||
         c == apdu::ApplicationContextName::short_name_with_ciphering;
}

std::size_t access_size(const std::optional<apdu::SelectiveAccessDescriptor>& access) noexcept {
  return access ? 2 + access->access_parameters.encoded().size() : 1;
}

std::size_t length_size(std::size_t n) noexcept {
  if (n < 0x80) {
    return 1;
  }
  if (n <= 0xFF) {
    return 2;
  }
  if (n <= 0xFFFF) {
    return 3;
  }
  return 5;
}

// Decodes a whole APDU with `Decode`, refusing trailing bytes.
template <class T>
Result<T> decode_exact(ByteSpan apdu, const codec::Limits& limits) {
  ByteReader in(apdu);
  Result<T> r = T::decode(in, limits);
  if (r && !in.empty()) {
    return apdu::xdlms_errc::trailing_bytes;
  }
  return r;
}

// Decodes the whole response APDU `T` (`apdu` not empty): unexpected_response if `apdu` is
// another APDU.
template <class T>
Result<T> decode_response(ByteSpan apdu, const codec::Limits& limits) {
  if (apdu[0] != T::kTag) {
    return client_errc::unexpected_response;
  }
  return decode_exact<T>(apdu, limits);
}

}  // namespace

ClientEngine::ClientEngine(const ClientConfig& config, security::CryptoBackend* backend,
                           EngineBuffers buffers) noexcept
    : config_(config), backend_(backend), buffers_(buffers), counters_(config.counter_store, 0, 1) {
  if (config_.counter_store != nullptr) {
    (void)counters_.load();
  }
  if (config_.invocation_counter > counters_.peek_send(security::KeyId::global_unicast_encryption)) {
    (void)counters_.set_send(security::KeyId::global_unicast_encryption, config_.invocation_counter);
  }
  // general-ciphering with wrapped-key counts its requests in the master key's slot.
  if (config_.ciphering && config_.ciphering->general == GeneralCipheringKey::wrapped &&
      config_.invocation_counter > counters_.peek_send(security::KeyId::master)) {
    (void)counters_.set_send(security::KeyId::master, config_.invocation_counter);
  }
  next_invoke_id_ = static_cast<std::uint8_t>(config_.invoke_id & 0x0FU);
}

std::size_t ClientEngine::server_max_pdu() const noexcept {
  std::size_t n = info_.server_max_receive_pdu_size;
  if (n == 0) {
    n = 0xFFFF;
  }
  if (config_.assume_server_max_pdu != 0) {
    n = std::min<std::size_t>(n, config_.assume_server_max_pdu);
  }
  return n;
}

bool ClientEngine::gbt_active() const noexcept {
  return config_.use_general_block_transfer && gbt_negotiated_ && op_ != Operation::associate &&
         op_ != Operation::release;
}

std::size_t ClientEngine::cipher_overhead() const noexcept {
  std::size_t n = 0;
  if (ciphering_) {
    // tag, length (up to 3 octets), SC, IC, GCM tag; general-*: system title with its length.
    n += 1 + 3 + security::kSecurityHeaderSize + security::kGcmTagSize;
    if (config_.ciphering->general) {
      // transaction-id, originator and recipient titles, empty date-time and
      // other-information, key-info (a wrapped key at most).
      n += 3 * (1 + security::SystemTitle::kSize) + 2 + 3;
      if (*config_.ciphering->general == GeneralCipheringKey::wrapped) {
        n += 1 + wrapped_key_.size();
      }
    } else if (security::is_general(config_.ciphering->kind)) {
      n += 1 + security::SystemTitle::kSize;
    }
  }
  if (gbt_active()) {
    n += 1 + 1 + 2 + 2 + 3;
  }
  return n;
}

std::size_t ClientEngine::result_limit() const noexcept {
  std::size_t n = result_.size();
  if (config_.max_response_size != 0) {
    n = std::min(n, config_.max_response_size);
  }
  return n;
}

std::size_t ClientEngine::block_payload(std::size_t header) const noexcept {
  const std::size_t fixed = header + cipher_overhead() + 3;  // 3: the raw-data length
  const std::size_t max = server_max_pdu();
  return max > fixed ? max - fixed : 0;
}

// ---- Operation life cycle ----

Status ClientEngine::begin(Operation op) noexcept {
  if (op_ != Operation::none) {
    return client_errc::busy;
  }
  if (op != Operation::associate && !info_.associated) {
    return client_errc::not_associated;
  }
  op_ = op;
  pending_ = Pending::none;
  awaiting_response_ = false;
  outcome_ = DlmsOutcome::success();
  result_ = MutableByteSpan();
  sink_ = nullptr;
  result_size_ = 0;
  action_return_dar_.reset();
  access_.reset();
  value_.reset();
  attribute_list_ = {};
  values_ = {};
  stream_prefix_size_ = 0;
  stream_size_ = 0;
  stream_offset_ = 0;
  block_size_ = 0;
  block_number_ = 0;
  blocks_received_ = 0;
  blocks_sent_ = 0;
  // Each exchange is its own GBT procedure: block numbers restart at 1 (Green Book 9.3.11).
  gbt_sent_ = 0;
  gbt_received_ = 0;
  gbt_size_ = 0;
  gbt_blocks_ = 0;
  if (config_.increment_invoke_id) {
    invoke_ = apdu::InvokeIdAndPriority::make(next_invoke_id_, config_.confirmed, config_.high_priority);
    next_invoke_id_ = static_cast<std::uint8_t>((next_invoke_id_ + 1U) & 0x0FU);
  } else {
    invoke_ = apdu::InvokeIdAndPriority::make(config_.invoke_id, config_.confirmed, config_.high_priority);
  }
  return {};
}

void ClientEngine::finish(const DlmsOutcome& outcome) noexcept {
  outcome_ = outcome;
  op_ = Operation::none;
  pending_ = Pending::none;
  awaiting_response_ = false;
  release_sink();
}

void ClientEngine::release_sink() noexcept {
  // result() stays valid without the sink: its kept octets (none for a streaming sink).
  if (sink_ != nullptr) {
    result_ = result_buffer();
    result_size_ = std::min(result_size_, result_.size());
    sink_ = nullptr;
  }
}

std::error_code ClientEngine::fail(std::error_code ec) noexcept {
  if (op_ == Operation::associate) {
    info_.associated = false;
    ciphering_ = false;
  }
  op_ = Operation::none;
  pending_ = Pending::none;
  awaiting_response_ = false;
  release_sink();
  return ec;
}

void ClientEngine::abort() noexcept { (void)fail({}); }

Status ClientEngine::set_buffers(EngineBuffers buffers) noexcept {
  if (op_ != Operation::none) {
    return client_errc::busy;
  }
  buffers_ = buffers;
  return {};
}

void ClientEngine::reset() noexcept {
  abort();
  info_ = AssociationInfo{};
  ciphering_ = false;
  gbt_negotiated_ = false;
}

Status ClientEngine::begin_associate() noexcept {
  if (info_.associated) {
    return client_errc::already_associated;
  }
  const AuthenticationMechanism m = config_.mechanism;
  const bool protect =
      config_.ciphering.has_value() && (config_.ciphering->security_control.authenticated() ||
                                        config_.ciphering->security_control.encrypted());
  if (m == AuthenticationMechanism::hls_ecdsa || m > AuthenticationMechanism::hls_ecdsa) {
    return security::security_errc::unsupported_mechanism;
  }
  if ((is_hls(m) || protect) && backend_ == nullptr) {
    return client_errc::invalid_configuration;
  }
  if (is_hls(m) && (config_.challenge_size < security::kMinChallengeSize ||
                    config_.challenge_size > security::kMaxChallengeSize)) {
    return client_errc::invalid_configuration;
  }
  if (config_.use_dedicated_key && !config_.keys[security::KeyId::dedicated].is_set()) {
    return client_errc::invalid_configuration;
  }
  if (protect && config_.ciphering->general == GeneralCipheringKey::wrapped &&
      !config_.keys[security::KeyId::master].is_set()) {
    return client_errc::invalid_configuration;
  }
  if (Status s = begin(Operation::associate); !s) {
    return s;
  }
  info_ = AssociationInfo{};
  ciphering_ = false;
  gbt_negotiated_ = false;
  info_.mechanism = m;
  info_.application_context =
      config_.application_context.value_or(config_.ciphering || config_.use_dedicated_key
                                               ? apdu::ApplicationContextName::logical_name_with_ciphering
                                               : apdu::ApplicationContextName::logical_name);
  info_.proposed_conformance = config_.proposed_conformance;
  info_.client_max_receive_pdu_size = config_.max_receive_pdu_size;
  context_oid_ = apdu::oid_of(info_.application_context);
  mechanism_oid_ = apdu::oid_of(static_cast<apdu::MechanismName>(m));
  if (is_hls(m)) {
    if (Status s = security::generate_challenge(*backend_,
                                                MutableByteSpan(challenge_.data(), config_.challenge_size));
        !s) {
      return fail(s.error());
    }
  }

  // The xDLMS InitiateRequest, glo-ciphered when requests are protected (Green Book 9.2.7.2.4).
  apdu::InitiateRequest ir;
  if (config_.use_dedicated_key) {
    ir.dedicated_key = config_.keys[security::KeyId::dedicated].bytes();
  }
  ir.proposed_conformance = config_.proposed_conformance;
  ir.client_max_receive_pdu_size = config_.max_receive_pdu_size;
  ByteWriter w(initiate_plain_);
  if (Status s = ir.encode(w); !s) {
    return fail(s.error());
  }
  if (protect && is_ciphered_context(info_.application_context)) {
    security::ProtectionParams p;
    p.security_control = config_.ciphering->security_control;
    p.kind = security::is_general(config_.ciphering->kind) ? security::CipheringKind::general_global
                                                           : security::CipheringKind::global;
    p.system_title = config_.system_title;
    Result<ByteSpan> c = security::protect_next(*backend_, config_.keys, counters_, p, w.written(),
                                                MutableByteSpan(initiate_));
    if (!c) {
      return fail(c.error());
    }
    initiate_size_ = c->size();
  } else {
    std::copy(w.written().begin(), w.written().end(), initiate_.begin());
    initiate_size_ = w.size();
  }
  pending_ = Pending::aarq;
  return {};
}

Status ClientEngine::begin_get(const apdu::CosemAttributeDescriptor& attribute,
                               const std::optional<apdu::SelectiveAccessDescriptor>& access,
                               MutableByteSpan result) noexcept {
  if (Status s = begin(Operation::get); !s) {
    return s;
  }
  attribute_ = attribute;
  access_ = access;
  result_ = result;
  pending_ = Pending::get_normal;
  return {};
}

Status ClientEngine::begin_get(const apdu::CosemAttributeDescriptor& attribute,
                               const std::optional<apdu::SelectiveAccessDescriptor>& access,
                               ResultSink& sink) noexcept {
  if (Status s = begin_get(attribute, access, MutableByteSpan()); !s) {
    return s;
  }
  sink_ = &sink;
  return {};
}

Status ClientEngine::begin_get_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                                    ResultSink& sink) noexcept {
  if (Status s = begin_get_list(attributes, MutableByteSpan()); !s) {
    return s;
  }
  sink_ = &sink;
  return {};
}

Status ClientEngine::begin_set_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                                    std::span<const codec::DataView> values, ResultSink& sink) noexcept {
  if (Status s = begin_set_list(attributes, values, MutableByteSpan()); !s) {
    return s;
  }
  sink_ = &sink;
  return {};
}

Status ClientEngine::begin_action(const apdu::CosemMethodDescriptor& method,
                                  std::optional<codec::DataView> parameters, ResultSink& sink) noexcept {
  if (Status s = begin_action(method, parameters, MutableByteSpan()); !s) {
    return s;
  }
  sink_ = &sink;
  return {};
}

Status ClientEngine::begin_get_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                                    MutableByteSpan result) noexcept {
  if (attributes.empty() || attributes.size() > config_.limits.max_list_items) {
    return client_errc::invalid_configuration;
  }
  if (Status s = begin(Operation::get_list); !s) {
    return s;
  }
  attribute_list_ = attributes;
  result_ = result;
  pending_ = Pending::get_list;
  return {};
}

Status ClientEngine::begin_set(const apdu::CosemAttributeDescriptor& attribute,
                               const std::optional<apdu::SelectiveAccessDescriptor>& access,
                               codec::DataView value) noexcept {
  if (value.empty()) {
    return apdu::xdlms_errc::invalid_field;
  }
  if (Status s = begin(Operation::set); !s) {
    return s;
  }
  attribute_ = attribute;
  access_ = access;
  value_ = value;
  const std::size_t header = 3 + 9 + access_size(access);
  if (header + value.encoded().size() + cipher_overhead() <= server_max_pdu()) {
    pending_ = Pending::set_normal;
    return {};
  }
  // Too long for one APDU: set-request-with-first-datablock (Green Book 9.3.9, block transfer).
  if (!info_.negotiated_conformance.has(apdu::ConformanceBit::block_transfer_with_set_or_write)) {
    return fail(client_errc::request_too_large);
  }
  stream_size_ = value.encoded().size();
  block_size_ = block_payload(header + 5);
  if (block_size_ == 0) {
    return fail(client_errc::request_too_large);
  }
  pending_ = Pending::set_first_block;
  return {};
}

Status ClientEngine::begin_set_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                                    std::span<const codec::DataView> values,
                                    MutableByteSpan result) noexcept {
  if (attributes.empty() || attributes.size() != values.size() ||
      attributes.size() > config_.limits.max_list_items) {
    return client_errc::invalid_configuration;
  }
  for (const codec::DataView& v : values) {
    if (v.empty()) {
      return apdu::xdlms_errc::invalid_field;
    }
  }
  if (Status s = begin(Operation::set_list); !s) {
    return s;
  }
  attribute_list_ = attributes;
  values_ = values;
  result_ = result;
  std::size_t header = 3 + length_size(attributes.size());
  for (const auto& a : attributes) {
    header += 9 + access_size(a.access_selection);
  }
  ByteWriter prefix(stream_prefix_);
  codec::axdr::write_length(prefix, values.size());
  stream_prefix_size_ = prefix.size();
  stream_size_ = stream_prefix_size_;
  for (const codec::DataView& v : values) {
    stream_size_ += v.encoded().size();
  }
  if (header + stream_size_ + cipher_overhead() <= server_max_pdu()) {
    pending_ = Pending::set_list;
    return {};
  }
  if (!info_.negotiated_conformance.has(apdu::ConformanceBit::block_transfer_with_set_or_write)) {
    return fail(client_errc::request_too_large);
  }
  block_size_ = block_payload(header + 5);
  if (block_size_ == 0 || buffers_.response_scratch.size() < block_size_) {
    return fail(block_size_ == 0 ? client_errc::request_too_large : client_errc::buffer_too_small);
  }
  pending_ = Pending::set_list_first_block;
  return {};
}

Status ClientEngine::begin_action(const apdu::CosemMethodDescriptor& method,
                                  std::optional<codec::DataView> parameters,
                                  MutableByteSpan result) noexcept {
  if (parameters && parameters->empty()) {
    return apdu::xdlms_errc::invalid_field;
  }
  if (Status s = begin(Operation::action); !s) {
    return s;
  }
  method_ = method;
  value_ = parameters;
  result_ = result;
  const std::size_t header = 3 + 9 + 1;
  const std::size_t size = parameters ? parameters->encoded().size() : 0;
  if (header + size + cipher_overhead() <= server_max_pdu()) {
    pending_ = Pending::action_normal;
    return {};
  }
  // Too long: action-request-with-first-pblock (Green Book 9.3.10, block transfer).
  if (!info_.negotiated_conformance.has(apdu::ConformanceBit::block_transfer_with_action)) {
    return fail(client_errc::request_too_large);
  }
  stream_size_ = size;
  block_size_ = block_payload(3 + 9 + 5);
  if (block_size_ == 0) {
    return fail(client_errc::request_too_large);
  }
  pending_ = Pending::action_first_pblock;
  return {};
}

Status ClientEngine::begin_release() noexcept {
  if (Status s = begin(Operation::release); !s) {
    return s;
  }
  release_deviation_ = false;
  pending_ = Pending::release;
  return {};
}

// ---- Requests ----

template <class Encode>
Result<ByteSpan> ClientEngine::emit(MutableByteSpan out, bool protect, Encode&& encode) noexcept {
  const bool gbt = gbt_active();
  const bool cipher = protect && ciphering_;
  const MutableByteSpan target = (cipher || gbt) ? buffers_.request_scratch : out;
  ByteWriter w(target);
  if (std::error_code ec = encode(w)) {
    return ec == apdu::xdlms_errc::buffer_too_small ? std::error_code(client_errc::buffer_too_small) : ec;
  }
  ByteSpan apdu = w.written();
  if (cipher) {
    const MutableByteSpan ct = gbt ? buffers_.response_scratch : out;
    if (config_.ciphering->general) {
      Result<ByteSpan> r = seal_general(apdu, ct);
      if (!r) {
        return r.error() == security::security_errc::buffer_too_small
                   ? std::error_code(client_errc::buffer_too_small)
                   : r.error();
      }
      apdu = *r;
    }
  }
  if (cipher && !config_.ciphering->general) {
    const MutableByteSpan ct = gbt ? buffers_.response_scratch : out;
    security::ProtectionParams p;
    p.security_control = config_.ciphering->security_control;
    p.kind = config_.ciphering->kind;
    p.system_title = config_.system_title;
    Result<ByteSpan> r = security::protect_next(*backend_, config_.keys, counters_, p, apdu, ct);
    if (!r) {
      return r.error() == security::security_errc::buffer_too_small
                 ? std::error_code(client_errc::buffer_too_small)
                 : r.error();
    }
    apdu = *r;
  }
  if (gbt) {
    // One last block carrying the whole APDU (Green Book 9.3.11, GBT with window 1).
    apdu::GeneralBlockTransfer g;
    g.block_control = apdu::BlockControl::make(true, false, 1);
    g.block_number = ++gbt_sent_;
    g.block_number_ack = gbt_received_;
    g.block_data = apdu;
    ByteWriter gw(out);
    if (Status s = g.encode(gw); !s) {
      return client_errc::buffer_too_small;
    }
    return gw.written();
  }
  return apdu;
}

Result<ByteSpan> ClientEngine::block_slice(std::size_t offset, std::size_t size) noexcept {
  if (value_) {
    return value_->encoded().subspan(offset, size);
  }
  // With-list: the count prefix and the values, copied into the response scratch buffer.
  if (buffers_.response_scratch.size() < size) {
    return client_errc::buffer_too_small;
  }
  std::size_t done = 0;
  std::size_t pos = 0;  // start of the current part in the stream
  auto take = [&](ByteSpan part) {
    const std::size_t end = pos + part.size();
    if (done < size && offset + done < end && offset + done >= pos) {
      const std::size_t from = offset + done - pos;
      const std::size_t n = std::min(part.size() - from, size - done);
      std::memcpy(buffers_.response_scratch.data() + done, part.data() + from, n);
      done += n;
    }
    pos = end;
  };
  take(ByteSpan(stream_prefix_.data(), stream_prefix_size_));
  for (const codec::DataView& v : values_) {
    take(v.encoded());
  }
  return ByteSpan(buffers_.response_scratch.data(), done);
}

security::HlsKeys ClientEngine::hls_keys() const noexcept {
  security::HlsKeys keys;
  keys.secret = config_.hls_secret;
  keys.block_cipher_key = config_.keys[security::KeyId::global_unicast_encryption].bytes();
  keys.authentication_key = config_.keys[security::KeyId::authentication].bytes();
  keys.suite =
      config_.ciphering ? config_.ciphering->security_control.suite() : security::SecuritySuite::suite0;
  return keys;
}

security::HlsExchange ClientEngine::hls_exchange() const noexcept {
  security::HlsExchange ex;
  ex.own_challenge = ByteSpan(challenge_.data(), config_.challenge_size);
  ex.peer_challenge = ByteSpan(info_.server_challenge.data(), info_.server_challenge_size);
  ex.own_title = config_.system_title;
  ex.peer_title = info_.server_system_title;
  return ex;
}

Result<ByteSpan> ClientEngine::build_aarq(MutableByteSpan out) noexcept {
  apdu::Aarq q;
  q.application_context_name = context_oid_.span();
  const AuthenticationMechanism m = config_.mechanism;
  if (is_ciphered_context(info_.application_context) || needs_titles(m) || config_.send_system_title) {
    q.calling_ap_title = config_.system_title.bytes();
  }
  if (m != AuthenticationMechanism::none) {
    q.sender_acse_requirements = apdu::kAcseRequirementsAuthentication;
    q.mechanism_name = mechanism_oid_.span();
    q.calling_authentication_value = apdu::AuthenticationValue::charstring(
        m == AuthenticationMechanism::lls ? config_.password
                                          : ByteSpan(challenge_.data(), config_.challenge_size));
  }
  q.user_information = ByteSpan(initiate_.data(), initiate_size_);
  ByteWriter w(out);
  if (Status s = q.encode(w); !s) {
    return client_errc::buffer_too_small;
  }
  return w.written();
}

Result<ByteSpan> ClientEngine::build_request(MutableByteSpan out) noexcept {
  const apdu::InvokeIdAndPriority iid = invoke();
  switch (pending_) {
    case Pending::none: return client_errc::no_operation;
    case Pending::aarq: return build_aarq(out);
    case Pending::release:
      return emit(out, false, [](ByteWriter& w) {
        apdu::Rlrq r;
        r.reason = apdu::ReleaseRequestReason::normal;
        return r.encode(w).error();
      });
    case Pending::hls_reply: {
      // Pass 3: f(StoC) to Association LN method 1 (Green Book 9.2.7.4).
      const security::HlsKeys keys = hls_keys();
      const security::HlsExchange ex = hls_exchange();
      std::uint32_t ic = 0;
      if (config_.mechanism == AuthenticationMechanism::hls_gmac) {
        Result<std::uint32_t> next = counters_.next_send(security::KeyId::global_unicast_encryption);
        if (!next) {
          return next.error();
        }
        ic = *next;
      }
      std::array<std::uint8_t, security::kMaxHlsAnswerSize> answer{};
      Result<std::size_t> n =
          security::hls_answer(*backend_, config_.mechanism, keys, ex, ic, answer, config_.manufacturer_hls);
      if (!n) {
        return n.error();
      }
      hls_parameter_[0] = static_cast<std::uint8_t>(codec::DataType::octet_string);
      hls_parameter_[1] = static_cast<std::uint8_t>(*n);
      std::copy_n(answer.begin(), *n, hls_parameter_.begin() + 2);
      hls_parameter_size_ = 2 + *n;
      Result<codec::DataView> param =
          codec::read_data_exact(ByteSpan(hls_parameter_.data(), hls_parameter_size_));
      if (!param) {
        return param.error();
      }
      return emit(out, true, [&](ByteWriter& w) {
        apdu::ActionRequestNormal a;
        a.invoke_id_and_priority = iid;
        a.cosem_method_descriptor = {kAssociationLnClassId, kCurrentAssociation, kReplyToHlsAuthentication};
        a.method_invocation_parameters = *param;
        return apdu::ActionRequest{a}.encode(w).error();
      });
    }
    case Pending::get_normal:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::GetRequest{apdu::GetRequestNormal{iid, attribute_, access_}}.encode(w).error();
      });
    case Pending::get_next:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::GetRequest{apdu::GetRequestNext{iid, block_number_}}.encode(w).error();
      });
    case Pending::get_list:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::GetRequest{apdu::GetRequestWithList{iid, attribute_list_}}.encode(w).error();
      });
    case Pending::set_normal:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::SetRequest{apdu::SetRequestNormal{iid, attribute_, access_, *value_}}.encode(w).error();
      });
    case Pending::set_list:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::SetRequest{apdu::SetRequestWithList{iid, attribute_list_, values_}}.encode(w).error();
      });
    case Pending::set_first_block:
    case Pending::set_block:
    case Pending::set_list_first_block:
    case Pending::action_first_pblock:
    case Pending::action_pblock: {
      const std::size_t n = std::min(block_size_, stream_size_ - stream_offset_);
      Result<ByteSpan> slice = block_slice(stream_offset_, n);
      if (!slice) {
        return slice.error();
      }
      apdu::DataBlockSA block;
      block.last_block = stream_offset_ + n >= stream_size_;
      block.block_number = block_number_ + 1;
      block.raw_data = *slice;
      const Pending kind = pending_;
      Result<ByteSpan> r = emit(out, true, [&](ByteWriter& w) -> std::error_code {
        switch (kind) {
          case Pending::set_first_block:
            return apdu::SetRequest{apdu::SetRequestWithFirstDatablock{iid, attribute_, access_, block}}
                .encode(w)
                .error();
          case Pending::set_list_first_block:
            return apdu::SetRequest{apdu::SetRequestWithListAndFirstDatablock{iid, attribute_list_, block}}
                .encode(w)
                .error();
          case Pending::set_block:
            return apdu::SetRequest{apdu::SetRequestWithDatablock{iid, block}}.encode(w).error();
          case Pending::action_first_pblock:
            return apdu::ActionRequest{apdu::ActionRequestWithFirstPblock{iid, method_, block}}
                .encode(w)
                .error();
          default: return apdu::ActionRequest{apdu::ActionRequestWithPblock{iid, block}}.encode(w).error();
        }
      });
      if (r) {
        stream_offset_ += n;
        block_number_ = block.block_number;
        ++blocks_sent_;
      }
      return r;
    }
    case Pending::action_normal:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::ActionRequest{apdu::ActionRequestNormal{iid, method_, value_}}.encode(w).error();
      });
    case Pending::action_next_pblock:
      return emit(out, true, [&](ByteWriter& w) {
        return apdu::ActionRequest{apdu::ActionRequestNextPblock{iid, block_number_}}.encode(w).error();
      });
    case Pending::gbt_ack: {
      // Acknowledge a received block and ask for the next (window 1, no data).
      apdu::GeneralBlockTransfer g;
      g.block_control = apdu::BlockControl::make(false, false, 1);
      g.block_number = ++gbt_sent_;
      g.block_number_ack = gbt_received_;
      ByteWriter w(out);
      if (Status s = g.encode(w); !s) {
        return client_errc::buffer_too_small;
      }
      return w.written();
    }
  }
  return client_errc::no_operation;
}

Result<ByteSpan> ClientEngine::next_request(MutableByteSpan out) noexcept {
  if (awaiting_response_) {
    return client_errc::busy;
  }
  if (op_ == Operation::none || pending_ == Pending::none) {
    return client_errc::no_operation;
  }
  const Pending sent = pending_;
  Result<ByteSpan> r = build_request(out);
  if (!r) {
    return fail(r.error());
  }
  if (sent != Pending::aarq && sent != Pending::release && r->size() > server_max_pdu()) {
    return fail(client_errc::request_too_large);
  }
  if (sent != Pending::gbt_ack) {
    gbt_resume_ = sent;
  }
  pending_ = Pending::none;
  awaiting_response_ = true;
  return r;
}

// ---- Responses ----

Result<Progress> ClientEngine::on_response(ByteSpan apdu) noexcept {
  if (op_ == Operation::none || !awaiting_response_) {
    return client_errc::no_operation;
  }
  awaiting_response_ = false;
  if (apdu.empty()) {
    return fail(apdu::xdlms_errc::truncated);
  }
  if (apdu[0] == apdu::GeneralBlockTransfer::kTag && gbt_active()) {
    Result<apdu::GeneralBlockTransfer> g = decode_exact<apdu::GeneralBlockTransfer>(apdu, config_.limits);
    if (!g) {
      return fail(g.error());
    }
    if (g->block_number != static_cast<std::uint16_t>(gbt_received_ + 1U)) {
      return fail(client_errc::block_number_mismatch);
    }
    gbt_received_ = g->block_number;
    if (++gbt_blocks_ > config_.max_blocks) {
      return fail(client_errc::too_many_blocks);
    }
    // A GBT stream carries one APDU, possibly longer than any PDU: bounded by the buffer and
    // the configured maximum response (plus room for the APDU's own header and ciphering).
    std::size_t limit = buffers_.gbt.size();
    if (config_.max_response_size != 0) {
      limit = std::min(limit, config_.max_response_size + 64);
    }
    if (gbt_size_ + g->block_data.size() > limit) {
      return fail(client_errc::response_too_large);
    }
    std::copy(g->block_data.begin(), g->block_data.end(),
              buffers_.gbt.begin() + static_cast<std::ptrdiff_t>(gbt_size_));
    gbt_size_ += g->block_data.size();
    if (!g->block_control.last_block()) {
      pending_ = Pending::gbt_ack;
      return Progress::send_request;
    }
    apdu = ByteSpan(buffers_.gbt.data(), gbt_size_);
    gbt_size_ = 0;
  }
  if (op_ == Operation::associate && gbt_resume_ == Pending::aarq) {
    return on_aare(apdu);
  }
  if (op_ == Operation::release) {
    return on_release_response(apdu);
  }
  Result<ByteSpan> plain = unprotect_response(apdu);
  if (!plain) {
    return fail(plain.error());
  }
  return on_service_response(*plain);
}

Result<ByteSpan> ClientEngine::seal_general(ByteSpan plain, MutableByteSpan out) noexcept {
  using security::KeyId;
  const bool wrapped = *config_.ciphering->general == GeneralCipheringKey::wrapped;
  security::GeneralCipheringSeal p;
  p.key_info.kind = wrapped ? apdu::KeyInfo::Kind::wrapped_key : apdu::KeyInfo::Kind::identified_key;
  p.key_info.key_id = 0;  // global-unicast-encryption-key / master-key
  const KeyId counter = security::counter_key_for(p.key_info.kind, p.key_info.key_id);
  Result<std::uint32_t> ic = counters_.next_send(counter);
  if (!ic) {
    return ic.error();
  }
  // transaction-id: the invocation counter as 8 octets, unique per request.
  transaction_id_.fill(0);
  for (std::size_t i = 0; i < 4; ++i) {
    transaction_id_[4 + i] = static_cast<std::uint8_t>(*ic >> (8U * (3U - i)));
  }
  p.header.transaction_id = ByteSpan(transaction_id_);
  p.header.originator_system_title = config_.system_title.bytes();
  p.header.recipient_system_title = info_.server_system_title.bytes();
  p.authentication_key = config_.keys[KeyId::authentication].bytes();
  p.security_control = config_.ciphering->security_control;
  p.invocation_counter = *ic;
  security::Key fresh;
  if (wrapped) {
    // A fresh content key for this request, wrapped with the master key (RFC 3394).
    Result<ByteSpan> w = security::fresh_wrapped_key(*backend_, config_.keys[KeyId::master],
                                                     security::symmetric_key_size(p.security_control.suite()),
                                                     fresh, wrapped_key_);
    if (!w) {
      return w.error();
    }
    p.key_info.key_ciphered_data = *w;
    p.key = fresh.bytes();
  } else {
    p.key = config_.keys[KeyId::global_unicast_encryption].bytes();
  }
  Result<ByteSpan> r = security::seal_general_ciphering(*backend_, p, plain, out);
  fresh.clear();
  return r;
}

Result<ByteSpan> ClientEngine::open_general(ByteSpan apdu) noexcept {
  if (!ciphering_ || !config_.ciphering->general) {
    return client_errc::wrong_ciphering;
  }
  if (!info_.has_server_system_title) {
    return client_errc::missing_system_title;
  }
  // The server is the originator, the client the recipient (the server's answer names it).
  Result<security::OpenedGeneralCiphering> o = security::open_general_ciphering(
      *backend_, config_.keys, config_.ciphering->security_control.suite(), info_.server_system_title,
      config_.system_title, apdu, buffers_.response_scratch);
  if (!o) {
    return o.error();
  }
  const MutableByteSpan plain(const_cast<std::uint8_t*>(o->apdu.data()), o->apdu.size());
  // The answer echoes the request's transaction-id; its counter must be new for its key.
  if (!security::constant_time_equal(o->header.transaction_id, ByteSpan(transaction_id_))) {
    security::secure_wipe(plain);
    return client_errc::unexpected_response;
  }
  if (Status s = counters_.check_received(o->counter_key, o->invocation_counter); !s) {
    security::secure_wipe(plain);
    return s.error();
  }
  if (Status s = counters_.accept_received(o->counter_key, o->invocation_counter); !s) {
    security::secure_wipe(plain);
    return s.error();
  }
  return o->apdu;
}

Result<ByteSpan> ClientEngine::unprotect_response(ByteSpan apdu) noexcept {
  const std::uint8_t tag = apdu[0];
  if (tag == security::tag::general_ciphering && backend_ != nullptr) {
    return open_general(apdu);
  }
  const bool ciphered = security::is_ciphered_tag(tag);
  if (!ciphered) {
    if (ciphering_ && tag != apdu::ExceptionResponse::kTag) {
      return client_errc::unprotected_response;
    }
    return apdu;
  }
  if (backend_ == nullptr) {
    return client_errc::unexpected_response;
  }
  if (!info_.has_server_system_title) {
    return client_errc::missing_system_title;
  }
  security::UnprotectionParams p;
  p.suite = config_.ciphering ? config_.ciphering->security_control.suite() : security::SecuritySuite::suite0;
  p.peer_system_title = info_.server_system_title;
  Result<security::Unprotected> u =
      security::unprotect(*backend_, config_.keys, p, &counters_, apdu, buffers_.response_scratch);
  if (!u) {
    return u.error();
  }
  if (ciphering_ && (config_.ciphering->general ||
                     security::is_dedicated(u->kind) != security::is_dedicated(config_.ciphering->kind))) {
    return client_errc::wrong_ciphering;
  }
  return u->apdu;
}

Result<Progress> ClientEngine::on_aare(ByteSpan apdu) noexcept {
  if (apdu[0] == apdu::ExceptionResponse::kTag) {
    Result<apdu::ExceptionResponse> e = decode_exact<apdu::ExceptionResponse>(apdu, config_.limits);
    if (!e) {
      return fail(e.error());
    }
    info_.outcome = DlmsOutcome::exception_response(*e);
    finish(info_.outcome);
    return Progress::complete;
  }
  Result<apdu::Aare> a = decode_response<apdu::Aare>(apdu, config_.limits);
  if (!a) {
    return fail(a.error());
  }
  info_.result = a->result;
  info_.diagnostic = a->result_source_diagnostic;
  if (a->responding_ap_title && a->responding_ap_title->size() == security::SystemTitle::kSize) {
    info_.server_system_title = security::SystemTitle::from(*a->responding_ap_title).value();
    info_.has_server_system_title = true;
  }

  // user-information: InitiateResponse or ConfirmedServiceError, plain or glo-ciphered.
  std::optional<apdu::InitiateResponse> initiate;
  std::optional<apdu::ConfirmedServiceError> refused;
  if (a->user_information) {
    ByteSpan ui = *a->user_information;
    if (ui.empty()) {
      return fail(client_errc::invalid_aare);
    }
    if (security::is_ciphered_tag(ui[0])) {
      if (backend_ == nullptr) {
        return fail(client_errc::invalid_aare);
      }
      if (!info_.has_server_system_title) {
        return fail(client_errc::missing_system_title);
      }
      security::UnprotectionParams p;
      p.suite =
          config_.ciphering ? config_.ciphering->security_control.suite() : security::SecuritySuite::suite0;
      p.peer_system_title = info_.server_system_title;
      Result<security::Unprotected> u =
          security::unprotect(*backend_, config_.keys, p, &counters_, ui, buffers_.response_scratch);
      if (!u) {
        return fail(u.error());
      }
      ui = u->apdu;
      info_.initiate_response_ciphered = true;
    }
    if (ui[0] == apdu::InitiateResponse::kTag) {
      Result<apdu::InitiateResponse> r = apdu::decode_initiate_response(ui, config_.limits);
      if (!r) {
        return fail(r.error());
      }
      initiate = *r;
    } else if (ui[0] == apdu::ConfirmedServiceError::kTag) {
      Result<apdu::ConfirmedServiceError> r = apdu::decode_confirmed_service_error(ui);
      if (!r) {
        return fail(r.error());
      }
      refused = *r;
    } else {
      return fail(client_errc::invalid_aare);
    }
  }

  if (a->result != apdu::AssociationResult::accepted || refused) {
    info_.outcome = refused ? DlmsOutcome::confirmed_service_error(*refused)
                            : DlmsOutcome::rejected(a->result, a->result_source_diagnostic);
    info_.associated = false;
    finish(info_.outcome);
    return Progress::complete;
  }
  if (!initiate) {
    return fail(client_errc::invalid_aare);
  }
  const auto context = apdu::application_context_name(a->application_context_name);
  if (!context || *context != info_.application_context) {
    return fail(client_errc::context_mismatch);
  }
  info_.negotiated_conformance = initiate->negotiated_conformance;
  info_.server_max_receive_pdu_size = initiate->server_max_receive_pdu_size;
  info_.dlms_version = initiate->negotiated_dlms_version_number;
  info_.vaa_name = initiate->vaa_name;
  gbt_negotiated_ = initiate->negotiated_conformance.has(apdu::ConformanceBit::general_block_transfer);
  ciphering_ = config_.ciphering.has_value() && (config_.ciphering->security_control.authenticated() ||
                                                 config_.ciphering->security_control.encrypted());
  if (ciphering_ && !info_.has_server_system_title) {
    return fail(client_errc::missing_system_title);
  }

  const AuthenticationMechanism m = config_.mechanism;
  if (!is_hls(m)) {
    info_.associated = true;
    info_.outcome = DlmsOutcome::success();
    finish(info_.outcome);
    return Progress::complete;
  }
  if (a->mechanism_name) {
    const auto named = apdu::mechanism_name(*a->mechanism_name);
    if (!named || static_cast<AuthenticationMechanism>(*named) != m) {
      return fail(client_errc::mechanism_mismatch);
    }
  }
  if (!a->responding_authentication_value ||
      a->responding_authentication_value->choice != apdu::AuthenticationValueChoice::charstring ||
      a->responding_authentication_value->contents.size() < security::kMinChallengeSize ||
      a->responding_authentication_value->contents.size() > security::kMaxChallengeSize) {
    return fail(client_errc::missing_challenge);
  }
  const ByteSpan stoc = a->responding_authentication_value->contents;
  std::copy(stoc.begin(), stoc.end(), info_.server_challenge.begin());
  info_.server_challenge_size = stoc.size();
  if (needs_titles(m) && !info_.has_server_system_title) {
    return fail(client_errc::missing_system_title);
  }
  pending_ = Pending::hls_reply;
  return Progress::send_request;
}

Result<Progress> ClientEngine::on_release_response(ByteSpan apdu) noexcept {
  info_.associated = false;
  ciphering_ = false;
  if (apdu[0] != apdu::Rlre::kTag) {
    if (apdu[0] == apdu::ExceptionResponse::kTag) {
      Result<apdu::ExceptionResponse> e = decode_exact<apdu::ExceptionResponse>(apdu, config_.limits);
      if (e) {
        finish(DlmsOutcome::exception_response(*e));
        return Progress::complete;
      }
    }
    return fail(client_errc::unexpected_response);
  }
  Result<apdu::Rlre> r = decode_exact<apdu::Rlre>(apdu, config_.limits);
  // A malformed RLRE still ends the association (INTEROP.md: some servers send one).
  release_deviation_ = !r;
  finish(DlmsOutcome::success());
  return Progress::complete;
}

Status ClientEngine::append_result(ByteSpan bytes) noexcept {
  if (sink_ != nullptr) {
    if (config_.max_response_size != 0 && result_size_ + bytes.size() > config_.max_response_size) {
      return client_errc::response_too_large;
    }
    if (Status s = sink_->append(bytes); !s) {
      return s;
    }
    result_size_ += bytes.size();
    return {};
  }
  if (result_size_ + bytes.size() > result_limit()) {
    return client_errc::response_too_large;
  }
  std::copy(bytes.begin(), bytes.end(), result_.begin() + static_cast<std::ptrdiff_t>(result_size_));
  result_size_ += bytes.size();
  return {};
}

Status ClientEngine::append_list_result(std::size_t count, ByteSpan encoded_elements) noexcept {
  std::array<std::uint8_t, 5> length{};
  ByteWriter w(length);
  codec::axdr::write_length(w, count);
  if (Status s = append_result(w.written()); !s) {
    return s;
  }
  return append_result(encoded_elements);
}

Status ClientEngine::accept_block(std::uint32_t block_number) noexcept {
  if (block_number != block_number_ + 1U) {
    return client_errc::block_number_mismatch;
  }
  block_number_ = block_number;
  if (++blocks_received_ > config_.max_blocks) {
    return client_errc::too_many_blocks;
  }
  return {};
}

Result<Progress> ClientEngine::on_service_response(ByteSpan plain) noexcept {
  if (plain.empty()) {
    return fail(apdu::xdlms_errc::truncated);
  }
  // The server refused the request; during association (the HLS pass) the association fails.
  auto refused = [&](const DlmsOutcome& outcome) -> Result<Progress> {
    if (op_ == Operation::associate) {
      info_.associated = false;
      info_.outcome = outcome;
      ciphering_ = false;
    }
    finish(outcome);
    return Progress::complete;
  };
  if (plain[0] == apdu::ExceptionResponse::kTag) {
    Result<apdu::ExceptionResponse> e = decode_exact<apdu::ExceptionResponse>(plain, config_.limits);
    if (!e) {
      return fail(e.error());
    }
    return refused(DlmsOutcome::exception_response(*e));
  }
  if (plain[0] == apdu::ConfirmedServiceError::kTag) {
    Result<apdu::ConfirmedServiceError> e = apdu::decode_confirmed_service_error(plain);
    if (!e) {
      return fail(e.error());
    }
    return refused(DlmsOutcome::confirmed_service_error(*e));
  }
  switch (op_) {
    case Operation::get:
    case Operation::get_list: return on_get_response(plain);
    case Operation::set:
    case Operation::set_list: return on_set_response(plain);
    case Operation::action: return on_action_response(plain);
    case Operation::associate: return on_hls_response(plain);
    default: return fail(client_errc::unexpected_response);
  }
}

Result<Progress> ClientEngine::on_get_response(ByteSpan plain) noexcept {
  Result<apdu::GetResponse> r = decode_response<apdu::GetResponse>(plain, config_.limits);
  if (!r) {
    return fail(r.error());
  }
  if (const auto* n = std::get_if<apdu::GetResponseNormal>(&r->response)) {
    if (n->invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
      return fail(client_errc::invoke_id_mismatch);
    }
    if (op_ != Operation::get || blocks_received_ != 0) {
      return fail(client_errc::unexpected_response);
    }
    if (!n->result.is_data()) {
      // A data-access-result in place of the data must say why; "success" without a value is
      // a server deviation the caller cannot use.
      if (n->result.data_access_result() == apdu::DataAccessResult::success) {
        return fail(client_errc::unexpected_response);
      }
      finish(DlmsOutcome::data_access(n->result.data_access_result()));
      return Progress::complete;
    }
    if (Status s = append_result(n->result.data().encoded()); !s) {
      return fail(s.error());
    }
    finish(DlmsOutcome::success());
    return Progress::complete;
  }
  if (const auto* b = std::get_if<apdu::GetResponseWithDatablock>(&r->response)) {
    if (b->invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
      return fail(client_errc::invoke_id_mismatch);
    }
    if (Status s = accept_block(b->result.block_number); !s) {
      return fail(s.error());
    }
    if (!b->result.is_raw_data()) {
      const auto dar = std::get<apdu::DataAccessResult>(b->result.result);
      if (dar == apdu::DataAccessResult::success) {  // as in the normal response: no reason given
        return fail(client_errc::unexpected_response);
      }
      finish(DlmsOutcome::data_access(dar));
      return Progress::complete;
    }
    if (Status s = append_result(b->result.raw_data()); !s) {
      return fail(s.error());
    }
    if (!b->result.last_block) {
      pending_ = Pending::get_next;
      return Progress::send_request;
    }
    // The reassembled raw-data is the encoded Data (normal) or the list of results (with-list).
    if (op_ == Operation::get) {
      // A streaming sink validates the value itself (its octets are gone).
      const bool streamed = sink_ != nullptr && result_buffer().empty();
      if (!streamed) {
        if (Result<codec::DataView> d = codec::read_data_exact(result(), config_.limits); !d) {
          return fail(d.error());
        }
      }
    } else {
      ByteReader in(result());
      apdu::List<apdu::GetDataResult> list;
      if (std::error_code ec = apdu::List<apdu::GetDataResult>::decode(in, config_.limits, list)) {
        return fail(ec);
      }
      if (!in.empty()) {
        return fail(apdu::xdlms_errc::trailing_bytes);
      }
      if (list.size() != attribute_list_.size()) {
        return fail(client_errc::list_size_mismatch);
      }
    }
    finish(DlmsOutcome::success());
    return Progress::complete;
  }
  const auto& l = std::get<apdu::GetResponseWithList>(r->response);
  if (l.invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
    return fail(client_errc::invoke_id_mismatch);
  }
  if (op_ != Operation::get_list || blocks_received_ != 0) {
    return fail(client_errc::unexpected_response);
  }
  if (l.result.size() != attribute_list_.size()) {
    return fail(client_errc::list_size_mismatch);
  }
  if (Status s = append_list_result(l.result.size(), l.result.encoded_elements()); !s) {
    return fail(s.error());
  }
  finish(DlmsOutcome::success());
  return Progress::complete;
}

Result<Progress> ClientEngine::on_set_response(ByteSpan plain) noexcept {
  Result<apdu::SetResponse> r = decode_response<apdu::SetResponse>(plain, config_.limits);
  if (!r) {
    return fail(r.error());
  }
  const bool sending_blocks = stream_size_ != 0 && block_size_ != 0;
  auto store_list = [&](const apdu::List<apdu::DataAccessResult>& results) -> Result<Progress> {
    if (op_ != Operation::set_list) {
      return fail(client_errc::unexpected_response);
    }
    if (results.size() != attribute_list_.size()) {
      return fail(client_errc::list_size_mismatch);
    }
    if (Status s = append_list_result(results.size(), results.encoded_elements()); !s) {
      return fail(s.error());
    }
    finish(DlmsOutcome::success());
    return Progress::complete;
  };
  return std::visit(
      [&](const auto& v) -> Result<Progress> {
        using T = std::decay_t<decltype(v)>;
        if (v.invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
          return fail(client_errc::invoke_id_mismatch);
        }
        if constexpr (std::is_same_v<T, apdu::SetResponseNormal>) {
          if (op_ != Operation::set || sending_blocks) {
            return fail(client_errc::unexpected_response);
          }
          finish(DlmsOutcome::data_access(v.result));
          return Progress::complete;
        } else if constexpr (std::is_same_v<T, apdu::SetResponseDatablock>) {
          if (!sending_blocks || stream_offset_ >= stream_size_) {
            return fail(client_errc::unexpected_response);
          }
          if (v.block_number != block_number_) {
            return fail(client_errc::block_number_mismatch);
          }
          pending_ = Pending::set_block;
          return Progress::send_request;
        } else if constexpr (std::is_same_v<T, apdu::SetResponseLastDatablock>) {
          if (op_ != Operation::set || !sending_blocks) {
            return fail(client_errc::unexpected_response);
          }
          if (v.block_number != block_number_) {
            return fail(client_errc::block_number_mismatch);
          }
          finish(DlmsOutcome::data_access(v.result));
          return Progress::complete;
        } else if constexpr (std::is_same_v<T, apdu::SetResponseLastDatablockWithList>) {
          if (!sending_blocks) {
            return fail(client_errc::unexpected_response);
          }
          if (v.block_number != block_number_) {
            return fail(client_errc::block_number_mismatch);
          }
          return store_list(v.result);
        } else {
          if (sending_blocks) {
            return fail(client_errc::unexpected_response);
          }
          return store_list(v.result);
        }
      },
      r->response);
}

Result<Progress> ClientEngine::on_action_response(ByteSpan plain) noexcept {
  Result<apdu::ActionResponse> r = decode_response<apdu::ActionResponse>(plain, config_.limits);
  if (!r) {
    return fail(r.error());
  }
  if (const auto* n = std::get_if<apdu::ActionResponseNormal>(&r->response)) {
    if (n->invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
      return fail(client_errc::invoke_id_mismatch);
    }
    const auto& rp = n->single_response.return_parameters;
    if (rp) {
      if (rp->is_data()) {
        if (Status s = append_result(rp->data().encoded()); !s) {
          return fail(s.error());
        }
      } else {
        action_return_dar_ = rp->data_access_result();
      }
    }
    finish(DlmsOutcome::action(n->single_response.result));
    return Progress::complete;
  }
  if (const auto* p = std::get_if<apdu::ActionResponseNextPblock>(&r->response)) {
    if (p->invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
      return fail(client_errc::invoke_id_mismatch);
    }
    if (stream_size_ == 0 || stream_offset_ >= stream_size_) {
      return fail(client_errc::unexpected_response);
    }
    if (p->block_number != block_number_) {
      return fail(client_errc::block_number_mismatch);
    }
    pending_ = Pending::action_pblock;
    return Progress::send_request;
  }
  if (const auto* p = std::get_if<apdu::ActionResponseWithPblock>(&r->response)) {
    if (p->invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
      return fail(client_errc::invoke_id_mismatch);
    }
    if (blocks_received_ == 0) {
      block_number_ = 0;  // the response's blocks count from 1, whatever we sent
    }
    if (Status s = accept_block(p->pblock.block_number); !s) {
      return fail(s.error());
    }
    if (Status s = append_result(p->pblock.raw_data); !s) {
      return fail(s.error());
    }
    if (!p->pblock.last_block) {
      pending_ = Pending::action_next_pblock;
      return Progress::send_request;
    }
    // The reassembled raw-data is the Action-Response-With-Optional-Data (what follows the
    // invoke-id in action-response-normal): the result and the optional return parameters.
    ByteReader in(result());
    Result<apdu::ActionResponseWithOptionalData> whole =
        apdu::ActionResponseWithOptionalData::decode(in, config_.limits);
    if (!whole) {
      return fail(whole.error());
    }
    if (!in.empty()) {
      return fail(apdu::xdlms_errc::trailing_bytes);
    }
    std::size_t size = 0;
    if (whole->return_parameters) {
      if (whole->return_parameters->is_data()) {
        const ByteSpan data = whole->return_parameters->data().encoded();
        size = data.size();
        std::memmove(result_buffer().data(), data.data(), size);
      } else {
        action_return_dar_ = whole->return_parameters->data_access_result();
      }
    }
    result_size_ = size;
    finish(DlmsOutcome::action(whole->result));
    return Progress::complete;
  }
  return fail(client_errc::unexpected_response);
}

Result<Progress> ClientEngine::on_hls_response(ByteSpan plain) noexcept {
  Result<apdu::ActionResponse> r = decode_response<apdu::ActionResponse>(plain, config_.limits);
  if (!r) {
    return fail(r.error());
  }
  const auto* n = std::get_if<apdu::ActionResponseNormal>(&r->response);
  if (n == nullptr) {
    return fail(client_errc::unexpected_response);
  }
  if (n->invoke_id_and_priority.invoke_id() != invoke_.invoke_id()) {
    return fail(client_errc::invoke_id_mismatch);
  }
  if (n->single_response.result != apdu::ActionResult::success) {
    // The server refused f(StoC): the association is not established (Green Book 9.2.7.4).
    info_.associated = false;
    ciphering_ = false;
    info_.outcome = DlmsOutcome::action(n->single_response.result);
    finish(info_.outcome);
    return Progress::complete;
  }
  const auto& rp = n->single_response.return_parameters;
  Result<ByteSpan> f_ctos = security::security_errc::hls_verification_failed;
  if (rp && rp->is_data()) {
    f_ctos = rp->data().as_octets();
  }
  if (!f_ctos) {
    return fail(security::security_errc::hls_verification_failed);
  }
  const security::HlsKeys keys = hls_keys();
  const security::HlsExchange ex = hls_exchange();
  Result<security::HlsCheckResult> check =
      security::hls_check(*backend_, config_.mechanism, keys, ex, *f_ctos, config_.manufacturer_hls);
  if (!check) {
    return fail(check.error());
  }
  info_.associated = true;
  info_.hls_completed = true;
  info_.outcome = DlmsOutcome::success();
  finish(info_.outcome);
  return Progress::complete;
}

}  // namespace dlms::client
