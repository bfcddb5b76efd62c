#pragma once
// Single action schedule, class_id 22, version 0 (Blue Book 4.5.7): runs one script at given
// times (e.g. end of billing period, image activation).
//   1 logical_name    octet-string                 static
//   2 executed_script structure { script_logical_name octet-string(6), script_selector long-unsigned }
//   3 type            enum 1..5                    static
//       1 size 1, wildcards in date allowed; 2 size n, all times equal, no wildcards in date;
//       3 size n, all times equal, wildcards in date allowed; 4 size n, times differ, no
//       wildcards in date; 5 size n, times differ, wildcards in date allowed
//   4 execution_time  array execution_time_date    static
//     execution_time_date ::= structure { time octet-string(4), date octet-string(5) }
// No methods.
//
// execution_time must agree with type (checked when either is set, so configure type first,
// as attribute order gives). Hundredths of a time are 0 (0xFF accepted as "not specified").
// Capacity of execution_time: set_capacity (default 32). Binding points: a ChangeObserver,
// and the meter's scheduler, which asks due_at() each local second (or minute) and runs
// executed_script through a ScriptRunner.

#include <cstdint>
#include <utility>
#include <vector>

#include "cosem_objects/change_observer.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class SingleActionSchedule final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultCapacity = 32;

  struct ExecutionTime {
    codec::CosemTime time;
    codec::CosemDate date;
    friend bool operator==(const ExecutionTime&, const ExecutionTime&) noexcept = default;
  };

  explicit SingleActionSchedule(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_capacity(std::uint16_t capacity) noexcept { capacity_ = capacity; }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }

  [[nodiscard]] const apdu::ObisCode& script_logical_name() const noexcept { return script_logical_name_; }
  [[nodiscard]] std::uint16_t script_selector() const noexcept { return script_selector_; }
  [[nodiscard]] std::uint8_t type() const noexcept { return type_; }
  [[nodiscard]] const std::vector<ExecutionTime>& execution_times() const noexcept { return times_; }
  // True when the local time `t` (concrete) is one of the execution times: hour, minute and
  // second equal (a 0xFF field matches any) and the date matches with its wildcards.
  [[nodiscard]] bool due_at(const codec::CosemDateTime& t) const noexcept;

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
  apdu::ObisCode script_logical_name_;
  std::uint16_t script_selector_ = 0;
  std::uint8_t type_ = 1;
  std::vector<ExecutionTime> times_;
};

}  // namespace dlms::cosem
