#pragma once
// Stand-ins for COSEM objects, shared by the tests of the server and of its users (the client
// against this server, the benchmarks): they implement server::CosemObject directly, so those
// tests need neither cosem_objects/ nor a meter model.
//   LongUnsignedData  Data (class 1, Blue Book 4.3.1): attribute 2 a writable long-unsigned.
//   HlsAssociationLn  Association LN (class 15, Blue Book 4.4.3): attribute 2 object_list,
//                     attribute 8 association_status, method 1 reply_to_HLS_authentication.

#include <cstdint>

#include "stack/apdu/obis_code.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/association_context.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::server::test_support {

inline constexpr apdu::ObisCode kValueLn{0, 0, 96, 1, 0, 255};
inline constexpr apdu::ObisCode kCurrentAssociationLn{0, 0, 40, 0, 0, 255};

class LongUnsignedData final : public CosemObject {
 public:
  explicit LongUnsignedData(apdu::ObisCode ln = kValueLn) noexcept : ln_(ln) {}
  std::uint16_t class_id() const noexcept override { return 1; }
  std::uint8_t version() const noexcept override { return 0; }
  const apdu::ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 2; }
  std::uint8_t method_count() const noexcept override { return 0; }
  apdu::DataAccessResult get(const RequestContext& ctx, std::int8_t id,
                             const apdu::SelectiveAccessDescriptor*, GetCursor&, ByteWriter& out) override {
    last_protection = ctx.request_protection;
    if (id == 1) {
      codec::axdr::write_octet_string(out, ln_.bytes);
    } else {
      codec::axdr::write_long_unsigned(out, value);
    }
    return apdu::DataAccessResult::success;
  }
  apdu::DataAccessResult set(const RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                             const codec::DataView& v) override {
    Result<std::uint16_t> x = v.as<std::uint16_t>();
    if (v.type() != codec::DataType::long_unsigned || !x) {
      return apdu::DataAccessResult::type_unmatched;
    }
    value = *x;
    return apdu::DataAccessResult::success;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t, const codec::DataView*, ByteWriter&) override {
    return {apdu::ActionResult::object_undefined, false};
  }

  std::uint16_t value = 42;
  std::uint8_t last_protection = 0xFF;  // RequestContext::request_protection of the last GET

 private:
  apdu::ObisCode ln_;
};

class HlsAssociationLn final : public CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 15; }
  std::uint8_t version() const noexcept override { return 3; }
  const apdu::ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 9; }
  std::uint8_t method_count() const noexcept override { return 2; }
  apdu::DataAccessResult get(const RequestContext& ctx, std::int8_t id,
                             const apdu::SelectiveAccessDescriptor*, GetCursor&, ByteWriter& out) override {
    if (id == 2 && ctx.association != nullptr) {
      write_object_list(ctx.association->object_list(), out);
    } else if (id == 8 && ctx.association != nullptr) {
      codec::axdr::write_enum(out, static_cast<std::uint8_t>(ctx.association->status()));
    } else {
      codec::axdr::write_octet_string(out, ln_.bytes);
    }
    return apdu::DataAccessResult::success;
  }
  apdu::DataAccessResult set(const RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                             const codec::DataView&) override {
    return apdu::DataAccessResult::read_write_denied;
  }
  InvokeOutcome invoke(const RequestContext& ctx, std::int8_t id, const codec::DataView* parameter,
                       ByteWriter& out) override {
    if (id != 1 || parameter == nullptr || ctx.association == nullptr) {
      return {apdu::ActionResult::type_unmatched, false};
    }
    Result<ByteSpan> f_stoc = parameter->as_octets();
    if (!f_stoc) {
      return {apdu::ActionResult::type_unmatched, false};
    }
    const apdu::ActionResult r = ctx.association->reply_to_hls_authentication(*f_stoc, out);
    return {r, r == apdu::ActionResult::success};
  }

 private:
  // object_list_element ::= structure { class_id, version, logical_name, access_rights }, the
  // access rights left as two empty arrays.
  static void write_object_list(const association::AssociationObjectList& list, ByteWriter& out) {
    const auto entries = list.entries();
    codec::axdr::begin_array(out, entries.size());
    for (const association::ObjectAccessRights& e : entries) {
      codec::axdr::begin_structure(out, 4);
      codec::axdr::write_long_unsigned(out, e.class_id);
      codec::axdr::write_unsigned(out, e.object->version());
      codec::axdr::write_octet_string(out, e.logical_name.bytes);
      codec::axdr::begin_structure(out, 2);
      codec::axdr::begin_array(out, 0);
      codec::axdr::begin_array(out, 0);
    }
  }

  apdu::ObisCode ln_ = kCurrentAssociationLn;
};

}  // namespace dlms::server::test_support
