#pragma once
// Special days table, class_id 11, version 0 (Blue Book 4.5.4): dates whose day profile
// replaces the week profile's (holidays).
//   1 logical_name  octet-string          static
//   2 entries       array spec_day_entry  static
//     spec_day_entry ::= structure { index long-unsigned, specialday_date octet-string(5)
//       (date, wildcards allowed, e.g. year 0xFFFF for every year), day_id unsigned }
// Methods: 1 insert(spec_day_entry): an entry with the same index or the same date is
//   replaced; 2 delete(long-unsigned index).
//
// Indices and dates are unique (two dates are the same when all their fields match, or when
// a concrete year/month/day matches and one day of week is not specified); entries are kept
// sorted by index.
// Capacity is configurable (set_capacity; SM307: 100). day_id names a day profile of the
// Activity calendar; the table does not check it (the calendar may change independently).
// Binding points: ChangeObserver (set_observer), told after every change; entries() for the
// meter's TOU; or a SpecialDaysStore (bind_store) holding the entries instead of the object
// (the meter's own special days), which may refuse a new list.

#include <array>
#include <cstdint>
#include <vector>

#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

// spec_day_entry.
struct SpecialDayEntry {
  std::uint16_t index = 0;
  codec::CosemDate date;
  std::uint8_t day_id = 0;
  friend bool operator==(const SpecialDayEntry&, const SpecialDayEntry&) noexcept = default;
};

// Where a bound Special days table's entries live (e.g. the meter's TOU engine).
class SpecialDaysStore {
 public:
  virtual ~SpecialDaysStore() = default;
  // The entries held, sorted by index; false when they cannot be read.
  virtual bool load(std::vector<SpecialDayEntry>& entries) = 0;
  // Replaces every entry with `entries` (checked by the class: sorted by index, unique
  // indices and dates, within capacity). A refused list changes nothing.
  virtual apdu::DataAccessResult store(const std::vector<SpecialDayEntry>& entries) = 0;
};

class SpecialDaysTable final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultCapacity = 100;

  using Entry = SpecialDayEntry;

  explicit SpecialDaysTable(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_capacity(std::uint16_t capacity) noexcept { capacity_ = capacity; }
  [[nodiscard]] std::uint16_t capacity() const noexcept { return capacity_; }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }
  // Serve and keep the entries in `store` (nullptr: the object's own).
  void bind_store(SpecialDaysStore* store) noexcept { store_ = store; }
  // The object's own entries (not used while a store is bound).
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  // "The same date" for uniqueness and insert: every field equal, or a concrete year, month
  // and day equal with one day of week not specified (the date implies it).
  [[nodiscard]] static bool same_date(const codec::CosemDate& a, const codec::CosemDate& b) noexcept;

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
  void changed();
  // The current entries (from the store when bound); false when the store cannot read them.
  bool current(std::vector<Entry>& out);
  // Makes `next` the entries (through the store when bound).
  apdu::DataAccessResult commit(std::vector<Entry>&& next);

  std::uint16_t capacity_ = kDefaultCapacity;
  ChangeObserver* observer_ = nullptr;
  SpecialDaysStore* store_ = nullptr;
  std::vector<Entry> entries_;  // sorted by index
};

}  // namespace dlms::cosem
