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
// Indices and dates are unique; entries are kept sorted by index. Capacity is configurable
// (set_capacity; SM307: 100). day_id names a day profile of the Activity calendar; the
// table does not check it (the calendar may change independently). Binding point:
// ChangeObserver (set_observer), told after every change; entries() for the meter's TOU.

#include <array>
#include <cstdint>
#include <vector>

#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class SpecialDaysTable final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultCapacity = 100;

  struct Entry {
    std::uint16_t index = 0;
    codec::CosemDate date;
    std::uint8_t day_id = 0;
    friend bool operator==(const Entry&, const Entry&) noexcept = default;
  };

  explicit SpecialDaysTable(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_capacity(std::uint16_t capacity) noexcept { capacity_ = capacity; }
  [[nodiscard]] std::uint16_t capacity() const noexcept { return capacity_; }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }

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

  std::uint16_t capacity_ = kDefaultCapacity;
  ChangeObserver* observer_ = nullptr;
  std::vector<Entry> entries_;  // sorted by index
};

}  // namespace dlms::cosem
