#pragma once
// ServiceEngine: the xDLMS service engine of the server (Green Book DLMS UA 1000-2, 9.3 "DLMS
// services" and 9.4 "protocol for the data transfer services", LN referencing). It takes one
// plaintext xDLMS request APDU of an established association, checks it, routes it to the
// association's objects (CosemObject) and writes the plaintext response APDU.
//
// Services: GET normal / next / with-list; SET normal / with-first-datablock / with-datablock /
// with-list / with-list-and-first-datablock; ACTION normal / next-pblock / with-list /
// with-first-pblock / with-list-and-first-pblock / with-pblock; general-block-transfer.
//
// Block transfer (Green Book 9.4.6.4-9.4.6.6): a response longer than the PDU limit (see
// process()) is sent as get-response-with-datablock / action-response-with-pblock blocks of
// exactly the limit (the last may be shorter; the raw data of an ACTION block is the
// Action-Response-With-Optional-Data, or the SEQUENCE OF them for with-list). A long GET value
// is produced piecewise (CosemObject's GetCursor) into ServiceState's staging buffer, so a
// 100 kB attribute needs no 100 kB buffer; the GET is restarted from a fresh cursor when it
// turns out longer than one APDU. Without the block-transfer conformance bit a GET that does
// not fit answers other-reason. A wrong block number aborts the transfer
// (data-block-number-invalid / long-action-aborted); a continuation with nothing in progress
// answers no-long-get/set/action-in-progress; any new request abandons a transfer.
// Long SET/ACTION parameters are reassembled in ServiceState's request buffer, bounded by
// EngineLimits::max_reassembled_size; they are checked (object, id, access) at the first
// block and again when complete.
//
// General block transfer (Green Book 9.4.6.13), only when negotiated AND the client itself
// sent a GBT APDU (INTEROP.md: dlms-cosem proposes GBT but cannot parse it): the client's
// request may come in several GBT blocks (each acknowledged with an empty GBT); the response
// APDU is streamed in GBT blocks of exactly the limit, one per client acknowledgement
// (window 1, no streaming); the server numbers its blocks from 1 per exchange and acknowledges
// the client's last block number. The blocks carry the plaintext response: the session must
// not rely on the engine for GBT of ciphered APDUs (a GBT whose content is ciphered is not
// deciphered here). Service-specific block requests inside GBT are refused (D8 01 02).
//
// Checks, in this order, before an object sees anything (a failing request changes no state):
//   1. the association is associated (HLS pending: only ACTION Association LN method 1,
//      reply_to_HLS_authentication; Green Book 9.2.7.4) and the service is in the negotiated
//      conformance block; else EXCEPTION-Response (state-error service-not-allowed with
//      service-error operation-not-possible resp. service-not-supported);
//   2. the object is in the association's object list (object-undefined; another class with
//      that logical name: object-class-inconsistent);
//   3. the attribute / method id is within the object's range (object-undefined);
//   4. the access mode: read / write / method access (read-write-denied), and the request
//      protection the mode demands against RequestContext::request_protection
//      (scope-of-access-violated);
//   5. selective access only with the selective-access conformance bit and a selector the
//      attribute supports (CosemObject::access_selectors; else other-reason).
// The protection bits of an access mode hold for every access to that attribute / method (a
// mode kReadWrite | kAuthenticatedRequest needs an authenticated request to read too).
// While the association is pending, reply_to_HLS_authentication goes to the Association LN
// object of the object list if there is one (with the usual checks), else straight to
// AssociationContext::reply_to_hls_authentication (parameter: an octet-string f(StoC)).
// A with-list request answers each item separately. A malformed APDU is answered with an
// EXCEPTION-Response; the session and any transfer in progress survive it. Invoke-id-and-
// priority is echoed exactly. An unconfirmed SET or ACTION (Invoke-Id-And-Priority bit 6,
// service-class, clear; Green Book xDLMS ASN.1 and 9.3.10/9.3.11) is executed and not
// answered, even when it fails; GET is a confirmed service only (9.3.9) and is always answered.
//
// Answers to service errors (Green Book 9.3 EXCEPTION-Response):
//   not associated / HLS pending and not reply_to_HLS_authentication:  D8 01 01
//   service (or its block / with-list / GBT variant) not in the negotiated conformance: D8 01 02
//   unknown APDU tag or CHOICE:                                          D8 02 02
//   malformed (truncated, trailing octets, over a decoding limit):      D8 01 03
//   longer than the server's max receive PDU size:                       D8 01 04
//
// Nothing here allocates: the engine writes the response into the caller's ByteWriter and keeps
// per-association state (a transfer in progress) in a ServiceState over fixed buffers.

#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/apdu/exception_response.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::association {
class AssociationContext;
}  // namespace dlms::association

namespace dlms::server {

namespace detail {
class Exchange;
}  // namespace detail

struct EngineLimits {
  // Decoding limits for requests (with-list items: max_list_items; nesting; string lengths).
  codec::Limits decode = codec::kDefaultLimits;
  // Largest SET value / ACTION parameter reassembled from blocks (further bounded by the size
  // of ServiceState's request buffer). Exceeding it aborts the transfer: SET answers
  // long-set-aborted, ACTION long-action-aborted.
  std::size_t max_reassembled_size = 65535;
};

// The per-association (per-session) state of the engine: a long GET / SET / ACTION or a GBT
// exchange in progress. It lives over two caller-provided buffers:
//   - staging: response bytes produced but not yet sent; blocks are cut from it. Must hold at
//     least one whole response PDU (the client's max receive PDU size); twice that lets
//     objects write larger pieces. An ACTION response (with its return data) and every GBT
//     response other than a long GET are built whole in it, so it also bounds method return
//     data (larger: result other-reason, the method has run).
//   - request: a copy of the request a long GET continues from (its descriptors and selective
//     access parameters), or the SET value / ACTION parameters / GBT request being reassembled.
//     Must hold the largest request the server accepts (its max receive PDU size) and the
//     largest reassembled value.
// Not copyable (it points into its buffers). reset() on association release.
class ServiceState {
 public:
  ServiceState(MutableByteSpan staging, MutableByteSpan request) noexcept
      : staging_(staging), request_(request) {}
  ServiceState(const ServiceState&) = delete;
  ServiceState& operator=(const ServiceState&) = delete;

  // Forgets any transfer in progress.
  void reset() noexcept;
  // True while a block transfer (either direction, service-specific or GBT) is unfinished.
  [[nodiscard]] bool transfer_in_progress() const noexcept { return op_ != Operation::none || gbt_active_; }

  [[nodiscard]] std::size_t staging_capacity() const noexcept { return staging_.size(); }
  [[nodiscard]] std::size_t request_capacity() const noexcept { return request_.size(); }

 private:
  friend class ServiceEngine;
  friend class detail::Exchange;

  enum class Operation : std::uint8_t {
    none,
    get_blocks,         // sending get-response-with-datablock (or a GBT stream of a GET response)
    action_blocks,      // sending action-response-with-pblock
    staged_blocks,      // GBT only: sending a response held whole in staging
    set_reassembly,     // receiving set-request-with-datablock
    action_reassembly,  // receiving action-request-with-pblock
  };

  MutableByteSpan staging_;
  MutableByteSpan request_;

  Operation op_ = Operation::none;
  std::uint8_t invoke_id_and_priority_ = 0;
  std::uint32_t block_number_ = 0;  // last block sent (GET/ACTION out) or received (SET/ACTION in)

  // Staged response bytes not yet sent: staging_[pending_begin_, pending_end_).
  std::size_t pending_begin_ = 0;
  std::size_t pending_end_ = 0;
  std::size_t request_size_ = 0;  // bytes used in request_

  // Long GET: the request copied into request_ (an APDU), its items and where production is.
  bool get_with_list_ = false;
  bool producer_done_ = false;
  bool prefix_written_ = false;  // list count (and in GBT mode the response APDU header)
  bool item_open_ = false;       // the current item's Get-Data-Result choice is written
  std::uint16_t item_count_ = 0;
  std::uint16_t item_index_ = 0;
  std::size_t item_offset_ = 0;  // offset in request_ of the current item's descriptor
  GetCursor cursor_;

  // Long SET / ACTION in: the descriptors are re-read from the first request kept in request_.
  bool with_list_in_ = false;
  std::size_t descriptors_size_ = 0;  // request_[0, descriptors_size_) holds the descriptor part

  // General block transfer (Green Book 9.4.6.13).
  bool gbt_active_ = false;         // the current exchange uses GBT
  bool gbt_receiving_ = false;      // reassembling a client request from GBT blocks
  std::uint16_t gbt_sent_ = 0;      // last block number the server sent
  std::uint16_t gbt_received_ = 0;  // last block number received from the client
};

// A ServiceState with its buffers inside.
template <std::size_t StagingSize, std::size_t RequestSize>
class ServiceStateStorage : public ServiceState {
 public:
  ServiceStateStorage() noexcept : ServiceState(MutableByteSpan(staging_), MutableByteSpan(request_)) {}

 private:
  std::array<std::uint8_t, StagingSize> staging_{};
  std::array<std::uint8_t, RequestSize> request_{};
};

class ServiceEngine {
 public:
  explicit ServiceEngine(const EngineLimits& limits = {}) noexcept : limits_(limits) {}

  // Processes one plaintext xDLMS APDU of `assoc` and writes the plaintext response APDU to
  // `response` (nothing written: nothing to send). The response, and every block of a long
  // response, is at most min(response.remaining(), client max receive PDU size of
  // assoc.negotiated(); 0 there means no limit): a session that protects the response passes a
  // writer whose capacity leaves room for the ciphering overhead.
  // `ctx` is what objects see (ctx.association should be &assoc; request_protection the
  // protection the request arrived with). Errors (as Status) only when no response can be
  // written at all: xdlms_errc::buffer_too_small when the writer cannot hold even an
  // EXCEPTION-Response.
  Status process(association::AssociationContext& assoc, const RequestContext& ctx, ByteSpan request,
                 ServiceState& state, ByteWriter& response) const;

  [[nodiscard]] const EngineLimits& limits() const noexcept { return limits_; }

 private:
  EngineLimits limits_;
};

}  // namespace dlms::server
