#include "cosem_objects/push_setup.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
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

constexpr auto kAttributes = attribute_table({
    {"push_object_list", DataType::array, access::kRead},
    {"send_destination_and_method", DataType::structure, access::kRead},
    {"communication_window", DataType::array, access::kRead},
    {"randomisation_start_interval", DataType::long_unsigned, access::kRead},
    {"number_of_retries", DataType::unsigned_, access::kRead},
    {"repetition_delay", DataType::structure, access::kRead},
    {"port_reference", DataType::octet_string, access::kRead},
    {"push_client_SAP", DataType::integer, access::kRead},
    {"push_protection_parameters", DataType::array, access::kRead},
    {"push_operation_method", DataType::enum_, access::kRead},
    {"confirmation_parameters", DataType::structure, access::kRead},
    {"last_confirmation_date_time", DataType::date_time, access::kRead, kDynamic},
});

constexpr auto kMethods = method_table({
    {"push", DataType::integer, access::kNone},
    {"reset", DataType::integer, access::kNone},
});

constexpr ClassDescription kDescription{40, 2, "Push setup", kAttributes, kMethods};

constexpr std::uint8_t kEmptyArray[] = {0x01, 0x00};

bool valid_push_object_list(const DataView& v) noexcept {
  if (v.type() != DataType::array) {
    return false;
  }
  for (const DataView e : v.elements()) {
    CaptureObjectDefinition d;
    if (!detail::read_capture_object_definition(e, d, true) || (e.size() != 4 && e.size() != 6)) {
      return false;
    }
    if (e.size() == 6) {
      auto it = e.elements().begin();
      std::advance(it, 4);
      const DataView restriction = *it;
      const DataView columns = *++it;
      if (restriction.type() != DataType::structure || columns.type() != DataType::array) {
        return false;
      }
    }
  }
  return true;
}

// array structure { start: octet-string(12), end: octet-string(12) }
bool valid_windows(const DataView& v) noexcept {
  if (v.type() != DataType::array) {
    return false;
  }
  for (const DataView w : v.elements()) {
    if (w.type() != DataType::structure || w.size() != 2) {
      return false;
    }
    for (const DataView t : w.elements()) {
      if (t.type() != DataType::octet_string || !t.as_date_time()) {
        return false;
      }
    }
  }
  return true;
}

// A date-time attribute: date-time [25], or the octet-string(12) form.
bool read_date_time(const DataView& v, codec::CosemDateTime& out) noexcept {
  if (v.type() != DataType::date_time && v.type() != DataType::octet_string) {
    return false;
  }
  auto t = v.as_date_time();
  if (!t) {
    return false;
  }
  out = *t;
  return true;
}

}  // namespace

PushSetup::PushSetup(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {
  push_objects_.assign(kEmptyArray);
  windows_.assign(kEmptyArray);
  protection_.assign(kEmptyArray);
}

const ClassDescription& PushSetup::class_description() noexcept { return kDescription; }

apdu::DataAccessResult PushSetup::get_attribute(const server::RequestContext& /*ctx*/,
                                                std::int8_t attribute_id,
                                                const apdu::SelectiveAccessDescriptor* /*access*/,
                                                server::GetCursor& /*cursor*/, ByteWriter& out) {
  switch (attribute_id) {
    case 2: out.bytes(push_objects_.encoded()); break;
    case 3:
      axdr::begin_structure(out, 3);
      axdr::write_enum(out, transport_service_);
      axdr::write_octet_string(out, destination());
      axdr::write_enum(out, message_);
      break;
    case 4: out.bytes(windows_.encoded()); break;
    case 5: axdr::write_long_unsigned(out, randomisation_); break;
    case 6: axdr::write_unsigned(out, retries_); break;
    case 7:
      axdr::begin_structure(out, 3);
      axdr::write_long_unsigned(out, delay_min_);
      axdr::write_long_unsigned(out, delay_exponent_);
      axdr::write_long_unsigned(out, delay_max_);
      break;
    case 8: axdr::write_octet_string(out, ByteSpan(port_reference_.bytes)); break;
    case 9: axdr::write_integer(out, client_sap_); break;
    case 10: out.bytes(protection_.encoded()); break;
    case 11: axdr::write_enum(out, operation_method_); break;
    case 12:
      axdr::begin_structure(out, 2);
      axdr::write_date_time(out, confirmation_start_);
      axdr::write_double_long_unsigned(out, confirmation_interval_);
      break;
    case 13: axdr::write_date_time(out, last_confirmation_); break;
    default: return DataAccessResult::object_undefined;
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult PushSetup::set_attribute(const server::RequestContext& /*ctx*/,
                                                std::int8_t attribute_id,
                                                const apdu::SelectiveAccessDescriptor* /*access*/,
                                                const codec::DataView& value) {
  const auto stored = [&](auto& holder, bool valid) {
    if (!valid) {
      return DataAccessResult::type_unmatched;
    }
    return holder.assign(value.encoded()) ? DataAccessResult::success : DataAccessResult::other_reason;
  };
  switch (attribute_id) {
    case 2: return stored(push_objects_, valid_push_object_list(value));
    case 3: {
      if (value.type() != DataType::structure || value.size() != 3) {
        return DataAccessResult::type_unmatched;
      }
      auto it = value.elements().begin();
      std::uint8_t transport = 0;
      std::uint8_t message = 0;
      if (!detail::read_typed(*it, DataType::enum_, transport)) {
        return DataAccessResult::type_unmatched;
      }
      const DataView destination = *++it;
      if (destination.type() != DataType::octet_string ||
          !detail::read_typed(*++it, DataType::enum_, message)) {
        return DataAccessResult::type_unmatched;
      }
      const ByteSpan d = *destination.as_octets();
      if (d.size() > kMaxDestination) {
        return DataAccessResult::other_reason;
      }
      transport_service_ = transport;
      std::copy(d.begin(), d.end(), destination_.begin());
      destination_size_ = d.size();
      message_ = message;
      return DataAccessResult::success;
    }
    case 4: return stored(windows_, valid_windows(value));
    case 5:
      return detail::read_typed(value, DataType::long_unsigned, randomisation_)
                 ? DataAccessResult::success
                 : DataAccessResult::type_unmatched;
    case 6:
      return detail::read_typed(value, DataType::unsigned_, retries_) ? DataAccessResult::success
                                                                      : DataAccessResult::type_unmatched;
    case 7: {
      std::uint16_t v[3] = {};
      if (value.type() != DataType::structure || value.size() != 3) {
        return DataAccessResult::type_unmatched;
      }
      std::size_t i = 0;
      for (const DataView e : value.elements()) {
        if (!detail::read_typed(e, DataType::long_unsigned, v[i++])) {
          return DataAccessResult::type_unmatched;
        }
      }
      delay_min_ = v[0];
      delay_exponent_ = v[1];
      delay_max_ = v[2];
      return DataAccessResult::success;
    }
    case 8:
      return detail::read_logical_name(value, port_reference_) ? DataAccessResult::success
                                                               : DataAccessResult::type_unmatched;
    case 9:
      return detail::read_typed(value, DataType::integer, client_sap_) ? DataAccessResult::success
                                                                       : DataAccessResult::type_unmatched;
    case 10: return stored(protection_, value.type() == DataType::array);
    case 11: {
      std::uint8_t m = 0;
      if (!detail::read_typed(value, DataType::enum_, m)) {
        return DataAccessResult::type_unmatched;
      }
      if (m > 2) {
        return DataAccessResult::other_reason;
      }
      operation_method_ = m;
      return DataAccessResult::success;
    }
    case 12: {
      if (value.type() != DataType::structure || value.size() != 2) {
        return DataAccessResult::type_unmatched;
      }
      auto it = value.elements().begin();
      codec::CosemDateTime start;
      std::uint32_t interval = 0;
      if (!read_date_time(*it, start) ||
          !detail::read_typed(*++it, DataType::double_long_unsigned, interval)) {
        return DataAccessResult::type_unmatched;
      }
      confirmation_start_ = start;
      confirmation_interval_ = interval;
      return DataAccessResult::success;
    }
    default: return DataAccessResult::read_write_denied;  // last_confirmation_date_time
  }
}

apdu::ActionResult PushSetup::push() {
  if (sender_ == nullptr || resolver_ == nullptr) {
    return ActionResult::object_unavailable;
  }
  ByteWriter body(sender_->body_buffer());
  const DataView list = push_objects_.view();
  axdr::begin_structure(body, list.size());
  for (const DataView e : list.elements()) {
    CaptureObjectDefinition d;
    (void)detail::read_capture_object_definition(e, d, true);  // validated when set
    const std::size_t at = body.size();
    if (resolver_->read(d, body) != DataAccessResult::success && body.ok()) {
      body.truncate(at);
      axdr::write_null_data(body);
    }
  }
  if (!body.ok()) {
    return ActionResult::other_reason;  // the body does not fit the sender's buffer
  }
  return sender_->send(*this, body.written());
}

server::InvokeOutcome PushSetup::invoke_method(const server::RequestContext& /*ctx*/, std::int8_t method_id,
                                               const codec::DataView* parameter,
                                               ByteWriter& /*return_data*/) {
  if (!detail::is_integer_parameter(parameter)) {
    return {ActionResult::type_unmatched, false};
  }
  if (method_id == 1) {
    return {push(), false};
  }
  last_confirmation_ = codec::CosemDateTime{};
  if (sender_ != nullptr) {
    sender_->reset(*this);
  }
  return {ActionResult::success, false};
}

}  // namespace dlms::cosem
