#pragma once
// Register monitor, class_id 21, version 0 (Blue Book 4.5.6): watches one attribute of
// another object against thresholds and runs a script when it crosses one.
//   1 logical_name     octet-string                static
//   2 thresholds       array of CHOICE             static  (the monitored attribute's simple type)
//   3 monitored_value  value_definition            static
//     value_definition ::= structure { class_id long-unsigned, logical_name octet-string(6),
//       attribute_index integer }
//   4 actions          array action_set            static
//     action_set ::= structure { action_up action_item, action_down action_item }
//     action_item ::= structure { script_logical_name octet-string(6), script_selector long-unsigned }
// No methods.
//
// Thresholds are simple values, all of one type. actions[i] belongs to thresholds[i]; the
// counts are not forced equal at set time (they are written one at a time), a threshold
// without an action_set runs nothing. Capacity: set_capacity (default 16 thresholds/actions).
// Binding points: the meter binding reads monitored_value(), feeds each new value of that
// attribute to monitor(), which runs action_up when a value rises to or above a threshold
// (from below) and action_down when it falls below it, through a ScriptRunner.

#include <cstdint>
#include <optional>
#include <vector>

#include "cosem_objects/change_observer.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"
#include "cosem_objects/script_runner.hpp"

namespace dlms::cosem {

class RegisterMonitor final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultCapacity = 16;

  struct ValueDefinition {
    std::uint16_t class_id = 0;
    apdu::ObisCode logical_name;
    std::int8_t attribute_index = 0;
  };
  struct ActionItem {
    apdu::ObisCode script_logical_name;
    std::uint16_t script_selector = 0;
  };
  struct ActionSet {
    ActionItem up;
    ActionItem down;
  };

  explicit RegisterMonitor(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_capacity(std::uint16_t capacity) noexcept { capacity_ = capacity; }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }
  [[nodiscard]] const ValueDefinition& monitored_value() const noexcept { return monitored_; }
  [[nodiscard]] const std::vector<ActionSet>& actions() const noexcept { return actions_; }
  [[nodiscard]] std::size_t threshold_count() const noexcept;

  // Feeds the monitored attribute's current value (a number: integer or float types). The
  // first value only sets the baseline. Returns how many scripts were run.
  std::size_t monitor(const codec::DataView& value, ScriptRunner& runner);

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;

 private:
  void changed(std::int8_t attribute_id);

  std::uint16_t capacity_ = kDefaultCapacity;
  ChangeObserver* observer_ = nullptr;
  std::vector<std::uint8_t> thresholds_;  // A-XDR array
  ValueDefinition monitored_;
  std::vector<ActionSet> actions_;
  std::optional<double> previous_;
};

}  // namespace dlms::cosem
