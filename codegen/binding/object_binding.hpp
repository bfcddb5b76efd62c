#pragma once
// Object-level bindings (Profile generic: load profile, billing, event logs; Clock; Disconnect
// control; Image transfer; Script table). A COSEM object of a class with internal semantics bound as a whole
// to a part of the metering engine through the adapter interface that class defines (Profile generic's
// profile source, Clock's time source, Disconnect control's actuator, ...), and Script table scripts bound to
// meter actions. The generated code calls these; a binding the runtime cannot make (the class or its
// interface is not available in this build) is recorded in LogicalDevice::unbound() instead of failing.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "codegen/binding/object_list.hpp"
#include "meter_model/meter.hpp"

namespace dlms::binding {

// Binds `object` as a whole to the meter quantity `quantity` (the generator has checked that
// the pair fits: class 7 <- profile/log, 8 <- clock.time, 11 <- calendar.special_days,
// 18 <- firmware.image_status, 20 <- calendar.active, 70 <- relay.state).
void bind_object(LogicalDevice& ld, cosem::InterfaceClass& object, meter::Meter& meter,
                 const std::string& quantity);

// One script of a Script table carried out by a meter action.
struct ScriptAction {
  std::uint16_t script_id = 0;
  std::string action;
  std::optional<nlohmann::json> argument;
};

// Method 1 (execute) of the Script table `object`: the listed scripts run their meter action,
// any other script the table's own actions.
void bind_scripts(LogicalDevice& ld, cosem::InterfaceClass& object, meter::Meter& meter,
                  std::initializer_list<ScriptAction> scripts);

// Gives every Script table of `ld` an executor that carries out its actions on the logical
// device's objects (write attribute / execute method, local access). The generated code calls
// it once after the last object.
void bind_script_executors(LogicalDevice& ld);

}  // namespace dlms::binding
