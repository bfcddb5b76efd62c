#include "codegen/binding/meter_action_sink.hpp"

#include <exception>
#include <stdexcept>
#include <utility>

#include "codegen/binding/value_conversion.hpp"

namespace dlms::binding {

MeterActionSink::MeterActionSink(meter::Meter& meter, std::string action,
                                 std::optional<nlohmann::json> fixed_argument)
    : meter_(meter), action_(std::move(action)), fixed_(std::move(fixed_argument)) {}

server::InvokeOutcome MeterActionSink::invoke(const codec::DataView* parameter, ByteWriter& /*return_data*/) {
  try {
    meter_.invoke(action_, fixed_ ? *fixed_ : data_to_json(parameter));
    return {apdu::ActionResult::success, false};
  } catch (const std::invalid_argument&) {
    return {apdu::ActionResult::other_reason, false};
  } catch (const std::exception&) {
    return {apdu::ActionResult::hardware_fault, false};
  }
}

}  // namespace dlms::binding
