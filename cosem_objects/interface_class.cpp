#include "cosem_objects/interface_class.hpp"

#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;

apdu::DataAccessResult InterfaceClass::get(const server::RequestContext& ctx, std::int8_t attribute_id,
                                           const apdu::SelectiveAccessDescriptor* access,
                                           server::GetCursor& cursor, ByteWriter& out) {
  if (attribute_id < 1 || attribute_id > attribute_count()) {
    return DataAccessResult::object_undefined;
  }
  if (attribute_id == 1) {
    // logical_name: octet-string (SIZE(6)), Blue Book 4.1.
    codec::axdr::write_octet_string(out, ByteSpan(logical_name_.bytes));
    return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
  }
  if (access != nullptr && access_selectors(attribute_id) == 0) {
    return DataAccessResult::scope_of_access_violated;
  }
  if (ValueSource* s = source(attribute_id)) {
    if (access != nullptr) {
      return DataAccessResult::scope_of_access_violated;
    }
    return s->read(out);
  }
  return get_attribute(ctx, attribute_id, access, cursor, out);
}

apdu::DataAccessResult InterfaceClass::set(const server::RequestContext& ctx, std::int8_t attribute_id,
                                           const apdu::SelectiveAccessDescriptor* access,
                                           const codec::DataView& value) {
  if (attribute_id < 1 || attribute_id > attribute_count()) {
    return DataAccessResult::object_undefined;
  }
  if (attribute_id == 1) {
    return DataAccessResult::read_write_denied;
  }
  if (access != nullptr && access_selectors(attribute_id) == 0) {
    return DataAccessResult::scope_of_access_violated;
  }
  if (ValueSource* s = source(attribute_id)) {
    if (access != nullptr) {
      return DataAccessResult::scope_of_access_violated;
    }
    return s->write(value);
  }
  return set_attribute(ctx, attribute_id, access, value);
}

server::InvokeOutcome InterfaceClass::invoke(const server::RequestContext& ctx, std::int8_t method_id,
                                             const codec::DataView* parameter, ByteWriter& return_data) {
  if (method_id < 1 || method_id > method_count()) {
    return {ActionResult::object_undefined, false};
  }
  if (MethodSink* s = sink(method_id)) {
    return s->invoke(parameter, return_data);
  }
  return invoke_method(ctx, method_id, parameter, return_data);
}

server::InvokeOutcome InterfaceClass::invoke_method(const server::RequestContext& /*ctx*/,
                                                    std::int8_t /*method_id*/,
                                                    const codec::DataView* /*parameter*/,
                                                    ByteWriter& /*return_data*/) {
  return {ActionResult::object_unavailable, false};
}

apdu::DataAccessResult InterfaceClass::set_static(std::int8_t attribute_id, ByteSpan axdr,
                                                  const codec::Limits& limits) {
  auto value = codec::read_data_exact(axdr, limits);
  if (!value) {
    return DataAccessResult::type_unmatched;
  }
  const server::RequestContext local;
  return set(local, attribute_id, nullptr, *value);
}

bool InterfaceClass::bind(std::int8_t attribute_id, ValueSource* source) noexcept {
  if (attribute_id < 2 || attribute_id > attribute_count() ||
      static_cast<std::size_t>(attribute_id) > kMaxAttributes || !binds_attribute(attribute_id)) {
    return false;
  }
  sources_[static_cast<std::size_t>(attribute_id) - 1] = source;
  return true;
}

bool InterfaceClass::bind_method(std::int8_t method_id, MethodSink* sink) noexcept {
  if (method_id < 1 || method_id > method_count() || static_cast<std::size_t>(method_id) > kMaxMethods) {
    return false;
  }
  sinks_[static_cast<std::size_t>(method_id) - 1] = sink;
  return true;
}

ValueSource* InterfaceClass::source(std::int8_t attribute_id) const noexcept {
  if (attribute_id < 1 || static_cast<std::size_t>(attribute_id) > kMaxAttributes) {
    return nullptr;
  }
  return sources_[static_cast<std::size_t>(attribute_id) - 1];
}

MethodSink* InterfaceClass::sink(std::int8_t method_id) const noexcept {
  if (method_id < 1 || static_cast<std::size_t>(method_id) > kMaxMethods) {
    return nullptr;
  }
  return sinks_[static_cast<std::size_t>(method_id) - 1];
}

}  // namespace dlms::cosem
