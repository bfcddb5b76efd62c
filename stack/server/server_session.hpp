#pragma once
// ServerSession: one transport connection of a server (an HDLC link, a TCP connection, a UDP
// peer). It takes whole APDUs with the addresses they came on (client SAP, server SAP) and
// glues the layers: ACSE APDUs (AARQ, RLRQ) go to the association of that client SAP in the
// logical device of that server SAP; xDLMS APDUs go through the association's protection
// (unprotect_request), the service engine (ServiceEngine::process) and back
// (protect_response). It also sends DataNotification / EventNotification protected like
// responses. on_disconnect() (HDLC DISC, TCP close) releases every association of the session.
//
// Answers outside the engine (Green Book 9.3 EXCEPTION-Response, state-error / service-error):
//   no association for the client SAP (not even a pre-established one), or HLS pending and
//   the request is not reply_to_HLS_authentication:   service-not-allowed, operation-not-possible
//   a ciphered APDU that fails its checks (structure, policy, system title, tag, key; a ded-
//   APDU without a dedicated key; general-ciphering with agreed-key or no key-info; any
//   ciphered APDU in a context without ciphering) or a plain APDU the security policy
//   forbids:                                           service-not-allowed, deciphering-error
//   an invocation counter not above the last accepted: service-not-allowed,
//                                                      invocation-counter-error (the expected IC
//                                                      of the key the request used: global,
//                                                      dedicated, or general-ciphering's)
//   a request longer than the session's buffers:       service-not-allowed, pdu-too-long
// Why an EXCEPTION-Response and not a ciphered ConfirmedServiceError: the Green Book xDLMS
// ASN.1 gives the EXCEPTION-Response the service errors deciphering-error [5] and
// invocation-counter-error [6] (carrying an IC) for exactly these failures, and a server
// cannot protect an answer for a client whose protection it could not verify. The
// EXCEPTION-Response has no ciphered form and goes in clear; it carries nothing secret. Public
// servers answer the same way (service-not-allowed with
// deciphering-error / invocation-counter-error). Our invocation-counter-error carries the
// lowest IC the server accepts (last accepted + 1). None of these answers changes any state.
// Checked against the Green Book xDLMS ASN.1 (EXCEPTION-Response: state-error
// service-not-allowed (1) / service-unknown (2); service-error operation-not-possible [1],
// service-not-supported [2], other-reason [3], pdu-too-long [4], deciphering-error [5],
// invocation-counter-error [6] Unsigned32) and 9.2.7.4 (HLS: only reply_to_HLS_authentication
// while pending); a failed association (AARQ) is answered in the AARE, never with an
// EXCEPTION-Response (server_association.hpp lists those diagnostics).
//
// An AARQ from a client SAP that none of the device's associations serves is answered with an
// AARE rejected-permanent, acse-service-user no-reason-given: the ACSE diagnostics (Green Book
// 9.4.2, Associate-source-diagnostic) have no value for an unknown client, and the Green Book
// leaves an unknown SAP to the lower layers, which normally never deliver it. An AARQ of a
// known client while every association slot of the session is taken (kMaxAssociations other
// client SAPs bound) is answered rejected-transient (2), acse-service-user no-reason-given (1):
// ACSE (IEC 8650-1 / Green Book 9.4.2 AARE result) keeps "transient" for a refusal that may
// succeed later, here once another association of the session is released.
//
// Unconfirmed services (Invoke-Id-And-Priority bit 6 service-class = 0; Green Book xDLMS
// ASN.1: bits 0-3 invoke-id, bit 6 service-class 0 unconfirmed / 1 confirmed, bit 7 priority):
// a SET or ACTION so marked is executed and nothing is sent (on_apdu returns an empty span);
// GET is a confirmed-only service (Green Book 9.3.9 / Table "xDLMS services": GET confirmed),
// so a GET with bit 6 clear is answered like any GET, echoing the octet (field clients that
// send 81 expect the answer; see INTEROP.md).
//
// Block transfer state: the engine's ServiceState (a long GET / SET / ACTION or a GBT exchange
// in progress) belongs to one association at a time. The session holds a small pool of states
// (ServerSessionStorage's TransferStates); an association takes a free one for each request and
// keeps it only while a transfer is unfinished, so two associations of one connection can
// each have a transfer in progress when the pool holds two. When every state of the pool is
// held by another association's unfinished transfer, the least recently used one is taken
// over and that transfer is abandoned (its next block request answers
// no-long-get/set/action-in-progress). A released association gives its state back at once.
//
// No allocation: the session works in buffers its owner provides (ServerSessionStorage below
// holds them). Memory (x86-64, g++-12): ServerSession itself is 1,608 octets (four
// ServerAssociation slots of 360: dedicated key and its counters, HLS challenges); a
// ServiceState is 128 octets of bookkeeping beside its two buffers. So
// ServerSessionStorage<Req, Resp, T> = Req + Resp + T * (2 * Resp + Req + 128) + 1,608:
// <1024, 1024, 1> 6,856 octets, <1024, 1024, 2> (the default) 10,056. A meter holding 1,000
// connections with one association each picks T = 1: about 6.9 MB. The tests assert these.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/server_association.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/server/service_engine.hpp"

namespace dlms::server {

// A logical device as the session sees it: its SAP and the associations it offers (their
// object lists reference its objects).
struct LogicalDevice {
  std::uint16_t server_sap = 1;
  std::span<association::AssociationConfig> associations;
};

// The octets protection adds to a plain APDU at most: tag, length (3), security header (5),
// GCM tag (12), general-*-ciphering system title (9).
inline constexpr std::size_t kProtectionOverhead = 1 + 3 + 5 + 12 + 9;

class ServerSession {
 public:
  // Associations one session can hold open at the same time (different client SAPs).
  static constexpr std::size_t kMaxAssociations = 4;

  // `scratch` holds a deciphered request (its size is the largest request accepted);
  // `response` the plain response before protection (size: the largest response PDU);
  // `state` the engine's block transfer state (a pool of one: a transfer is abandoned when
  // another association's request comes in between). All must outlive the session.
  ServerSession(std::span<LogicalDevice> devices, const ServiceEngine& engine, MutableByteSpan scratch,
                MutableByteSpan response, ServiceState& state) noexcept
      : devices_(devices), engine_(&engine), scratch_(scratch), response_(response), pool_size_(1) {
    pool_[0] = &state;
  }
  // The same with a pool of block transfer states (the first kMaxAssociations are used; null
  // entries are skipped; at least one is needed for xDLMS requests to be served).
  ServerSession(std::span<LogicalDevice> devices, const ServiceEngine& engine, MutableByteSpan scratch,
                MutableByteSpan response, std::span<ServiceState* const> states) noexcept
      : devices_(devices), engine_(&engine), scratch_(scratch), response_(response) {
    for (ServiceState* s : states) {
      if (s != nullptr && pool_size_ < pool_.size()) {
        pool_[pool_size_++] = s;
      }
    }
  }

  ServerSession(const ServerSession&) = delete;
  ServerSession& operator=(const ServerSession&) = delete;

  // One whole APDU from the client `client_sap` to the logical device `server_sap`. The
  // answer is written to `out` and returned; an empty span means nothing is to be sent.
  // Errors (nothing to send either): association_errc::unknown_association when no logical
  // device has `server_sap`; association_errc::buffer_too_small when `out` cannot hold the
  // answer; crypto backend failures.
  Result<ByteSpan> on_apdu(std::uint16_t client_sap, std::uint16_t server_sap, ByteSpan apdu,
                           MutableByteSpan out) noexcept;

  // The connection is gone: every association of the session is released (pre-established
  // ones stay associated) and any block transfer is forgotten.
  void on_disconnect() noexcept;

  // DataNotification (Green Book 9.3.11) from `server_sap` to `client_sap` (normally a
  // pre-established association), protected as the association's security policy asks for
  // responses. date_time empty: not sent. Errors: unknown_association (no association for
  // the pair), not_associated, buffer_too_small, security errors.
  Result<ByteSpan> data_notification(std::uint16_t client_sap, std::uint16_t server_sap,
                                     apdu::LongInvokeIdAndPriority long_invoke_id, ByteSpan date_time,
                                     const codec::DataView& body, MutableByteSpan out) noexcept;
  // EventNotificationRequest (Green Book 9.3.9), protected likewise (glo-event-notification).
  Result<ByteSpan> event_notification(std::uint16_t client_sap, std::uint16_t server_sap,
                                      std::optional<ByteSpan> time,
                                      const apdu::CosemAttributeDescriptor& descriptor,
                                      const codec::DataView& value, MutableByteSpan out) noexcept;

  // Sends an unsolicited APDU the caller encoded (e.g. with notification.hpp's
  // begin_data_notification and append_attribute_value) to `client_sap` from `server_sap`,
  // protected like data_notification(). `plain` must not overlap `out`.
  Result<ByteSpan> send_unsolicited(std::uint16_t client_sap, std::uint16_t server_sap, ByteSpan plain,
                                    MutableByteSpan out) noexcept;

  // The association serving `client_sap` at `server_sap` in this session, if one is bound
  // (open, pending, or pre-established and used); nullptr otherwise.
  [[nodiscard]] association::ServerAssociation* association(std::uint16_t client_sap,
                                                            std::uint16_t server_sap) noexcept;

 private:
  struct Slot {
    association::ServerAssociation association;
    ServiceState* state = nullptr;  // held while a transfer of this association is unfinished
    std::uint32_t last_use = 0;     // session request count at its last request
    std::uint16_t server_sap = 0;
    bool bound = false;
  };

  LogicalDevice* find_device(std::uint16_t server_sap) noexcept;
  Slot* find_slot(std::uint16_t client_sap, std::uint16_t server_sap) noexcept;
  // The slot for the pair, binding a free one to the device's configuration if needed
  // (`pre_established_only`: only pre-established configurations are bound).
  Slot* acquire_slot(LogicalDevice& device, std::uint16_t client_sap, bool pre_established_only) noexcept;
  void free_slot_if_idle(Slot& slot) noexcept;
  // The block transfer state for a request of `slot`: its own, a free one of the pool, or the
  // least recently used one taken over (see the header). nullptr only with an empty pool.
  ServiceState* state_for(Slot& slot) noexcept;
  // Gives the slot's state back to the pool unless a transfer is unfinished (`force`: always).
  static void release_state(Slot& slot, bool force) noexcept;
  Result<ByteSpan> on_xdlms(Slot& slot, ByteSpan apdu, MutableByteSpan out) noexcept;

  std::span<LogicalDevice> devices_;
  const ServiceEngine* engine_;
  MutableByteSpan scratch_;
  MutableByteSpan response_;
  std::array<ServiceState*, kMaxAssociations> pool_{};
  std::size_t pool_size_ = 0;
  std::array<Slot, kMaxAssociations> slots_{};
  std::uint32_t requests_ = 0;  // counts requests, for least-recently-used
};

// A ServerSession with its buffers: requests up to MaxRequest octets (the devices' largest
// server max receive PDU size), responses up to MaxResponse (the largest client max receive
// PDU size to honour); TransferStates block transfer states (1..kMaxAssociations: how many
// associations of the connection may have a transfer unfinished at the same time), each
// staging two responses. Memory: see the header comment.
template <std::size_t MaxRequest, std::size_t MaxResponse, std::size_t TransferStates = 2>
class ServerSessionStorage {
  static_assert(TransferStates >= 1 && TransferStates <= ServerSession::kMaxAssociations);

 public:
  ServerSessionStorage(std::span<LogicalDevice> devices, const ServiceEngine& engine) noexcept
      // The pointer array is a temporary: the session copies the pointers.
      : session_(devices, engine, MutableByteSpan(scratch_), MutableByteSpan(response_),
                 std::span<ServiceState* const>(pointers(states_))) {}

  [[nodiscard]] ServerSession& session() noexcept { return session_; }

 private:
  using State = ServiceStateStorage<2 * MaxResponse, MaxRequest>;
  static std::array<ServiceState*, TransferStates> pointers(
      std::array<State, TransferStates>& states) noexcept {
    std::array<ServiceState*, TransferStates> p{};
    for (std::size_t i = 0; i < TransferStates; ++i) {
      p[i] = &states[i];
    }
    return p;
  }

  std::array<std::uint8_t, MaxRequest> scratch_{};
  std::array<std::uint8_t, MaxResponse> response_{};
  std::array<State, TransferStates> states_;
  ServerSession session_;
};

}  // namespace dlms::server
