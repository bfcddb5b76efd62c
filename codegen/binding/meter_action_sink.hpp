#pragma once
// MeterActionSink: one COSEM method carried out by an action of the metering engine
// (Meter::invoke, quantities.json "actions"). The argument is either fixed by the object list
// (e.g. tamper.meter_cover with true) or taken from the method's parameter (data_to_json).
// A refused action (std::invalid_argument) is other_reason; the action's JSON result, if any
// and not null, is not returned (the Blue Book methods bound this way return nothing).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cosem_objects/value_source.hpp"
#include "meter_model/meter.hpp"

namespace dlms::binding {

class MeterActionSink final : public cosem::MethodSink {
 public:
  MeterActionSink(meter::Meter& meter, std::string action, std::optional<nlohmann::json> fixed_argument = {});

  server::InvokeOutcome invoke(const codec::DataView* parameter, ByteWriter& return_data) override;

  [[nodiscard]] const std::string& action() const noexcept { return action_; }

 private:
  meter::Meter& meter_;
  std::string action_;
  std::optional<nlohmann::json> fixed_;
};

}  // namespace dlms::binding
