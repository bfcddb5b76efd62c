#include "cosem_objects/demand_register.hpp"

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
    {"current_average_value", DataType::dont_care, access::kRead, kDynamic},
    {"last_average_value", DataType::dont_care, access::kRead, kDynamic},
    {"scaler_unit", DataType::structure, access::kRead},
    {"status", DataType::dont_care, access::kRead, kDynamic},
    {"capture_time", DataType::octet_string, access::kRead, kDynamic},
    {"start_time_current", DataType::octet_string, access::kRead, kDynamic},
    {"period", DataType::double_long_unsigned, access::kReadWrite},
    {"number_of_periods", DataType::long_unsigned, access::kReadWrite},
});
constexpr auto kMethods = method_table({
    {"reset", DataType::integer, access::kAccess},
    {"next_period", DataType::integer, access::kAccess},
});
constexpr ClassDescription kDescription{5, 0, "Demand register", kAttributes, kMethods};

constexpr Shape kDateTime{.type = DataType::octet_string, .min = 12, .max = 12, .format = Format::date_time};
constexpr Shape kPeriod{.type = DataType::double_long_unsigned, .min = 1};
constexpr Shape kNumberOfPeriods{.type = DataType::long_unsigned, .min = 1};

}  // namespace

DemandRegister::DemandRegister(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name),
      current_{0x00},
      last_{0x00},
      scaler_unit_(detail1::default_scaler_unit()),
      status_{0x00},
      capture_time_(detail1::unspecified_date_time()),
      start_time_current_(detail1::unspecified_date_time()) {}

const ClassDescription& DemandRegister::class_description() noexcept { return kDescription; }

std::vector<std::uint8_t> DemandRegister::now_encoding() const {
  return time_ != nullptr ? detail1::date_time_encoding(time_->current_time())
                          : detail1::unspecified_date_time();
}

std::vector<std::uint8_t>* DemandRegister::held(std::int8_t attribute_id) noexcept {
  switch (attribute_id) {
    case 2: return &current_;
    case 3: return &last_;
    case 4: return &scaler_unit_;
    case 5: return &status_;
    case 6: return &capture_time_;
    case 7: return &start_time_current_;
    default: return nullptr;
  }
}

bool DemandRegister::update_current(const codec::DataView& value) {
  if (!detail1::is_register_value_type(value.type()) || !detail1::keeps_type(current_, value, false)) {
    return false;
  }
  detail1::assign(current_, value);
  return true;
}

void DemandRegister::next_period() {
  last_ = current_;
  current_ = detail1::zero_of(current_);
  capture_time_ = now_encoding();
  start_time_current_ = capture_time_;
}

apdu::DataAccessResult DemandRegister::get_attribute(const server::RequestContext& /*ctx*/,
                                                     std::int8_t attribute_id,
                                                     const apdu::SelectiveAccessDescriptor* /*access*/,
                                                     server::GetCursor& /*cursor*/, ByteWriter& out) {
  if (attribute_id == 8) {
    codec::axdr::write_double_long_unsigned(out, period_);
  } else if (attribute_id == 9) {
    codec::axdr::write_long_unsigned(out, number_of_periods_);
  } else {
    const auto* v = held(attribute_id);
    out.bytes(ByteSpan(v->data(), v->size()));
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult DemandRegister::set_attribute(const server::RequestContext& ctx,
                                                     std::int8_t attribute_id,
                                                     const apdu::SelectiveAccessDescriptor* /*access*/,
                                                     const codec::DataView& value) {
  using apdu::DataAccessResult;
  switch (attribute_id) {
    case 2:
    case 3:
    case 5: {
      auto* target = held(attribute_id);
      if (!detail1::is_register_value_type(value.type()) ||
          !detail1::keeps_type(*target, value, ctx.local())) {
        return DataAccessResult::type_unmatched;
      }
      detail1::assign(*target, value);
      return DataAccessResult::success;
    }
    case 4:
      if (!detail1::matches(value, detail1::kScalerUnit)) {
        return DataAccessResult::type_unmatched;
      }
      detail1::assign(scaler_unit_, value);
      return DataAccessResult::success;
    case 6:
    case 7:
      if (!detail1::matches(value, kDateTime)) {
        return DataAccessResult::type_unmatched;
      }
      detail1::assign(*held(attribute_id), value);
      return DataAccessResult::success;
    case 8:
      if (value.type() != DataType::double_long_unsigned) {
        return DataAccessResult::type_unmatched;
      }
      if (!detail1::matches(value, kPeriod)) {
        return DataAccessResult::other_reason;
      }
      period_ = detail1::integer_of<std::uint32_t>(value);
      return DataAccessResult::success;
    default:
      if (value.type() != DataType::long_unsigned) {
        return DataAccessResult::type_unmatched;
      }
      if (!detail1::matches(value, kNumberOfPeriods)) {
        return DataAccessResult::other_reason;
      }
      number_of_periods_ = detail1::integer_of<std::uint16_t>(value);
      return DataAccessResult::success;
  }
}

server::InvokeOutcome DemandRegister::invoke_method(const server::RequestContext& /*ctx*/,
                                                    std::int8_t method_id, const codec::DataView* parameter,
                                                    ByteWriter& /*return_data*/) {
  if (!detail1::integer_zero(parameter)) {
    return {apdu::ActionResult::type_unmatched, false};
  }
  if (source(2) != nullptr || source(3) != nullptr) {
    return {apdu::ActionResult::object_unavailable, false};  // bound values act through MethodSinks
  }
  if (method_id == 1) {
    current_ = detail1::zero_of(current_);
    last_ = detail1::zero_of(last_);
    status_ = detail1::zero_of(status_);
    capture_time_ = now_encoding();
    start_time_current_ = capture_time_;
  } else {
    next_period();
  }
  return {apdu::ActionResult::success, false};
}

}  // namespace dlms::cosem
