#pragma once
// Disconnect control, class_id 70, version 0 (Blue Book 4.5.8): the meter's disconnect unit
// (breaker, relay, valve).
//   1 logical_name   octet-string
//   2 output_state   boolean   dynamic r   the unit's physical state, TRUE = connected
//   3 control_state  enum      dynamic r   (0) disconnected, (1) connected, (2) ready_for_reconnection
//   4 control_mode   enum 0..6 static  rw  which transitions are allowed (below)
// Methods (data ::= integer(0)):
//   1 remote_disconnect   to disconnected, when remote disconnection is enabled (mode > 0)
//   2 remote_reconnect    to connected (modes 2, 4) or to ready_for_reconnection (modes 1, 3, 5, 6)
//
// State transitions (Blue Book, Disconnect control state diagram and transition table):
//   a remote_reconnect   disconnected (0)           -> connected (1)
//   b remote_disconnect  connected (1)              -> disconnected (0)
//   c remote_disconnect  ready_for_reconnection (2) -> disconnected (0)
//   d remote_reconnect   disconnected (0)           -> ready_for_reconnection (2)
//   e manual_reconnect   ready_for_reconnection (2) -> connected (1)
//   f manual_disconnect  connected (1)              -> ready_for_reconnection (2)
//   g local_disconnect   connected (1)              -> ready_for_reconnection (2)
//   h local_reconnect    ready_for_reconnection (2) -> connected (1)
// Allowed per control_mode (Blue Book control_mode enum):
//   0: none, the object stays connected        4: b c g a e
//   1: b c f g d e                             5: b c f g d e h
//   2: b c f g a e                             6: b c g d e h
//   3: b c g d e
//
// A trigger runs the allowed transition that leaves the current state. When none does, a
// trigger whose goal already holds (a disconnect while disconnected, a reconnect while
// connected, a remote_reconnect of modes 1/3/5/6 while ready_for_reconnection) changes nothing
// and succeeds; any other trigger is refused and changes nothing (e.g. manual_reconnect while
// remotely disconnected, remote_reconnect of modes 2/4 while ready_for_reconnection, every
// trigger in mode 0). The Blue Book names no Action-Result for a refused method: this class
// answers temporary-failure (the request may succeed after a state or mode change), and
// hardware-fault when the disconnect unit fails. Changing control_mode keeps the state.
//
// The state, the output and the mode live in a DisconnectActuator: the meter's relay (the
// SM307 app adapts its relay to it), or the object's own InternalDisconnectActuator.
// Manual (push button) and local (limiter, prepayment) triggers enter through public member
// functions.

#include <cstdint>

#include "cosem_objects/detail_classes3.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

enum class DisconnectControlState : std::uint8_t {
  disconnected = 0,
  connected = 1,
  ready_for_reconnection = 2
};

// The transitions a..h of the Blue Book state diagram.
enum class DisconnectTransition : std::uint8_t {
  a_remote_reconnect,
  b_remote_disconnect,
  c_remote_disconnect,
  d_remote_reconnect,
  e_manual_reconnect,
  f_manual_disconnect,
  g_local_disconnect,
  h_local_reconnect,
};

enum class DisconnectTrigger : std::uint8_t {
  remote_disconnect,
  remote_reconnect,
  manual_disconnect,
  manual_reconnect,
  local_disconnect,
  local_reconnect,
};

enum class DisconnectOutcome : std::uint8_t {
  done,       // a transition ran
  unchanged,  // the trigger's goal already held
  refused,    // not allowed in this mode and state; nothing changed
  failed,     // the actuator failed; nothing changed
};

// Where the disconnect unit's state lives.
class DisconnectActuator {
 public:
  virtual ~DisconnectActuator() = default;
  [[nodiscard]] virtual DisconnectControlState control_state() const noexcept = 0;
  [[nodiscard]] virtual bool output_state() const noexcept = 0;
  [[nodiscard]] virtual std::uint8_t control_mode() const noexcept = 0;
  // Stores a validated mode (0..6); false if the unit cannot take it.
  virtual bool set_control_mode(std::uint8_t mode) noexcept = 0;
  // Carries out `transition` (already allowed by the mode table): operates the unit and holds
  // `to` as the new control_state. False when the unit failed; then nothing changed.
  virtual bool apply(DisconnectTransition transition, DisconnectControlState to) noexcept = 0;
};

// The object's own state: output_state follows control_state (TRUE only when connected).
class InternalDisconnectActuator final : public DisconnectActuator {
 public:
  [[nodiscard]] DisconnectControlState control_state() const noexcept override { return state_; }
  [[nodiscard]] bool output_state() const noexcept override {
    return state_ == DisconnectControlState::connected;
  }
  [[nodiscard]] std::uint8_t control_mode() const noexcept override { return mode_; }
  bool set_control_mode(std::uint8_t mode) noexcept override {
    mode_ = mode;
    return true;
  }
  bool apply(DisconnectTransition /*transition*/, DisconnectControlState to) noexcept override {
    state_ = to;
    return true;
  }

 private:
  DisconnectControlState state_ = DisconnectControlState::connected;
  std::uint8_t mode_ = 0;
};

class DisconnectControl final : public InterfaceClass {
 public:
  static constexpr std::uint8_t kMaxControlMode = 6;

  explicit DisconnectControl(const apdu::ObisCode& logical_name) noexcept;
  DisconnectControl(const DisconnectControl&) = delete;  // actuator_ may point into the object
  DisconnectControl& operator=(const DisconnectControl&) = delete;
  static const ClassDescription& class_description() noexcept;

  // The unit holding state and mode (nullptr: the object's InternalDisconnectActuator).
  void set_actuator(DisconnectActuator* actuator) noexcept {
    actuator_ = actuator != nullptr ? actuator : &internal_;
  }
  [[nodiscard]] DisconnectActuator& actuator() const noexcept { return *actuator_; }
  // Told after a transition (attribute 3, control_state) and a control_mode change (4).
  void set_observer(ChangeObserver* observer) noexcept { notifier_.observer = observer; }

  [[nodiscard]] bool output_state() const noexcept { return actuator_->output_state(); }
  [[nodiscard]] DisconnectControlState control_state() const noexcept { return actuator_->control_state(); }
  [[nodiscard]] std::uint8_t control_mode() const noexcept { return actuator_->control_mode(); }

  // Triggers. remote_* are what methods 1 and 2 run.
  DisconnectOutcome trigger(DisconnectTrigger trigger) noexcept;
  DisconnectOutcome remote_disconnect() noexcept { return trigger(DisconnectTrigger::remote_disconnect); }
  DisconnectOutcome remote_reconnect() noexcept { return trigger(DisconnectTrigger::remote_reconnect); }
  DisconnectOutcome manual_disconnect() noexcept { return trigger(DisconnectTrigger::manual_disconnect); }
  DisconnectOutcome manual_reconnect() noexcept { return trigger(DisconnectTrigger::manual_reconnect); }
  DisconnectOutcome local_disconnect() noexcept { return trigger(DisconnectTrigger::local_disconnect); }
  DisconnectOutcome local_reconnect() noexcept { return trigger(DisconnectTrigger::local_reconnect); }

  // Whether control_mode `mode` allows `transition` (the Blue Book table above).
  static bool allows(std::uint8_t mode, DisconnectTransition transition) noexcept;

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;
  // State and mode have their own semantics (the actuator): not bindable.
  [[nodiscard]] bool binds_attribute(std::int8_t /*attribute_id*/) const noexcept override { return false; }

 private:
  InternalDisconnectActuator internal_;
  DisconnectActuator* actuator_ = &internal_;
  classes3_detail::ChangeNotifier notifier_;
};

}  // namespace dlms::cosem
