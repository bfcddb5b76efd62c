#pragma once
// Test fixture of the service engine: a fake AssociationContext and a small object set
// (register-like objects, a 100 kB piecewise attribute, methods with return data, access-right
// variations). Byte layouts follow the Green Book xDLMS ASN.1 (A-XDR).

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stack/apdu/obis_code.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/association_context.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"
#include "stack/server/cosem_object.hpp"
#include "stack/server/service_engine.hpp"

namespace dlms::server::testing {

using apdu::ActionResult;
using apdu::DataAccessResult;
using apdu::ObisCode;
namespace access = association::access;

inline std::vector<std::uint8_t> hex(std::string_view text) {
  auto v = from_hex(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(std::vector<std::uint8_t>{});
}

// Register (class 3): 1 logical_name, 2 value (double-long-unsigned), 3 scaler_unit;
// method 1 reset.
class TestRegister : public CosemObject {
 public:
  TestRegister(ObisCode ln, std::uint32_t value) : ln_(ln), value_(value) {}
  std::uint16_t class_id() const noexcept override { return 3; }
  std::uint8_t version() const noexcept override { return 0; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 3; }
  std::uint8_t method_count() const noexcept override { return 1; }

  DataAccessResult get(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       GetCursor&, ByteWriter& out) override {
    ++gets;
    switch (id) {
      case 1: codec::axdr::write_octet_string(out, ln_.bytes); break;
      case 2: codec::axdr::write_double_long_unsigned(out, value_); break;
      case 3:
        codec::axdr::begin_structure(out, 2);
        codec::axdr::write_integer(out, -1);
        codec::axdr::write_enum(out, 30);  // Wh
        break;
      default: return DataAccessResult::object_undefined;
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView& value) override {
    ++sets;
    if (id != 2 || value.type() != codec::DataType::double_long_unsigned) {
      return DataAccessResult::type_unmatched;
    }
    value_ = *value.as<std::uint32_t>();
    return DataAccessResult::success;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t id, const codec::DataView* parameter,
                       ByteWriter&) override {
    ++invokes;
    if (id != 1 || parameter == nullptr || parameter->type() != codec::DataType::integer) {
      return {ActionResult::type_unmatched, false};
    }
    value_ = 0;
    return {};
  }

  std::uint32_t value() const noexcept { return value_; }
  int gets = 0;
  int sets = 0;
  int invokes = 0;

 private:
  ObisCode ln_;
  std::uint32_t value_;
};

// A profile-like object (class 7) whose attribute 2 is an array of `count` octet-strings of
// 100 octets, written piecewise (whole elements while they fit); selector 2 (by entry) is
// supported and ignored. Attribute 3 is an octet-string of `blob_size` octets written in one
// piece (non-resumable). Method 1 echoes its parameter; method 2 returns `blob_size` octets.
// Attribute 4 is a long-unsigned accepting any set; it stores the raw encoding it received.
class BigObject : public CosemObject {
 public:
  static constexpr std::size_t kElement = 100;
  BigObject(ObisCode ln, std::size_t count, std::size_t blob_size)
      : ln_(ln), count_(count), blob_(blob_size) {
    for (std::size_t i = 0; i < blob_.size(); ++i) {
      blob_[i] = static_cast<std::uint8_t>(i * 7);
    }
  }
  std::uint16_t class_id() const noexcept override { return 7; }
  std::uint8_t version() const noexcept override { return 1; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 4; }
  std::uint8_t method_count() const noexcept override { return 2; }
  std::uint8_t access_selectors(std::int8_t id) const noexcept override { return id == 2 ? 0b110 : 0; }

  static std::uint8_t element_byte(std::size_t i, std::size_t j) { return static_cast<std::uint8_t>(i + j); }

  DataAccessResult get(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor* access,
                       GetCursor& cursor, ByteWriter& out) override {
    ++gets;
    last_access_selector = access != nullptr ? access->access_selector : 0;
    if (id == 3) {
      codec::axdr::write_octet_string(out, blob_);
      return DataAccessResult::success;
    }
    if (id == 4) {
      codec::axdr::write_long_unsigned(out, 7);
      return DataAccessResult::success;
    }
    if (id != 2) {
      return DataAccessResult::object_undefined;
    }
    if (!cursor.started) {
      codec::axdr::begin_array(out, count_);
      if (!out.ok()) {
        return DataAccessResult::success;
      }
      cursor.started = true;
      cursor.position = 0;
    }
    std::array<std::uint8_t, kElement> e{};
    while (cursor.position < count_) {
      if (out.remaining() < kElement + 2) {
        cursor.more = true;
        return DataAccessResult::success;
      }
      for (std::size_t j = 0; j < kElement; ++j) {
        e[j] = element_byte(cursor.position, j);
      }
      codec::axdr::write_octet_string(out, e);
      ++cursor.position;
    }
    cursor.more = false;
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView& value) override {
    ++sets;
    if (id != 4 && id != 3) {
      return DataAccessResult::read_write_denied;
    }
    last_set.assign(value.encoded().begin(), value.encoded().end());
    return DataAccessResult::success;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t id, const codec::DataView* parameter,
                       ByteWriter& out) override {
    ++invokes;
    if (id == 1) {
      if (parameter == nullptr) {
        return {ActionResult::success, false};
      }
      out.bytes(parameter->encoded());
      return {ActionResult::success, true};
    }
    codec::axdr::write_octet_string(out, blob_);
    return {ActionResult::success, true};
  }

  // The whole encoding of attribute 2.
  std::vector<std::uint8_t> attribute2() const {
    std::vector<std::uint8_t> buf(count_ * (kElement + 2) + 8);
    ByteWriter w(buf);
    GetCursor c;
    RequestContext ctx;
    (void)const_cast<BigObject*>(this)->get(ctx, 2, nullptr, c, w);
    buf.resize(w.size());
    const_cast<BigObject*>(this)->gets--;
    return buf;
  }
  const std::vector<std::uint8_t>& blob() const { return blob_; }

  int gets = 0;
  int sets = 0;
  int invokes = 0;
  std::uint8_t last_access_selector = 0;
  std::vector<std::uint8_t> last_set;

 private:
  ObisCode ln_;
  std::size_t count_;
  std::vector<std::uint8_t> blob_;
};

class FakeAssociation : public association::AssociationContext {
 public:
  association::AssociationStatus status() const noexcept override { return status_; }
  const association::NegotiatedContext& negotiated() const noexcept override { return negotiated_; }
  const association::AssociationObjectList& object_list() const noexcept override { return list_; }
  ByteSpan client_system_title() const noexcept override { return {}; }
  ByteSpan server_system_title() const noexcept override { return {}; }
  // Accepts `expected_f_stoc` and answers `f_ctos_answer` (HLS pass 3 and 4).
  ActionResult reply_to_hls_authentication(ByteSpan f_stoc, ByteWriter& f_ctos) override {
    ++hls_replies;
    if (!std::equal(f_stoc.begin(), f_stoc.end(), expected_f_stoc.begin(), expected_f_stoc.end())) {
      return ActionResult::other_reason;
    }
    status_ = association::AssociationStatus::associated;
    codec::axdr::write_octet_string(f_ctos, f_ctos_answer);
    return ActionResult::success;
  }
  std::vector<std::uint8_t> expected_f_stoc = {0xAA, 0, 0, 0};
  std::vector<std::uint8_t> f_ctos_answer = {0xBB, 0xBB, 0xBB, 0xBB};
  ActionResult change_hls_secret(ByteSpan) override { return ActionResult::success; }
  DataAccessResult set_lls_secret(ByteSpan) override { return DataAccessResult::success; }

  association::AssociationStatus status_ = association::AssociationStatus::associated;
  association::NegotiatedContext negotiated_;
  association::AssociationObjectList list_;
  int hls_replies = 0;
};

// The conformance block dlms-cosem proposes (INTEROP.md: 20 52 5F ... here with every
// service this server offers).
inline apdu::ConformanceBlock full_conformance() {
  using apdu::ConformanceBit;
  apdu::ConformanceBlock c;
  for (auto bit :
       {ConformanceBit::general_block_transfer, ConformanceBit::block_transfer_with_get_or_read,
        ConformanceBit::block_transfer_with_set_or_write, ConformanceBit::block_transfer_with_action,
        ConformanceBit::multiple_references, ConformanceBit::get, ConformanceBit::set,
        ConformanceBit::selective_access, ConformanceBit::action}) {
    c.set(bit);
  }
  return c;
}

inline constexpr ObisCode kEnergy{1, 0, 1, 8, 0, 255};
inline constexpr ObisCode kReadOnly{1, 0, 2, 8, 0, 255};
inline constexpr ObisCode kNoAccess{1, 0, 3, 8, 0, 255};
inline constexpr ObisCode kSecured{1, 0, 4, 8, 0, 255};
inline constexpr ObisCode kProfile{1, 0, 99, 1, 0, 255};

class EngineTest : public ::testing::Test {
 public:
  static constexpr std::size_t kStaging = 8192;
  static constexpr std::size_t kRequestBuffer = 8192;

  EngineTest() {
    assoc.negotiated_.conformance = full_conformance();
    assoc.negotiated_.client_max_receive_pdu_size = 1024;
    assoc.negotiated_.server_max_receive_pdu_size = 1024;
    entries = {
        entry(&energy, 3, kEnergy, {access::kRead, access::kReadWrite, access::kRead}, {access::kAccess}),
        entry(&read_only, 3, kReadOnly, {access::kRead, access::kRead, access::kRead}, {access::kNone}),
        entry(&no_access, 3, kNoAccess, {access::kNone, access::kNone, access::kNone}, {}),
        entry(&secured, 3, kSecured,
              {access::kRead, access::kReadWrite | access::kAuthenticatedRequest | access::kEncryptedRequest,
               access::kRead},
              {access::kAccess | access::kAuthenticatedRequest}),
        entry(&profile, 7, kProfile, {access::kRead, access::kRead, access::kReadWrite, access::kReadWrite},
              {access::kAccess, access::kAccess}),
    };
    association::sort_object_list(entries);
    assoc.list_ = association::AssociationObjectList(entries);
    ctx.association = &assoc;
  }

  association::ObjectAccessRights entry(CosemObject* object, std::uint16_t class_id, ObisCode ln,
                                        std::vector<std::uint8_t> attrs, std::vector<std::uint8_t> methods) {
    modes.push_back(std::make_unique<std::vector<std::uint8_t>>(std::move(attrs)));
    const auto& a = *modes.back();
    modes.push_back(std::make_unique<std::vector<std::uint8_t>>(std::move(methods)));
    const auto& m = *modes.back();
    association::ObjectAccessRights e;
    e.object = object;
    e.class_id = class_id;
    e.logical_name = ln;
    e.attribute_access = a;
    e.method_access = m;
    return e;
  }

  // Processes one request; returns the response as hex ("" when nothing is sent).
  std::string run(std::string_view request_hex, std::uint8_t protection = 0) {
    const auto request = hex(request_hex);
    return run_bytes(request, protection);
  }
  std::string run_bytes(const std::vector<std::uint8_t>& request, std::uint8_t protection = 0) {
    ctx.request_protection = protection;
    ByteWriter w(out);
    const auto st = engine.process(assoc, ctx, request, state, w);
    EXPECT_TRUE(st.has_value()) << st.error().message();
    last.assign(w.written().begin(), w.written().end());
    return to_hex(w.written(), ' ');
  }

  TestRegister energy{kEnergy, 1234};
  TestRegister read_only{kReadOnly, 5};
  TestRegister no_access{kNoAccess, 6};
  TestRegister secured{kSecured, 7};
  BigObject profile{kProfile, 1000, 3000};  // 1000 x 102 octets: a 102 004-octet attribute
  std::vector<std::unique_ptr<std::vector<std::uint8_t>>> modes;
  std::vector<association::ObjectAccessRights> entries;
  FakeAssociation assoc;
  RequestContext ctx;
  ServiceEngine engine;
  std::unique_ptr<ServiceStateStorage<kStaging, kRequestBuffer>> state_storage =
      std::make_unique<ServiceStateStorage<kStaging, kRequestBuffer>>();
  ServiceState& state = *state_storage;
  std::array<std::uint8_t, 65535> out{};
  std::vector<std::uint8_t> last;
};

}  // namespace dlms::server::testing
