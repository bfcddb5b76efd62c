#pragma once
// InterfaceClass: the common part of every COSEM interface class. It answers the identity
// (class id, version, logical name), attribute 1 (logical_name, octet-string(6), read-only),
// the range checks, and routes bound attributes and methods to their ValueSource/MethodSink;
// a concrete class implements the rest through get_attribute/set_attribute/invoke_method.
//
// Configuration uses the same path as a client: set_static() decodes an A-XDR value and sets
// it with a local RequestContext (no association, so no access rights apply), which is how
// the generated object list gives each object its static values: the class's own set()
// validation is the single check of type and range.

#include <array>
#include <cstdint>

#include "cosem_objects/class_description.hpp"
#include "cosem_objects/value_source.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::cosem {

class InterfaceClass : public server::CosemObject {
 public:
  static constexpr std::size_t kMaxAttributes = 16;
  static constexpr std::size_t kMaxMethods = 10;

  InterfaceClass(const ClassDescription& description, const apdu::ObisCode& logical_name) noexcept
      : description_(&description), logical_name_(logical_name) {}

  [[nodiscard]] const ClassDescription& description() const noexcept { return *description_; }
  [[nodiscard]] std::uint16_t class_id() const noexcept final { return description_->class_id; }
  [[nodiscard]] std::uint8_t version() const noexcept final { return description_->version; }
  [[nodiscard]] const apdu::ObisCode& logical_name() const noexcept final { return logical_name_; }
  [[nodiscard]] std::uint8_t attribute_count() const noexcept final {
    return static_cast<std::uint8_t>(description_->attributes.size());
  }
  [[nodiscard]] std::uint8_t method_count() const noexcept final {
    return static_cast<std::uint8_t>(description_->methods.size());
  }
  [[nodiscard]] std::uint8_t access_selectors(std::int8_t attribute_id) const noexcept override {
    const auto* a = description_->attribute(attribute_id);
    return a != nullptr ? a->access_selectors : 0;
  }

  apdu::DataAccessResult get(const server::RequestContext& ctx, std::int8_t attribute_id,
                             const apdu::SelectiveAccessDescriptor* access, server::GetCursor& cursor,
                             ByteWriter& out) final;
  apdu::DataAccessResult set(const server::RequestContext& ctx, std::int8_t attribute_id,
                             const apdu::SelectiveAccessDescriptor* access,
                             const codec::DataView& value) final;
  server::InvokeOutcome invoke(const server::RequestContext& ctx, std::int8_t method_id,
                               const codec::DataView* parameter, ByteWriter& return_data) final;

  // Local configuration: decodes `axdr` (one whole Data) and sets attribute `attribute_id`.
  apdu::DataAccessResult set_static(std::int8_t attribute_id, ByteSpan axdr,
                                    const codec::Limits& limits = codec::kDefaultLimits);

  // Routes attribute `attribute_id` (2..n) to `source` (nullptr unbinds). False if the id is
  // out of range or the class does not allow binding it (binds_attribute()).
  bool bind(std::int8_t attribute_id, ValueSource* source) noexcept;
  bool bind_method(std::int8_t method_id, MethodSink* sink) noexcept;
  [[nodiscard]] ValueSource* source(std::int8_t attribute_id) const noexcept;
  [[nodiscard]] MethodSink* sink(std::int8_t method_id) const noexcept;

 protected:
  // Attributes 2..n that are not bound. A resumable attribute (see server::GetCursor) may
  // return with cursor.more set. `access` is non-null only for an attribute whose description
  // lists access selectors: get() and set() answer scope-of-access-violated for the others.
  virtual apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                               const apdu::SelectiveAccessDescriptor* access,
                                               server::GetCursor& cursor, ByteWriter& out) = 0;
  virtual apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                               const apdu::SelectiveAccessDescriptor* access,
                                               const codec::DataView& value) = 0;
  // Methods without a MethodSink. The default refuses (a class without methods).
  virtual server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                              const codec::DataView* parameter, ByteWriter& return_data);
  // Whether attribute `attribute_id` may be bound to a ValueSource (default: any attribute
  // the description marks dynamic, plus static ones; a class with internal semantics for an
  // attribute, e.g. Profile generic capture_objects, says no).
  [[nodiscard]] virtual bool binds_attribute(std::int8_t /*attribute_id*/) const noexcept { return true; }

 private:
  const ClassDescription* description_;
  apdu::ObisCode logical_name_;
  std::array<ValueSource*, kMaxAttributes> sources_{};
  std::array<MethodSink*, kMaxMethods> sinks_{};
};

}  // namespace dlms::cosem
