// The meter's relay agrees with the Blue Book class 70 object (cosem_objects/disconnect_control)
// transition for transition: for every control mode, state and trigger, the same outcome and
// the same next state.
#include <gtest/gtest.h>

#include "cosem_objects/disconnect_control.hpp"
#include "meter_model/meter.hpp"

namespace dlms::meter {
namespace {

using cosem::DisconnectControl;
using cosem::DisconnectControlState;
using cosem::DisconnectOutcome;
using cosem::DisconnectTransition;
using cosem::DisconnectTrigger;

struct Pair {
  RelayTrigger meter;
  DisconnectTrigger object;
};
constexpr Pair kTriggers[] = {
    {RelayTrigger::kRemoteDisconnect, DisconnectTrigger::remote_disconnect},
    {RelayTrigger::kRemoteReconnect, DisconnectTrigger::remote_reconnect},
    {RelayTrigger::kManualDisconnect, DisconnectTrigger::manual_disconnect},
    {RelayTrigger::kManualReconnect, DisconnectTrigger::manual_reconnect},
    {RelayTrigger::kLocalDisconnect, DisconnectTrigger::local_disconnect},
    {RelayTrigger::kLocalReconnect, DisconnectTrigger::local_reconnect},
};

RelayOutcome as_meter(DisconnectOutcome o) {
  switch (o) {
    case DisconnectOutcome::done: return RelayOutcome::kDone;
    case DisconnectOutcome::unchanged: return RelayOutcome::kUnchanged;
    default: return RelayOutcome::kRefused;
  }
}

TEST(RelayClass70, AllowedTransitionsAreTheObjects) {
  constexpr DisconnectTransition kT[] = {
      DisconnectTransition::a_remote_reconnect,  DisconnectTransition::b_remote_disconnect,
      DisconnectTransition::c_remote_disconnect, DisconnectTransition::d_remote_reconnect,
      DisconnectTransition::e_manual_reconnect,  DisconnectTransition::f_manual_disconnect,
      DisconnectTransition::g_local_disconnect,  DisconnectTransition::h_local_reconnect};
  for (int mode = 0; mode <= 6; ++mode)
    for (int t = 0; t < 8; ++t)
      EXPECT_EQ(Meter::relay_allows(mode, static_cast<char>('a' + t)),
                DisconnectControl::allows(static_cast<std::uint8_t>(mode), kT[t]))
          << "mode " << mode << " transition " << static_cast<char>('a' + t);
}

TEST(RelayClass70, EveryModeStateAndTriggerAgrees) {
  ManualClock clock(ms_from_civil(2025, 1, 1));
  const Scenario load({InputSample{}}, 0, Interpolation::kStep);
  for (int mode = 0; mode <= 6; ++mode) {
    for (int state = 0; state <= 2; ++state) {
      for (const Pair& p : kTriggers) {
        SCOPED_TRACE("mode " + std::to_string(mode) + " state " + std::to_string(state) + " trigger " +
                     std::to_string(static_cast<int>(p.meter)));
        DisconnectControl dc(apdu::ObisCode{0, 0, 96, 3, 10, 255});
        dc.actuator().set_control_mode(static_cast<std::uint8_t>(mode));
        dc.actuator().apply(DisconnectTransition::b_remote_disconnect,
                            static_cast<DisconnectControlState>(state));
        Meter m(clock, load);
        m.set("relay.control_mode", 5);
        if (state == 0) m.relay_trigger(RelayTrigger::kRemoteDisconnect);
        if (state == 2) m.relay_trigger(RelayTrigger::kLocalDisconnect);
        m.set("relay.control_mode", mode);
        ASSERT_EQ(static_cast<int>(m.relay_state()), state);

        const DisconnectOutcome object = dc.trigger(p.object);
        const RelayOutcome meter = m.relay_trigger(p.meter);
        EXPECT_EQ(meter, as_meter(object));
        EXPECT_EQ(static_cast<int>(m.relay_state()), static_cast<int>(dc.control_state()));
        EXPECT_EQ(m.get("relay.output").get<bool>(), dc.output_state());
      }
    }
  }
}

}  // namespace
}  // namespace dlms::meter
