#include "codegen/binding/meter_value_source.hpp"

#include <exception>
#include <stdexcept>
#include <utility>

#include "codegen/binding/value_conversion.hpp"

namespace dlms::binding {

using apdu::DataAccessResult;

TimeContext time_context(const meter::Meter& meter) {
  TimeContext tc;
  tc.local_minus_utc_ms = meter.local_time() - meter.meter_time();
  tc.dst_active = meter.dst_active();  // clock.status bit 7, without the catalogue look-up
  return tc;
}

MeterValueSource::MeterValueSource(meter::Meter& meter, std::string quantity, BindingFormat format)
    : meter_(meter), quantity_(std::move(quantity)), format_(format) {
  for (const auto& q : meter::Meter::catalogue()) {
    if (q.name == quantity_) {
      writable_ = q.access.find('w') != std::string::npos;
      integer_ = q.type == "integer" || q.type == "time";
      break;
    }
  }
}

DataAccessResult MeterValueSource::read(ByteWriter& out) {
  try {
    const nlohmann::json v = meter_.get(quantity_);
    return encode_quantity(v, format_, time_context(meter_), out);
  } catch (const std::invalid_argument&) {
    return DataAccessResult::object_unavailable;
  } catch (const std::exception&) {
    return DataAccessResult::hardware_fault;
  }
}

DataAccessResult MeterValueSource::write(const codec::DataView& value) {
  if (!writable_) {
    return DataAccessResult::read_write_denied;
  }
  const auto j = decode_quantity(value, format_, integer_);
  if (!j) {
    return DataAccessResult::type_unmatched;
  }
  try {
    meter_.set(quantity_, *j);
    return DataAccessResult::success;
  } catch (const std::invalid_argument&) {
    return DataAccessResult::other_reason;
  } catch (const std::exception&) {
    return DataAccessResult::hardware_fault;
  }
}

}  // namespace dlms::binding
