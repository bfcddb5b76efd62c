#include "cosem_objects/security_setup.hpp"

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes2.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
namespace axdr = codec::axdr;
namespace access = association::access;

namespace {

constexpr auto kAttributes = attribute_table({
    {"security_policy", DataType::enum_, access::kRead},
    {"security_suite", DataType::enum_, access::kRead},
    {"client_system_title", DataType::octet_string, access::kRead, kDynamic},
    {"server_system_title", DataType::octet_string, access::kRead},
    {"certificates", DataType::array, access::kRead, kDynamic},
});

constexpr auto kMethods = method_table({
    {"security_activate", DataType::enum_, access::kNone},
    {"key_transfer", DataType::array, access::kNone},
    {"key_agreement", DataType::array, access::kNone},
    {"generate_key_pair", DataType::enum_, access::kNone},
    {"generate_certificate_request", DataType::enum_, access::kNone},
    {"import_certificate", DataType::octet_string, access::kNone},
    {"export_certificate", DataType::structure, access::kNone},
    {"remove_certificate", DataType::structure, access::kNone},
});

constexpr ClassDescription kDescription{64, 1, "Security setup", kAttributes, kMethods};

constexpr std::uint8_t kUnusedPolicyBits = 0x03;

}  // namespace

SecuritySetup::SecuritySetup(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& SecuritySetup::class_description() noexcept { return kDescription; }

apdu::DataAccessResult SecuritySetup::get_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    server::GetCursor& /*cursor*/, ByteWriter& out) {
  if (attribute_id == 6) {
    axdr::begin_array(out, 0);
    return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
  }
  if (context_ == nullptr) {
    return DataAccessResult::object_unavailable;
  }
  switch (attribute_id) {
    case 2: axdr::write_enum(out, context_->policy().bits()); break;
    case 3: axdr::write_enum(out, static_cast<std::uint8_t>(context_->suite())); break;
    case 4: {
      const auto& title = context_->client_system_title();
      axdr::write_octet_string(out, title ? title->bytes() : ByteSpan());
      break;
    }
    case 5: axdr::write_octet_string(out, context_->server_system_title().bytes()); break;
    default: return DataAccessResult::object_undefined;
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult SecuritySetup::set_attribute(const server::RequestContext& ctx,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    const codec::DataView& value) {
  if (attribute_id == 6) {
    return DataAccessResult::read_write_denied;
  }
  if (context_ == nullptr) {
    return DataAccessResult::object_unavailable;
  }
  switch (attribute_id) {
    case 2: {
      std::uint8_t bits = 0;
      if (!detail::read_typed(value, DataType::enum_, bits)) {
        return DataAccessResult::type_unmatched;
      }
      if (!ctx.local()) {
        return DataAccessResult::read_write_denied;  // a client uses security_activate
      }
      if ((bits & kUnusedPolicyBits) != 0) {
        return DataAccessResult::other_reason;
      }
      context_->set_policy(security::SecurityPolicy(bits));
      return DataAccessResult::success;
    }
    case 3: {
      std::uint8_t suite = 0;
      if (!detail::read_typed(value, DataType::enum_, suite)) {
        return DataAccessResult::type_unmatched;
      }
      if (suite > 2 || !context_->set_suite(static_cast<security::SecuritySuite>(suite))) {
        return DataAccessResult::other_reason;
      }
      return DataAccessResult::success;
    }
    case 4:
    case 5: {
      if (value.type() != DataType::octet_string) {
        return DataAccessResult::type_unmatched;
      }
      auto title = security::SystemTitle::from(*value.as_octets());
      if (!title) {
        return DataAccessResult::other_reason;
      }
      if (attribute_id == 4) {
        context_->set_client_system_title(*title);
        return DataAccessResult::success;
      }
      if (!ctx.local()) {
        return DataAccessResult::read_write_denied;
      }
      context_->set_server_system_title(*title);
      return DataAccessResult::success;
    }
    default: return DataAccessResult::read_write_denied;
  }
}

server::InvokeOutcome SecuritySetup::invoke_method(const server::RequestContext& /*ctx*/,
                                                   std::int8_t method_id, const codec::DataView* parameter,
                                                   ByteWriter& /*return_data*/) {
  if (method_id > 2) {
    return {ActionResult::object_unavailable, false};  // public-key methods: not supported yet
  }
  if (context_ == nullptr) {
    return {ActionResult::object_unavailable, false};
  }
  if (method_id == 1) {
    std::uint8_t bits = 0;
    if (parameter == nullptr || !detail::read_typed(*parameter, DataType::enum_, bits)) {
      return {ActionResult::type_unmatched, false};
    }
    if ((bits & kUnusedPolicyBits) != 0 || !context_->security_activate(security::SecurityPolicy(bits))) {
      return {ActionResult::other_reason, false};  // weakening the policy is refused
    }
    return {ActionResult::success, false};
  }
  if (parameter == nullptr || parameter->type() != DataType::array) {
    return {ActionResult::type_unmatched, false};
  }
  auto installed = context_->key_transfer(parameter->encoded());
  if (!installed) {
    return {ActionResult::other_reason, false};  // nothing staged: all keys or none
  }
  return {ActionResult::success, false};
}

}  // namespace dlms::cosem
