#include "cosem_objects/extended_register.hpp"

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::DataType;
using detail1::Format;
using detail1::Shape;
namespace access = association::access;

constexpr auto kAttributes = attribute_table({
    {"value", DataType::dont_care, access::kRead, kDynamic},
    {"scaler_unit", DataType::structure, access::kRead},
    {"status", DataType::dont_care, access::kRead, kDynamic},
    {"capture_time", DataType::octet_string, access::kRead, kDynamic},
});
constexpr auto kMethods = method_table({
    {"reset", DataType::integer, access::kAccess},
});
constexpr ClassDescription kDescription{4, 0, "Extended register", kAttributes, kMethods};

constexpr Shape kDateTime{.type = DataType::octet_string, .min = 12, .max = 12, .format = Format::date_time};

}  // namespace

ExtendedRegister::ExtendedRegister(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name),
      value_{0x00},
      scaler_unit_(detail1::default_scaler_unit()),
      status_{0x00},
      capture_time_(detail1::unspecified_date_time()) {}

const ClassDescription& ExtendedRegister::class_description() noexcept { return kDescription; }

std::vector<std::uint8_t> ExtendedRegister::now_encoding() const {
  return time_ != nullptr ? detail1::date_time_encoding(time_->current_time())
                          : detail1::unspecified_date_time();
}

bool ExtendedRegister::capture(const codec::DataView& value) {
  if (!detail1::is_register_value_type(value.type())) {
    return false;
  }
  detail1::assign(value_, value);
  capture_time_ = now_encoding();
  return true;
}

apdu::DataAccessResult ExtendedRegister::get_attribute(const server::RequestContext& /*ctx*/,
                                                       std::int8_t attribute_id,
                                                       const apdu::SelectiveAccessDescriptor* /*access*/,
                                                       server::GetCursor& /*cursor*/, ByteWriter& out) {
  switch (attribute_id) {
    case 2: out.bytes(value_encoding()); break;
    case 3: out.bytes(ByteSpan(scaler_unit_.data(), scaler_unit_.size())); break;
    case 4: out.bytes(status_encoding()); break;
    default: out.bytes(capture_time_encoding()); break;
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult ExtendedRegister::set_attribute(const server::RequestContext& ctx,
                                                       std::int8_t attribute_id,
                                                       const apdu::SelectiveAccessDescriptor* /*access*/,
                                                       const codec::DataView& value) {
  switch (attribute_id) {
    case 2:
    case 4: {
      auto& target = attribute_id == 2 ? value_ : status_;
      if (!detail1::is_register_value_type(value.type()) ||
          !detail1::keeps_type(target, value, ctx.local())) {
        return apdu::DataAccessResult::type_unmatched;
      }
      detail1::assign(target, value);
      return apdu::DataAccessResult::success;
    }
    case 3:
      if (!detail1::matches(value, detail1::kScalerUnit)) {
        return apdu::DataAccessResult::type_unmatched;
      }
      detail1::assign(scaler_unit_, value);
      return apdu::DataAccessResult::success;
    default:
      if (!detail1::matches(value, kDateTime)) {
        return apdu::DataAccessResult::type_unmatched;
      }
      detail1::assign(capture_time_, value);
      return apdu::DataAccessResult::success;
  }
}

server::InvokeOutcome ExtendedRegister::invoke_method(const server::RequestContext& /*ctx*/,
                                                      std::int8_t /*method_id*/,
                                                      const codec::DataView* parameter,
                                                      ByteWriter& /*return_data*/) {
  if (!detail1::integer_zero(parameter)) {
    return {apdu::ActionResult::type_unmatched, false};
  }
  if (source(2) != nullptr) {
    return {apdu::ActionResult::object_unavailable, false};
  }
  value_ = detail1::zero_of(value_);
  status_ = detail1::zero_of(status_);
  capture_time_ = now_encoding();
  return {apdu::ActionResult::success, false};
}

}  // namespace dlms::cosem
