#pragma once
// Client: the blocking convenience layer over ClientEngine and a ClientChannel, for the CLI,
// the conformance harness and tests. It owns its buffers and returns owning values
// (codec::Data), so it allocates (not for meter firmware request paths; the engine does not).
//
// Buffers grow with what is asked (a request's buffer with its descriptors and values, the
// answer's with its octets, both bounded: the largest APDU, `max_response_size`); the scratch
// buffers of ciphering and general-block-transfer exist only when the config asks for them.
// get_streamed() hands a long value on block by block instead of holding it whole.
//
// Every call returns Result<...>: an error_code when the exchange failed (its category names
// the layer: "client", "xdlms", "codec", "security", or the transport's), else the DLMS answer
// as a value whose `outcome` says success or which DLMS code refused it.
//
//   dlms::client::Client c(channel, config, &backend);
//   auto info = c.associate();                       // info->associated, info->outcome
//   auto v = c.get({8, {0,0,1,0,0,255}, 2});          // v->outcome.ok(), v->value
//   c.release();

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/apdu/selective_access.hpp"
#include "stack/client/association_info.hpp"
#include "stack/client/client_channel.hpp"
#include "stack/client/client_config.hpp"
#include "stack/client/client_engine.hpp"
#include "stack/client/dlms_outcome.hpp"
#include "stack/client/result_sink.hpp"
#include "stack/codec/data.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"

namespace dlms::client {

// Selective access with an owning parameter (Blue Book: e.g. profile generic by range,
// selector 1, or by entry, selector 2).
struct SelectiveAccess {
  std::uint8_t selector = 0;
  codec::Data parameters;
};

// One attribute of a with-list request.
struct AttributeRequest {
  apdu::CosemAttributeDescriptor attribute;
  std::optional<SelectiveAccess> access;
};

struct GetValue {
  DlmsOutcome outcome;  // success, data-access-result, exception-response, ...
  codec::Data value;    // the value when outcome.ok()
};

struct ActionValue {
  DlmsOutcome outcome;
  std::optional<codec::Data> return_value;                     // return parameters, if any
  std::optional<apdu::DataAccessResult> return_access_result;  // when they were an error instead
};

// One entry of Association LN attribute 2 object_list (Blue Book 4.4.4):
// structure { class_id long-unsigned, version unsigned, logical_name octet-string(6),
//             access_rights structure }.
struct ObjectListEntry {
  std::uint16_t class_id = 0;
  std::uint8_t version = 0;
  apdu::ObisCode logical_name;
  codec::Data access_rights;
};

struct ObjectList {
  DlmsOutcome outcome;
  std::vector<ObjectListEntry> objects;
};

// Totals of the exchanges of one Client (APDU octets as given to / returned by the channel).
struct ExchangeCounters {
  std::uint64_t requests = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t operation_bytes_received = 0;  // since the current operation began
};

// Told after every exchange (e.g. a progress bar of a long read).
class ExchangeObserver {
 public:
  virtual ~ExchangeObserver() = default;
  virtual void on_exchange(const ExchangeCounters& counters) noexcept = 0;
};

// A GET answer as the encoded Data, a view into the client's result buffer (valid until the
// next call on the client): for long values walked lazily with codec::DataView.
struct EncodedValue {
  DlmsOutcome outcome;
  ByteSpan encoded;  // the Data octets when outcome.ok()
};

class Client {
 public:
  // `backend` is needed for HLS and ciphering. Buffers are sized from the config (max PDU
  // sizes) and `max_response_size` (reassembled responses).
  Client(ClientChannel& channel, const ClientConfig& config, security::CryptoBackend* backend = nullptr);

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // AARQ/AARE and, for HLS, pass 3/4. The info says whether the association is open and,
  // if not, why (outcome).
  Result<AssociationInfo> associate();
  Result<GetValue> get(const apdu::CosemAttributeDescriptor& attribute,
                       const std::optional<SelectiveAccess>& access = std::nullopt);
  // The same without decoding into an owning tree (the bytes are validated as one Data).
  Result<EncodedValue> get_encoded(const apdu::CosemAttributeDescriptor& attribute,
                                   const std::optional<SelectiveAccess>& access = std::nullopt);
  // The same with the value's octets handed to `sink` as each response block arrives, not
  // held whole (e.g. a profile buffer through an ArrayStreamDecoder, which validates them).
  // The outcome says whether the server answered with data; a data-access-result may still
  // come in a later block, after some octets were handed on.
  Result<DlmsOutcome> get_streamed(const apdu::CosemAttributeDescriptor& attribute,
                                   const std::optional<SelectiveAccess>& access, ResultSink& sink);
  // Returns one GetValue per attribute (or one with the exception-response outcome for all).
  Result<std::vector<GetValue>> get_list(std::span<const AttributeRequest> attributes);
  Result<DlmsOutcome> set(const apdu::CosemAttributeDescriptor& attribute, const codec::Data& value,
                          const std::optional<SelectiveAccess>& access = std::nullopt);
  // One outcome per attribute (or one exception-response outcome for all).
  Result<std::vector<DlmsOutcome>> set_list(std::span<const AttributeRequest> attributes,
                                            std::span<const codec::Data> values);
  Result<ActionValue> action(const apdu::CosemMethodDescriptor& method,
                             const std::optional<codec::Data>& parameters = std::nullopt);
  // Association LN 0.0.40.0.0.255 attribute 2.
  Result<ObjectList> read_object_list();
  // RLRQ/RLRE; the association is closed locally whatever the server answers.
  Result<DlmsOutcome> release();

  [[nodiscard]] ClientEngine& engine() noexcept { return engine_; }
  [[nodiscard]] const AssociationInfo& association() const noexcept { return engine_.association(); }
  // Request and response APDUs of the exchanges so far are counted here.
  [[nodiscard]] std::uint64_t exchanges() const noexcept { return exchanges_; }
  // Requests and APDU octets both ways, so far.
  [[nodiscard]] const ExchangeCounters& counters() const noexcept { return counters_; }
  // Told after each exchange (nullptr: nobody).
  void set_observer(ExchangeObserver* observer) noexcept { observer_ = observer; }

 private:
  // The answer's octets, kept in a vector that grows (bounded by the engine).
  class KeptResult final : public ResultSink {
   public:
    Status append(ByteSpan octets) noexcept override;
    [[nodiscard]] MutableByteSpan kept() noexcept override { return bytes_; }
    void clear() noexcept { bytes_.clear(); }

   private:
    std::vector<std::uint8_t> bytes_;
  };

  // Runs the operation begun on the engine to completion over the channel.
  Status run();
  // A GET of one attribute run to its end, its value given to `sink`.
  Status run_get(const apdu::CosemAttributeDescriptor& attribute,
                 const std::optional<SelectiveAccess>& access, ResultSink& sink);
  // Grows the request buffers (and the request scratch when ciphering or GBT is used) for a
  // request carrying `payload` octets of descriptors and values.
  Status reserve_request(std::size_t payload);
  // Grows the response scratch to `size` octets (with-list SET blocks are sliced into it).
  Status reserve_response_scratch(std::size_t size);
  [[nodiscard]] EngineBuffers buffers() noexcept;

  ClientChannel& channel_;
  bool scratch_needed_ = false;  // ciphering or general-block-transfer
  std::vector<std::uint8_t> request_;
  std::vector<std::uint8_t> request_scratch_;
  std::vector<std::uint8_t> response_scratch_;
  std::vector<std::uint8_t> gbt_;
  KeptResult result_;
  ClientEngine engine_;
  std::uint64_t exchanges_ = 0;
  ExchangeCounters counters_;
  ExchangeObserver* observer_ = nullptr;
};

}  // namespace dlms::client
