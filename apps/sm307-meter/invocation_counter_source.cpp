#include "apps/sm307-meter/invocation_counter_source.hpp"

#include "stack/codec/axdr_encoder.hpp"

namespace dlms::meter_app {

apdu::DataAccessResult InvocationCounterSource::read(ByteWriter& out) {
  const auto last = context_.counters().last_received(security::KeyId::global_unicast_encryption);
  codec::axdr::write_double_long_unsigned(out, last.value_or(0));
  return out.ok() ? apdu::DataAccessResult::success : apdu::DataAccessResult::other_reason;
}

}  // namespace dlms::meter_app
