#include "cosem_objects/association_ln.hpp"

#include <algorithm>
#include <string_view>

#include "cosem_objects/detail_classes2.hpp"
#include "cosem_objects/piecewise_array.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
using codec::DataView;
namespace axdr = codec::axdr;
namespace access = association::access;

namespace {

constexpr AttributeDescription kAttributes[] = {
    {1, "logical_name", DataType::octet_string, access::kRead, true, 0},
    {2, "object_list", DataType::array, access::kRead, true, 0},
    {3, "associated_partners_id", DataType::structure, access::kRead, true, 0},
    {4, "application_context_name", DataType::octet_string, access::kRead, true, 0},
    {5, "xDLMS_context_info", DataType::structure, access::kRead, true, 0},
    {6, "authentication_mechanism_name", DataType::octet_string, access::kRead, true, 0},
    {7, "secret", DataType::octet_string, access::kNone, true, 0},
    {8, "association_status", DataType::enum_, access::kRead, false, 0},
    {9, "security_setup_reference", DataType::octet_string, access::kRead, true, 0},
    {10, "user_list", DataType::array, access::kRead, true, 0},
    {11, "current_user", DataType::structure, access::kRead, false, 0},
};

constexpr MethodDescription kMethods[] = {
    {1, "reply_to_HLS_authentication", DataType::octet_string, access::kAccess},
    {2, "change_HLS_secret", DataType::octet_string, access::kNone},
    {3, "add_object", DataType::structure, access::kNone},
    {4, "remove_object", DataType::structure, access::kNone},
    {5, "add_user", DataType::structure, access::kNone},
    {6, "remove_user", DataType::structure, access::kNone},
};

constexpr ClassDescription kDescription{15, 3, "Association LN", kAttributes, kMethods};

// One object_list_element (Blue Book 4.4.3, version 3 access rights).
void write_object_list_element(ByteWriter& w, const association::ObjectAccessRights& e) {
  const server::CosemObject* obj = e.object;
  axdr::begin_structure(w, 4);
  axdr::write_long_unsigned(w, e.class_id);
  axdr::write_unsigned(w, obj != nullptr ? obj->version() : 0);
  axdr::write_octet_string(w, ByteSpan(e.logical_name.bytes));
  detail::write_access_rights(w, e);
}

// structure { user_id: unsigned, user_name: visible-string }
bool read_user(const DataView* p, std::uint8_t& id, std::string_view& name) noexcept {
  if (p == nullptr || p->type() != DataType::structure || p->size() != 2) {
    return false;
  }
  auto it = p->elements().begin();
  if (!detail::read_typed(*it, DataType::unsigned_, id)) {
    return false;
  }
  const DataView n = *++it;
  if (n.type() != DataType::visible_string) {
    return false;
  }
  auto s = n.as_string();
  if (!s) {
    return false;
  }
  name = *s;
  return true;
}

}  // namespace

AssociationLn::AssociationLn(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& AssociationLn::class_description() noexcept { return kDescription; }

bool AssociationLn::is_current(const server::RequestContext& ctx) const noexcept {
  if (ctx.association == nullptr) {
    return false;
  }
  if (described_ == nullptr || described_ == ctx.association) {
    return true;
  }
  const association::NegotiatedContext& mine = described_->negotiated();
  const association::NegotiatedContext& theirs = ctx.association->negotiated();
  return mine.client_sap == theirs.client_sap && mine.server_sap == theirs.server_sap;
}

apdu::DataAccessResult AssociationLn::get_object_list(const association::AssociationContext& a,
                                                      server::GetCursor& cursor, ByteWriter& out) const {
  const auto entries = a.object_list().entries();
  return detail::write_array_piecewise(cursor, entries.size(), out, [&](ByteWriter& w, std::size_t i) {
    write_object_list_element(w, entries[i]);
  });
}

apdu::DataAccessResult AssociationLn::get_attribute(const server::RequestContext& ctx,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* access,
                                                    server::GetCursor& cursor, ByteWriter& out) {
  if (access != nullptr) {
    return DataAccessResult::scope_of_access_violated;
  }
  switch (attribute_id) {
    case 7: return DataAccessResult::read_write_denied;  // secret: write only
    case 9: {
      const association::AssociationContext* a = target(ctx);
      const apdu::ObisCode* ref = a != nullptr ? a->security_setup_reference() : nullptr;
      axdr::write_octet_string(out, ByteSpan((ref != nullptr ? *ref : security_setup_).bytes));
      break;
    }
    case 10:
      axdr::begin_array(out, user_count_);
      for (std::size_t i = 0; i < user_count_; ++i) {
        axdr::begin_structure(out, 2);
        axdr::write_unsigned(out, users_[i].id);
        axdr::write_visible_string(out, std::string_view(users_[i].name.data(), users_[i].name_size));
      }
      break;
    case 11:
      // The association does not tell which user it serves: user 0, no name.
      axdr::begin_structure(out, 2);
      axdr::write_unsigned(out, 0);
      axdr::write_visible_string(out, {});
      break;
    default: {
      const association::AssociationContext* a = target(ctx);
      if (a == nullptr) {
        return DataAccessResult::object_unavailable;  // a local read of "the current association"
      }
      const association::NegotiatedContext& n = a->negotiated();
      switch (attribute_id) {
        case 2: return get_object_list(*a, cursor, out);
        case 3:
          axdr::begin_structure(out, 2);
          axdr::write_integer(out, static_cast<std::int8_t>(n.client_sap));
          axdr::write_long_unsigned(out, n.server_sap);
          break;
        case 4: axdr::write_octet_string(out, apdu::oid_of(n.application_context).span()); break;
        case 5: {
          const std::uint32_t c = n.conformance.to_u32();
          const std::uint8_t bits[3] = {static_cast<std::uint8_t>(c >> 16U),
                                        static_cast<std::uint8_t>(c >> 8U), static_cast<std::uint8_t>(c)};
          axdr::begin_structure(out, 6);
          axdr::write_bit_string(out, ByteSpan(bits), 24);
          axdr::write_long_unsigned(out, n.server_max_receive_pdu_size);
          axdr::write_long_unsigned(out, n.client_max_receive_pdu_size);
          axdr::write_unsigned(out, n.dlms_version);
          axdr::write_integer(out, 0);        // quality_of_service: not used
          axdr::write_octet_string(out, {});  // cyphering_info: never shows key material
          break;
        }
        case 6: axdr::write_octet_string(out, apdu::oid_of(n.mechanism).span()); break;
        case 8: axdr::write_enum(out, static_cast<std::uint8_t>(a->status())); break;
        default: return DataAccessResult::object_undefined;
      }
    }
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult AssociationLn::set_attribute(const server::RequestContext& ctx,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* access,
                                                    const codec::DataView& value) {
  if (access != nullptr) {
    return DataAccessResult::scope_of_access_violated;
  }
  if (attribute_id == 7) {
    if (value.type() != DataType::octet_string) {
      return DataAccessResult::type_unmatched;
    }
    association::AssociationContext* a = target(ctx);
    if (a == nullptr) {
      return DataAccessResult::object_unavailable;
    }
    return a->set_lls_secret(*value.as_octets());
  }
  if (attribute_id == 9) {
    apdu::ObisCode ln;
    if (!detail::read_logical_name(value, ln)) {
      return DataAccessResult::type_unmatched;
    }
    security_setup_ = ln;
    return DataAccessResult::success;
  }
  return DataAccessResult::read_write_denied;
}

server::InvokeOutcome AssociationLn::add_user(const codec::DataView* parameter) noexcept {
  std::uint8_t id = 0;
  std::string_view name;
  if (!read_user(parameter, id, name)) {
    return {ActionResult::type_unmatched, false};
  }
  if (name.size() > kMaxUserName) {
    return {ActionResult::other_reason, false};
  }
  User* slot = nullptr;
  for (std::size_t i = 0; i < user_count_; ++i) {
    if (users_[i].id == id) {
      slot = &users_[i];  // an existing user id: renamed
    }
  }
  if (slot == nullptr) {
    if (user_count_ == kMaxUsers) {
      return {ActionResult::other_reason, false};
    }
    slot = &users_[user_count_++];
  }
  slot->id = id;
  slot->name_size = static_cast<std::uint8_t>(name.size());
  std::copy(name.begin(), name.end(), slot->name.begin());
  return {ActionResult::success, false};
}

server::InvokeOutcome AssociationLn::remove_user(const codec::DataView* parameter) noexcept {
  std::uint8_t id = 0;
  std::string_view name;
  if (!read_user(parameter, id, name)) {
    return {ActionResult::type_unmatched, false};
  }
  for (std::size_t i = 0; i < user_count_; ++i) {
    if (users_[i].id == id) {
      std::copy(users_.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                users_.begin() + static_cast<std::ptrdiff_t>(user_count_),
                users_.begin() + static_cast<std::ptrdiff_t>(i));
      --user_count_;
      return {ActionResult::success, false};
    }
  }
  return {ActionResult::other_reason, false};
}

server::InvokeOutcome AssociationLn::invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                                   const codec::DataView* parameter,
                                                   ByteWriter& return_data) {
  switch (method_id) {
    case 1: {
      // reply_to_HLS_authentication: pass 3 of HLS on the association the request came in on.
      if (parameter == nullptr || parameter->type() != DataType::octet_string) {
        return {ActionResult::type_unmatched, false};
      }
      if (ctx.association == nullptr) {
        return {ActionResult::object_unavailable, false};
      }
      if (!is_current(ctx)) {
        return {ActionResult::read_write_denied, false};  // another association's object
      }
      const ActionResult r =
          ctx.association->reply_to_hls_authentication(*parameter->as_octets(), return_data);
      return {r, r == ActionResult::success};
    }
    case 2: {
      if (parameter == nullptr || parameter->type() != DataType::octet_string) {
        return {ActionResult::type_unmatched, false};
      }
      association::AssociationContext* a = target(ctx);
      if (a == nullptr) {
        return {ActionResult::object_unavailable, false};
      }
      return {a->change_hls_secret(*parameter->as_octets()), false};
    }
    case 3:
    case 4:
      // The object list is configuration (association/access_rights.hpp): not changed remotely.
      if (parameter == nullptr || parameter->type() != DataType::structure) {
        return {ActionResult::type_unmatched, false};
      }
      return {ActionResult::object_unavailable, false};
    case 5: return add_user(parameter);
    default: return remove_user(parameter);
  }
}

}  // namespace dlms::cosem
