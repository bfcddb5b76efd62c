#pragma once
// Limiter, class_id 71, version 0 (Blue Book 4.5.9): watches one attribute of one object and
// runs a script when its value stays over (or back under) a threshold for a minimal time.
//   1 logical_name                     octet-string
//   2 monitored_value                  value_definition ::= structure { class_id long-unsigned,
//                                      logical_name octet-string(6), attribute_index integer }
//   3 threshold_active                 the threshold in force (dynamic): threshold_emergency while
//                                      an emergency profile is active, else threshold_normal
//   4 threshold_normal                 same simple type as the monitored value
//   5 threshold_emergency              same simple type as the monitored value
//   6 min_over_threshold_duration      double-long-unsigned, s
//   7 min_under_threshold_duration     double-long-unsigned, s
//   8 emergency_profile                structure { emergency_profile_id long-unsigned,
//                                      emergency_activation_time octet-string (date-time),
//                                      emergency_duration double-long-unsigned (s) }
//   9 emergency_profile_group_id_list  array long-unsigned
//  10 emergency_profile_active         boolean (dynamic)
//  11 actions                          structure { action_over_threshold action_item,
//                                      action_under_threshold action_item }, action_item ::=
//                                      structure { script_logical_name octet-string(6),
//                                      script_selector long-unsigned }
// No methods.
//
// Behaviour (evaluate(), called by the device on its tick with the monitored value it read):
//   - The emergency profile is active while its emergency_profile_id is in the group id list
//     and activation_time <= now < activation_time + emergency_duration. An activation time
//     without a deviation is local time at the deviation evaluate() is given; one that is
//     not a concrete instant (wildcards) never activates. Entering or leaving it switches
//     threshold_active to threshold_emergency / threshold_normal. A set of threshold_normal
//     (threshold_emergency) applies at once while the normal (emergency) threshold is in
//     force; a client's set of threshold_active holds until the next such switch.
//   - The value is over the threshold when value > threshold_active, else under. The limiter
//     starts under; when the value has been over for min_over_threshold_duration it runs
//     action_over_threshold once and is over, and symmetrically back under. A crossing
//     shorter than the minimal duration runs nothing. An action whose script_logical_name is
//     0.0.0.0.0.0 is not run.
//   - Thresholds must be of a numeric simple type (integers, float32, float64); the value is
//     compared numerically.
// The actions run through a ScriptRunner (script_table.hpp: the device's script tables, shared
// with Register monitor and Single action schedule).

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "cosem_objects/detail_classes3.hpp"
#include "cosem_objects/interface_class.hpp"
#include "cosem_objects/script_runner.hpp"
#include "stack/codec/cosem_date_time.hpp"

namespace dlms::cosem {

class Limiter final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxGroupIds = 16;
  static constexpr std::size_t kMaxThresholdSize = 9;  // tag + up to 8 octets (long64, float64)

  struct ValueDefinition {
    std::uint16_t class_id = 0;
    apdu::ObisCode logical_name{};
    std::int8_t attribute_index = 0;
  };
  struct ActionItem {
    apdu::ObisCode script_logical_name{};
    std::uint16_t script_selector = 0;
  };
  struct EmergencyProfile {
    std::uint16_t id = 0;
    codec::CosemDateTime activation_time{};
    std::uint32_t duration_s = 0;
  };
  enum class Fired : std::uint8_t { none, over, under };
  struct Evaluation {
    Fired fired = Fired::none;
    bool action_failed = false;      // the script runner answered other than success
    bool emergency_changed = false;  // emergency_profile_active changed
  };

  explicit Limiter(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  void set_script_runner(ScriptRunner* runner) noexcept { runner_ = runner; }
  // Told after each accepted set and when evaluate() changes attributes 10 and 3.
  void set_observer(ChangeObserver* observer) noexcept { notifier_.observer = observer; }

  // The tick: `now_utc` on the meter clock, `deviation_minutes` its current deviation
  // (UTC - local, as in a COSEM date-time), `value` the monitored value now.
  Evaluation evaluate(std::chrono::sys_seconds now_utc, std::int16_t deviation_minutes,
                      double value) noexcept;
  // The same with the Clock's date-time (deviation specified) and the monitored attribute as
  // read; a non-numeric value or an unconvertible time only updates nothing.
  Evaluation evaluate(const codec::CosemDateTime& now, const codec::DataView& value) noexcept;

  // Typed view.
  [[nodiscard]] const ValueDefinition& monitored_value() const noexcept { return monitored_; }
  [[nodiscard]] codec::DataView threshold_active() const noexcept { return view(active_); }
  [[nodiscard]] codec::DataView threshold_normal() const noexcept { return view(normal_); }
  [[nodiscard]] codec::DataView threshold_emergency() const noexcept { return view(emergency_); }
  [[nodiscard]] std::uint32_t min_over_threshold_duration() const noexcept { return min_over_s_; }
  [[nodiscard]] std::uint32_t min_under_threshold_duration() const noexcept { return min_under_s_; }
  [[nodiscard]] const EmergencyProfile& emergency_profile() const noexcept { return profile_; }
  [[nodiscard]] std::span<const std::uint16_t> emergency_profile_group_id_list() const noexcept {
    return {group_ids_.data(), group_id_count_};
  }
  [[nodiscard]] bool emergency_profile_active() const noexcept { return emergency_active_; }
  [[nodiscard]] const ActionItem& action_over_threshold() const noexcept { return action_over_; }
  [[nodiscard]] const ActionItem& action_under_threshold() const noexcept { return action_under_; }
  // Whether the limiter is in the over state (its over action ran last).
  [[nodiscard]] bool over() const noexcept { return over_; }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  // The behaviour needs the values: nothing here is bindable.
  [[nodiscard]] bool binds_attribute(std::int8_t /*attribute_id*/) const noexcept override { return false; }

 private:
  using Threshold = classes3_detail::BoundedOctets<kMaxThresholdSize>;
  static codec::DataView view(const Threshold& t) noexcept {
    return codec::DataView::from_validated(t.view());
  }
  static apdu::DataAccessResult read_threshold(const codec::DataView& value, Threshold& out) noexcept;
  void set_emergency(bool active) noexcept;
  bool run(const ActionItem& action) noexcept;

  ValueDefinition monitored_{};
  Threshold active_;
  Threshold normal_;
  Threshold emergency_;
  std::uint32_t min_over_s_ = 0;
  std::uint32_t min_under_s_ = 0;
  EmergencyProfile profile_{};
  std::array<std::uint16_t, kMaxGroupIds> group_ids_{};
  std::size_t group_id_count_ = 0;
  bool emergency_active_ = false;
  ActionItem action_over_{};
  ActionItem action_under_{};

  bool over_ = false;
  std::optional<std::chrono::sys_seconds> crossing_since_;  // when the other side was first seen
  ScriptRunner* runner_ = nullptr;
  classes3_detail::ChangeNotifier notifier_;
};

}  // namespace dlms::cosem
