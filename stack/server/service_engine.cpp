#include "stack/server/service_engine.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "stack/apdu/action.hpp"
#include "stack/apdu/general_block_transfer.hpp"
#include "stack/apdu/get.hpp"
#include "stack/apdu/set.hpp"
#include "stack/association/association_context.hpp"
#include "stack/codec/axdr_length.hpp"

namespace dlms::server {

using apdu::ActionResult;
using apdu::ConformanceBit;
using apdu::CosemAttributeDescriptorWithSelection;
using apdu::CosemMethodDescriptor;
using apdu::DataAccessResult;
using apdu::SelectiveAccessDescriptor;
using apdu::ServiceError;
using apdu::StateError;
using association::AssociationContext;
using association::AssociationStatus;
using association::ObjectAccessRights;

void ServiceState::reset() noexcept {
  op_ = Operation::none;
  invoke_id_and_priority_ = 0;
  block_number_ = 0;
  pending_begin_ = 0;
  pending_end_ = 0;
  request_size_ = 0;
  get_with_list_ = false;
  producer_done_ = false;
  prefix_written_ = false;
  item_open_ = false;
  item_count_ = 0;
  item_index_ = 0;
  item_offset_ = 0;
  cursor_ = {};
  with_list_in_ = false;
  descriptors_size_ = 0;
  gbt_active_ = false;
  gbt_receiving_ = false;
  gbt_sent_ = 0;
  gbt_received_ = 0;
}

namespace detail {

namespace {

// APDU tags and CHOICE values (Green Book xDLMS ASN.1).
constexpr std::uint8_t kGetResponse = 0xC4;
constexpr std::uint8_t kSetResponse = 0xC5;
constexpr std::uint8_t kActionResponse = 0xC7;
constexpr std::uint8_t kExceptionResponse = 0xD8;
constexpr std::uint8_t kGeneralBlockTransfer = 0xE0;
// The GBT window the server announces: it sends one block per client block.
constexpr std::uint8_t kGbtWindow = 1;

// Association LN (class 15), method 1
// reply_to_HLS_authentication (Blue Book 4.4.4; Green Book 9.2.7.4 HLS pass 3).
constexpr std::uint16_t kAssociationLnClass = 15;
// Association LN instances are 0.0.40.0.e.255 (e = 0: the current association).
constexpr bool is_association_ln(const apdu::ObisCode& ln) noexcept {
  return ln.a() == 0 && ln.b() == 0 && ln.c() == 40 && ln.d() == 0 && ln.f() == 255;
}

// Raw-data octets that fit in an APDU of `limit` octets after a `header`-octet header and the
// A-XDR length of the raw data itself.
std::size_t block_payload(std::size_t limit, std::size_t header) noexcept {
  if (limit <= header + 1) {
    return 0;
  }
  std::size_t n = limit - header - 1;
  while (n > 0 && header + codec::axdr::length_size(n) + n > limit) {
    --n;
  }
  return n;
}

ActionResult to_action_result(DataAccessResult r) noexcept {
  // The codes the checks produce have the same values in both enumerations.
  return static_cast<ActionResult>(static_cast<std::uint8_t>(r));
}

}  // namespace

// One process() call: the request, the association, the state and the output area.
class Exchange {
 public:
  Exchange(const EngineLimits& limits, AssociationContext& assoc, const RequestContext& ctx,
           ServiceState& state, MutableByteSpan area) noexcept
      : limits_(limits),
        assoc_(assoc),
        ctx_(ctx),
        s_(state),
        area_(area),
        conformance_(assoc.negotiated().conformance) {}

  void run(ByteSpan request);
  [[nodiscard]] std::size_t written() const noexcept { return unconfirmed_ ? 0 : written_; }
  // An unconfirmed SET or ACTION (invoke-id-and-priority service-class 0): executed, not
  // answered (Green Book 9.3.10 / 9.3.11; GET is always confirmed and always answered).
  [[nodiscard]] bool unconfirmed() const noexcept { return unconfirmed_; }

 private:
  // ---- output ----
  // Where a service writes its response APDU: the output area, or staging when the response
  // goes out in GBT blocks.
  [[nodiscard]] MutableByteSpan sink() const noexcept { return gbt_ ? s_.staging_ : area_; }
  // Takes a response APDU written at the start of sink().
  void commit(const ByteWriter& w) noexcept {
    if (!w.ok()) {
      exception(StateError::service_not_allowed, ServiceError::other_reason);
      return;
    }
    if (gbt_) {
      s_.pending_begin_ = 0;
      s_.pending_end_ = w.size();
      s_.op_ = ServiceState::Operation::staged_blocks;
      emit_gbt_block();
    } else {
      written_ = w.size();
    }
  }
  void exception(StateError state, ServiceError error) noexcept {
    // Always in the output area: an EXCEPTION-Response is never block-transferred.
    ByteWriter w(area_);
    w.u8(kExceptionResponse);
    w.u8(static_cast<std::uint8_t>(state));
    w.u8(static_cast<std::uint8_t>(error));
    written_ = w.ok() ? w.size() : 0;
  }
  void malformed(std::error_code ec) noexcept {
    // Green Book EXCEPTION-Response: an APDU or CHOICE the server does not know is
    // service-unknown; a known one it cannot accept (malformed, over a limit) is not allowed.
    if (ec == apdu::xdlms_errc::unknown_choice || ec == apdu::xdlms_errc::unknown_apdu) {
      exception(StateError::service_unknown, ServiceError::service_not_supported);
    } else {
      exception(StateError::service_not_allowed, ServiceError::other_reason);
    }
  }
  void not_negotiated() noexcept {
    exception(StateError::service_not_allowed, ServiceError::service_not_supported);
  }
  [[nodiscard]] bool has(ConformanceBit bit) const noexcept { return conformance_.has(bit); }

  // ---- checks ----
  DataAccessResult find(std::uint16_t class_id, const apdu::ObisCode& ln,
                        const ObjectAccessRights*& entry) const noexcept {
    const auto& list = assoc_.object_list();
    entry = list.find(class_id, ln);
    if (entry == nullptr || entry->object == nullptr) {
      entry = nullptr;
      return list.find_name(ln) != nullptr ? DataAccessResult::object_class_inconsistent
                                           : DataAccessResult::object_undefined;
    }
    return DataAccessResult::success;
  }
  DataAccessResult protection(std::uint8_t mode) const noexcept {
    const std::uint8_t required = mode & association::access::kRequestProtection;
    return (required & ~ctx_.request_protection) != 0 ? DataAccessResult::scope_of_access_violated
                                                      : DataAccessResult::success;
  }
  DataAccessResult check_attribute(const apdu::CosemAttributeDescriptor& d,
                                   const std::optional<SelectiveAccessDescriptor>& access,
                                   std::uint8_t needed, const ObjectAccessRights*& entry) const noexcept {
    if (auto r = find(d.class_id, d.instance_id, entry); r != DataAccessResult::success) {
      return r;
    }
    if (d.attribute_id < 1 || d.attribute_id > entry->object->attribute_count()) {
      return DataAccessResult::object_undefined;
    }
    const std::uint8_t mode = entry->attribute_mode(d.attribute_id);
    if ((mode & needed) == 0) {
      return DataAccessResult::read_write_denied;
    }
    if (auto r = protection(mode); r != DataAccessResult::success) {
      return r;
    }
    if (access) {
      const std::uint8_t selector = access->access_selector;
      if (!has(ConformanceBit::selective_access) || selector > 7 ||
          (entry->object->access_selectors(d.attribute_id) & (1U << selector)) == 0) {
        return DataAccessResult::other_reason;
      }
    }
    return DataAccessResult::success;
  }
  DataAccessResult check_method(const CosemMethodDescriptor& d,
                                const ObjectAccessRights*& entry) const noexcept {
    if (auto r = find(d.class_id, d.instance_id, entry); r != DataAccessResult::success) {
      return r;
    }
    if (d.method_id < 1 || d.method_id > entry->object->method_count()) {
      return DataAccessResult::object_undefined;
    }
    const std::uint8_t mode = entry->method_mode(d.method_id);
    if ((mode & association::access::kAccess) == 0) {
      return DataAccessResult::read_write_denied;
    }
    return protection(mode);
  }

  // ---- services ----
  void dispatch(ByteSpan request);
  void get(ByteSpan request);
  void get_normal(ByteSpan request, const apdu::GetRequestNormal& r);
  void get_with_list(ByteSpan request, const apdu::GetRequestWithList& r);
  void get_next(const apdu::GetRequestNext& r);
  bool start_long_get(ByteSpan request, std::uint8_t iid, bool with_list, std::size_t count,
                      std::size_t items_offset);
  DataAccessResult fill(std::size_t want);
  void compact() noexcept;
  void emit_get_block();
  void set(ByteSpan request);
  void set_complete(std::uint8_t iid, std::uint32_t block_number);
  void action(ByteSpan request);
  void action_pending(ByteSpan request);
  void action_complete(std::uint8_t iid);
  void action_next(const apdu::ActionRequestNextPblock& r);
  bool invoke_one(ByteWriter& w, const CosemMethodDescriptor& d, const codec::DataView* parameter);
  void finish_action(ByteWriter& w, std::uint8_t iid);
  void emit_action_block();
  // Long SET / ACTION parameters received in blocks (Green Book 9.4.6.5 / 9.4.6.6): one helper
  // for both services, told apart by a BlockService.
  struct BlockService;
  static const BlockService kSetBlocks;
  static const BlockService kActionBlocks;
  void first_block(const BlockService& svc, ByteSpan request, std::uint8_t iid, bool with_list,
                   const apdu::DataBlockSA& block);
  // `first`: the block first_block() has just kept.
  void next_block(const BlockService& svc, std::uint8_t iid, const apdu::DataBlockSA& block,
                  bool first = false);
  void refuse_block(const BlockService& svc, std::uint8_t iid, std::uint8_t code, std::uint32_t block_number);
  // Decodes a whole request of service T that needs `bit`; answers and returns nullopt if it
  // is malformed, has trailing octets or is not negotiated.
  template <class T>
  std::optional<T> decode_request(ByteSpan request, ConformanceBit bit);
  // The block / with-list variant is negotiated; also notes an unconfirmed request.
  bool admit_variant(ByteSpan request, bool blocks, bool list);
  void gbt(ByteSpan request);
  void emit_gbt_block();
  void gbt_ack();

  // Forgets the operation in progress but keeps the GBT exchange (its block numbering) when
  // the request came in GBT.
  void reset_op() noexcept {
    if (!gbt_) {
      s_.reset();
      return;
    }
    const std::uint16_t sent = s_.gbt_sent_;
    const std::uint16_t received = s_.gbt_received_;
    s_.reset();
    s_.gbt_active_ = true;
    s_.gbt_sent_ = sent;
    s_.gbt_received_ = received;
  }

  // Ends a get-response-with-datablock / action-response-with-pblock: the next `n` staged
  // octets as its raw-data; the last block ends the transfer.
  void send_slice(ByteWriter& w, std::size_t n, bool last) noexcept {
    codec::axdr::write_length(w, n);
    w.bytes(ByteSpan(s_.staging_.data() + s_.pending_begin_, n));
    s_.pending_begin_ += n;
    written_ = w.ok() ? w.size() : 0;
    if (last) {
      reset_op();
    }
  }

  bool append_block(ByteSpan raw) noexcept {
    const std::size_t room =
        std::min(limits_.max_reassembled_size + s_.descriptors_size_, s_.request_.size());
    if (raw.size() > room - std::min(room, s_.request_size_)) {
      return false;
    }
    std::memcpy(s_.request_.data() + s_.request_size_, raw.data(), raw.size());
    s_.request_size_ += raw.size();
    return true;
  }
  // Starts a reassembly: keeps request[descriptors) and the first block.
  bool start_reassembly(ByteSpan descriptors, ByteSpan raw) noexcept {
    reset_op();
    if (descriptors.size() > s_.request_.size()) {
      return false;
    }
    std::memmove(s_.request_.data(), descriptors.data(), descriptors.size());
    s_.descriptors_size_ = descriptors.size();
    s_.request_size_ = descriptors.size();
    return append_block(raw);
  }

  const EngineLimits& limits_;
  AssociationContext& assoc_;
  const RequestContext& ctx_;
  ServiceState& s_;
  MutableByteSpan area_;
  apdu::ConformanceBlock conformance_;
  std::size_t written_ = 0;
  bool gbt_ = false;  // the request came in GBT: answer in GBT
  bool unconfirmed_ = false;
  ConformanceBit blocks_bit_ = ConformanceBit::block_transfer_with_get_or_read;  // of the service at hand
};

void Exchange::run(ByteSpan request) {
  if (request.empty()) {
    exception(StateError::service_unknown, ServiceError::service_not_supported);
    return;
  }
  const auto status = assoc_.status();
  if (status == AssociationStatus::non_associated) {
    exception(StateError::service_not_allowed, ServiceError::operation_not_possible);
    return;
  }
  const std::uint16_t server_max = assoc_.negotiated().server_max_receive_pdu_size;
  if (server_max != 0 && request.size() > server_max) {
    exception(StateError::service_not_allowed, ServiceError::pdu_too_long);
    return;
  }
  if (status == AssociationStatus::association_pending) {
    action_pending(request);
    return;
  }
  if (request[0] == kGeneralBlockTransfer) {
    gbt(request);
    return;
  }
  dispatch(request);
}

void Exchange::dispatch(ByteSpan request) {
  switch (request[0]) {
    case apdu::GetRequest::kTag: get(request); return;
    case apdu::SetRequest::kTag: set(request); return;
    case apdu::ActionRequest::kTag: action(request); return;
    default: exception(StateError::service_unknown, ServiceError::service_not_supported); return;
  }
}

// ---------------------------------------------------------------------------------------------
// GET (Green Book 9.3.9 GET service, 9.4.6.4 protocol of the GET service)

template <class T>
std::optional<T> Exchange::decode_request(ByteSpan request, ConformanceBit bit) {
  ByteReader in(request);
  auto r = T::decode(in, limits_.decode);
  if (!r) {
    malformed(r.error());
    return std::nullopt;
  }
  if (!in.empty()) {
    malformed(apdu::xdlms_errc::trailing_bytes);
    return std::nullopt;
  }
  if (!has(bit)) {
    not_negotiated();
    return std::nullopt;
  }
  return std::move(*r);
}

bool Exchange::admit_variant(ByteSpan request, bool blocks, bool list) {
  if ((blocks && !has(blocks_bit_)) || (list && !has(ConformanceBit::multiple_references)) ||
      (blocks && gbt_)) {
    not_negotiated();
    return false;
  }
  // Invoke-Id-And-Priority bit 6 (service-class) clear: unconfirmed (Green Book xDLMS ASN.1).
  unconfirmed_ = !blocks && !gbt_ && (request[2] & 0x40U) == 0;
  return true;
}

void Exchange::get(ByteSpan request) {
  auto r = decode_request<apdu::GetRequest>(request, ConformanceBit::get);
  if (!r) {
    return;
  }
  if (const auto* n = std::get_if<apdu::GetRequestNormal>(&r->request)) {
    get_normal(request, *n);
  } else if (const auto* l = std::get_if<apdu::GetRequestWithList>(&r->request)) {
    if (!has(ConformanceBit::multiple_references)) {
      not_negotiated();
      return;
    }
    get_with_list(request, *l);
  } else {
    if (!has(ConformanceBit::block_transfer_with_get_or_read) || gbt_) {
      not_negotiated();
      return;
    }
    get_next(std::get<apdu::GetRequestNext>(r->request));
  }
}

void Exchange::get_normal(ByteSpan request, const apdu::GetRequestNormal& r) {
  const std::uint8_t iid = r.invoke_id_and_priority.value;
  const ObjectAccessRights* entry = nullptr;
  auto result =
      check_attribute(r.cosem_attribute_descriptor, r.access_selection, association::access::kRead, entry);
  ByteWriter w(sink());
  w.u8(kGetResponse);
  w.u8(apdu::GetResponseNormal::kChoice);
  w.u8(iid);
  if (result == DataAccessResult::success) {
    // The whole value straight into the output when it fits (the common case: no copy).
    w.u8(0);
    GetCursor cursor;
    const auto* access = r.access_selection ? &*r.access_selection : nullptr;
    result = entry->object->get(ctx_, r.cosem_attribute_descriptor.attribute_id, access, cursor, w);
    if (result == DataAccessResult::success && (!w.ok() || cursor.more)) {
      // Too long for one APDU: block transfer (Green Book 9.4.6.4.3), from the start again.
      if (gbt_ || has(ConformanceBit::block_transfer_with_get_or_read)) {
        if (start_long_get(request, iid, false, 1, 3)) {
          if (gbt_) {
            emit_gbt_block();
          } else {
            emit_get_block();
          }
          return;
        }
      }
      result = DataAccessResult::other_reason;
    }
    if (result == DataAccessResult::success) {
      reset_op();
      commit(w);
      return;
    }
  }
  ByteWriter e(sink());
  e.u8(kGetResponse);
  e.u8(apdu::GetResponseNormal::kChoice);
  e.u8(iid);
  e.u8(1);
  e.u8(static_cast<std::uint8_t>(result));
  reset_op();
  commit(e);
}

void Exchange::get_with_list(ByteSpan request, const apdu::GetRequestWithList& r) {
  const std::uint8_t iid = r.invoke_id_and_priority.value;
  ByteWriter w(sink());
  w.u8(kGetResponse);
  w.u8(apdu::GetResponseWithList::kChoice);
  w.u8(iid);
  codec::axdr::write_length(w, r.attribute_descriptor_list.size());
  bool too_long = false;
  for (const auto& item : r.attribute_descriptor_list) {
    const ObjectAccessRights* entry = nullptr;
    auto result = check_attribute(item.cosem_attribute_descriptor, item.access_selection,
                                  association::access::kRead, entry);
    if (result == DataAccessResult::success) {
      const std::size_t mark = w.size();
      w.u8(0);
      GetCursor cursor;
      const auto* access = item.access_selection ? &*item.access_selection : nullptr;
      result = entry->object->get(ctx_, item.cosem_attribute_descriptor.attribute_id, access, cursor, w);
      if (result == DataAccessResult::success && (!w.ok() || cursor.more)) {
        too_long = true;
        break;
      }
      if (result == DataAccessResult::success) {
        continue;
      }
      w.truncate(mark);
    }
    w.u8(1);
    w.u8(static_cast<std::uint8_t>(result));
  }
  if (!too_long && w.ok()) {
    reset_op();
    commit(w);
    return;
  }
  if (gbt_ || has(ConformanceBit::block_transfer_with_get_or_read)) {
    const std::size_t count = r.attribute_descriptor_list.size();
    const std::size_t items_offset = 3 + codec::axdr::length_size(count);
    if (start_long_get(request, iid, true, count, items_offset)) {
      if (gbt_) {
        emit_gbt_block();
      } else {
        emit_get_block();
      }
      return;
    }
  }
  // No block transfer: every item that was read answers other-reason... the Green Book has
  // no better code; a client that wants long lists negotiates block transfer.
  ByteWriter e(sink());
  e.u8(kGetResponse);
  e.u8(apdu::GetResponseWithList::kChoice);
  e.u8(iid);
  codec::axdr::write_length(e, r.attribute_descriptor_list.size());
  for (std::size_t i = 0; i < r.attribute_descriptor_list.size(); ++i) {
    e.u8(1);
    e.u8(static_cast<std::uint8_t>(DataAccessResult::other_reason));
  }
  reset_op();
  commit(e);
}

bool Exchange::start_long_get(ByteSpan request, std::uint8_t iid, bool with_list, std::size_t count,
                              std::size_t items_offset) {
  if (request.size() > s_.request_.size() || count > 0xFFFF) {
    return false;
  }
  if (request.data() != s_.request_.data()) {
    reset_op();
    std::memcpy(s_.request_.data(), request.data(), request.size());
  } else {
    reset_op();  // a GBT-reassembled request is already in place
  }
  s_.request_size_ = request.size();
  s_.op_ = ServiceState::Operation::get_blocks;
  s_.invoke_id_and_priority_ = iid;
  s_.get_with_list_ = with_list;
  s_.item_count_ = static_cast<std::uint16_t>(count);
  s_.item_offset_ = items_offset;
  if (gbt_) {
    // The GBT stream carries the whole response APDU (Green Book 9.4.6.13).
    s_.gbt_active_ = true;
    ByteWriter w(s_.staging_);
    w.u8(kGetResponse);
    w.u8(with_list ? apdu::GetResponseWithList::kChoice : apdu::GetResponseNormal::kChoice);
    w.u8(iid);
    if (!with_list) {
      w.u8(0);
    }
    if (!w.ok()) {
      reset_op();
      return false;
    }
    s_.pending_end_ = w.size();
  }
  return true;
}

void Exchange::compact() noexcept {
  if (s_.pending_begin_ == 0) {
    return;
  }
  const std::size_t n = s_.pending_end_ - s_.pending_begin_;
  std::memmove(s_.staging_.data(), s_.staging_.data() + s_.pending_begin_, n);
  s_.pending_begin_ = 0;
  s_.pending_end_ = n;
}

// Produces response bytes into staging until `want` are pending or everything is produced.
// Returns the data-access-result that aborts the transfer, or success.
DataAccessResult Exchange::fill(std::size_t want) {
  compact();
  while (s_.pending_end_ - s_.pending_begin_ < want && !s_.producer_done_) {
    const std::size_t pending = s_.pending_end_ - s_.pending_begin_;
    ByteWriter w(s_.staging_.subspan(s_.pending_end_));
    if (!s_.prefix_written_) {
      if (s_.get_with_list_) {
        codec::axdr::write_length(w, s_.item_count_);
      }
      if (!w.ok()) {
        return DataAccessResult::other_reason;
      }
      s_.pending_end_ += w.size();
      s_.prefix_written_ = true;
      continue;
    }
    if (s_.item_index_ >= s_.item_count_) {
      s_.producer_done_ = true;
      break;
    }
    ByteReader in(ByteSpan(s_.request_.data(), s_.request_size_));
    (void)in.skip(s_.item_offset_);
    auto item = CosemAttributeDescriptorWithSelection::decode(in, limits_.decode);
    if (!item) {
      return DataAccessResult::other_reason;
    }
    const std::size_t next_offset = in.offset();
    const ObjectAccessRights* entry = nullptr;
    const bool fresh = !s_.item_open_;
    auto result = check_attribute(item->cosem_attribute_descriptor, item->access_selection,
                                  association::access::kRead, entry);
    if (result == DataAccessResult::success) {
      if (fresh) {
        s_.cursor_ = {};
        if (s_.get_with_list_) {
          w.u8(0);
        }
      }
      const GetCursor saved = s_.cursor_;
      const auto* access = item->access_selection ? &*item->access_selection : nullptr;
      result = entry->object->get(ctx_, item->cosem_attribute_descriptor.attribute_id, access, s_.cursor_, w);
      if (result == DataAccessResult::success) {
        const std::size_t produced = w.size() - (fresh && s_.get_with_list_ ? 1 : 0);
        if (!w.ok() || (s_.cursor_.more && produced == 0)) {
          // Did not fit (or no progress): send what is pending first, then try again with
          // the whole staging buffer. An empty staging buffer that cannot hold it never will.
          s_.cursor_ = saved;
          if (pending == 0) {
            return DataAccessResult::other_reason;
          }
          break;
        }
        s_.pending_end_ += w.size();
        s_.item_open_ = s_.cursor_.more;
        if (!s_.cursor_.more) {
          ++s_.item_index_;
          s_.item_offset_ = next_offset;
        }
        continue;
      }
      s_.cursor_ = saved;
      if (!fresh) {
        return result;  // failed in the middle of a value: the transfer is aborted
      }
    } else if (!fresh) {
      return result;  // the rights changed in the middle of a value
    }
    if (!s_.get_with_list_) {
      return result;
    }
    ByteWriter e(s_.staging_.subspan(s_.pending_end_));
    e.u8(1);
    e.u8(static_cast<std::uint8_t>(result));
    if (!e.ok()) {
      if (pending == 0) {
        return DataAccessResult::other_reason;
      }
      break;
    }
    s_.pending_end_ += e.size();
    ++s_.item_index_;
    s_.item_offset_ = next_offset;
  }
  return DataAccessResult::success;
}

// get-response-with-datablock (Green Book 9.4.6.4.3): raw-data blocks of exactly the PDU limit.
void Exchange::emit_get_block() {
  // C4 02 invoke-id last-block block-number(4) choice(0) length raw-data
  const std::size_t payload = block_payload(area_.size(), 9);
  const std::uint8_t iid = s_.invoke_id_and_priority_;
  const auto result = payload == 0 ? DataAccessResult::other_reason : fill(payload);
  ByteWriter w(area_);
  w.u8(kGetResponse);
  w.u8(apdu::GetResponseWithDatablock::kChoice);
  w.u8(iid);
  if (result != DataAccessResult::success) {
    w.u8(1);
    w.u32(s_.block_number_ + 1);
    w.u8(1);
    w.u8(static_cast<std::uint8_t>(result));
    reset_op();
    written_ = w.ok() ? w.size() : 0;
    return;
  }
  const std::size_t pending = s_.pending_end_ - s_.pending_begin_;
  const bool last = s_.producer_done_ && pending <= payload;
  const std::size_t n = std::min(pending, payload);
  ++s_.block_number_;
  w.u8(last ? 1 : 0);
  w.u32(s_.block_number_);
  w.u8(0);
  send_slice(w, n, last);
}

void Exchange::get_next(const apdu::GetRequestNext& r) {
  const std::uint8_t iid = r.invoke_id_and_priority.value;
  DataAccessResult error = DataAccessResult::success;
  if (s_.op_ != ServiceState::Operation::get_blocks || s_.gbt_active_) {
    error = DataAccessResult::no_long_get_in_progress;
  } else if (r.block_number != s_.block_number_) {
    error = DataAccessResult::data_block_number_invalid;
  }
  if (error != DataAccessResult::success) {
    // Green Book 9.4.6.4.3: answered with a last block carrying the data-access-result; a
    // transfer in progress is aborted.
    ByteWriter w(area_);
    w.u8(kGetResponse);
    w.u8(apdu::GetResponseWithDatablock::kChoice);
    w.u8(iid);
    w.u8(1);
    w.u32(r.block_number);
    w.u8(1);
    w.u8(static_cast<std::uint8_t>(error));
    if (error == DataAccessResult::data_block_number_invalid) {
      reset_op();
    }
    written_ = w.ok() ? w.size() : 0;
    return;
  }
  s_.invoke_id_and_priority_ = iid;
  emit_get_block();
}

// ---------------------------------------------------------------------------------------------
// SET (Green Book 9.3.10 SET service, 9.4.6.5 protocol of the SET service)

void Exchange::set(ByteSpan request) {
  auto r = decode_request<apdu::SetRequest>(request, ConformanceBit::set);
  if (!r) {
    return;
  }
  const std::size_t choice = r->request.index();
  blocks_bit_ = ConformanceBit::block_transfer_with_set_or_write;
  if (!admit_variant(request, choice == 1 || choice == 2 || choice == 4, choice == 3 || choice == 4)) {
    return;
  }
  if (const auto* n = std::get_if<apdu::SetRequestNormal>(&r->request)) {
    const ObjectAccessRights* entry = nullptr;
    auto result = check_attribute(n->cosem_attribute_descriptor, n->access_selection,
                                  association::access::kWrite, entry);
    if (result == DataAccessResult::success) {
      const auto* access = n->access_selection ? &*n->access_selection : nullptr;
      result = entry->object->set(ctx_, n->cosem_attribute_descriptor.attribute_id, access, n->value);
    }
    reset_op();
    ByteWriter w(sink());
    w.u8(kSetResponse);
    w.u8(apdu::SetResponseNormal::kChoice);
    w.u8(n->invoke_id_and_priority.value);
    w.u8(static_cast<std::uint8_t>(result));
    commit(w);
  } else if (const auto* l = std::get_if<apdu::SetRequestWithList>(&r->request)) {
    if (l->value_list.size() != l->attribute_descriptor_list.size()) {
      exception(StateError::service_not_allowed, ServiceError::other_reason);
      return;
    }
    reset_op();
    ByteWriter w(sink());
    w.u8(kSetResponse);
    w.u8(apdu::SetResponseWithList::kChoice);
    w.u8(l->invoke_id_and_priority.value);
    codec::axdr::write_length(w, l->attribute_descriptor_list.size());
    auto value = l->value_list.begin();
    for (const auto& item : l->attribute_descriptor_list) {
      const ObjectAccessRights* entry = nullptr;
      auto result = check_attribute(item.cosem_attribute_descriptor, item.access_selection,
                                    association::access::kWrite, entry);
      if (result == DataAccessResult::success) {
        const auto* access = item.access_selection ? &*item.access_selection : nullptr;
        result = entry->object->set(ctx_, item.cosem_attribute_descriptor.attribute_id, access, *value);
      }
      w.u8(static_cast<std::uint8_t>(result));
      ++value;
    }
    commit(w);
  } else if (const auto* f = std::get_if<apdu::SetRequestWithFirstDatablock>(&r->request)) {
    first_block(kSetBlocks, request, f->invoke_id_and_priority.value, false, f->datablock);
  } else if (const auto* lf = std::get_if<apdu::SetRequestWithListAndFirstDatablock>(&r->request)) {
    first_block(kSetBlocks, request, lf->invoke_id_and_priority.value, true, lf->datablock);
  } else {
    const auto& b = std::get<apdu::SetRequestWithDatablock>(r->request);
    next_block(kSetBlocks, b.invoke_id_and_priority.value, b.datablock);
  }
}

namespace {
// Offset in `request` where a DataBlock-SA whose raw-data is `block.raw_data` starts:
// last-block (1), block-number (4), length, raw-data.
std::size_t datablock_offset(ByteSpan request, const apdu::DataBlockSA& block) noexcept {
  return static_cast<std::size_t>(block.raw_data.data() - request.data()) - 5 -
         codec::axdr::length_size(block.raw_data.size());
}

void write_action_result(ByteWriter& w, std::uint8_t iid, ActionResult result) {
  w.u8(kActionResponse);
  w.u8(apdu::ActionResponseNormal::kChoice);
  w.u8(iid);
  w.u8(static_cast<std::uint8_t>(result));
  w.u8(0);
}

void write_set_last_block(ByteWriter& w, std::uint8_t iid, DataAccessResult result,
                          std::uint32_t block_number) {
  w.u8(kSetResponse);
  w.u8(apdu::SetResponseLastDatablock::kChoice);
  w.u8(iid);
  w.u8(static_cast<std::uint8_t>(result));
  w.u32(block_number);
}
}  // namespace

// What tells a long SET from a long ACTION while their parameters come in blocks.
struct Exchange::BlockService {
  ServiceState::Operation op;
  std::uint8_t ack_tag;  // set-response-datablock C5 02 / action-response-next-pblock C7 03
  std::uint8_t ack_choice;
  std::uint8_t wrong_number;     // data-block-number-invalid / long-action-aborted
  std::uint8_t overflow;         // long-set-aborted / long-action-aborted
  std::uint8_t not_in_progress;  // no-long-set-in-progress / no-long-action-in-progress
};

namespace {
constexpr std::uint8_t code(DataAccessResult r) noexcept { return static_cast<std::uint8_t>(r); }
constexpr std::uint8_t code(ActionResult r) noexcept { return static_cast<std::uint8_t>(r); }
}  // namespace

const Exchange::BlockService Exchange::kSetBlocks{
    ServiceState::Operation::set_reassembly,  kSetResponse,
    apdu::SetResponseDatablock::kChoice,      code(DataAccessResult::data_block_number_invalid),
    code(DataAccessResult::long_set_aborted), code(DataAccessResult::no_long_set_in_progress)};
const Exchange::BlockService Exchange::kActionBlocks{
    ServiceState::Operation::action_reassembly, kActionResponse,
    apdu::ActionResponseNextPblock::kChoice,    code(ActionResult::long_action_aborted),
    code(ActionResult::long_action_aborted),    code(ActionResult::no_long_action_in_progress)};

// A refused block: set-response-last-datablock with the result, or action-response-normal.
void Exchange::refuse_block(const BlockService& svc, std::uint8_t iid, std::uint8_t result,
                            std::uint32_t block_number) {
  ByteWriter w(area_);
  if (svc.op == ServiceState::Operation::set_reassembly) {
    write_set_last_block(w, iid, static_cast<DataAccessResult>(result), block_number);
  } else {
    write_action_result(w, iid, static_cast<ActionResult>(result));
  }
  written_ = w.ok() ? w.size() : 0;
}

// The first block: the descriptors (from after the invoke-id up to the block) are checked
// (unless with-list: each item is checked when complete) before any data is kept; a refused
// request stops here.
void Exchange::first_block(const BlockService& svc, ByteSpan request, std::uint8_t iid, bool with_list,
                           const apdu::DataBlockSA& block) {
  const ByteSpan descriptors = request.subspan(3, datablock_offset(request, block) - 3);
  std::uint8_t result = 0;
  if (block.block_number != 1) {
    result = svc.wrong_number;
  } else if (!with_list) {
    ByteReader in(descriptors);
    const ObjectAccessRights* entry = nullptr;
    if (svc.op == ServiceState::Operation::set_reassembly) {
      auto d = CosemAttributeDescriptorWithSelection::decode(in, limits_.decode);
      result = code(d ? check_attribute(d->cosem_attribute_descriptor, d->access_selection,
                                        association::access::kWrite, entry)
                      : DataAccessResult::other_reason);
    } else {
      auto d = CosemMethodDescriptor::decode(in, limits_.decode);
      result = code(to_action_result(d ? check_method(*d, entry) : DataAccessResult::other_reason));
    }
  }
  if (result == 0 && !start_reassembly(descriptors, block.raw_data)) {
    result = svc.overflow;
  }
  if (result != 0) {
    reset_op();
    refuse_block(svc, iid, result, block.block_number);
    return;
  }
  s_.op_ = svc.op;
  s_.with_list_in_ = with_list;
  next_block(svc, iid, block, true);
}

// A further block (also the first once started): appended, then acknowledged with its number,
// or, the last one, the request is complete.
void Exchange::next_block(const BlockService& svc, std::uint8_t iid, const apdu::DataBlockSA& block,
                          bool first) {
  std::uint8_t result = 0;
  if (s_.op_ != svc.op) {
    result = svc.not_in_progress;
  } else if (!first && block.block_number != s_.block_number_ + 1) {
    result = svc.wrong_number;
  } else if (!first && !append_block(block.raw_data)) {
    result = svc.overflow;
  }
  if (result != 0) {
    if (result != svc.not_in_progress) {
      reset_op();
    }
    refuse_block(svc, iid, result, block.block_number);
    return;
  }
  s_.block_number_ = block.block_number;
  s_.invoke_id_and_priority_ = iid;
  if (block.last_block) {
    if (svc.op == ServiceState::Operation::set_reassembly) {
      set_complete(iid, block.block_number);
    } else {
      action_complete(iid);
    }
    return;
  }
  ByteWriter w(area_);
  w.u8(svc.ack_tag);
  w.u8(svc.ack_choice);
  w.u8(iid);
  w.u32(block.block_number);
  written_ = w.ok() ? w.size() : 0;
}

void Exchange::set_complete(std::uint8_t iid, std::uint32_t block_number) {
  const ByteSpan descriptors(s_.request_.data(), s_.descriptors_size_);
  const ByteSpan data(s_.request_.data() + s_.descriptors_size_, s_.request_size_ - s_.descriptors_size_);
  ByteWriter w(area_);
  if (!s_.with_list_in_) {
    ByteReader in(descriptors);
    auto d = CosemAttributeDescriptorWithSelection::decode(in, limits_.decode);
    auto value = codec::read_data_exact(data, limits_.decode);
    const ObjectAccessRights* entry = nullptr;
    DataAccessResult result = DataAccessResult::other_reason;
    if (d) {
      result = check_attribute(d->cosem_attribute_descriptor, d->access_selection,
                               association::access::kWrite, entry);
      if (result == DataAccessResult::success) {
        if (!value) {
          result = DataAccessResult::type_unmatched;
        } else {
          const auto* access = d->access_selection ? &*d->access_selection : nullptr;
          result = entry->object->set(ctx_, d->cosem_attribute_descriptor.attribute_id, access, *value);
        }
      }
    }
    write_set_last_block(w, iid, result, block_number);
  } else {
    ByteReader in(descriptors);
    apdu::List<CosemAttributeDescriptorWithSelection> list;
    const auto list_error =
        apdu::List<CosemAttributeDescriptorWithSelection>::decode(in, limits_.decode, list);
    // The reassembled data is a SEQUENCE OF Data, one per descriptor.
    ByteReader values(data);
    apdu::List<codec::DataView> value_list;
    const auto value_error = apdu::List<codec::DataView>::decode(values, limits_.decode, value_list);
    const bool values_ok = !value_error && values.empty() && value_list.size() == list.size();
    w.u8(kSetResponse);
    w.u8(apdu::SetResponseLastDatablockWithList::kChoice);
    w.u8(iid);
    if (list_error) {
      codec::axdr::write_length(w, 0);
    } else {
      codec::axdr::write_length(w, list.size());
      auto value = value_list.begin();
      for (const auto& item : list) {
        const ObjectAccessRights* entry = nullptr;
        auto result = check_attribute(item.cosem_attribute_descriptor, item.access_selection,
                                      association::access::kWrite, entry);
        if (result == DataAccessResult::success) {
          if (!values_ok) {
            result = DataAccessResult::type_unmatched;
          } else {
            const auto* access = item.access_selection ? &*item.access_selection : nullptr;
            result = entry->object->set(ctx_, item.cosem_attribute_descriptor.attribute_id, access, *value);
          }
        }
        if (values_ok) {
          ++value;
        }
        w.u8(static_cast<std::uint8_t>(result));
      }
    }
    w.u32(block_number);
  }
  reset_op();
  written_ = w.ok() ? w.size() : 0;
}

// ---------------------------------------------------------------------------------------------
// ACTION (Green Book 9.3.11 ACTION service, 9.4.6.6 protocol of the ACTION service)

void Exchange::action(ByteSpan request) {
  auto r = decode_request<apdu::ActionRequest>(request, ConformanceBit::action);
  if (!r) {
    return;
  }
  const std::size_t choice = r->request.index();
  blocks_bit_ = ConformanceBit::block_transfer_with_action;
  if (!admit_variant(request, choice == 1 || choice == 3 || choice == 4 || choice == 5,
                     choice == 2 || choice == 4)) {
    return;
  }
  if (const auto* n = std::get_if<apdu::ActionRequestNormal>(&r->request)) {
    reset_op();
    ByteWriter w(s_.staging_);
    w.u8(kActionResponse);
    w.u8(apdu::ActionResponseNormal::kChoice);
    w.u8(n->invoke_id_and_priority.value);
    const auto* parameter = n->method_invocation_parameters ? &*n->method_invocation_parameters : nullptr;
    (void)invoke_one(w, n->cosem_method_descriptor, parameter);
    finish_action(w, n->invoke_id_and_priority.value);
  } else if (const auto* l = std::get_if<apdu::ActionRequestWithList>(&r->request)) {
    if (l->method_invocation_parameters.size() != l->cosem_method_descriptor_list.size()) {
      exception(StateError::service_not_allowed, ServiceError::other_reason);
      return;
    }
    reset_op();
    ByteWriter w(s_.staging_);
    w.u8(kActionResponse);
    w.u8(apdu::ActionResponseWithList::kChoice);
    w.u8(l->invoke_id_and_priority.value);
    codec::axdr::write_length(w, l->cosem_method_descriptor_list.size());
    auto parameter = l->method_invocation_parameters.begin();
    for (const auto& d : l->cosem_method_descriptor_list) {
      // A method without parameters gets null-data in a list (Green Book 9.3.11).
      const codec::DataView value = *parameter;
      (void)invoke_one(w, d, value.is_null() ? nullptr : &value);
      ++parameter;
    }
    finish_action(w, l->invoke_id_and_priority.value);
  } else if (const auto* f = std::get_if<apdu::ActionRequestWithFirstPblock>(&r->request)) {
    first_block(kActionBlocks, request, f->invoke_id_and_priority.value, false, f->pblock);
  } else if (const auto* lf = std::get_if<apdu::ActionRequestWithListAndFirstPblock>(&r->request)) {
    first_block(kActionBlocks, request, lf->invoke_id_and_priority.value, true, lf->pblock);
  } else if (const auto* b = std::get_if<apdu::ActionRequestWithPblock>(&r->request)) {
    next_block(kActionBlocks, b->invoke_id_and_priority.value, b->pblock);
  } else {
    action_next(std::get<apdu::ActionRequestNextPblock>(r->request));
  }
}

// Writes one Action-Response-With-Optional-Data: result, then the return parameters (if any)
// as Get-Data-Result data.
bool Exchange::invoke_one(ByteWriter& w, const CosemMethodDescriptor& d, const codec::DataView* parameter) {
  const ObjectAccessRights* entry = nullptr;
  const auto check = check_method(d, entry);
  const std::size_t mark = w.size();
  if (check != DataAccessResult::success) {
    w.u8(static_cast<std::uint8_t>(to_action_result(check)));
    w.u8(0);
    return false;
  }
  w.u8(0);  // result, patched below
  w.u8(1);  // return-parameters present
  w.u8(0);  // Get-Data-Result: data
  const std::size_t data_start = w.size();
  const auto outcome = entry->object->invoke(ctx_, d.method_id, parameter, w);
  if (!w.ok()) {
    // The method ran but its return data does not fit the staging buffer.
    return false;
  }
  w.at(mark) = static_cast<std::uint8_t>(outcome.result);
  if (!outcome.has_return_data || w.size() == data_start) {
    w.truncate(mark + 1);
    w.u8(0);
  }
  return true;
}

void Exchange::finish_action(ByteWriter& w, std::uint8_t iid) {
  if (!w.ok()) {
    // Return data larger than the staging buffer: the method ran, its data is lost.
    ByteWriter e(sink());
    e.u8(kActionResponse);
    e.u8(apdu::ActionResponseNormal::kChoice);
    e.u8(iid);
    e.u8(static_cast<std::uint8_t>(ActionResult::other_reason));
    e.u8(0);
    commit(e);
    return;
  }
  if (gbt_) {
    s_.pending_begin_ = 0;
    s_.pending_end_ = w.size();
    s_.op_ = ServiceState::Operation::staged_blocks;
    emit_gbt_block();
    return;
  }
  if (w.size() <= area_.size()) {
    std::memcpy(area_.data(), s_.staging_.data(), w.size());
    written_ = w.size();
    return;
  }
  if (!has(ConformanceBit::block_transfer_with_action)) {
    ByteWriter e(area_);
    e.u8(kActionResponse);
    e.u8(apdu::ActionResponseNormal::kChoice);
    e.u8(iid);
    e.u8(static_cast<std::uint8_t>(ActionResult::other_reason));
    e.u8(0);
    written_ = e.ok() ? e.size() : 0;
    return;
  }
  // action-response-with-pblock: the raw data is the response after the invoke-id (the
  // Action-Response-With-Optional-Data, or the SEQUENCE OF them for with-list).
  s_.op_ = ServiceState::Operation::action_blocks;
  s_.invoke_id_and_priority_ = iid;
  s_.pending_begin_ = 3;
  s_.pending_end_ = w.size();
  s_.producer_done_ = true;
  emit_action_block();
}

void Exchange::emit_action_block() {
  // C7 02 invoke-id last-block block-number(4) length raw-data
  const std::size_t payload = block_payload(area_.size(), 8);
  const std::size_t pending = s_.pending_end_ - s_.pending_begin_;
  const bool last = pending <= payload;
  const std::size_t n = std::min(pending, payload);
  ++s_.block_number_;
  ByteWriter w(area_);
  w.u8(kActionResponse);
  w.u8(apdu::ActionResponseWithPblock::kChoice);
  w.u8(s_.invoke_id_and_priority_);
  w.u8(last ? 1 : 0);
  w.u32(s_.block_number_);
  send_slice(w, n, last);
}

void Exchange::action_next(const apdu::ActionRequestNextPblock& r) {
  const std::uint8_t iid = r.invoke_id_and_priority.value;
  ActionResult error = ActionResult::success;
  if (s_.op_ != ServiceState::Operation::action_blocks) {
    error = ActionResult::no_long_action_in_progress;
  } else if (r.block_number != s_.block_number_) {
    error = ActionResult::long_action_aborted;
  }
  if (error != ActionResult::success) {
    if (error == ActionResult::long_action_aborted) {
      reset_op();
    }
    ByteWriter w(area_);
    w.u8(kActionResponse);
    w.u8(apdu::ActionResponseNormal::kChoice);
    w.u8(iid);
    w.u8(static_cast<std::uint8_t>(error));
    w.u8(0);
    written_ = w.ok() ? w.size() : 0;
    return;
  }
  s_.invoke_id_and_priority_ = iid;
  emit_action_block();
}

void Exchange::action_complete(std::uint8_t iid) {
  // The reassembled request stays in request_ while the methods run; the response is built in
  // staging (both buffers belong to this state, and nothing else is in progress).
  const ByteSpan descriptors(s_.request_.data(), s_.descriptors_size_);
  const ByteSpan data(s_.request_.data() + s_.descriptors_size_, s_.request_size_ - s_.descriptors_size_);
  const bool with_list = s_.with_list_in_;
  s_.op_ = ServiceState::Operation::none;
  s_.block_number_ = 0;
  s_.pending_begin_ = 0;
  s_.pending_end_ = 0;
  ByteWriter w(s_.staging_);
  w.u8(kActionResponse);
  if (!with_list) {
    w.u8(apdu::ActionResponseNormal::kChoice);
    w.u8(iid);
    ByteReader in(descriptors);
    auto d = CosemMethodDescriptor::decode(in, limits_.decode);
    auto value = codec::read_data_exact(data, limits_.decode);
    if (!d) {
      w.u8(static_cast<std::uint8_t>(ActionResult::other_reason));
      w.u8(0);
    } else if (!value) {
      w.u8(static_cast<std::uint8_t>(ActionResult::type_unmatched));
      w.u8(0);
    } else {
      (void)invoke_one(w, *d, &*value);
    }
  } else {
    w.u8(apdu::ActionResponseWithList::kChoice);
    w.u8(iid);
    ByteReader in(descriptors);
    apdu::List<CosemMethodDescriptor> list;
    const auto list_error = apdu::List<CosemMethodDescriptor>::decode(in, limits_.decode, list);
    ByteReader values(data);
    apdu::List<codec::DataView> value_list;
    const auto value_error = apdu::List<codec::DataView>::decode(values, limits_.decode, value_list);
    const bool values_ok = !value_error && values.empty() && value_list.size() == list.size();
    if (list_error) {
      codec::axdr::write_length(w, 0);
    } else {
      codec::axdr::write_length(w, list.size());
      auto value = value_list.begin();
      for (const auto& d : list) {
        if (!values_ok) {
          w.u8(static_cast<std::uint8_t>(ActionResult::type_unmatched));
          w.u8(0);
          continue;
        }
        const codec::DataView v = *value;
        (void)invoke_one(w, d, v.is_null() ? nullptr : &v);
        ++value;
      }
    }
  }
  s_.request_size_ = 0;
  s_.descriptors_size_ = 0;
  s_.with_list_in_ = false;
  finish_action(w, iid);
}

// HLS pass 3 (Green Book 9.2.7.4): while the association is pending, only
// reply_to_HLS_authentication of the Association LN object is served.
void Exchange::action_pending(ByteSpan request) {
  ByteReader in(request);
  auto r = apdu::ActionRequest::decode(in, limits_.decode);
  const auto* n = r ? std::get_if<apdu::ActionRequestNormal>(&r->request) : nullptr;
  if (n == nullptr || !in.empty() || n->cosem_method_descriptor.class_id != kAssociationLnClass ||
      n->cosem_method_descriptor.method_id != 1) {
    exception(StateError::service_not_allowed, ServiceError::operation_not_possible);
    return;
  }
  reset_op();
  const std::uint8_t iid = n->invoke_id_and_priority.value;
  const auto& d = n->cosem_method_descriptor;
  ByteWriter w(s_.staging_);
  w.u8(kActionResponse);
  w.u8(apdu::ActionResponseNormal::kChoice);
  w.u8(iid);
  const ObjectAccessRights* entry = assoc_.object_list().find(d.class_id, d.instance_id);
  if (entry != nullptr && entry->object != nullptr) {
    // The Association LN object of the object list answers (it calls the association).
    const auto* parameter = n->method_invocation_parameters ? &*n->method_invocation_parameters : nullptr;
    (void)invoke_one(w, d, parameter);
  } else if (is_association_ln(d.instance_id)) {
    ByteSpan f_stoc;
    bool ok = false;
    if (n->method_invocation_parameters) {
      auto octets = n->method_invocation_parameters->as_octets();
      if (octets) {
        f_stoc = *octets;
        ok = true;
      }
    }
    if (!ok) {
      w.u8(static_cast<std::uint8_t>(ActionResult::type_unmatched));
      w.u8(0);
    } else {
      const std::size_t mark = w.size();
      w.u8(0);
      w.u8(1);
      w.u8(0);
      const std::size_t data_start = w.size();
      const auto result = assoc_.reply_to_hls_authentication(f_stoc, w);
      w.at(mark) = static_cast<std::uint8_t>(result);
      if (w.ok() && w.size() == data_start) {
        w.truncate(mark + 1);
        w.u8(0);
      }
    }
  } else {
    w.u8(static_cast<std::uint8_t>(ActionResult::object_undefined));
    w.u8(0);
  }
  finish_action(w, iid);
}

// ---------------------------------------------------------------------------------------------
// General block transfer (Green Book 9.4.6.13), window 1: the server numbers its own blocks
// from 1 and acknowledges the client's last block number in block-number-ack.

void Exchange::gbt(ByteSpan request) {
  if (!has(ConformanceBit::general_block_transfer)) {
    not_negotiated();
    return;
  }
  ByteReader in(request);
  auto r = apdu::GeneralBlockTransfer::decode(in, limits_.decode);
  if (!r) {
    malformed(r.error());
    return;
  }
  if (!in.empty()) {
    malformed(apdu::xdlms_errc::trailing_bytes);
    return;
  }
  gbt_ = true;
  const bool sending =
      s_.gbt_active_ && !s_.gbt_receiving_ &&
      (s_.op_ == ServiceState::Operation::get_blocks || s_.op_ == ServiceState::Operation::staged_blocks);
  if (sending && r->block_data.empty()) {
    // An acknowledgement: the next block when it acknowledges the last one sent.
    s_.gbt_received_ = r->block_number;
    if (r->block_number_ack != s_.gbt_sent_) {
      s_.reset();
      exception(StateError::service_not_allowed, ServiceError::operation_not_possible);
      return;
    }
    emit_gbt_block();
    return;
  }
  // A block of a request: continues the request being received, or starts a new exchange
  // (which abandons any other transfer in progress).
  if (s_.gbt_active_ && s_.gbt_receiving_) {
    if (r->block_number != static_cast<std::uint16_t>(s_.gbt_received_ + 1)) {
      s_.reset();
      exception(StateError::service_not_allowed, ServiceError::operation_not_possible);
      return;
    }
  } else {
    s_.reset();
    s_.gbt_active_ = true;
    s_.gbt_receiving_ = true;
  }
  const std::size_t room = s_.request_.size() - s_.request_size_;
  if (r->block_data.size() > room) {
    s_.reset();
    exception(StateError::service_not_allowed, ServiceError::pdu_too_long);
    return;
  }
  std::memcpy(s_.request_.data() + s_.request_size_, r->block_data.data(), r->block_data.size());
  s_.request_size_ += r->block_data.size();
  s_.gbt_received_ = r->block_number;
  if (!r->block_control.last_block()) {
    gbt_ack();
    return;
  }
  s_.gbt_receiving_ = false;
  const ByteSpan inner(s_.request_.data(), s_.request_size_);
  if (inner.empty() || inner[0] == kGeneralBlockTransfer) {
    s_.reset();
    exception(StateError::service_not_allowed, ServiceError::other_reason);
    return;
  }
  dispatch(inner);
}

void Exchange::gbt_ack() {
  ByteWriter w(area_);
  w.u8(kGeneralBlockTransfer);
  w.u8(apdu::BlockControl::make(false, false, kGbtWindow).value);
  w.u16(s_.gbt_sent_);
  w.u16(s_.gbt_received_);
  w.u8(0);
  written_ = w.ok() ? w.size() : 0;
}

// Sends the next block of the response in staging: GBT block-data is a slice of the response
// APDU; the last block has last-block set and ends the exchange.
void Exchange::emit_gbt_block() {
  const std::size_t payload = block_payload(area_.size(), 6);  // E0 control number(2) ack(2)
  if (s_.op_ == ServiceState::Operation::get_blocks) {
    const auto result = payload == 0 ? DataAccessResult::other_reason : fill(payload);
    if (result != DataAccessResult::success) {
      // The APDU being streamed cannot be completed: the exchange ends with an exception.
      s_.reset();
      exception(StateError::service_not_allowed, ServiceError::other_reason);
      return;
    }
  }
  const std::size_t pending = s_.pending_end_ - s_.pending_begin_;
  const bool last =
      (s_.op_ != ServiceState::Operation::get_blocks || s_.producer_done_) && pending <= payload;
  const std::size_t n = std::min(pending, payload);
  s_.gbt_active_ = true;
  s_.gbt_receiving_ = false;
  ++s_.gbt_sent_;
  ByteWriter w(area_);
  w.u8(kGeneralBlockTransfer);
  w.u8(apdu::BlockControl::make(last, false, kGbtWindow).value);
  w.u16(s_.gbt_sent_);
  w.u16(s_.gbt_received_);
  codec::axdr::write_length(w, n);
  w.bytes(ByteSpan(s_.staging_.data() + s_.pending_begin_, n));
  s_.pending_begin_ += n;
  written_ = w.ok() ? w.size() : 0;
  if (last) {
    s_.reset();
  }
}

}  // namespace detail

Status ServiceEngine::process(AssociationContext& assoc, const RequestContext& ctx, ByteSpan request,
                              ServiceState& state, ByteWriter& response) const {
  std::size_t limit = assoc.negotiated().client_max_receive_pdu_size;
  if (limit == 0) {
    limit = 0xFFFF;
  }
  limit = std::min(limit, response.remaining());
  if (limit < 3 || !response.ok()) {
    return apdu::xdlms_errc::buffer_too_small;
  }
  const MutableByteSpan area = response.buffer().subspan(response.size(), limit);
  detail::Exchange exchange(limits_, assoc, ctx, state, area);
  exchange.run(request);
  std::size_t written = exchange.written();
  if (written == 0 && !exchange.unconfirmed()) {
    // Every request is answered; one whose answer cannot be written gets an exception.
    area[0] = 0xD8;
    area[1] = static_cast<std::uint8_t>(StateError::service_not_allowed);
    area[2] = static_cast<std::uint8_t>(ServiceError::other_reason);
    written = 3;
  }
  (void)response.reserve(written);
  return ok();
}

}  // namespace dlms::server
