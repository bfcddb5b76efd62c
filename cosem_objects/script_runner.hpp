#pragma once
// ScriptRunner: runs script `script_selector` of the Script table `script_table` (Blue Book
// 4.5.2), the action_item of Register monitor, Single action schedule, Schedule, Activity
// calendar and Limiter. The device resolves the pair, typically through ScriptTable::execute.

#include <cstdint>

#include "stack/apdu/action_result.hpp"
#include "stack/apdu/obis_code.hpp"

namespace dlms::cosem {

class ScriptRunner {
 public:
  virtual ~ScriptRunner() = default;
  virtual apdu::ActionResult run(const apdu::ObisCode& script_table, std::uint16_t script_selector) = 0;
};

}  // namespace dlms::cosem
