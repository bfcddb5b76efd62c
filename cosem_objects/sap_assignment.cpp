#include "cosem_objects/sap_assignment.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes2.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
using codec::DataView;
namespace axdr = codec::axdr;
namespace access = association::access;

namespace {

constexpr auto kAttributes = attribute_table({
    {"SAP_assignment_list", DataType::array, access::kRead},
});

constexpr auto kMethods = method_table({
    {"connect_logical_device", DataType::structure, access::kNone},
});

constexpr ClassDescription kDescription{17, 0, "SAP assignment", kAttributes, kMethods};

enum class Parsed { ok, type, range };

Parsed read_entry(const DataView& v, SapAssignment::Entry& out) noexcept {
  if (v.type() != DataType::structure || v.size() != 2) {
    return Parsed::type;
  }
  auto it = v.elements().begin();
  if (!detail::read_typed(*it, DataType::long_unsigned, out.sap)) {
    return Parsed::type;
  }
  const DataView name = *++it;
  if (name.type() != DataType::octet_string) {
    return Parsed::type;
  }
  const ByteSpan n = *name.as_octets();
  if (n.size() > SapAssignment::kMaxNameSize) {
    return Parsed::range;
  }
  std::copy(n.begin(), n.end(), out.name.begin());
  out.name_size = static_cast<std::uint8_t>(n.size());
  return Parsed::ok;
}

}  // namespace

SapAssignment::SapAssignment(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& SapAssignment::class_description() noexcept { return kDescription; }

apdu::DataAccessResult SapAssignment::get_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t /*attribute_id*/,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    server::GetCursor& /*cursor*/, ByteWriter& out) {
  axdr::begin_array(out, count_);
  for (const Entry& e : entries()) {
    axdr::begin_structure(out, 2);
    axdr::write_long_unsigned(out, e.sap);
    axdr::write_octet_string(out, e.logical_device_name());
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult SapAssignment::set_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t /*attribute_id*/,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    const codec::DataView& value) {
  if (value.type() != DataType::array) {
    return DataAccessResult::type_unmatched;
  }
  if (value.size() > kMaxEntries) {
    return DataAccessResult::other_reason;
  }
  std::array<Entry, kMaxEntries> parsed{};
  std::size_t n = 0;
  for (const DataView e : value.elements()) {
    switch (read_entry(e, parsed[n++])) {
      case Parsed::ok: break;
      case Parsed::type: return DataAccessResult::type_unmatched;
      case Parsed::range: return DataAccessResult::other_reason;
    }
  }
  entries_ = parsed;
  count_ = n;
  return DataAccessResult::success;
}

server::InvokeOutcome SapAssignment::invoke_method(const server::RequestContext& /*ctx*/,
                                                   std::int8_t /*method_id*/,
                                                   const codec::DataView* parameter,
                                                   ByteWriter& /*return_data*/) {
  Entry e;
  if (parameter == nullptr) {
    return {ActionResult::type_unmatched, false};
  }
  switch (read_entry(*parameter, e)) {
    case Parsed::ok: break;
    case Parsed::type: return {ActionResult::type_unmatched, false};
    case Parsed::range: return {ActionResult::other_reason, false};
  }
  auto same_name = [&](const Entry& x) {
    return std::equal(x.logical_device_name().begin(), x.logical_device_name().end(),
                      e.logical_device_name().begin(), e.logical_device_name().end());
  };
  auto* const end = entries_.data() + count_;
  auto* it = std::find_if(entries_.data(), end, same_name);
  if (e.sap == 0) {
    // Connecting to SAP 0 disconnects the logical device (Blue Book 4.4.5).
    if (it == end) {
      return {ActionResult::other_reason, false};
    }
    std::copy(it + 1, end, it);
    --count_;
    return {ActionResult::success, false};
  }
  if (it != end) {
    it->sap = e.sap;
    return {ActionResult::success, false};
  }
  if (count_ == kMaxEntries) {
    return {ActionResult::other_reason, false};
  }
  entries_[count_++] = e;
  return {ActionResult::success, false};
}

}  // namespace dlms::cosem
