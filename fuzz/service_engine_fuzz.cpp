// The server's xDLMS service engine fed arbitrary plaintext APDUs on one association, with
// block-transfer state carried from one APDU to the next. Input: a sequence of records, each
// a two-octet big-endian length and that many octets (one APDU); the first octet of the input
// picks the conformance block and the client's max receive PDU size. Asserted: every request
// gets an answer (a confirmed one) that fits the PDU limit and decodes as one whole APDU.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "stack/apdu/apdu.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/association_context.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/server/service_engine.hpp"

namespace {

using namespace dlms;
using apdu::ActionResult;
using apdu::DataAccessResult;
using apdu::ObisCode;
namespace access = association::access;

// Register-like: attribute 2 double-long-unsigned (writable), method 1 echoes its parameter.
class Register final : public server::CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 3; }
  std::uint8_t version() const noexcept override { return 0; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 3; }
  std::uint8_t method_count() const noexcept override { return 1; }
  DataAccessResult get(const server::RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       server::GetCursor&, ByteWriter& out) override {
    if (id == 2) {
      codec::axdr::write_double_long_unsigned(out, value_);
    } else {
      codec::axdr::write_octet_string(out, ln_.bytes);
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const server::RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView& v) override {
    std::uint32_t x = 0;
    if (!v.get(x)) {
      return DataAccessResult::type_unmatched;
    }
    value_ = x;
    return DataAccessResult::success;
  }
  server::InvokeOutcome invoke(const server::RequestContext&, std::int8_t, const codec::DataView* p,
                               ByteWriter& out) override {
    if (p == nullptr) {
      return {};
    }
    out.bytes(p->encoded());
    return {ActionResult::success, true};
  }

 private:
  ObisCode ln_{1, 0, 1, 8, 0, 255};
  std::uint32_t value_ = 1;
};

// Profile-like: attribute 2 an array of 300 octet-strings of 40 octets, written piecewise.
class Profile final : public server::CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 7; }
  std::uint8_t version() const noexcept override { return 1; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 2; }
  std::uint8_t method_count() const noexcept override { return 1; }
  std::uint8_t access_selectors(std::int8_t id) const noexcept override { return id == 2 ? 0b110 : 0; }
  DataAccessResult get(const server::RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       server::GetCursor& cursor, ByteWriter& out) override {
    if (id != 2) {
      codec::axdr::write_octet_string(out, ln_.bytes);
      return DataAccessResult::success;
    }
    if (!cursor.started) {
      codec::axdr::begin_array(out, 300);
      if (!out.ok()) {
        return DataAccessResult::success;
      }
      cursor.started = true;
    }
    std::uint8_t e[40] = {};
    while (cursor.position < 300) {
      if (out.remaining() < 42) {
        cursor.more = true;
        return DataAccessResult::success;
      }
      e[0] = static_cast<std::uint8_t>(cursor.position);
      codec::axdr::write_octet_string(out, e);
      ++cursor.position;
    }
    cursor.more = false;
    return DataAccessResult::success;
  }
  DataAccessResult set(const server::RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView&) override {
    return DataAccessResult::success;
  }
  server::InvokeOutcome invoke(const server::RequestContext&, std::int8_t, const codec::DataView*,
                               ByteWriter& out) override {
    std::uint8_t blob[1500] = {};
    codec::axdr::write_octet_string(out, blob);
    return {ActionResult::success, true};
  }

 private:
  ObisCode ln_{1, 0, 99, 1, 0, 255};
};

class Association final : public association::AssociationContext {
 public:
  association::AssociationStatus status() const noexcept override { return status_; }
  const association::NegotiatedContext& negotiated() const noexcept override { return negotiated_; }
  const association::AssociationObjectList& object_list() const noexcept override { return list_; }
  ByteSpan client_system_title() const noexcept override { return {}; }
  ByteSpan server_system_title() const noexcept override { return {}; }
  ActionResult reply_to_hls_authentication(ByteSpan f, ByteWriter& out) override {
    if (f.size() == 4) {
      status_ = association::AssociationStatus::associated;
      codec::axdr::write_octet_string(out, f);
      return ActionResult::success;
    }
    return ActionResult::other_reason;
  }
  ActionResult change_hls_secret(ByteSpan) override { return ActionResult::success; }
  DataAccessResult set_lls_secret(ByteSpan) override { return DataAccessResult::success; }

  association::AssociationStatus status_ = association::AssociationStatus::associated;
  association::NegotiatedContext negotiated_;
  association::AssociationObjectList list_;
};

const std::uint8_t kRead[] = {access::kRead, access::kReadWrite,
                              access::kRead | access::kAuthenticatedRequest};
const std::uint8_t kMethods[] = {access::kAccess};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) {
    return 0;
  }
  Register reg;
  Profile profile;
  association::ObjectAccessRights entries[2];
  entries[0].object = &reg;
  entries[0].class_id = 3;
  entries[0].logical_name = reg.logical_name();
  entries[0].attribute_access = kRead;
  entries[0].method_access = kMethods;
  entries[1].object = &profile;
  entries[1].class_id = 7;
  entries[1].logical_name = profile.logical_name();
  entries[1].attribute_access = kRead;
  entries[1].method_access = kMethods;
  association::sort_object_list(entries);

  Association assoc;
  assoc.list_ = association::AssociationObjectList(entries);
  const std::uint8_t mode = data[0];
  assoc.negotiated_.conformance =
      apdu::ConformanceBlock::from_u32((mode & 0x80U) != 0 ? 0x00501FU : 0x207E1FU);
  static constexpr std::uint16_t kPdus[] = {0, 64, 128, 256, 1024, 40, 2000, 17};
  assoc.negotiated_.client_max_receive_pdu_size = kPdus[mode & 0x07U];
  assoc.negotiated_.server_max_receive_pdu_size = 1024;
  if ((mode & 0x40U) != 0) {
    assoc.status_ = association::AssociationStatus::association_pending;
  }
  server::EngineLimits limits;
  limits.max_reassembled_size = 2000;
  const server::ServiceEngine engine(limits);
  auto state = std::make_unique<server::ServiceStateStorage<1024, 1024>>();
  server::RequestContext ctx;
  ctx.association = &assoc;
  ctx.request_protection = (mode & 0x20U) != 0 ? access::kAuthenticatedRequest : 0;
  std::uint8_t out[4096];

  std::size_t pos = 1;
  while (pos + 2 <= size) {
    const std::size_t n = (static_cast<std::size_t>(data[pos]) << 8U) | data[pos + 1];
    pos += 2;
    const std::size_t take = n < size - pos ? n : size - pos;
    const ByteSpan request(data + pos, take);
    pos += take;
    ByteWriter w(out);
    if (!engine.process(assoc, ctx, request, *state, w)) {
      __builtin_trap();  // the output buffer is always large enough
    }
    std::size_t limit = assoc.negotiated_.client_max_receive_pdu_size;
    if (limit == 0) {
      limit = 0xFFFF;
    }
    if (w.size() > limit) {
      __builtin_trap();
    }
    if (w.size() != 0) {
      codec::Limits decode;
      decode.max_list_items = 1U << 16U;
      if (!apdu::decode_apdu(w.written(), decode)) {
        __builtin_trap();  // every answer is one whole, valid APDU
      }
    }
  }
  return 0;
}
