#pragma once
// Script table, class_id 9, version 0 (Blue Book 4.5.2): scripts, each a list of actions
// (write an attribute or execute a method of an object) run by `execute`.
//   1 logical_name  octet-string   static
//   2 scripts       array script   static
//     script ::= structure { script_identifier long-unsigned, actions array action_specification }
//     action_specification ::= structure { service_id enum (1 write attribute, 2 execute method),
//       class_id long-unsigned, logical_name octet-string(6), index integer (attribute or
//       method id, >= 1), parameter CHOICE (the value to write or the method's parameter) }
// Method 1 execute(data long-unsigned script_identifier).
//
// Script identifiers are unique within a table. Capacity: max_scripts scripts of at most
// max_actions actions each (set_limits; default 32 x 16). Binding point: the ScriptExecutor
// (set_executor) that carries out each action; the meter binding routes it to the target
// object or the metering engine. Other objects (Register monitor, Single action schedule,
// Schedule, Activity calendar) name a script by (script table logical name, selector); a
// ScriptRunner resolves that pair, typically by calling ScriptTable::execute.

#include <cstdint>
#include <vector>

#include "cosem_objects/interface_class.hpp"
#include "cosem_objects/script_runner.hpp"

namespace dlms::cosem {

// One action_specification of a script.
struct ScriptAction {
  static constexpr std::uint8_t kWriteAttribute = 1;
  static constexpr std::uint8_t kExecuteMethod = 2;
  std::uint8_t service_id = kWriteAttribute;
  std::uint16_t class_id = 0;
  apdu::ObisCode logical_name;
  std::int8_t index = 0;
  codec::DataView parameter;  // valid during the execute() call only
};

// Carries out the actions of a script (the meter binding; a recorder in tests).
class ScriptExecutor {
 public:
  virtual ~ScriptExecutor() = default;
  virtual apdu::ActionResult execute(const ScriptAction& action) = 0;
};

class ScriptTable final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultMaxScripts = 32;
  static constexpr std::uint16_t kDefaultMaxActions = 16;

  explicit ScriptTable(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_executor(ScriptExecutor* executor) noexcept { executor_ = executor; }
  // Capacity for later sets (does not shrink what is held).
  void set_limits(std::uint16_t max_scripts, std::uint16_t max_actions) noexcept {
    max_scripts_ = max_scripts;
    max_actions_ = max_actions;
  }

  // Runs every action of script `script_id` in order through the executor, stopping at the
  // first that fails (its result is returned). other_reason: no such script;
  // object_unavailable: no executor.
  apdu::ActionResult execute(std::uint16_t script_id);
  [[nodiscard]] bool has_script(std::uint16_t script_id) const noexcept;
  [[nodiscard]] std::size_t script_count() const noexcept;
  [[nodiscard]] ByteSpan scripts_encoding() const noexcept { return {scripts_.data(), scripts_.size()}; }

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
  ScriptExecutor* executor_ = nullptr;
  std::uint16_t max_scripts_ = kDefaultMaxScripts;
  std::uint16_t max_actions_ = kDefaultMaxActions;
  std::vector<std::uint8_t> scripts_;  // A-XDR array, validated
};

}  // namespace dlms::cosem
