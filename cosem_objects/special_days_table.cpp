#include "cosem_objects/special_days_table.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::DataType;
using codec::DataView;
using detail1::Format;
using detail1::Shape;
namespace access = association::access;

constexpr auto kAttributes = attribute_table({
    {"entries", DataType::array, access::kRead},
});
constexpr auto kMethods = method_table({
    {"insert", DataType::structure, access::kAccess},
    {"delete", DataType::long_unsigned, access::kAccess},
});
constexpr ClassDescription kDescription{11, 0, "Special days table", kAttributes, kMethods};

constexpr Shape kEntryFields[] = {
    {.type = DataType::long_unsigned},
    {.type = DataType::octet_string, .min = 5, .max = 5, .format = Format::date},
    {.type = DataType::unsigned_},
};
constexpr Shape kEntry{.type = DataType::structure, .inner = kEntryFields, .fields = 3};
constexpr Shape kEntries{.type = DataType::array, .inner = &kEntry};

SpecialDaysTable::Entry entry_of(const DataView& v) noexcept {
  auto f = v.elements().begin();
  SpecialDaysTable::Entry e;
  e.index = detail1::integer_of<std::uint16_t>(*f);
  e.date = *(*++f).as_date();
  e.day_id = detail1::integer_of<std::uint8_t>(*++f);
  return e;
}

apdu::ActionResult action_result(apdu::DataAccessResult r) noexcept {
  using apdu::ActionResult;
  using apdu::DataAccessResult;
  switch (r) {
    case DataAccessResult::success: return ActionResult::success;
    case DataAccessResult::hardware_fault: return ActionResult::hardware_fault;
    case DataAccessResult::temporary_failure: return ActionResult::temporary_failure;
    case DataAccessResult::read_write_denied: return ActionResult::read_write_denied;
    case DataAccessResult::type_unmatched: return ActionResult::type_unmatched;
    default: return ActionResult::other_reason;
  }
}

bool by_index(const SpecialDaysTable::Entry& a, const SpecialDaysTable::Entry& b) noexcept {
  return a.index < b.index;
}

}  // namespace

SpecialDaysTable::SpecialDaysTable(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& SpecialDaysTable::class_description() noexcept { return kDescription; }

bool SpecialDaysTable::same_date(const codec::CosemDate& a, const codec::CosemDate& b) noexcept {
  constexpr std::uint8_t kAny = codec::cosem_time_value::not_specified;
  if (a.year != b.year || a.month != b.month || a.day_of_month != b.day_of_month) {
    return false;
  }
  if (a.day_of_week == b.day_of_week) {
    return true;
  }
  // A concrete date implies its day of week, so an unspecified one names the same day.
  const bool concrete = a.year != codec::cosem_time_value::year_not_specified && a.month >= 1 &&
                        a.month <= 12 && a.day_of_month >= 1 && a.day_of_month <= 31;
  return concrete && (a.day_of_week == kAny || b.day_of_week == kAny);
}

void SpecialDaysTable::changed() {
  if (observer_ != nullptr) {
    observer_->attribute_changed(*this, 2);
  }
}

bool SpecialDaysTable::current(std::vector<Entry>& out) {
  if (store_ == nullptr) {
    out = entries_;
    return true;
  }
  out.clear();
  return store_->load(out);
}

apdu::DataAccessResult SpecialDaysTable::commit(std::vector<Entry>&& next) {
  if (store_ != nullptr) {
    const auto r = store_->store(next);
    if (r != apdu::DataAccessResult::success) {
      return r;
    }
  } else {
    entries_ = std::move(next);
  }
  changed();
  return apdu::DataAccessResult::success;
}

apdu::DataAccessResult SpecialDaysTable::get_attribute(const server::RequestContext& /*ctx*/,
                                                       std::int8_t /*attribute_id*/,
                                                       const apdu::SelectiveAccessDescriptor* /*access*/,
                                                       server::GetCursor& /*cursor*/, ByteWriter& out) {
  std::vector<Entry> entries;
  if (!current(entries)) {
    return apdu::DataAccessResult::hardware_fault;
  }
  namespace ax = codec::axdr;
  ax::begin_array(out, entries.size());
  for (const Entry& e : entries) {
    ax::begin_structure(out, 3);
    ax::write_long_unsigned(out, e.index);
    const auto d = e.date.encode();
    ax::write_octet_string(out, d);
    ax::write_unsigned(out, e.day_id);
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult SpecialDaysTable::set_attribute(const server::RequestContext& /*ctx*/,
                                                       std::int8_t /*attribute_id*/,
                                                       const apdu::SelectiveAccessDescriptor* /*access*/,
                                                       const codec::DataView& value) {
  if (const auto r = detail1::check_table(value, kEntries, capacity_); r != apdu::DataAccessResult::success) {
    return r;
  }
  std::vector<Entry> next;
  next.reserve(value.size());
  for (const DataView v : value.elements()) {
    const Entry e = entry_of(v);
    for (const Entry& other : next) {
      if (other.index == e.index || same_date(other.date, e.date)) {
        return apdu::DataAccessResult::other_reason;  // indices and dates are unique
      }
    }
    next.push_back(e);
  }
  std::sort(next.begin(), next.end(), by_index);
  return commit(std::move(next));
}

server::InvokeOutcome SpecialDaysTable::invoke_method(const server::RequestContext& /*ctx*/,
                                                      std::int8_t method_id, const codec::DataView* parameter,
                                                      ByteWriter& /*return_data*/) {
  using apdu::ActionResult;
  if (method_id == 1) {
    if (parameter == nullptr || !detail1::matches(*parameter, kEntry)) {
      return {ActionResult::type_unmatched, false};
    }
    const Entry e = entry_of(*parameter);
    std::vector<Entry> next;
    if (!current(next)) {
      return {ActionResult::hardware_fault, false};
    }
    const auto replaced =
        static_cast<std::size_t>(std::count_if(next.begin(), next.end(), [&](const Entry& o) {
          return o.index == e.index || same_date(o.date, e.date);
        }));
    if (next.size() - replaced >= capacity_) {
      return {ActionResult::other_reason, false};  // table full
    }
    std::erase_if(next, [&](const Entry& o) { return o.index == e.index || same_date(o.date, e.date); });
    next.insert(std::lower_bound(next.begin(), next.end(), e, by_index), e);
    return {action_result(commit(std::move(next))), false};
  }
  if (parameter == nullptr || parameter->type() != DataType::long_unsigned) {
    return {ActionResult::type_unmatched, false};
  }
  const auto index = detail1::integer_of<std::uint16_t>(*parameter);
  std::vector<Entry> next;
  if (!current(next)) {
    return {ActionResult::hardware_fault, false};
  }
  if (std::erase_if(next, [&](const Entry& o) { return o.index == index; }) == 0) {
    return {ActionResult::other_reason, false};  // no entry with this index
  }
  return {action_result(commit(std::move(next))), false};
}

}  // namespace dlms::cosem
