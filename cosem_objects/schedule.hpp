#pragma once
// Schedule, class_id 10, version 0 (Blue Book 4.5.3): a table of timed script runs.
//   1 logical_name  octet-string                 static
//   2 entries       array schedule_table_entry   static
//     schedule_table_entry ::= structure { index long-unsigned (>= 1), enable boolean,
//       script_logical_name octet-string(6), script_selector long-unsigned,
//       switch_time octet-string(4) (time), validity_window long-unsigned (minutes),
//       exec_weekdays bit-string(7) (Monday first), exec_specdays bit-string (bit n: day_id n
//       of the Special days table, at most 256), begin_date octet-string(5),
//       end_date octet-string(5) }
// Methods: 1 enable/disable(structure { firstIndexA, lastIndexA, firstIndexB, lastIndexB:
//   long-unsigned }): entries with index in A are disabled, then those in B enabled (an empty
//   range, first 0 or first > last, selects none); 2 insert(schedule_table_entry): replaces
//   the entry with the same index; 3 delete(structure { firstIndex, lastIndex: long-unsigned }).
//
// Indices are unique; entries are kept sorted by index; capacity set_capacity (default 32).
// Binding points: ChangeObserver; entries_encoding() for the meter's scheduler, which runs
// due entries through a ScriptRunner.

#include <cstdint>
#include <vector>

#include "cosem_objects/change_observer.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class Schedule final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultCapacity = 32;

  explicit Schedule(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_capacity(std::uint16_t capacity) noexcept { capacity_ = capacity; }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  // Entry i (by position) as its A-XDR structure.
  [[nodiscard]] codec::DataView entry(std::size_t i) const noexcept;
  [[nodiscard]] bool enabled(std::uint16_t index) const noexcept;

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
  struct Entry {
    std::uint16_t index = 0;
    std::vector<std::uint8_t> encoding;  // the whole structure; enable is octet 6
  };
  void changed();

  std::uint16_t capacity_ = kDefaultCapacity;
  ChangeObserver* observer_ = nullptr;
  std::vector<Entry> entries_;  // sorted by index
};

}  // namespace dlms::cosem
