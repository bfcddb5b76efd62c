#pragma once
// Extended register, class_id 4, version 0 (Blue Book 4.3.3): a Register with the status of
// the value and the time it was captured.
//   1 logical_name  octet-string                               static
//   2 value         CHOICE of simple types (instance specific)  dynamic
//   3 scaler_unit   structure { scaler integer, unit enum }     static
//   4 status        CHOICE of simple types (instance specific)  dynamic
//   5 capture_time  octet-string(12) date-time                  dynamic
// Method 1 reset(data integer(0)): value and status := their defaults (zero of their type),
// capture_time := now (from the CurrentTime given with set_time_reference; not specified
// without one).
//
// Binding points: attributes 2, 4, 5 (ValueSource) for meter-held values (e.g. maximum demand
// and its time); method 1 (MethodSink) when the value is bound. capture() records a value
// and time for objects held here.

#include <cstdint>
#include <vector>

#include "cosem_objects/clock.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class ExtendedRegister final : public InterfaceClass {
 public:
  explicit ExtendedRegister(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  // Where reset() takes its capture time (not owned; nullptr: not specified).
  void set_time_reference(CurrentTime* time) noexcept { time_ = time; }
  // Stores a new value (any register value type) with capture_time := now; false if refused.
  bool capture(const codec::DataView& value);

  [[nodiscard]] ByteSpan value_encoding() const noexcept { return ByteSpan(value_.data(), value_.size()); }
  [[nodiscard]] ByteSpan status_encoding() const noexcept { return ByteSpan(status_.data(), status_.size()); }
  [[nodiscard]] ByteSpan capture_time_encoding() const noexcept {
    return ByteSpan(capture_time_.data(), capture_time_.size());
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
  std::vector<std::uint8_t> now_encoding() const;

  CurrentTime* time_ = nullptr;
  std::vector<std::uint8_t> value_;
  std::vector<std::uint8_t> scaler_unit_;
  std::vector<std::uint8_t> status_;
  std::vector<std::uint8_t> capture_time_;
};

}  // namespace dlms::cosem
