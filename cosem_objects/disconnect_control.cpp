#include "cosem_objects/disconnect_control.hpp"

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using association::access::kAccess;
using association::access::kRead;
using association::access::kReadWrite;
using codec::DataType;
using State = DisconnectControlState;
using T = DisconnectTransition;
namespace d = classes3_detail;

constexpr auto kAttributes = attribute_table({
    {"output_state", DataType::boolean, kRead, kDynamic},
    {"control_state", DataType::enum_, kRead, kDynamic},
    {"control_mode", DataType::enum_, kReadWrite},
});

constexpr auto kMethods = method_table({
    {"remote_disconnect", DataType::integer, kAccess},
    {"remote_reconnect", DataType::integer, kAccess},
});

constexpr ClassDescription kDescription{70, 0, "Disconnect control", kAttributes, kMethods};

constexpr std::uint8_t bit(T t) noexcept { return static_cast<std::uint8_t>(1U << static_cast<unsigned>(t)); }

// Blue Book control_mode: the transitions each mode allows.
constexpr std::uint8_t kAllowed[7] = {
    0,
    bit(T::b_remote_disconnect) | bit(T::c_remote_disconnect) | bit(T::f_manual_disconnect) |
        bit(T::g_local_disconnect) | bit(T::d_remote_reconnect) | bit(T::e_manual_reconnect),
    bit(T::b_remote_disconnect) | bit(T::c_remote_disconnect) | bit(T::f_manual_disconnect) |
        bit(T::g_local_disconnect) | bit(T::a_remote_reconnect) | bit(T::e_manual_reconnect),
    bit(T::b_remote_disconnect) | bit(T::c_remote_disconnect) | bit(T::g_local_disconnect) |
        bit(T::d_remote_reconnect) | bit(T::e_manual_reconnect),
    bit(T::b_remote_disconnect) | bit(T::c_remote_disconnect) | bit(T::g_local_disconnect) |
        bit(T::a_remote_reconnect) | bit(T::e_manual_reconnect),
    bit(T::b_remote_disconnect) | bit(T::c_remote_disconnect) | bit(T::f_manual_disconnect) |
        bit(T::g_local_disconnect) | bit(T::d_remote_reconnect) | bit(T::e_manual_reconnect) |
        bit(T::h_local_reconnect),
    bit(T::b_remote_disconnect) | bit(T::c_remote_disconnect) | bit(T::g_local_disconnect) |
        bit(T::d_remote_reconnect) | bit(T::e_manual_reconnect) | bit(T::h_local_reconnect),
};

struct Edge {
  T transition;
  DisconnectTrigger trigger;
  State from;
  State to;
};

// The Blue Book transition table.
constexpr Edge kEdges[] = {
    {T::a_remote_reconnect, DisconnectTrigger::remote_reconnect, State::disconnected, State::connected},
    {T::b_remote_disconnect, DisconnectTrigger::remote_disconnect, State::connected, State::disconnected},
    {T::c_remote_disconnect, DisconnectTrigger::remote_disconnect, State::ready_for_reconnection,
     State::disconnected},
    {T::d_remote_reconnect, DisconnectTrigger::remote_reconnect, State::disconnected,
     State::ready_for_reconnection},
    {T::e_manual_reconnect, DisconnectTrigger::manual_reconnect, State::ready_for_reconnection,
     State::connected},
    {T::f_manual_disconnect, DisconnectTrigger::manual_disconnect, State::connected,
     State::ready_for_reconnection},
    {T::g_local_disconnect, DisconnectTrigger::local_disconnect, State::connected,
     State::ready_for_reconnection},
    {T::h_local_reconnect, DisconnectTrigger::local_reconnect, State::ready_for_reconnection,
     State::connected},
};

constexpr bool is_reconnect(DisconnectTrigger t) noexcept {
  return t == DisconnectTrigger::remote_reconnect || t == DisconnectTrigger::manual_reconnect ||
         t == DisconnectTrigger::local_reconnect;
}

}  // namespace

DisconnectControl::DisconnectControl(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& DisconnectControl::class_description() noexcept { return kDescription; }

bool DisconnectControl::allows(std::uint8_t mode, DisconnectTransition transition) noexcept {
  return mode <= kMaxControlMode && (kAllowed[mode] & bit(transition)) != 0;
}

DisconnectOutcome DisconnectControl::trigger(DisconnectTrigger trigger) noexcept {
  const std::uint8_t mode = actuator_->control_mode();
  const State state = actuator_->control_state();
  bool any_allowed = false;
  bool goal_holds = is_reconnect(trigger) ? state == State::connected : state == State::disconnected;
  for (const Edge& e : kEdges) {
    if (e.trigger != trigger || !allows(mode, e.transition)) {
      continue;
    }
    any_allowed = true;
    if (e.from == state) {
      if (!actuator_->apply(e.transition, e.to)) {
        return DisconnectOutcome::failed;
      }
      notifier_.notify(*this, 3);
      return DisconnectOutcome::done;
    }
    goal_holds = goal_holds || e.to == state;
  }
  return any_allowed && goal_holds ? DisconnectOutcome::unchanged : DisconnectOutcome::refused;
}

DataAccessResult DisconnectControl::get_attribute(const server::RequestContext& /*ctx*/,
                                                  std::int8_t attribute_id,
                                                  const apdu::SelectiveAccessDescriptor* /*access*/,
                                                  server::GetCursor& /*cursor*/, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2: axdr::write_boolean(out, actuator_->output_state()); break;
    case 3: axdr::write_enum(out, static_cast<std::uint8_t>(actuator_->control_state())); break;
    case 4: axdr::write_enum(out, actuator_->control_mode()); break;
    default: return DataAccessResult::object_undefined;
  }
  return d::finish(out);
}

DataAccessResult DisconnectControl::set_attribute(const server::RequestContext& /*ctx*/,
                                                  std::int8_t attribute_id,
                                                  const apdu::SelectiveAccessDescriptor* /*access*/,
                                                  const codec::DataView& value) {
  if (attribute_id != 4) {
    return DataAccessResult::read_write_denied;  // output_state and control_state follow the unit
  }
  std::uint8_t mode = 0;
  if (const auto r = d::read_enum(value, kMaxControlMode, mode); r != DataAccessResult::success) {
    return r;
  }
  if (!actuator_->set_control_mode(mode)) {
    return DataAccessResult::hardware_fault;
  }
  notifier_.notify(*this, 4);
  return DataAccessResult::success;
}

server::InvokeOutcome DisconnectControl::invoke_method(const server::RequestContext& /*ctx*/,
                                                       std::int8_t method_id,
                                                       const codec::DataView* parameter,
                                                       ByteWriter& /*return_data*/) {
  // data ::= integer(0); an absent parameter (or null-data) is taken as that.
  if (parameter != nullptr && !parameter->is_null()) {
    std::int8_t v = 0;
    if (parameter->type() != DataType::integer || !parameter->get(v)) {
      return {ActionResult::type_unmatched, false};
    }
    if (v != 0) {
      return {ActionResult::other_reason, false};
    }
  }
  const DisconnectOutcome o =
      trigger(method_id == 1 ? DisconnectTrigger::remote_disconnect : DisconnectTrigger::remote_reconnect);
  switch (o) {
    case DisconnectOutcome::done:
    case DisconnectOutcome::unchanged: return {ActionResult::success, false};
    case DisconnectOutcome::refused: return {ActionResult::temporary_failure, false};
    case DisconnectOutcome::failed: return {ActionResult::hardware_fault, false};
  }
  return {ActionResult::other_reason, false};
}

}  // namespace dlms::cosem
