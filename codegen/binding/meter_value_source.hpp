#pragma once
// MeterValueSource: one COSEM attribute backed by a named quantity of the metering engine
// (meter_model/quantities.json). Reads render the quantity as the BindingFormat says; writes
// are converted back and validated by the meter (Meter::set), whose refusal maps to a
// data-access-result: read_write_denied for a read-only quantity, type_unmatched for a value
// of another type, other_reason for a value the meter rejects (out of range, inconsistent).
//
// Host only: the meter answers in nlohmann::json, so a read allocates (the meter model is a
// host simulation; an embedded meter binds its own ValueSources).

#include <string>

#include "codegen/binding/binding_format.hpp"
#include "codegen/binding/value_conversion.hpp"
#include "cosem_objects/value_source.hpp"
#include "meter_model/meter.hpp"

namespace dlms::binding {

class MeterValueSource final : public cosem::ValueSource {
 public:
  MeterValueSource(meter::Meter& meter, std::string quantity, BindingFormat format);

  apdu::DataAccessResult read(ByteWriter& out) override;
  apdu::DataAccessResult write(const codec::DataView& value) override;

  [[nodiscard]] const std::string& quantity() const noexcept { return quantity_; }
  [[nodiscard]] const BindingFormat& format() const noexcept { return format_; }

 private:
  meter::Meter& meter_;
  std::string quantity_;
  BindingFormat format_;
  bool writable_ = false;
  bool integer_ = false;
};

// The meter's current local-time offset and DST state (for time quantities).
TimeContext time_context(const meter::Meter& meter);

}  // namespace dlms::binding
