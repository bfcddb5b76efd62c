#include "stack/server/server_session.hpp"

#include <algorithm>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/application_context.hpp"
#include "stack/apdu/data_notification.hpp"
#include "stack/apdu/event_notification.hpp"
#include "stack/apdu/exception_response.hpp"
#include "stack/apdu/release.hpp"
#include "stack/association/association_error.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::server {

using association::association_errc;
using association::AssociationStatus;
using association::ServerAssociation;

namespace {

constexpr std::uint8_t kAarqTag = 0x60;
constexpr std::uint8_t kRlrqTag = 0x62;

Result<ByteSpan> exception_response(MutableByteSpan out, apdu::StateError state, apdu::ServiceError service,
                                    std::uint32_t invocation_counter = 0) noexcept {
  apdu::ExceptionResponse e;
  e.state_error = state;
  e.service_error = service;
  e.invocation_counter = invocation_counter;
  ByteWriter w(out);
  if (Status s = e.encode(w); !s || !w.ok()) {
    return association_errc::buffer_too_small;
  }
  return w.written();
}

Result<ByteSpan> copy_out(ByteSpan bytes, MutableByteSpan out) noexcept {
  if (bytes.data() == out.data()) {
    return bytes;
  }
  if (bytes.size() > out.size()) {
    return association_errc::buffer_too_small;
  }
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return ByteSpan(out.data(), bytes.size());
}

// An AARE refusing an AARQ the session cannot give an association (see the header):
// rejected-permanent for a client no association of the device serves, rejected-transient
// when every slot of the session is taken.
Result<ByteSpan> reject_aarq(ByteSpan aarq_bytes, apdu::AssociationResult result,
                             MutableByteSpan out) noexcept {
  apdu::ApplicationContextName context = apdu::ApplicationContextName::logical_name;
  ByteReader r(aarq_bytes);
  if (Result<apdu::Aarq> aarq = apdu::Aarq::decode(r)) {
    if (auto c = apdu::application_context_name(aarq->application_context_name)) {
      context = *c;
    }
  }
  const apdu::DlmsUaOid oid = apdu::oid_of(context);
  apdu::Aare aare;
  aare.application_context_name = oid.span();
  aare.result = result;
  aare.result_source_diagnostic = apdu::ResultSourceDiagnostic::user(apdu::AcseServiceUser::no_reason_given);
  ByteWriter w(out);
  if (Status s = aare.encode(w); !s || !w.ok()) {
    return association_errc::buffer_too_small;
  }
  return w.written();
}

}  // namespace

LogicalDevice* ServerSession::find_device(std::uint16_t server_sap) noexcept {
  for (LogicalDevice& d : devices_) {
    if (d.server_sap == server_sap) {
      return &d;
    }
  }
  return nullptr;
}

ServerSession::Slot* ServerSession::find_slot(std::uint16_t client_sap, std::uint16_t server_sap) noexcept {
  for (Slot& s : slots_) {
    if (s.bound && s.server_sap == server_sap && s.association.config() != nullptr &&
        s.association.config()->client_sap == client_sap) {
      return &s;
    }
  }
  return nullptr;
}

ServerSession::Slot* ServerSession::acquire_slot(LogicalDevice& device, std::uint16_t client_sap,
                                                 bool pre_established_only) noexcept {
  if (Slot* s = find_slot(client_sap, device.server_sap)) {
    return s;
  }
  association::AssociationConfig* config = nullptr;
  for (association::AssociationConfig& c : device.associations) {
    if (c.client_sap == client_sap && (!pre_established_only || c.pre_established)) {
      config = &c;
      break;
    }
  }
  if (config == nullptr) {
    return nullptr;
  }
  for (Slot& s : slots_) {
    if (!s.bound) {
      s.association.bind(*config);
      s.server_sap = device.server_sap;
      s.bound = true;
      return &s;
    }
  }
  return nullptr;
}

void ServerSession::free_slot_if_idle(Slot& slot) noexcept {
  if (slot.bound && slot.association.status() == AssociationStatus::non_associated) {
    slot.bound = false;
    release_state(slot, true);
  }
}

void ServerSession::release_state(Slot& slot, bool force) noexcept {
  if (slot.state != nullptr && (force || !slot.state->transfer_in_progress())) {
    slot.state->reset();
    slot.state = nullptr;
  }
}

ServiceState* ServerSession::state_for(Slot& slot) noexcept {
  slot.last_use = ++requests_;
  if (slot.state != nullptr) {
    return slot.state;
  }
  for (std::size_t i = 0; i < pool_size_; ++i) {
    const bool held =
        std::any_of(slots_.begin(), slots_.end(), [&](const Slot& s) { return s.state == pool_[i]; });
    if (!held) {
      slot.state = pool_[i];
      slot.state->reset();
      return slot.state;
    }
  }
  // Every state is held by another association's unfinished transfer: the least recently
  // used one is taken over.
  Slot* victim = nullptr;
  for (Slot& s : slots_) {
    if (s.state != nullptr && &s != &slot && (victim == nullptr || s.last_use < victim->last_use)) {
      victim = &s;
    }
  }
  if (victim == nullptr) {
    return nullptr;
  }
  slot.state = victim->state;
  victim->state = nullptr;
  slot.state->reset();
  return slot.state;
}

ServerAssociation* ServerSession::association(std::uint16_t client_sap, std::uint16_t server_sap) noexcept {
  Slot* s = find_slot(client_sap, server_sap);
  return s != nullptr ? &s->association : nullptr;
}

void ServerSession::on_disconnect() noexcept {
  for (Slot& s : slots_) {
    if (s.bound) {
      s.association.release();
      free_slot_if_idle(s);
    }
    release_state(s, true);
  }
}

Result<ByteSpan> ServerSession::on_apdu(std::uint16_t client_sap, std::uint16_t server_sap, ByteSpan apdu,
                                        MutableByteSpan out) noexcept {
  LogicalDevice* device = find_device(server_sap);
  if (device == nullptr) {
    return association_errc::unknown_association;
  }
  if (apdu.empty()) {
    return ByteSpan();
  }
  if (apdu[0] == kAarqTag) {
    Slot* slot = acquire_slot(*device, client_sap, false);
    if (slot == nullptr) {
      const bool known =
          std::any_of(device->associations.begin(), device->associations.end(),
                      [&](const association::AssociationConfig& c) { return c.client_sap == client_sap; });
      return reject_aarq(
          apdu,
          known ? apdu::AssociationResult::rejected_transient : apdu::AssociationResult::rejected_permanent,
          out);
    }
    const bool was_open = slot->association.status() != AssociationStatus::non_associated;
    Result<ByteSpan> aare = slot->association.on_aarq(apdu, out);
    if (!was_open && slot->association.status() != AssociationStatus::non_associated) {
      // A new association: whatever transfer the slot had is gone.
      release_state(*slot, true);
    }
    free_slot_if_idle(*slot);
    return aare;
  }
  if (apdu[0] == kRlrqTag) {
    Slot* slot = find_slot(client_sap, server_sap);
    if (slot == nullptr) {
      // Nothing to release: RLRE reason normal.
      apdu::Rlre rlre;
      rlre.reason = apdu::ReleaseResponseReason::normal;
      ByteWriter w(out);
      if (Status s = rlre.encode(w); !s || !w.ok()) {
        return association_errc::buffer_too_small;
      }
      return w.written();
    }
    Result<ByteSpan> rlre = slot->association.on_rlrq(apdu, out);
    free_slot_if_idle(*slot);
    return rlre;
  }
  Slot* slot = acquire_slot(*device, client_sap, true);
  if (slot == nullptr) {
    slot = find_slot(client_sap, server_sap);
  }
  if (slot == nullptr) {
    return exception_response(out, apdu::StateError::service_not_allowed,
                              apdu::ServiceError::operation_not_possible);
  }
  return on_xdlms(*slot, apdu, out);
}

Result<ByteSpan> ServerSession::on_xdlms(Slot& slot, ByteSpan apdu, MutableByteSpan out) noexcept {
  ServerAssociation& assoc = slot.association;
  if (apdu.size() > scratch_.size()) {
    return exception_response(out, apdu::StateError::service_not_allowed, apdu::ServiceError::pdu_too_long);
  }
  Result<association::ProtectedRequest> request = assoc.unprotect_request(apdu, scratch_);
  if (!request) {
    const std::error_code ec = request.error();
    if (ec == association_errc::not_associated || ec == association_errc::hls_pending) {
      return exception_response(out, apdu::StateError::service_not_allowed,
                                apdu::ServiceError::operation_not_possible);
    }
    if (ec == security::security_errc::replayed_invocation_counter) {
      return exception_response(out, apdu::StateError::service_not_allowed,
                                apdu::ServiceError::invocation_counter_error,
                                assoc.expected_invocation_counter());
    }
    return exception_response(out, apdu::StateError::service_not_allowed,
                              apdu::ServiceError::deciphering_error);
  }
  ServiceState* state = state_for(slot);
  if (state == nullptr) {
    return exception_response(out, apdu::StateError::service_not_allowed, apdu::ServiceError::other_reason);
  }

  // Leave room for the protection so the protected response still fits the client's limit.
  std::size_t limit = response_.size();
  if (assoc.ciphered_context()) {
    std::size_t client_max = assoc.negotiated().client_max_receive_pdu_size;
    if (client_max == 0) {
      client_max = 0xFFFF;
    }
    std::size_t overhead = kProtectionOverhead;
    if (request->general_ciphering) {
      // general-ciphering also carries the transaction-id, the recipient system title,
      // date-time, other-information and key-info (a wrapped key at most).
      overhead += 3 + request->transaction_id.size() + 9 + 1 + 1 + 1 + 2 + 3 + security::Key::kMaxSize + 8;
    }
    limit = std::min(limit, client_max > overhead ? client_max - overhead : 0);
    limit = std::min(limit, out.size() > overhead ? out.size() - overhead : 0);
  } else {
    limit = std::min(limit, out.size());
  }
  ByteWriter plain(response_.first(limit));
  RequestContext ctx;
  ctx.association = &assoc;
  ctx.request_protection = request->protection;
  if (Status s = engine_->process(assoc, ctx, request->apdu, *state, plain); !s) {
    release_state(slot, false);
    return s.error();
  }
  release_state(slot, false);
  if (plain.size() == 0) {
    // Unconfirmed service: nothing to send; staged security changes still take effect.
    if (assoc.config() != nullptr && assoc.config()->security != nullptr) {
      (void)assoc.config()->security->commit_pending();
    }
    free_slot_if_idle(slot);
    return ByteSpan();
  }
  Result<ByteSpan> protected_response = assoc.protect_response(plain.written(), *request, out);
  if (!protected_response) {
    if (assoc.config() != nullptr && assoc.config()->security != nullptr) {
      assoc.config()->security->discard_pending();
    }
    return protected_response.error();
  }
  Result<ByteSpan> sent = copy_out(*protected_response, out);
  if (assoc.config() != nullptr && assoc.config()->security != nullptr) {
    // security_activate / key_transfer take effect after their response (security_context.hpp).
    (void)assoc.config()->security->commit_pending();
  }
  // A failed reply_to_HLS_authentication closed the association.
  free_slot_if_idle(slot);
  return sent;
}

Result<ByteSpan> ServerSession::send_unsolicited(std::uint16_t client_sap, std::uint16_t server_sap,
                                                 ByteSpan plain, MutableByteSpan out) noexcept {
  LogicalDevice* device = find_device(server_sap);
  if (device == nullptr) {
    return association_errc::unknown_association;
  }
  Slot* slot = acquire_slot(*device, client_sap, true);
  if (slot == nullptr) {
    slot = find_slot(client_sap, server_sap);
  }
  if (slot == nullptr) {
    return association_errc::unknown_association;
  }
  if (slot->association.status() != AssociationStatus::associated) {
    return association_errc::not_associated;
  }
  Result<ByteSpan> p = slot->association.protect_unsolicited(plain, out);
  if (!p) {
    return p.error();
  }
  return copy_out(*p, out);
}

Result<ByteSpan> ServerSession::data_notification(std::uint16_t client_sap, std::uint16_t server_sap,
                                                  apdu::LongInvokeIdAndPriority long_invoke_id,
                                                  ByteSpan date_time, const codec::DataView& body,
                                                  MutableByteSpan out) noexcept {
  apdu::DataNotification n;
  n.long_invoke_id_and_priority = long_invoke_id;
  n.date_time = date_time;
  n.notification_body = body;
  ByteWriter w(response_);
  if (Status s = n.encode(w); !s || !w.ok()) {
    return association_errc::buffer_too_small;
  }
  // The response buffer may hold a staged answer of the engine only inside its own state
  // buffers, so it is free here.
  return send_unsolicited(client_sap, server_sap, w.written(), out);
}

Result<ByteSpan> ServerSession::event_notification(std::uint16_t client_sap, std::uint16_t server_sap,
                                                   std::optional<ByteSpan> time,
                                                   const apdu::CosemAttributeDescriptor& descriptor,
                                                   const codec::DataView& value,
                                                   MutableByteSpan out) noexcept {
  apdu::EventNotificationRequest n;
  n.time = time;
  n.cosem_attribute_descriptor = descriptor;
  n.attribute_value = value;
  ByteWriter w(response_);
  if (Status s = n.encode(w); !s || !w.ok()) {
    return association_errc::buffer_too_small;
  }
  return send_unsolicited(client_sap, server_sap, w.written(), out);
}

}  // namespace dlms::server
