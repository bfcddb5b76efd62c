#pragma once
// Demand register, class_id 5, version 0 (Blue Book 4.3.4): average demand over a period,
// block (number_of_periods 1) or sliding (number_of_periods > 1 subperiods of `period`).
//   1 logical_name           octet-string                               static
//   2 current_average_value  CHOICE of simple types (instance specific)  dynamic
//   3 last_average_value     CHOICE of simple types (instance specific)  dynamic
//   4 scaler_unit            structure { scaler integer, unit enum }     static
//   5 status                 CHOICE of simple types (instance specific)  dynamic
//   6 capture_time           octet-string(12) date-time                  dynamic  end of the last period
//   7 start_time_current     octet-string(12) date-time                  dynamic
//   8 period                 double-long-unsigned (seconds, > 0)         static
//   9 number_of_periods      long-unsigned (>= 1)                        static
// Methods: 1 reset(data integer(0)): both averages and status := default (zero of their
//   type), capture_time and start_time_current := now; 2 next_period(data integer(0)): ends
//   the period: last_average_value := current_average_value, capture_time and
//   start_time_current := now, current_average_value := default.
//
// Binding points: attributes 2, 3, 5, 6, 7 (ValueSource) when the metering engine computes
// the demand; methods 1, 2 (MethodSink) then too. Held here, update_current() sets the
// running average and next_period() closes a period (e.g. from the meter's period timer).

#include <cstdint>
#include <vector>

#include "cosem_objects/clock.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class DemandRegister final : public InterfaceClass {
 public:
  explicit DemandRegister(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_time_reference(CurrentTime* time) noexcept { time_ = time; }
  // Sets current_average_value (a register value type, the configured one); false if refused.
  bool update_current(const codec::DataView& value);
  // Method 2 on the held values.
  void next_period();

  [[nodiscard]] std::uint32_t period() const noexcept { return period_; }
  [[nodiscard]] std::uint16_t number_of_periods() const noexcept { return number_of_periods_; }
  [[nodiscard]] ByteSpan current_average_encoding() const noexcept {
    return {current_.data(), current_.size()};
  }
  [[nodiscard]] ByteSpan last_average_encoding() const noexcept { return {last_.data(), last_.size()}; }

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
  std::vector<std::uint8_t>* held(std::int8_t attribute_id) noexcept;

  CurrentTime* time_ = nullptr;
  std::vector<std::uint8_t> current_;
  std::vector<std::uint8_t> last_;
  std::vector<std::uint8_t> scaler_unit_;
  std::vector<std::uint8_t> status_;
  std::vector<std::uint8_t> capture_time_;
  std::vector<std::uint8_t> start_time_current_;
  std::uint32_t period_ = 900;
  std::uint16_t number_of_periods_ = 1;
};

}  // namespace dlms::cosem
