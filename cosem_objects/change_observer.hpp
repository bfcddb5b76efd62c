#pragma once
// ChangeObserver: told when a configuration attribute of an object changed through a set, a
// method or the configuration (Special days table, Activity calendar, Schedule, Single action
// schedule, Script table, Register monitor, Register activation, the communication setup
// classes, Disconnect control, Limiter), so that the device re-reads the object's state
// (e.g. the HDLC link re-reads IEC HDLC setup). Never told of a refused value.

#include <cstdint>

namespace dlms::cosem {

class InterfaceClass;

class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  virtual void attribute_changed(InterfaceClass& object, std::int8_t attribute_id) = 0;
};

}  // namespace dlms::cosem
