#include "cosem_objects/single_action_schedule.hpp"

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::DataType;
using codec::DataView;
using detail1::Format;
using detail1::Shape;
namespace access = association::access;
namespace tv = codec::cosem_time_value;

constexpr auto kAttributes = attribute_table({
    {"executed_script", DataType::structure, access::kReadWrite},
    {"type", DataType::enum_, access::kReadWrite},
    {"execution_time", DataType::array, access::kReadWrite},
});
constexpr ClassDescription kDescription{22, 0, "Single action schedule", kAttributes, {}};

constexpr Shape kScriptFields[] = {
    {.type = DataType::octet_string, .min = 6, .max = 6},
    {.type = DataType::long_unsigned},
};
constexpr Shape kScript{.type = DataType::structure, .inner = kScriptFields, .fields = 2};
constexpr Shape kType{.type = DataType::enum_, .min = 1, .max = 5};
constexpr Shape kTimeDateFields[] = {
    {.type = DataType::octet_string, .min = 4, .max = 4, .format = Format::time},
    {.type = DataType::octet_string, .min = 5, .max = 5, .format = Format::date},
};
constexpr Shape kTimeDate{.type = DataType::structure, .inner = kTimeDateFields, .fields = 2};
constexpr Shape kExecutionTime{.type = DataType::array, .inner = &kTimeDate};

bool date_has_wildcard(const codec::CosemDate& d) noexcept {
  return d.year == tv::year_not_specified || d.month > 12 || d.day_of_month > 31;
}

bool same_time(const codec::CosemTime& a, const codec::CosemTime& b) noexcept {
  return a.hour == b.hour && a.minute == b.minute && a.second == b.second;
}

// Blue Book 4.5.7, attribute type: what execution_time may hold for each type.
bool consistent(std::uint8_t type, const std::vector<SingleActionSchedule::ExecutionTime>& times) noexcept {
  if (type == 1 && times.size() > 1) {
    return false;
  }
  for (const auto& t : times) {
    if ((type == 2 || type == 4) && date_has_wildcard(t.date)) {
      return false;
    }
    if ((type == 2 || type == 3) && !same_time(t.time, times.front().time)) {
      return false;
    }
  }
  return true;
}

bool field_matches(std::uint8_t pattern, std::uint8_t value) noexcept {
  return pattern == tv::not_specified || pattern == value;
}

}  // namespace

SingleActionSchedule::SingleActionSchedule(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& SingleActionSchedule::class_description() noexcept { return kDescription; }

void SingleActionSchedule::changed(std::int8_t attribute_id) {
  if (observer_ != nullptr) {
    observer_->attribute_changed(*this, attribute_id);
  }
}

bool SingleActionSchedule::due_at(const codec::CosemDateTime& t) const noexcept {
  if (!t.is_concrete()) {
    return false;
  }
  const unsigned dim = codec::civil::days_in_month(t.year, t.month);
  const unsigned dow =
      codec::civil::weekday_from_days(codec::civil::days_from_civil(t.year, t.month, t.day_of_month));
  for (const auto& e : times_) {
    const bool time_ok = field_matches(e.time.hour, t.hour) && field_matches(e.time.minute, t.minute) &&
                         field_matches(e.time.second, t.second);
    const auto& d = e.date;
    const bool year_ok = d.year == tv::year_not_specified || d.year == t.year;
    const bool month_ok = d.month == tv::not_specified || d.month == t.month;
    bool day_ok = d.day_of_month == tv::not_specified || d.day_of_month == t.day_of_month;
    if (d.day_of_month == tv::day_last) {
      day_ok = t.day_of_month == dim;
    } else if (d.day_of_month == tv::day_second_last) {
      day_ok = t.day_of_month + 1U == dim;
    }
    const bool dow_ok = d.day_of_week == tv::not_specified || d.day_of_week == dow;
    if (time_ok && year_ok && month_ok && day_ok && dow_ok) {
      return true;
    }
  }
  return false;
}

apdu::DataAccessResult SingleActionSchedule::get_attribute(const server::RequestContext& /*ctx*/,
                                                           std::int8_t attribute_id,
                                                           const apdu::SelectiveAccessDescriptor* /*access*/,
                                                           server::GetCursor& /*cursor*/, ByteWriter& out) {
  namespace ax = codec::axdr;
  switch (attribute_id) {
    case 2:
      ax::begin_structure(out, 2);
      ax::write_octet_string(out, script_logical_name_.bytes);
      ax::write_long_unsigned(out, script_selector_);
      break;
    case 3: ax::write_enum(out, type_); break;
    default:
      ax::begin_array(out, times_.size());
      for (const auto& e : times_) {
        ax::begin_structure(out, 2);
        const auto t = e.time.encode();
        ax::write_octet_string(out, t);
        const auto d = e.date.encode();
        ax::write_octet_string(out, d);
      }
      break;
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult SingleActionSchedule::set_attribute(const server::RequestContext& /*ctx*/,
                                                           std::int8_t attribute_id,
                                                           const apdu::SelectiveAccessDescriptor* /*access*/,
                                                           const codec::DataView& value) {
  using apdu::DataAccessResult;
  switch (attribute_id) {
    case 2:
      if (!detail1::matches(value, kScript)) {
        return DataAccessResult::type_unmatched;
      }
      script_logical_name_ = detail1::obis_of(detail1::element(value, 0));
      script_selector_ = detail1::integer_of<std::uint16_t>(detail1::element(value, 1));
      break;
    case 3: {
      if (value.type() != DataType::enum_) {
        return DataAccessResult::type_unmatched;
      }
      if (!detail1::matches(value, kType) || !consistent(detail1::integer_of<std::uint8_t>(value), times_)) {
        return DataAccessResult::other_reason;
      }
      type_ = detail1::integer_of<std::uint8_t>(value);
      break;
    }
    default: {
      if (const auto r = detail1::check_table(value, kExecutionTime, capacity_);
          r != DataAccessResult::success) {
        return r;
      }
      std::vector<ExecutionTime> next;
      next.reserve(value.size());
      for (const DataView e : value.elements()) {
        ExecutionTime t{*detail1::element(e, 0).as_time(), *detail1::element(e, 1).as_date()};
        if (t.time.hundredths != 0 && t.time.hundredths != tv::not_specified) {
          return DataAccessResult::other_reason;
        }
        next.push_back(t);
      }
      if (!consistent(type_, next)) {
        return DataAccessResult::other_reason;
      }
      times_ = std::move(next);
      break;
    }
  }
  changed(attribute_id);
  return DataAccessResult::success;
}

}  // namespace dlms::cosem
