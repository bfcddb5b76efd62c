// Disconnect control (class 70, version 0; Blue Book 4.5.8). The expected table below is the
// Blue Book's: states 0 disconnected, 1 connected, 2 ready_for_reconnection; transitions
//   a remote_reconnect 0->1, b remote_disconnect 1->0, c remote_disconnect 2->0,
//   d remote_reconnect 0->2, e manual_reconnect 2->1, f manual_disconnect 1->2,
//   g local_disconnect 1->2, h local_reconnect 2->1;
// allowed per control_mode: 0 none, 1 bcfgde, 2 bcfgae, 3 bcgde, 4 bcgae, 5 bcfgdeh, 6 bcgdeh
// (the transition letters per mode as also listed in the public dlms-cosem Python
// DisconnectControl ControlMode description, citing DLMS UA 1000-1 Ed. 12 table 25).
#include "cosem_objects/disconnect_control.hpp"

#include <gtest/gtest.h>

#include <string>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;
using State = DisconnectControlState;

const apdu::ObisCode kName(0, 0, 96, 3, 10, 255);

// An actuator whose state a test sets directly; records what it was asked to do.
class FakeActuator : public DisconnectActuator {
 public:
  State state = State::connected;
  std::uint8_t mode = 1;
  bool fail = false;
  std::string applied;  // transition letters, in order

  [[nodiscard]] State control_state() const noexcept override { return state; }
  [[nodiscard]] bool output_state() const noexcept override { return state == State::connected; }
  [[nodiscard]] std::uint8_t control_mode() const noexcept override { return mode; }
  bool set_control_mode(std::uint8_t m) noexcept override {
    if (fail) {
      return false;
    }
    mode = m;
    return true;
  }
  bool apply(DisconnectTransition t, State to) noexcept override {
    if (fail) {
      return false;
    }
    applied += static_cast<char>('a' + static_cast<int>(t));
    state = to;
    return true;
  }
};

constexpr DisconnectTrigger kTriggers[] = {
    DisconnectTrigger::remote_disconnect, DisconnectTrigger::remote_reconnect,
    DisconnectTrigger::manual_disconnect, DisconnectTrigger::manual_reconnect,
    DisconnectTrigger::local_disconnect,  DisconnectTrigger::local_reconnect,
};

// For each mode: per trigger (RD RR MD MR LD LR) the outcome from states 0, 1, 2:
// a digit = the transition ran to that state, '=' = unchanged, 'x' = refused.
constexpr const char* kExpected[7] = {
    //  RD    RR    MD    MR    LD    LR
    "xxx"
    "xxx"
    "xxx"
    "xxx"
    "xxx"
    "xxx",  // 0: none
    "=00"
    "2=="
    "=2="
    "x=1"
    "=2="
    "xxx",  // 1: b c f g d e
    "=00"
    "1=x"
    "=2="
    "x=1"
    "=2="
    "xxx",  // 2: b c f g a e
    "=00"
    "2=="
    "xxx"
    "x=1"
    "=2="
    "xxx",  // 3: b c g d e
    "=00"
    "1=x"
    "xxx"
    "x=1"
    "=2="
    "xxx",  // 4: b c g a e
    "=00"
    "2=="
    "=2="
    "x=1"
    "=2="
    "x=1",  // 5: b c f g d e h
    "=00"
    "2=="
    "xxx"
    "x=1"
    "=2="
    "x=1",  // 6: b c g d e h
};

// The Blue Book letter of the transition `trigger` makes from `from` to `to`.
char letter(DisconnectTrigger trigger, int from, int to) {
  switch (trigger) {
    case DisconnectTrigger::remote_disconnect: return from == 1 ? 'b' : 'c';
    case DisconnectTrigger::remote_reconnect: return to == 1 ? 'a' : 'd';
    case DisconnectTrigger::manual_reconnect: return 'e';
    case DisconnectTrigger::manual_disconnect: return 'f';
    case DisconnectTrigger::local_disconnect: return 'g';
    case DisconnectTrigger::local_reconnect: return 'h';
  }
  return '?';
}

TEST(DisconnectControl, IdentityAndDefaults) {
  DisconnectControl dc(kName);
  EXPECT_EQ(dc.class_id(), 70);
  EXPECT_EQ(dc.version(), 0);
  EXPECT_EQ(dc.attribute_count(), 4);
  EXPECT_EQ(dc.method_count(), 2);
  EXPECT_EQ(get(dc, 1), "09 06 00 00 60 03 0A FF");
  EXPECT_EQ(get(dc, 2), "03 01");  // connected
  EXPECT_EQ(get(dc, 3), "16 01");
  EXPECT_EQ(get(dc, 4), "16 00");
  get(dc, 5, DataAccessResult::object_undefined);
  ASSERT_NE(create_object(70, kName), nullptr);
  EXPECT_EQ(find_class(70)->method(1)->parameter_type, codec::DataType::integer);
}

TEST(DisconnectControl, EveryTriggerInEveryModeAndStateFollowsTheBlueBookTable) {
  for (std::uint8_t mode = 0; mode <= 6; ++mode) {
    for (std::size_t t = 0; t < std::size(kTriggers); ++t) {
      for (int from = 0; from <= 2; ++from) {
        FakeActuator unit;
        unit.mode = mode;
        unit.state = static_cast<State>(from);
        DisconnectControl dc(kName);
        dc.set_actuator(&unit);
        RecordingListener listener;
        dc.set_observer(&listener);
        const char want = kExpected[mode][t * 3 + static_cast<std::size_t>(from)];
        const DisconnectOutcome got = dc.trigger(kTriggers[t]);
        SCOPED_TRACE("mode " + std::to_string(mode) + " trigger " + std::to_string(t) + " from " +
                     std::to_string(from));
        if (want == 'x') {
          EXPECT_EQ(got, DisconnectOutcome::refused);
          EXPECT_EQ(static_cast<int>(unit.state), from);
          EXPECT_EQ(unit.applied, "");
          EXPECT_TRUE(listener.changed.empty());
        } else if (want == '=') {
          EXPECT_EQ(got, DisconnectOutcome::unchanged);
          EXPECT_EQ(static_cast<int>(unit.state), from);
          EXPECT_EQ(unit.applied, "");
        } else {
          const int to = want - '0';
          EXPECT_EQ(got, DisconnectOutcome::done);
          EXPECT_EQ(static_cast<int>(unit.state), to);
          EXPECT_EQ(unit.applied, std::string(1, letter(kTriggers[t], from, to)));
          EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{3}));
          EXPECT_TRUE(
              DisconnectControl::allows(mode, static_cast<DisconnectTransition>(unit.applied[0] - 'a')));
        }
      }
    }
  }
}

TEST(DisconnectControl, AllowsMatchesTheModeLetters) {
  const char* letters[7] = {"", "bcfgde", "bcfgae", "bcgde", "bcgae", "bcfgdeh", "bcgdeh"};
  for (std::uint8_t mode = 0; mode <= 6; ++mode) {
    for (char l = 'a'; l <= 'h'; ++l) {
      EXPECT_EQ(DisconnectControl::allows(mode, static_cast<DisconnectTransition>(l - 'a')),
                std::string(letters[mode]).find(l) != std::string::npos)
          << int(mode) << l;
    }
  }
  EXPECT_FALSE(DisconnectControl::allows(7, DisconnectTransition::b_remote_disconnect));
}

TEST(DisconnectControl, MethodsFollowTheTableWithActionResults) {
  for (std::uint8_t mode = 0; mode <= 6; ++mode) {
    for (int m = 1; m <= 2; ++m) {
      for (int from = 0; from <= 2; ++from) {
        FakeActuator unit;
        unit.mode = mode;
        unit.state = static_cast<State>(from);
        DisconnectControl dc(kName);
        dc.set_actuator(&unit);
        const char want =
            kExpected[mode][static_cast<std::size_t>(m - 1) * 3 + static_cast<std::size_t>(from)];
        const auto r = invoke(dc, static_cast<std::int8_t>(m), "0F 00");
        EXPECT_EQ(r.result, want == 'x' ? ActionResult::temporary_failure : ActionResult::success)
            << int(mode) << " " << m << " " << from;
        EXPECT_EQ(r.return_hex, "");
        EXPECT_EQ(get(dc, 3), "16 0" + std::string(1, want >= '0' && want <= '2' ? want : char('0' + from)));
        EXPECT_EQ(get(dc, 2), unit.state == State::connected ? "03 01" : "03 00");
      }
    }
  }
}

TEST(DisconnectControl, ScenarioWithTheInternalActuator) {
  DisconnectControl dc(kName);
  RecordingListener listener;
  dc.set_observer(&listener);
  // Mode 0: always connected; remote methods are refused.
  EXPECT_EQ(invoke(dc, 1, "0F 00").result, ActionResult::temporary_failure);
  EXPECT_EQ(set(dc, 4, "16 01"), DataAccessResult::success);
  EXPECT_EQ(invoke(dc, 1, "0F 00").result, ActionResult::success);  // b
  EXPECT_EQ(get(dc, 2), "03 00");
  EXPECT_EQ(get(dc, 3), "16 00");
  EXPECT_EQ(dc.manual_reconnect(), DisconnectOutcome::refused);     // remote lock holds
  EXPECT_EQ(invoke(dc, 2, "0F 00").result, ActionResult::success);  // d
  EXPECT_EQ(get(dc, 3), "16 02");
  EXPECT_FALSE(dc.output_state());
  EXPECT_EQ(dc.manual_reconnect(), DisconnectOutcome::done);  // e, the customer's button
  EXPECT_EQ(get(dc, 2), "03 01");
  EXPECT_EQ(dc.local_disconnect(), DisconnectOutcome::done);  // g, e.g. the limiter
  EXPECT_EQ(dc.control_state(), State::ready_for_reconnection);
  EXPECT_EQ(dc.local_reconnect(), DisconnectOutcome::refused);  // h only in modes 5, 6
  EXPECT_EQ(set(dc, 4, "16 05"), DataAccessResult::success);
  EXPECT_EQ(dc.local_reconnect(), DisconnectOutcome::done);
  EXPECT_EQ(dc.control_state(), State::connected);
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{4, 3, 3, 3, 3, 4, 3}));
}

TEST(DisconnectControl, AttributeAndParameterChecks) {
  DisconnectControl dc(kName);
  EXPECT_EQ(set(dc, 4, "16 06"), DataAccessResult::success);
  EXPECT_EQ(set(dc, 4, "16 07"), DataAccessResult::other_reason);
  EXPECT_EQ(set(dc, 4, "11 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get(dc, 4), "16 06");
  EXPECT_EQ(set(dc, 2, "03 00"), DataAccessResult::read_write_denied);
  EXPECT_EQ(set(dc, 3, "16 00"), DataAccessResult::read_write_denied);
  EXPECT_EQ(get(dc, 3), "16 01");
  // data ::= integer(0): another type or value changes nothing.
  EXPECT_EQ(invoke(dc, 1, "11 00").result, ActionResult::type_unmatched);
  EXPECT_EQ(invoke(dc, 1, "0F 01").result, ActionResult::other_reason);
  EXPECT_EQ(get(dc, 3), "16 01");
  EXPECT_EQ(invoke(dc, 1, "").result, ActionResult::success);  // absent parameter: as integer(0)
  EXPECT_EQ(get(dc, 3), "16 00");
  EXPECT_EQ(invoke(dc, 3, "0F 00").result, ActionResult::object_undefined);
  // Not bindable: the actuator holds the state.
  EXPECT_FALSE(dc.bind(2, nullptr));
}

TEST(DisconnectControl, ActuatorFailureIsAHardwareFaultAndChangesNothing) {
  FakeActuator unit;
  unit.mode = 1;
  unit.fail = true;
  DisconnectControl dc(kName);
  dc.set_actuator(&unit);
  EXPECT_EQ(invoke(dc, 1, "0F 00").result, ActionResult::hardware_fault);
  EXPECT_EQ(dc.control_state(), State::connected);
  EXPECT_EQ(dc.local_disconnect(), DisconnectOutcome::failed);
  EXPECT_EQ(set(dc, 4, "16 02"), DataAccessResult::hardware_fault);
  EXPECT_EQ(dc.control_mode(), 1);
  dc.set_actuator(nullptr);  // back to the internal one
  EXPECT_EQ(dc.control_mode(), 0);
}

}  // namespace
}  // namespace dlms::cosem
