#include "cosem_objects/register_monitor.hpp"

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
    {"thresholds", DataType::array, access::kReadWrite},
    {"monitored_value", DataType::structure, access::kRead},
    {"actions", DataType::array, access::kRead},
});
constexpr ClassDescription kDescription{21, 0, "Register monitor", kAttributes, {}};

constexpr Shape kThreshold{.type = DataType::dont_care, .format = Format::simple};
constexpr Shape kThresholds{.type = DataType::array, .inner = &kThreshold};
constexpr Shape kValueDefinitionFields[] = {
    {.type = DataType::long_unsigned},
    {.type = DataType::octet_string, .min = 6, .max = 6},
    {.type = DataType::integer},
};
constexpr Shape kValueDefinition{.type = DataType::structure, .inner = kValueDefinitionFields, .fields = 3};
constexpr Shape kActionItemFields[] = {
    {.type = DataType::octet_string, .min = 6, .max = 6},
    {.type = DataType::long_unsigned},
};
constexpr Shape kActionItem{.type = DataType::structure, .inner = kActionItemFields, .fields = 2};
constexpr Shape kActionSetFields[] = {kActionItem, kActionItem};
constexpr Shape kActionSet{.type = DataType::structure, .inner = kActionSetFields, .fields = 2};
constexpr Shape kActions{.type = DataType::array, .inner = &kActionSet};

RegisterMonitor::ActionItem item_of(const DataView& v) noexcept {
  return {detail1::obis_of(detail1::element(v, 0)),
          detail1::integer_of<std::uint16_t>(detail1::element(v, 1))};
}

void write_item(ByteWriter& out, const RegisterMonitor::ActionItem& a) noexcept {
  codec::axdr::begin_structure(out, 2);
  codec::axdr::write_octet_string(out, a.script_logical_name.bytes);
  codec::axdr::write_long_unsigned(out, a.script_selector);
}

std::optional<double> number_of(const DataView& v) noexcept {
  if (v.type() == DataType::float32 || v.type() == DataType::float64) {
    const auto d = v.as_double();
    return d ? std::optional<double>(*d) : std::nullopt;
  }
  if (v.type() == DataType::long64_unsigned) {
    std::uint64_t u = 0;
    return v.get(u) ? std::optional<double>(static_cast<double>(u)) : std::nullopt;
  }
  std::int64_t n = 0;
  return v.get(n) ? std::optional<double>(static_cast<double>(n)) : std::nullopt;
}

}  // namespace

RegisterMonitor::RegisterMonitor(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name), thresholds_{0x01, 0x00} {}

const ClassDescription& RegisterMonitor::class_description() noexcept { return kDescription; }

void RegisterMonitor::changed(std::int8_t attribute_id) {
  if (observer_ != nullptr) {
    observer_->attribute_changed(*this, attribute_id);
  }
}

std::size_t RegisterMonitor::threshold_count() const noexcept { return detail1::view_of(thresholds_).size(); }

std::size_t RegisterMonitor::monitor(const codec::DataView& value, ScriptRunner& runner) {
  const auto now = number_of(value);
  if (!now) {
    return 0;
  }
  std::size_t runs = 0;
  if (previous_) {
    std::size_t i = 0;
    for (const DataView t : detail1::view_of(thresholds_).elements()) {
      const auto threshold = number_of(t);
      if (threshold && i < actions_.size()) {
        if (*previous_ < *threshold && *now >= *threshold) {
          (void)runner.run(actions_[i].up.script_logical_name, actions_[i].up.script_selector);
          ++runs;
        } else if (*previous_ >= *threshold && *now < *threshold) {
          (void)runner.run(actions_[i].down.script_logical_name, actions_[i].down.script_selector);
          ++runs;
        }
      }
      ++i;
    }
  }
  previous_ = now;
  return runs;
}

apdu::DataAccessResult RegisterMonitor::get_attribute(const server::RequestContext& /*ctx*/,
                                                      std::int8_t attribute_id,
                                                      const apdu::SelectiveAccessDescriptor* /*access*/,
                                                      server::GetCursor& /*cursor*/, ByteWriter& out) {
  namespace ax = codec::axdr;
  switch (attribute_id) {
    case 2: out.bytes(ByteSpan(thresholds_.data(), thresholds_.size())); break;
    case 3:
      ax::begin_structure(out, 3);
      ax::write_long_unsigned(out, monitored_.class_id);
      ax::write_octet_string(out, monitored_.logical_name.bytes);
      ax::write_integer(out, monitored_.attribute_index);
      break;
    default:
      ax::begin_array(out, actions_.size());
      for (const auto& a : actions_) {
        ax::begin_structure(out, 2);
        write_item(out, a.up);
        write_item(out, a.down);
      }
      break;
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult RegisterMonitor::set_attribute(const server::RequestContext& /*ctx*/,
                                                      std::int8_t attribute_id,
                                                      const apdu::SelectiveAccessDescriptor* /*access*/,
                                                      const codec::DataView& value) {
  using apdu::DataAccessResult;
  switch (attribute_id) {
    case 2: {
      if (!detail1::matches(value, kThresholds)) {
        return DataAccessResult::type_unmatched;
      }
      const DataType first = value.size() != 0 ? (*value.elements().begin()).type() : DataType::null_data;
      for (const DataView t : value.elements()) {
        if (t.type() != first) {
          return DataAccessResult::type_unmatched;  // thresholds share the monitored type
        }
      }
      if (value.size() > capacity_) {
        return DataAccessResult::other_reason;
      }
      detail1::assign(thresholds_, value);
      previous_.reset();
      break;
    }
    case 3:
      if (!detail1::matches(value, kValueDefinition)) {
        return DataAccessResult::type_unmatched;
      }
      monitored_ = {detail1::integer_of<std::uint16_t>(detail1::element(value, 0)),
                    detail1::obis_of(detail1::element(value, 1)),
                    detail1::integer_of<std::int8_t>(detail1::element(value, 2))};
      previous_.reset();
      break;
    default: {
      if (const auto r = detail1::check_table(value, kActions, capacity_); r != DataAccessResult::success) {
        return r;
      }
      std::vector<ActionSet> next;
      for (const DataView a : value.elements()) {
        next.push_back({item_of(detail1::element(a, 0)), item_of(detail1::element(a, 1))});
      }
      actions_ = std::move(next);
      break;
    }
  }
  changed(attribute_id);
  return DataAccessResult::success;
}

}  // namespace dlms::cosem
