#include "cosem_objects/schedule.hpp"

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
    {"enable/disable", DataType::structure, access::kAccess},
    {"insert", DataType::structure, access::kAccess},
    {"delete", DataType::structure, access::kAccess},
});
constexpr ClassDescription kDescription{10, 0, "Schedule", kAttributes, kMethods};

constexpr Shape kEntryFields[] = {
    {.type = DataType::long_unsigned, .min = 1},
    {.type = DataType::boolean},
    {.type = DataType::octet_string, .min = 6, .max = 6},
    {.type = DataType::long_unsigned},
    {.type = DataType::octet_string, .min = 4, .max = 4, .format = Format::time},
    {.type = DataType::long_unsigned},
    {.type = DataType::bit_string, .min = 7, .max = 7},
    {.type = DataType::bit_string, .min = 0, .max = 256},
    {.type = DataType::octet_string, .min = 5, .max = 5, .format = Format::date},
    {.type = DataType::octet_string, .min = 5, .max = 5, .format = Format::date},
};
constexpr Shape kEntry{.type = DataType::structure, .inner = kEntryFields, .fields = 10};
constexpr Shape kEntries{.type = DataType::array, .inner = &kEntry};
constexpr Shape kLongUnsigned{.type = DataType::long_unsigned};
constexpr Shape kRanges4[] = {kLongUnsigned, kLongUnsigned, kLongUnsigned, kLongUnsigned};
constexpr Shape kEnableDisable{.type = DataType::structure, .inner = kRanges4, .fields = 4};
constexpr Shape kDelete{.type = DataType::structure, .inner = kRanges4, .fields = 2};

constexpr std::size_t kEnableOctet = 6;  // 02 0A | 12 hi lo | 03 b

std::uint16_t index_of(const DataView& entry) noexcept {
  return detail1::integer_of<std::uint16_t>(*entry.elements().begin());
}

bool in(std::uint16_t index, std::uint16_t first, std::uint16_t last) noexcept {
  return first != 0 && first <= last && index >= first && index <= last;
}

}  // namespace

Schedule::Schedule(const apdu::ObisCode& logical_name) : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& Schedule::class_description() noexcept { return kDescription; }

void Schedule::changed() {
  if (observer_ != nullptr) {
    observer_->attribute_changed(*this, 2);
  }
}

codec::DataView Schedule::entry(std::size_t i) const noexcept {
  return i < entries_.size() ? detail1::view_of(entries_[i].encoding) : codec::DataView();
}

bool Schedule::enabled(std::uint16_t index) const noexcept {
  for (const Entry& e : entries_) {
    if (e.index == index) {
      return e.encoding[kEnableOctet] != 0;
    }
  }
  return false;
}

apdu::DataAccessResult Schedule::get_attribute(const server::RequestContext& /*ctx*/,
                                               std::int8_t /*attribute_id*/,
                                               const apdu::SelectiveAccessDescriptor* /*access*/,
                                               server::GetCursor& /*cursor*/, ByteWriter& out) {
  codec::axdr::begin_array(out, entries_.size());
  for (const Entry& e : entries_) {
    out.bytes(ByteSpan(e.encoding.data(), e.encoding.size()));
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult Schedule::set_attribute(const server::RequestContext& /*ctx*/,
                                               std::int8_t /*attribute_id*/,
                                               const apdu::SelectiveAccessDescriptor* /*access*/,
                                               const codec::DataView& value) {
  if (const auto r = detail1::check_table(value, kEntries, capacity_); r != apdu::DataAccessResult::success) {
    return r;
  }
  std::vector<Entry> next;
  next.reserve(value.size());
  for (const DataView v : value.elements()) {
    const std::uint16_t index = index_of(v);
    if (std::any_of(next.begin(), next.end(), [&](const Entry& o) { return o.index == index; })) {
      return apdu::DataAccessResult::other_reason;  // indices are unique
    }
    Entry e{index, {}};
    detail1::assign(e.encoding, v);
    next.push_back(std::move(e));
  }
  std::sort(next.begin(), next.end(), [](const Entry& a, const Entry& b) { return a.index < b.index; });
  entries_ = std::move(next);
  changed();
  return apdu::DataAccessResult::success;
}

server::InvokeOutcome Schedule::invoke_method(const server::RequestContext& /*ctx*/, std::int8_t method_id,
                                              const codec::DataView* parameter, ByteWriter& /*return_data*/) {
  using apdu::ActionResult;
  switch (method_id) {
    case 1: {
      if (parameter == nullptr || !detail1::matches(*parameter, kEnableDisable)) {
        return {ActionResult::type_unmatched, false};
      }
      std::uint16_t r[4];
      for (std::size_t i = 0; i < 4; ++i) {
        r[i] = detail1::integer_of<std::uint16_t>(detail1::element(*parameter, i));
      }
      for (Entry& e : entries_) {
        if (in(e.index, r[0], r[1])) {
          e.encoding[kEnableOctet] = 0;
        }
        if (in(e.index, r[2], r[3])) {
          e.encoding[kEnableOctet] = 1;
        }
      }
      break;
    }
    case 2: {
      if (parameter == nullptr || !detail1::matches(*parameter, kEntry)) {
        return {ActionResult::type_unmatched, false};
      }
      const std::uint16_t index = index_of(*parameter);
      auto it = std::lower_bound(entries_.begin(), entries_.end(), index,
                                 [](const Entry& e, std::uint16_t i) { return e.index < i; });
      if (it != entries_.end() && it->index == index) {
        detail1::assign(it->encoding, *parameter);
      } else {
        if (entries_.size() >= capacity_) {
          return {ActionResult::other_reason, false};  // table full
        }
        Entry e{index, {}};
        detail1::assign(e.encoding, *parameter);
        entries_.insert(it, std::move(e));
      }
      break;
    }
    default: {
      if (parameter == nullptr || !detail1::matches(*parameter, kDelete)) {
        return {ActionResult::type_unmatched, false};
      }
      const auto first = detail1::integer_of<std::uint16_t>(detail1::element(*parameter, 0));
      const auto last = detail1::integer_of<std::uint16_t>(detail1::element(*parameter, 1));
      std::erase_if(entries_, [&](const Entry& e) { return in(e.index, first, last); });
      break;
    }
  }
  changed();
  return {ActionResult::success, false};
}

}  // namespace dlms::cosem
