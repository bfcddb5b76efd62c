#include "cosem_objects/register.hpp"

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::DataType;
namespace access = association::access;

constexpr auto kAttributes = attribute_table({
    {"value", DataType::dont_care, access::kRead, kDynamic},
    {"scaler_unit", DataType::structure, access::kRead},
});
constexpr auto kMethods = method_table({
    {"reset", DataType::integer, access::kAccess},
});
constexpr ClassDescription kDescription{3, 0, "Register", kAttributes, kMethods};

}  // namespace

Register::Register(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name),
      value_{0x00},
      scaler_unit_(detail1::default_scaler_unit()) {}

const ClassDescription& Register::class_description() noexcept { return kDescription; }

apdu::DataAccessResult Register::get_attribute(const server::RequestContext& /*ctx*/,
                                               std::int8_t attribute_id,
                                               const apdu::SelectiveAccessDescriptor* /*access*/,
                                               server::GetCursor& /*cursor*/, ByteWriter& out) {
  out.bytes(attribute_id == 2 ? value_encoding() : scaler_unit_encoding());
  return detail1::write_result(out);
}

apdu::DataAccessResult Register::set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                               const apdu::SelectiveAccessDescriptor* /*access*/,
                                               const codec::DataView& value) {
  if (attribute_id == 2) {
    if (!detail1::is_register_value_type(value.type()) || !detail1::keeps_type(value_, value, ctx.local())) {
      return apdu::DataAccessResult::type_unmatched;
    }
    detail1::assign(value_, value);
    return apdu::DataAccessResult::success;
  }
  if (!detail1::matches(value, detail1::kScalerUnit)) {
    return apdu::DataAccessResult::type_unmatched;
  }
  detail1::assign(scaler_unit_, value);
  return apdu::DataAccessResult::success;
}

server::InvokeOutcome Register::invoke_method(const server::RequestContext& /*ctx*/,
                                              std::int8_t /*method_id*/, const codec::DataView* parameter,
                                              ByteWriter& /*return_data*/) {
  if (!detail1::integer_zero(parameter)) {
    return {apdu::ActionResult::type_unmatched, false};
  }
  if (source(2) != nullptr) {
    return {apdu::ActionResult::object_unavailable, false};  // a bound value resets through its MethodSink
  }
  value_ = detail1::zero_of(value_);
  return {apdu::ActionResult::success, false};
}

}  // namespace dlms::cosem
