#pragma once
// ClientEngine: the client side of a DLMS/COSEM application association (Green Book 9.3 and
// 9.4), transport-independent and allocation-free. It builds each request APDU into a
// caller's buffer and consumes each response APDU:
//
//   engine.begin_get(descriptor, std::nullopt, result_buffer);
//   while (true) {
//     Result<ByteSpan> request = engine.next_request(out);      // send these bytes
//     Result<Progress> p = engine.on_response(received_apdu);   // one whole APDU back
//     if (!p || *p == Progress::complete) break;                 // else: send the next request
//   }
//   engine.outcome(); engine.result();
//
// What it does on the way:
//  - association: AARQ for every mechanism (none, LLS, HLS 2..6) with the proposed conformance
//    and max receive PDU; the AARE decoded and checked (result, diagnostics, application
//    context, mechanism, ciphered InitiateResponse); HLS pass 3/4 as ACTION Association LN
//    0.0.40.0.0.255 method 1 (reply_to_HLS_authentication) with f(StoC), and f(CtoS) checked;
//  - suite-0 ciphering of every request after the AARQ (glo-, ded-, general-glo/ded-,
//    general-ciphering with identified-key or wrapped-key), each
//    response deciphered and checked (tag, kind, server system title, invocation counter
//    replay); a plain response while ciphering is an error (except an exception-response);
//  - block transfer: get-response-with-datablock reassembled (bounded), set with datablocks
//    and action with pblocks when a request exceeds the server's max receive PDU, action
//    response pblocks reassembled; general-block-transfer only when configured and negotiated;
//  - release (RLRQ/RLRE), tolerating a malformed RLRE (reported as a deviation).
// DLMS refusals are values (outcome()); errors (std::error_code of the client, xdlms, codec or
// security category) end the operation but keep the association (abort() is implied).
//
// Buffers: the engine never allocates. `request_scratch` holds a plain request before
// ciphering (or general-block-transfer wrapping), `response_scratch` a deciphered response and
// block slices; both should hold the largest APDU in use (the negotiated PDU sizes).
// `gbt` reassembles general-block-transfer responses (only needed when GBT is used).
// Views passed to begin_* (descriptors, values) must stay valid until the operation completes.
// The answer goes to a caller's buffer (MutableByteSpan: bounded by its size) or to a
// ResultSink (stack/client/result_sink.hpp: a growing buffer, or a GET streamed piece by piece);
// either way at most ClientConfig::max_response_size octets (0: the buffer's size, no bound for
// a sink).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/selective_access.hpp"
#include "stack/client/association_info.hpp"
#include "stack/client/client_config.hpp"
#include "stack/client/client_error.hpp"
#include "stack/client/dlms_outcome.hpp"
#include "stack/client/result_sink.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/hls.hpp"
#include "stack/security/invocation_counter.hpp"

namespace dlms::client {

enum class Progress : std::uint8_t {
  send_request,  // call next_request() and send what it returns
  complete,      // the operation finished: outcome() and result() hold its answer
};

enum class Operation : std::uint8_t { none, associate, get, get_list, set, set_list, action, release };

struct EngineBuffers {
  MutableByteSpan request_scratch;
  MutableByteSpan response_scratch;
  MutableByteSpan gbt;
};

// The Association LN object of the current association and its method 1
// reply_to_HLS_authentication (Blue Book 4.4.4; Green Book 9.2.7.4 HLS pass 3 and 4).
inline constexpr std::uint16_t kAssociationLnClassId = 15;
inline constexpr apdu::ObisCode kCurrentAssociation{0, 0, 40, 0, 0, 255};
inline constexpr std::int8_t kReplyToHlsAuthentication = 1;

class ClientEngine {
 public:
  // `backend` is needed for HLS and ciphering (nullptr otherwise). The config is copied; the
  // spans it holds (password, secret) are not.
  ClientEngine(const ClientConfig& config, security::CryptoBackend* backend, EngineBuffers buffers) noexcept;

  ClientEngine(const ClientEngine&) = delete;
  ClientEngine& operator=(const ClientEngine&) = delete;

  [[nodiscard]] const ClientConfig& config() const noexcept { return config_; }
  [[nodiscard]] const AssociationInfo& association() const noexcept { return info_; }
  [[nodiscard]] bool associated() const noexcept { return info_.associated; }
  [[nodiscard]] Operation operation() const noexcept { return op_; }
  [[nodiscard]] security::InvocationCounters& counters() noexcept { return counters_; }
  // Whether requests are ciphered in this association.
  [[nodiscard]] bool ciphering() const noexcept { return ciphering_; }
  // The largest request APDU the server accepts (its max receive PDU, after the AARE).
  [[nodiscard]] std::size_t server_max_pdu() const noexcept;

  // --- Operations: each starts a request; then next_request() / on_response() ---
  Status begin_associate() noexcept;
  // result: receives the encoded Data value (its bytes as the server sent them).
  Status begin_get(const apdu::CosemAttributeDescriptor& attribute,
                   const std::optional<apdu::SelectiveAccessDescriptor>& access,
                   MutableByteSpan result) noexcept;
  // The same with the value's octets given to `sink` block by block (kept or streamed; a
  // streaming sink validates the value itself). result() is the sink's kept() octets.
  Status begin_get(const apdu::CosemAttributeDescriptor& attribute,
                   const std::optional<apdu::SelectiveAccessDescriptor>& access, ResultSink& sink) noexcept;
  // result: receives the A-XDR SEQUENCE OF Get-Data-Result (count, then each result).
  Status begin_get_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                        MutableByteSpan result) noexcept;
  // The same into a sink that keeps its octets.
  Status begin_get_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                        ResultSink& sink) noexcept;
  Status begin_set(const apdu::CosemAttributeDescriptor& attribute,
                   const std::optional<apdu::SelectiveAccessDescriptor>& access,
                   codec::DataView value) noexcept;
  // result: receives the count and the Data-Access-Result octets.
  Status begin_set_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                        std::span<const codec::DataView> values, MutableByteSpan result) noexcept;
  Status begin_set_list(std::span<const apdu::CosemAttributeDescriptorWithSelection> attributes,
                        std::span<const codec::DataView> values, ResultSink& sink) noexcept;
  // result: receives the encoded return parameters Data (empty result() if none came).
  Status begin_action(const apdu::CosemMethodDescriptor& method, std::optional<codec::DataView> parameters,
                      MutableByteSpan result) noexcept;
  // The same into a sink that keeps its octets.
  Status begin_action(const apdu::CosemMethodDescriptor& method, std::optional<codec::DataView> parameters,
                      ResultSink& sink) noexcept;
  Status begin_release() noexcept;

  // Forgets the operation in progress (e.g. after a transport error); the association stays.
  void abort() noexcept;
  // Replaces the scratch buffers (e.g. grown by the caller); only between operations
  // (client_errc::busy otherwise).
  Status set_buffers(EngineBuffers buffers) noexcept;
  // The connection is gone: no association, counters of received APDUs kept.
  void reset() noexcept;

  // The next request APDU, written to `out` (ciphered / GBT-wrapped as configured).
  Result<ByteSpan> next_request(MutableByteSpan out) noexcept;
  // One whole response APDU.
  Result<Progress> on_response(ByteSpan apdu) noexcept;

  // --- Answer of the last completed operation ---
  [[nodiscard]] const DlmsOutcome& outcome() const noexcept { return outcome_; }
  [[nodiscard]] ByteSpan result() const noexcept { return result_buffer().first(result_size_); }
  // The return parameters of an ACTION were a data-access-result instead of data.
  [[nodiscard]] std::optional<apdu::DataAccessResult> action_return_access_result() const noexcept {
    return action_return_dar_;
  }
  // The last RLRE was malformed (tolerated; e.g. Gurux's example server, see INTEROP.md).
  [[nodiscard]] bool release_deviation() const noexcept { return release_deviation_; }
  // Blocks received / sent in the last operation (service-specific or GBT).
  [[nodiscard]] std::uint32_t blocks_received() const noexcept { return blocks_received_; }
  [[nodiscard]] std::uint32_t blocks_sent() const noexcept { return blocks_sent_; }

 private:
  enum class Pending : std::uint8_t {
    none,
    aarq,
    hls_reply,
    get_normal,
    get_next,
    get_list,
    set_normal,
    set_first_block,
    set_block,
    set_list,
    set_list_first_block,
    action_normal,
    action_first_pblock,
    action_pblock,
    action_next_pblock,
    release,
    gbt_ack,
  };

  Status begin(Operation op) noexcept;
  void finish(const DlmsOutcome& outcome) noexcept;
  void release_sink() noexcept;
  std::error_code fail(std::error_code ec) noexcept;
  [[nodiscard]] apdu::InvokeIdAndPriority invoke() const noexcept { return invoke_; }
  [[nodiscard]] std::size_t cipher_overhead() const noexcept;
  [[nodiscard]] std::size_t result_limit() const noexcept;
  [[nodiscard]] bool gbt_active() const noexcept;

  template <class Encode>
  Result<ByteSpan> emit(MutableByteSpan out, bool protect, Encode&& encode) noexcept;
  Result<ByteSpan> build_aarq(MutableByteSpan out) noexcept;
  Result<ByteSpan> build_request(MutableByteSpan out) noexcept;
  Result<ByteSpan> block_slice(std::size_t offset, std::size_t size) noexcept;
  [[nodiscard]] std::size_t block_payload(std::size_t header) const noexcept;

  Result<Progress> on_aare(ByteSpan apdu) noexcept;
  Result<Progress> on_release_response(ByteSpan apdu) noexcept;
  Result<Progress> on_service_response(ByteSpan plain) noexcept;
  Result<Progress> on_get_response(ByteSpan plain) noexcept;
  Result<Progress> on_set_response(ByteSpan plain) noexcept;
  Result<Progress> on_action_response(ByteSpan plain) noexcept;
  Result<Progress> on_hls_response(ByteSpan plain) noexcept;
  Result<ByteSpan> unprotect_response(ByteSpan apdu) noexcept;
  // general-ciphering [221] of a request / the answer to it (config_.ciphering->general).
  Result<ByteSpan> seal_general(ByteSpan plain, MutableByteSpan out) noexcept;
  Result<ByteSpan> open_general(ByteSpan apdu) noexcept;
  Status append_result(ByteSpan bytes) noexcept;
  // The octets of the answer so far: the caller's buffer, or the sink's kept() octets (empty
  // for a streaming sink).
  [[nodiscard]] MutableByteSpan result_buffer() const noexcept {
    if (sink_ == nullptr) {
      return result_;
    }
    const MutableByteSpan kept = sink_->kept();
    return kept.size() >= result_size_ ? kept : MutableByteSpan();
  }
  // A with-list result: the A-XDR count, then the encoded elements.
  Status append_list_result(std::size_t count, ByteSpan encoded_elements) noexcept;
  // The keys and challenges of HLS pass 3 and pass 4 (Green Book 9.2.7.4).
  [[nodiscard]] security::HlsKeys hls_keys() const noexcept;
  [[nodiscard]] security::HlsExchange hls_exchange() const noexcept;
  Status accept_block(std::uint32_t block_number) noexcept;

  ClientConfig config_;
  security::CryptoBackend* backend_;
  EngineBuffers buffers_;
  security::InvocationCounters counters_;
  AssociationInfo info_;
  bool ciphering_ = false;  // requests after the AARQ are protected
  bool gbt_negotiated_ = false;

  Operation op_ = Operation::none;
  Pending pending_ = Pending::none;
  bool awaiting_response_ = false;
  apdu::InvokeIdAndPriority invoke_{};
  std::uint8_t next_invoke_id_ = 0;
  DlmsOutcome outcome_;
  MutableByteSpan result_;
  ResultSink* sink_ = nullptr;  // instead of result_ when set
  std::size_t result_size_ = 0;
  std::optional<apdu::DataAccessResult> action_return_dar_;
  bool release_deviation_ = false;

  // The request being carried out.
  apdu::CosemAttributeDescriptor attribute_{};
  apdu::CosemMethodDescriptor method_{};
  std::optional<apdu::SelectiveAccessDescriptor> access_;
  std::span<const apdu::CosemAttributeDescriptorWithSelection> attribute_list_;
  std::span<const codec::DataView> values_;
  std::optional<codec::DataView> value_;
  // Block transfer of a request (set datablocks, action pblocks): the stream of the value
  // octets (a count prefix for with-list, then the values), where the next block starts.
  std::array<std::uint8_t, 5> stream_prefix_{};
  std::size_t stream_prefix_size_ = 0;
  std::size_t stream_size_ = 0;
  std::size_t stream_offset_ = 0;
  std::size_t block_size_ = 0;
  std::uint32_t block_number_ = 0;  // last block sent or received
  std::uint32_t blocks_received_ = 0;
  std::uint32_t blocks_sent_ = 0;
  // General-block-transfer state.
  std::uint16_t gbt_sent_ = 0;
  std::uint16_t gbt_received_ = 0;
  std::size_t gbt_size_ = 0;
  std::uint32_t gbt_blocks_ = 0;
  Pending gbt_resume_ = Pending::none;

  // Association: the OIDs, the InitiateRequest (plain and ciphered), CtoS, f(StoC).
  apdu::DlmsUaOid context_oid_{};
  apdu::DlmsUaOid mechanism_oid_{};
  std::array<std::uint8_t, 64> initiate_plain_{};
  std::array<std::uint8_t, 128> initiate_{};
  std::size_t initiate_size_ = 0;
  std::array<std::uint8_t, security::kMaxChallengeSize> challenge_{};
  std::array<std::uint8_t, security::kMaxHlsAnswerSize + 2> hls_parameter_{};
  std::size_t hls_parameter_size_ = 0;
  // general-ciphering: the transaction-id of the last request, and its wrapped content key.
  std::array<std::uint8_t, 8> transaction_id_{};
  std::array<std::uint8_t, security::Key::kMaxSize + 8> wrapped_key_{};
};

}  // namespace dlms::client
