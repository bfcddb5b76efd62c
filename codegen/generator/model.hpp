#pragma once
// The validated content of an object-list XML (codegen/SCHEMA.md): what the emitter turns
// into C++. Every element keeps its source line for messages.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codegen/binding/binding_format.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/obis_code.hpp"

namespace dlms::codegen {

using Bytes = std::vector<std::uint8_t>;

struct StaticValue {
  std::int8_t attribute_id = 0;
  Bytes axdr;
  std::size_t line = 0;
};

struct ValueBinding {
  std::int8_t attribute_id = 0;
  std::string quantity;
  binding::BindingFormat format;
  std::size_t line = 0;
};

struct ActionBinding {
  std::int8_t method_id = 0;
  std::string action;
  std::optional<std::string> argument_json;  // fixed argument (JSON text), else the parameter
  std::size_t line = 0;
};

// <bind quantity=".."/> directly under <object>: the class's own adapter interface
// (Profile generic source, Clock time source, ...), see binding/object_binding.hpp.
struct ObjectBinding {
  std::string quantity;
  std::string quantity_type;
  std::size_t line = 0;
};

// <script id=".."><bind action=".."/></script> of a Script table.
struct ScriptBinding {
  std::uint16_t script_id = 0;
  std::string action;
  std::optional<std::string> argument_json;
  std::size_t line = 0;
};

struct Object {
  apdu::ObisCode obis;
  std::uint16_t class_id = 0;
  std::uint8_t version = 0;
  std::string name;
  std::size_t line = 0;
  bool implemented = true;  // false: class known to the Blue Book but not in cosem_objects yet
  std::vector<StaticValue> values;
  std::vector<ValueBinding> bindings;
  std::vector<ActionBinding> actions;
  std::vector<ObjectBinding> object_bindings;
  std::vector<ScriptBinding> scripts;
};

struct AccessEntry {
  std::size_t object_index = 0;  // into LogicalDevice::objects
  std::vector<std::uint8_t> attribute_access;
  std::vector<std::uint8_t> method_access;
};

struct Association {
  std::string name;
  std::uint16_t client_sap = 0;
  apdu::MechanismName mechanism = apdu::MechanismName::lowest_level_security;
  std::uint8_t security_suite = 0;
  std::uint8_t required_protection = 0;
  apdu::ObisCode logical_name;
  std::optional<apdu::ObisCode> security_setup;
  std::vector<AccessEntry> entries;  // in document order; the runtime sorts
  std::size_t line = 0;
};

struct LogicalDevice {
  std::uint16_t sap = 1;
  std::string name;
  std::vector<Object> objects;
  std::vector<Association> associations;
  std::size_t line = 0;
};

struct Model {
  std::string name;
  std::vector<LogicalDevice> devices;
};

}  // namespace dlms::codegen
