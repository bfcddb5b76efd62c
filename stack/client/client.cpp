#include "stack/client/client.hpp"

#include <algorithm>
#include <utility>

#include "stack/apdu/get_data_result.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_reader.hpp"

namespace dlms::client {
namespace {

// Room for the largest APDU (Unsigned16 PDU sizes) plus ciphering and GBT headers.
constexpr std::size_t kApduBufferSize = 0x10000 + 64;
// A request's octets besides its descriptors' and values' (APDU and descriptor headers,
// general-ciphering with a wrapped key, a GBT header), with room to spare.
constexpr std::size_t kRequestOverhead = 512;
// The AARQ besides the password: OIDs, titles, the challenge, the ciphered InitiateRequest.
constexpr std::size_t kAarqSize = 512;
// One with-list item's attribute descriptor with its selective-access flag and selector.
constexpr std::size_t kDescriptorSize = 12;

// Encodes an owning value and validates it as a view over `storage`.
Result<codec::DataView> to_view(const codec::Data& value, std::vector<std::uint8_t>& storage,
                                const codec::Limits& limits) {
  storage = value.encode();
  if (storage.empty()) {
    return codec::codec_errc::invalid_value;
  }
  return codec::read_data_exact(storage, limits);
}

// Owning selective access -> the APDU's view (the parameters encoded into `storage`).
Result<std::optional<apdu::SelectiveAccessDescriptor>> to_descriptor(
    const std::optional<SelectiveAccess>& access, std::vector<std::uint8_t>& storage,
    const codec::Limits& limits) {
  if (!access) {
    return std::optional<apdu::SelectiveAccessDescriptor>();
  }
  Result<codec::DataView> v = to_view(access->parameters, storage, limits);
  if (!v) {
    return v.error();
  }
  return std::optional<apdu::SelectiveAccessDescriptor>(
      apdu::SelectiveAccessDescriptor{access->selector, *v});
}

// With GBT a response APDU may be as long as the longest response (deciphered in the
// response scratch buffer when ciphering).
std::size_t gbt_buffer_size(const ClientConfig& config) {
  if (!config.use_general_block_transfer) {
    return kApduBufferSize;
  }
  return std::max(kApduBufferSize, config.max_response_size + 64);
}

// Ciphered APDUs (requests, the AARE's InitiateResponse) or GBT need the scratch buffers.
bool needs_scratch(const ClientConfig& config) {
  using apdu::ApplicationContextName;
  const bool ciphered_context =
      config.application_context &&
      (*config.application_context == ApplicationContextName::logical_name_with_ciphering ||
       *config.application_context == ApplicationContextName::short_name_with_ciphering);
  return config.ciphering.has_value() || config.use_dedicated_key || ciphered_context ||
         config.use_general_block_transfer;
}

// max_response_size 0 meant the (then fixed) result buffer's size: keep that bound.
ClientConfig engine_config(const ClientConfig& config) {
  ClientConfig c = config;
  if (c.max_response_size == 0) {
    c.max_response_size = kApduBufferSize;
  }
  return c;
}

}  // namespace

Status Client::KeptResult::append(ByteSpan octets) noexcept {
  bytes_.insert(bytes_.end(), octets.begin(), octets.end());
  return {};
}

Client::Client(ClientChannel& channel, const ClientConfig& config, security::CryptoBackend* backend)
    : channel_(channel),
      scratch_needed_(needs_scratch(config)),
      response_scratch_(scratch_needed_ ? gbt_buffer_size(config) : 0),
      gbt_(config.use_general_block_transfer ? gbt_buffer_size(config) : 0),
      engine_(engine_config(config), backend, EngineBuffers{request_scratch_, response_scratch_, gbt_}) {}

EngineBuffers Client::buffers() noexcept { return EngineBuffers{request_scratch_, response_scratch_, gbt_}; }

Status Client::reserve_request(std::size_t payload) {
  const std::size_t size = std::min(kApduBufferSize, payload + kRequestOverhead);
  if (request_.size() >= size) {
    return {};
  }
  request_.resize(size);
  if (scratch_needed_) {
    request_scratch_.resize(size);
  }
  return engine_.set_buffers(buffers());
}

Status Client::reserve_response_scratch(std::size_t size) {
  size = std::min(kApduBufferSize, size);
  if (response_scratch_.size() >= size) {
    return {};
  }
  response_scratch_.resize(size);
  return engine_.set_buffers(buffers());
}

Status Client::run() {
  counters_.operation_bytes_received = 0;
  while (true) {
    Result<ByteSpan> request = engine_.next_request(request_);
    if (!request) {
      return request.error();
    }
    Result<ByteSpan> response = channel_.exchange(*request);
    ++exchanges_;
    ++counters_.requests;
    counters_.bytes_sent += request->size();
    if (response) {
      counters_.bytes_received += response->size();
      counters_.operation_bytes_received += response->size();
    }
    if (observer_ != nullptr) {
      observer_->on_exchange(counters_);
    }
    if (!response) {
      engine_.abort();
      return response.error();
    }
    Result<Progress> p = engine_.on_response(*response);
    if (!p) {
      return p.error();
    }
    if (*p == Progress::complete) {
      return {};
    }
  }
}

Result<AssociationInfo> Client::associate() {
  const ClientConfig& config = engine_.config();
  if (Status s = reserve_request(kAarqSize + config.password.size()); !s) {
    return s.error();
  }
  if (Status s = engine_.begin_associate(); !s) {
    return s.error();
  }
  if (Status s = run(); !s) {
    return s.error();
  }
  return engine_.association();
}

Status Client::run_get(const apdu::CosemAttributeDescriptor& attribute,
                       const std::optional<SelectiveAccess>& access, ResultSink& sink) {
  std::vector<std::uint8_t> access_storage;
  auto descriptor = to_descriptor(access, access_storage, engine_.config().limits);
  if (!descriptor) {
    return descriptor.error();
  }
  if (Status s = reserve_request(access_storage.size()); !s) {
    return s;
  }
  if (Status s = engine_.begin_get(attribute, *descriptor, sink); !s) {
    return s;
  }
  return run();
}

Result<DlmsOutcome> Client::get_streamed(const apdu::CosemAttributeDescriptor& attribute,
                                         const std::optional<SelectiveAccess>& access, ResultSink& sink) {
  if (Status s = run_get(attribute, access, sink); !s) {
    return s.error();
  }
  return engine_.outcome();
}

Result<GetValue> Client::get(const apdu::CosemAttributeDescriptor& attribute,
                             const std::optional<SelectiveAccess>& access) {
  const codec::Limits& limits = engine_.config().limits;
  result_.clear();
  if (Status s = run_get(attribute, access, result_); !s) {
    return s.error();
  }
  GetValue v;
  v.outcome = engine_.outcome();
  if (v.outcome.ok()) {
    Result<codec::Data> d = codec::Data::decode(engine_.result(), limits);
    if (!d) {
      return d.error();
    }
    v.value = std::move(*d);
  }
  return v;
}

Result<EncodedValue> Client::get_encoded(const apdu::CosemAttributeDescriptor& attribute,
                                         const std::optional<SelectiveAccess>& access) {
  const codec::Limits& limits = engine_.config().limits;
  result_.clear();
  if (Status s = run_get(attribute, access, result_); !s) {
    return s.error();
  }
  EncodedValue v;
  v.outcome = engine_.outcome();
  if (v.outcome.ok()) {
    Result<codec::DataView> d = codec::read_data_exact(engine_.result(), limits);
    if (!d) {
      return d.error();
    }
    v.encoded = engine_.result();
  }
  return v;
}

Result<std::vector<GetValue>> Client::get_list(std::span<const AttributeRequest> attributes) {
  const codec::Limits& limits = engine_.config().limits;
  std::vector<apdu::CosemAttributeDescriptorWithSelection> items(attributes.size());
  std::vector<std::vector<std::uint8_t>> storage(attributes.size());
  std::size_t payload = 0;
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    auto descriptor = to_descriptor(attributes[i].access, storage[i], limits);
    if (!descriptor) {
      return descriptor.error();
    }
    items[i] = {attributes[i].attribute, *descriptor};
    payload += kDescriptorSize + storage[i].size();
  }
  if (Status s = reserve_request(payload); !s) {
    return s.error();
  }
  result_.clear();
  if (Status s = engine_.begin_get_list(items, result_); !s) {
    return s.error();
  }
  if (Status s = run(); !s) {
    return s.error();
  }
  std::vector<GetValue> values;
  if (!engine_.outcome().ok()) {
    values.push_back(GetValue{engine_.outcome(), {}});
    return values;
  }
  ByteReader in(engine_.result());
  apdu::List<apdu::GetDataResult> list;
  if (std::error_code ec = apdu::List<apdu::GetDataResult>::decode(in, limits, list)) {
    return ec;
  }
  for (const apdu::GetDataResult& r : list) {
    GetValue v;
    if (r.is_data()) {
      Result<codec::Data> d = codec::Data::decode(r.data());
      if (!d) {
        return d.error();
      }
      v.value = std::move(*d);
    } else {
      v.outcome = DlmsOutcome::data_access(r.data_access_result());
    }
    values.push_back(std::move(v));
  }
  return values;
}

Result<DlmsOutcome> Client::set(const apdu::CosemAttributeDescriptor& attribute, const codec::Data& value,
                                const std::optional<SelectiveAccess>& access) {
  const codec::Limits& limits = engine_.config().limits;
  std::vector<std::uint8_t> access_storage;
  std::vector<std::uint8_t> value_storage;
  auto descriptor = to_descriptor(access, access_storage, limits);
  if (!descriptor) {
    return descriptor.error();
  }
  Result<codec::DataView> v = to_view(value, value_storage, limits);
  if (!v) {
    return v.error();
  }
  if (Status s = reserve_request(access_storage.size() + value_storage.size()); !s) {
    return s.error();
  }
  if (Status s = engine_.begin_set(attribute, *descriptor, *v); !s) {
    return s.error();
  }
  if (Status s = run(); !s) {
    return s.error();
  }
  return engine_.outcome();
}

Result<std::vector<DlmsOutcome>> Client::set_list(std::span<const AttributeRequest> attributes,
                                                  std::span<const codec::Data> values) {
  const codec::Limits& limits = engine_.config().limits;
  if (attributes.size() != values.size()) {
    return client_errc::invalid_configuration;
  }
  std::vector<apdu::CosemAttributeDescriptorWithSelection> items(attributes.size());
  std::vector<std::vector<std::uint8_t>> storage(attributes.size() * 2);
  std::vector<codec::DataView> views(values.size());
  std::size_t payload = 0;
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    auto descriptor = to_descriptor(attributes[i].access, storage[2 * i], limits);
    if (!descriptor) {
      return descriptor.error();
    }
    items[i] = {attributes[i].attribute, *descriptor};
    Result<codec::DataView> v = to_view(values[i], storage[2 * i + 1], limits);
    if (!v) {
      return v.error();
    }
    views[i] = *v;
    payload += kDescriptorSize + storage[2 * i].size() + storage[2 * i + 1].size();
  }
  if (Status s = reserve_request(payload); !s) {
    return s.error();
  }
  // Blocks of a long with-list SET are sliced into the response scratch.
  if (payload + kRequestOverhead >= engine_.server_max_pdu()) {
    if (Status s = reserve_response_scratch(engine_.server_max_pdu()); !s) {
      return s.error();
    }
  }
  result_.clear();
  if (Status s = engine_.begin_set_list(items, views, result_); !s) {
    return s.error();
  }
  if (Status s = run(); !s) {
    return s.error();
  }
  std::vector<DlmsOutcome> outcomes;
  if (!engine_.outcome().ok()) {
    outcomes.push_back(engine_.outcome());
    return outcomes;
  }
  ByteReader in(engine_.result());
  apdu::List<apdu::DataAccessResult> list;
  if (std::error_code ec = apdu::List<apdu::DataAccessResult>::decode(in, limits, list)) {
    return ec;
  }
  for (apdu::DataAccessResult r : list) {
    outcomes.push_back(DlmsOutcome::data_access(r));
  }
  return outcomes;
}

Result<ActionValue> Client::action(const apdu::CosemMethodDescriptor& method,
                                   const std::optional<codec::Data>& parameters) {
  const codec::Limits& limits = engine_.config().limits;
  std::vector<std::uint8_t> storage;
  std::optional<codec::DataView> view;
  if (parameters) {
    Result<codec::DataView> v = to_view(*parameters, storage, limits);
    if (!v) {
      return v.error();
    }
    view = *v;
  }
  if (Status s = reserve_request(storage.size()); !s) {
    return s.error();
  }
  result_.clear();
  if (Status s = engine_.begin_action(method, view, result_); !s) {
    return s.error();
  }
  if (Status s = run(); !s) {
    return s.error();
  }
  ActionValue a;
  a.outcome = engine_.outcome();
  a.return_access_result = engine_.action_return_access_result();
  if (!engine_.result().empty()) {
    Result<codec::Data> d = codec::Data::decode(engine_.result(), limits);
    if (!d) {
      return d.error();
    }
    a.return_value = std::move(*d);
  }
  return a;
}

Result<ObjectList> Client::read_object_list() {
  Result<GetValue> v = get({kAssociationLnClassId, kCurrentAssociation, 2});
  if (!v) {
    return v.error();
  }
  ObjectList list;
  list.outcome = v->outcome;
  if (!v->outcome.ok()) {
    return list;
  }
  if (v->value.type() != codec::DataType::array) {
    return codec::codec_errc::type_mismatch;
  }
  for (const codec::Data& e : v->value.elements()) {
    const auto& f = e.elements();
    if (e.type() != codec::DataType::structure || f.size() != 4 ||
        f[0].type() != codec::DataType::long_unsigned || f[1].type() != codec::DataType::unsigned_ ||
        f[2].type() != codec::DataType::octet_string || f[2].octets().size() != 6) {
      return codec::codec_errc::type_mismatch;
    }
    ObjectListEntry entry;
    entry.class_id = static_cast<std::uint16_t>(f[0].as_uint64());
    entry.version = static_cast<std::uint8_t>(f[1].as_uint64());
    const auto& ln = f[2].octets();
    entry.logical_name = apdu::ObisCode(ln[0], ln[1], ln[2], ln[3], ln[4], ln[5]);
    entry.access_rights = f[3];
    list.objects.push_back(std::move(entry));
  }
  return list;
}

Result<DlmsOutcome> Client::release() {
  if (Status s = reserve_request(0); !s) {
    return s.error();
  }
  if (Status s = engine_.begin_release(); !s) {
    return s.error();
  }
  if (Status s = run(); !s) {
    engine_.reset();
    return s.error();
  }
  return engine_.outcome();
}

}  // namespace dlms::client
