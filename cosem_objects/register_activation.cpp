#include "cosem_objects/register_activation.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::DataType;
using codec::DataView;
using detail1::Shape;
namespace access = association::access;

constexpr auto kAttributes = attribute_table({
    {"register_assignment", DataType::array, access::kRead},
    {"mask_list", DataType::array, access::kRead},
    {"active_mask", DataType::octet_string, access::kRead, kDynamic},
});
constexpr auto kMethods = method_table({
    {"add_register", DataType::structure, access::kAccess},
    {"add_mask", DataType::structure, access::kAccess},
    {"delete_mask", DataType::octet_string, access::kAccess},
});
constexpr ClassDescription kDescription{6, 0, "Register activation", kAttributes, kMethods};

constexpr Shape kObjectDefinitionFields[] = {
    {.type = DataType::long_unsigned},
    {.type = DataType::octet_string, .min = 6, .max = 6},
};
constexpr Shape kObjectDefinition{.type = DataType::structure, .inner = kObjectDefinitionFields, .fields = 2};
constexpr Shape kRegisterAssignment{.type = DataType::array, .inner = &kObjectDefinition};
constexpr Shape kIndex{.type = DataType::unsigned_, .min = 1};
constexpr Shape kMaskFields[] = {
    {.type = DataType::octet_string, .min = 1, .max = 255},
    {.type = DataType::array, .max = 255, .inner = &kIndex},
};
constexpr Shape kMask{.type = DataType::structure, .inner = kMaskFields, .fields = 2};
constexpr Shape kMaskList{.type = DataType::array, .inner = &kMask};
constexpr Shape kMaskName{.type = DataType::octet_string, .max = 255};

RegisterActivation::ObjectDefinition definition_of(const DataView& v) noexcept {
  return {detail1::integer_of<std::uint16_t>(detail1::element(v, 0)),
          detail1::obis_of(detail1::element(v, 1))};
}

RegisterActivation::Mask mask_of(const DataView& v) {
  RegisterActivation::Mask m;
  const ByteSpan name = detail1::octets_of(detail1::element(v, 0));
  m.name.assign(name.begin(), name.end());
  for (const DataView i : detail1::element(v, 1).elements()) {
    m.index_list.push_back(detail1::integer_of<std::uint8_t>(i));
  }
  return m;
}

ByteSpan span_of(const std::vector<std::uint8_t>& v) noexcept { return {v.data(), v.size()}; }

}  // namespace

RegisterActivation::RegisterActivation(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& RegisterActivation::class_description() noexcept { return kDescription; }

void RegisterActivation::changed(std::int8_t attribute_id) {
  if (observer_ != nullptr) {
    observer_->attribute_changed(*this, attribute_id);
  }
}

const RegisterActivation::Mask* RegisterActivation::find_mask(ByteSpan name) const noexcept {
  for (const Mask& m : masks_) {
    if (detail1::same_octets(span_of(m.name), name)) {
      return &m;
    }
  }
  return nullptr;
}

bool RegisterActivation::mask_fits(const Mask& m, std::size_t register_count) const noexcept {
  return std::all_of(m.index_list.begin(), m.index_list.end(),
                     [&](std::uint8_t i) { return i <= register_count; });
}

std::vector<RegisterActivation::ObjectDefinition> RegisterActivation::active_registers() const {
  std::vector<ObjectDefinition> out;
  if (const Mask* m = active_.empty() ? nullptr : find_mask(span_of(active_))) {
    for (std::uint8_t i : m->index_list) {
      out.push_back(registers_[i - 1U]);
    }
  }
  return out;
}

apdu::DataAccessResult RegisterActivation::get_attribute(const server::RequestContext& /*ctx*/,
                                                         std::int8_t attribute_id,
                                                         const apdu::SelectiveAccessDescriptor* /*access*/,
                                                         server::GetCursor& /*cursor*/, ByteWriter& out) {
  namespace ax = codec::axdr;
  switch (attribute_id) {
    case 2:
      ax::begin_array(out, registers_.size());
      for (const auto& r : registers_) {
        ax::begin_structure(out, 2);
        ax::write_long_unsigned(out, r.class_id);
        ax::write_octet_string(out, r.logical_name.bytes);
      }
      break;
    case 3:
      ax::begin_array(out, masks_.size());
      for (const auto& m : masks_) {
        ax::begin_structure(out, 2);
        ax::write_octet_string(out, span_of(m.name));
        ax::begin_array(out, m.index_list.size());
        for (std::uint8_t i : m.index_list) {
          ax::write_unsigned(out, i);
        }
      }
      break;
    default: ax::write_octet_string(out, active_mask()); break;
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult RegisterActivation::set_attribute(const server::RequestContext& /*ctx*/,
                                                         std::int8_t attribute_id,
                                                         const apdu::SelectiveAccessDescriptor* /*access*/,
                                                         const codec::DataView& value) {
  using apdu::DataAccessResult;
  switch (attribute_id) {
    case 2: {
      if (const auto r = detail1::check_table(value, kRegisterAssignment, max_registers_);
          r != DataAccessResult::success) {
        return r;
      }
      std::vector<ObjectDefinition> next;
      for (const DataView v : value.elements()) {
        const auto d = definition_of(v);
        if (std::find(next.begin(), next.end(), d) != next.end()) {
          return DataAccessResult::other_reason;
        }
        next.push_back(d);
      }
      for (const Mask& m : masks_) {
        if (!mask_fits(m, next.size())) {
          return DataAccessResult::other_reason;  // a mask refers to a register no longer assigned
        }
      }
      registers_ = std::move(next);
      break;
    }
    case 3: {
      if (const auto r = detail1::check_table(value, kMaskList, max_masks_); r != DataAccessResult::success) {
        return r;
      }
      std::vector<Mask> next;
      for (const DataView v : value.elements()) {
        Mask m = mask_of(v);
        if (!mask_fits(m, registers_.size()) ||
            std::any_of(next.begin(), next.end(), [&](const Mask& o) { return o.name == m.name; })) {
          return DataAccessResult::other_reason;
        }
        next.push_back(std::move(m));
      }
      if (!active_.empty() &&
          std::none_of(next.begin(), next.end(), [&](const Mask& o) { return o.name == active_; })) {
        return DataAccessResult::other_reason;  // the active mask must stay defined
      }
      masks_ = std::move(next);
      break;
    }
    default: {
      if (!detail1::matches(value, kMaskName)) {
        return DataAccessResult::type_unmatched;
      }
      const ByteSpan name = detail1::octets_of(value);
      if (!name.empty() && find_mask(name) == nullptr) {
        return DataAccessResult::other_reason;
      }
      active_.assign(name.begin(), name.end());
      break;
    }
  }
  changed(attribute_id);
  return DataAccessResult::success;
}

server::InvokeOutcome RegisterActivation::invoke_method(const server::RequestContext& /*ctx*/,
                                                        std::int8_t method_id,
                                                        const codec::DataView* parameter,
                                                        ByteWriter& /*return_data*/) {
  using apdu::ActionResult;
  switch (method_id) {
    case 1: {
      if (parameter == nullptr || !detail1::matches(*parameter, kObjectDefinition)) {
        return {ActionResult::type_unmatched, false};
      }
      const auto d = definition_of(*parameter);
      if (registers_.size() >= max_registers_ ||
          std::find(registers_.begin(), registers_.end(), d) != registers_.end()) {
        return {ActionResult::other_reason, false};
      }
      registers_.push_back(d);
      changed(2);
      break;
    }
    case 2: {
      if (parameter == nullptr || !detail1::matches(*parameter, kMask)) {
        return {ActionResult::type_unmatched, false};
      }
      Mask m = mask_of(*parameter);
      if (!mask_fits(m, registers_.size())) {
        return {ActionResult::other_reason, false};
      }
      auto it = std::find_if(masks_.begin(), masks_.end(), [&](const Mask& o) { return o.name == m.name; });
      if (it != masks_.end()) {
        *it = std::move(m);
      } else {
        if (masks_.size() >= max_masks_) {
          return {ActionResult::other_reason, false};
        }
        masks_.push_back(std::move(m));
      }
      changed(3);
      break;
    }
    default: {
      if (parameter == nullptr || !detail1::matches(*parameter, kMaskName)) {
        return {ActionResult::type_unmatched, false};
      }
      const ByteSpan name = detail1::octets_of(*parameter);
      auto it = std::find_if(masks_.begin(), masks_.end(),
                             [&](const Mask& o) { return detail1::same_octets(span_of(o.name), name); });
      if (it == masks_.end() || detail1::same_octets(span_of(active_), name)) {
        return {ActionResult::other_reason, false};  // unknown, or the active mask
      }
      masks_.erase(it);
      changed(3);
      break;
    }
  }
  return {ActionResult::success, false};
}

}  // namespace dlms::cosem
