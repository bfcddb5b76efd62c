#include "cosem_objects/association_sn.hpp"

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes2.hpp"
#include "cosem_objects/piecewise_array.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
namespace axdr = codec::axdr;
namespace access = association::access;

namespace {

constexpr auto kAttributes = attribute_table({
    {"object_list", DataType::array, access::kRead},
    {"access_rights_list", DataType::array, access::kRead},
    {"security_setup_reference", DataType::octet_string, access::kRead},
    {"user_list", DataType::array, access::kRead},
    {"current_user", DataType::structure, access::kRead, kDynamic},
});

constexpr auto kMethods = method_table({
    {"read_by_logicalname", DataType::array, access::kNone},
    {"get_attributes&services", DataType::array, access::kNone},
    {"change_LLS_secret", DataType::octet_string, access::kNone},
    {"change_HLS_secret", DataType::octet_string, access::kNone},
    {"get_HLS_challenge", DataType::dont_care, access::kNone},
    {"reply_to_HLS_authentication", DataType::octet_string, access::kAccess},
    {"add_user", DataType::structure, access::kNone},
    {"remove_user", DataType::structure, access::kNone},
});

constexpr ClassDescription kDescription{12, 4, "Association SN", kAttributes, kMethods};

}  // namespace

AssociationSn::AssociationSn(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& AssociationSn::class_description() noexcept { return kDescription; }

apdu::DataAccessResult AssociationSn::get_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    server::GetCursor& cursor, ByteWriter& out) {
  if (attribute_id == 2) {
    return detail::write_array_piecewise(cursor, entries_.size(), out, [&](ByteWriter& w, std::size_t i) {
      // object_list_element: structure { base_name, class_id, version, logical_name }.
      const ShortNameEntry& e = entries_[i];
      axdr::begin_structure(w, 4);
      axdr::write_long(w, e.base_name);
      axdr::write_long_unsigned(w, e.rights.class_id);
      axdr::write_unsigned(w, e.rights.object != nullptr ? e.rights.object->version() : 0);
      axdr::write_octet_string(w, ByteSpan(e.rights.logical_name.bytes));
    });
  }
  if (attribute_id == 3) {
    return detail::write_array_piecewise(cursor, entries_.size(), out, [&](ByteWriter& w, std::size_t i) {
      // access_rights_list element: the base name, then the two access descriptors.
      const ShortNameEntry& e = entries_[i];
      axdr::begin_structure(w, 3);
      axdr::write_long(w, e.base_name);
      detail::write_attribute_access_descriptor(w, e.rights);
      detail::write_method_access_descriptor(w, e.rights);
    });
  }
  switch (attribute_id) {
    case 4: axdr::write_octet_string(out, ByteSpan(security_setup_.bytes)); break;
    case 5: axdr::begin_array(out, 0); break;
    case 6:
      axdr::begin_structure(out, 2);
      axdr::write_unsigned(out, 0);
      axdr::write_visible_string(out, {});
      break;
    default: return DataAccessResult::object_undefined;
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult AssociationSn::set_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    const codec::DataView& value) {
  if (attribute_id != 4) {
    return DataAccessResult::read_write_denied;
  }
  apdu::ObisCode ln;
  if (!detail::read_logical_name(value, ln)) {
    return DataAccessResult::type_unmatched;
  }
  security_setup_ = ln;
  return DataAccessResult::success;
}

server::InvokeOutcome AssociationSn::invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                                   const codec::DataView* parameter,
                                                   ByteWriter& return_data) {
  if (method_id != 3 && method_id != 4 && method_id != 6) {
    return {ActionResult::object_unavailable, false};
  }
  if (parameter == nullptr || parameter->type() != DataType::octet_string) {
    return {ActionResult::type_unmatched, false};
  }
  const ByteSpan octets = *parameter->as_octets();
  if (method_id == 6) {
    if (ctx.association == nullptr) {
      return {ActionResult::object_unavailable, false};
    }
    if (described_ != nullptr && described_ != ctx.association) {
      return {ActionResult::read_write_denied, false};
    }
    const ActionResult r = ctx.association->reply_to_hls_authentication(octets, return_data);
    return {r, r == ActionResult::success};
  }
  association::AssociationContext* a = described_ != nullptr ? described_ : ctx.association;
  if (a == nullptr) {
    return {ActionResult::object_unavailable, false};
  }
  if (method_id == 3) {
    return {a->set_lls_secret(octets) == DataAccessResult::success ? ActionResult::success
                                                                   : ActionResult::other_reason,
            false};
  }
  return {a->change_hls_secret(octets), false};
}

}  // namespace dlms::cosem
