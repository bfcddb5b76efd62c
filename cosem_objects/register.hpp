#pragma once
// Register, class_id 3, version 0 (Blue Book 4.3.2): a process or status value with its unit.
//   1 logical_name  octet-string                               static
//   2 value         CHOICE of simple types (instance specific)  dynamic
//   3 scaler_unit   structure { scaler integer, unit enum }     static
// Method 1 reset(data integer(0)): value := its default (zero of its type).
//
// The value is held here (its type fixed by the first configuration, a client must keep it)
// unless attribute 2 is bound to a ValueSource; a bound register resets through a MethodSink
// bound to method 1 (without one, reset is refused with object-unavailable).

#include <cstdint>
#include <vector>

#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class Register final : public InterfaceClass {
 public:
  explicit Register(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  [[nodiscard]] ByteSpan value_encoding() const noexcept { return ByteSpan(value_.data(), value_.size()); }
  [[nodiscard]] ByteSpan scaler_unit_encoding() const noexcept {
    return ByteSpan(scaler_unit_.data(), scaler_unit_.size());
  }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;

 private:
  std::vector<std::uint8_t> value_;        // A-XDR; null-data until configured
  std::vector<std::uint8_t> scaler_unit_;  // A-XDR structure
};

}  // namespace dlms::cosem
