#pragma once
// Bindings of an object's attributes and methods to whatever holds the value (the metering
// engine in the SM307; a test double in tests). The object-list generator emits adapters that
// implement these over named meter-model quantities; cosem_objects/ never sees meter_model/.

#include <cstdint>

#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::cosem {

// The value of one attribute, held elsewhere.
class ValueSource {
 public:
  virtual ~ValueSource() = default;
  // Encodes the current value as one A-XDR Data.
  virtual apdu::DataAccessResult read(ByteWriter& out) = 0;
  // Validates and stores a new value (already checked against the access rights). A refused
  // value changes nothing.
  virtual apdu::DataAccessResult write(const codec::DataView& /*value*/) {
    return apdu::DataAccessResult::read_write_denied;
  }
};

// One method, carried out elsewhere (e.g. Register reset on a meter-backed register).
class MethodSink {
 public:
  virtual ~MethodSink() = default;
  virtual server::InvokeOutcome invoke(const codec::DataView* parameter, ByteWriter& return_data) = 0;
};

}  // namespace dlms::cosem
