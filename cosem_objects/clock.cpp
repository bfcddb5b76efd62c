#include "cosem_objects/clock.hpp"

#include <chrono>

#include "cosem_objects/detail_classes1.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::CosemDateTime;
using codec::DataType;
using detail1::Format;
using detail1::Shape;
namespace access = association::access;
namespace tv = codec::cosem_time_value;

constexpr AttributeDescription kAttributes[] = {
    {1, "logical_name", DataType::octet_string, access::kRead, true, 0},
    {2, "time", DataType::octet_string, access::kReadWrite, false, 0},
    {3, "time_zone", DataType::long_, access::kReadWrite, true, 0},
    {4, "status", DataType::unsigned_, access::kRead, false, 0},
    {5, "daylight_savings_begin", DataType::octet_string, access::kReadWrite, true, 0},
    {6, "daylight_savings_end", DataType::octet_string, access::kReadWrite, true, 0},
    {7, "daylight_savings_deviation", DataType::integer, access::kReadWrite, true, 0},
    {8, "daylight_savings_enabled", DataType::boolean, access::kReadWrite, true, 0},
    {9, "clock_base", DataType::enum_, access::kRead, true, 0},
};
constexpr MethodDescription kMethods[] = {
    {1, "adjust_to_quarter", DataType::integer, access::kAccess},
    {2, "adjust_to_measuring_period", DataType::integer, access::kAccess},
    {3, "adjust_to_minute", DataType::integer, access::kAccess},
    {4, "adjust_to_preset_time", DataType::integer, access::kAccess},
    {5, "preset_adjusting_time", DataType::structure, access::kAccess},
    {6, "shift_time", DataType::long_, access::kAccess},
};
constexpr ClassDescription kDescription{8, 0, "Clock", kAttributes, kMethods};

constexpr Shape kDateTime{.type = DataType::octet_string, .min = 12, .max = 12, .format = Format::date_time};
constexpr Shape kTimeZone{.type = DataType::long_, .min = -720, .max = 840};
constexpr Shape kDstDeviation{.type = DataType::integer, .min = -120, .max = 120};
constexpr Shape kClockBase{.type = DataType::enum_, .min = 0, .max = 5};
constexpr Shape kPresetFields[] = {kDateTime, kDateTime, kDateTime};
constexpr Shape kPreset{.type = DataType::structure, .inner = kPresetFields, .fields = 3};
constexpr Shape kShift{.type = DataType::long_, .min = -900, .max = 900};

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::uint8_t or_zero(std::uint8_t v) noexcept { return v == tv::not_specified ? 0 : v; }

// The day of month a DST rule (Blue Book 4.1.6.1 wildcards) names in `year`, 0 if none:
// day_of_month 0xFE / 0xFD last / second last day; with a day_of_week, the last such weekday
// at or before a last-day marker, else the first such weekday on or after day_of_month
// (e.g. month 3, day 25, Sunday: the last Sunday of March).
unsigned rule_day(const CosemDateTime& r, std::int64_t year) noexcept {
  if (r.month < 1 || r.month > 12) {
    return 0;
  }
  const unsigned dim = codec::civil::days_in_month(year, r.month);
  const bool has_dow = r.day_of_week >= 1 && r.day_of_week <= 7;
  unsigned base = 0;
  bool backwards = false;
  if (r.day_of_month == tv::day_last) {
    base = dim;
    backwards = true;
  } else if (r.day_of_month == tv::day_second_last) {
    base = dim - 1;
    backwards = true;
  } else if (r.day_of_month == tv::not_specified) {
    if (!has_dow) {
      return 0;
    }
    base = 1;
  } else if (r.day_of_month >= 1 && r.day_of_month <= dim) {
    base = r.day_of_month;
  } else {
    return 0;
  }
  if (!has_dow) {
    return base;
  }
  const std::int64_t first = codec::civil::days_from_civil(year, r.month, 1);
  for (unsigned day = base; day >= 1 && day <= dim; backwards ? --day : ++day) {
    if (codec::civil::weekday_from_days(first + day - 1) == r.day_of_week) {
      return day;
    }
  }
  return 0;
}

// UTC seconds of a DST transition in `year`, the rule's local time read at `deviation`.
std::optional<std::int64_t> transition_utc(const CosemDateTime& r, std::int64_t year,
                                           std::int16_t deviation) noexcept {
  if (r.year != tv::year_not_specified) {
    year = r.year;
  }
  const unsigned day = rule_day(r, year);
  if (day == 0 || (r.hour != tv::not_specified && r.hour > 23) ||
      (r.minute != tv::not_specified && r.minute > 59) || (r.second != tv::not_specified && r.second > 59)) {
    return std::nullopt;
  }
  const std::int64_t days = codec::civil::days_from_civil(year, r.month, day);
  return days * 86400 + or_zero(r.hour) * 3600 + or_zero(r.minute) * 60 + or_zero(r.second) +
         std::int64_t{deviation} * 60;
}

}  // namespace

Clock::Clock(const apdu::ObisCode& logical_name) noexcept : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& Clock::class_description() noexcept { return kDescription; }

bool Clock::set_measuring_period(std::uint32_t seconds) noexcept {
  if (seconds == 0) {
    return false;
  }
  measuring_period_s_ = seconds;
  return true;
}

bool Clock::dst_active_at(std::int64_t utc_s) const noexcept {
  if (const auto zone = source_->zone_at(utc_s)) {
    return zone->dst_active;
  }
  if (!dst_enabled_) {
    return false;
  }
  const std::int16_t tz = time_zone();
  const std::int64_t local_days = floor_div(utc_s - std::int64_t{tz} * 60, 86400);
  const std::int64_t year = codec::civil::civil_from_days(local_days).year;
  const auto begin = transition_utc(dst_begin_, year, tz);
  const auto end = transition_utc(dst_end_, year, static_cast<std::int16_t>(tz - dst_deviation_));
  if (!begin || !end) {
    return false;
  }
  if (*begin <= *end) {
    return utc_s >= *begin && utc_s < *end;
  }
  return utc_s >= *begin || utc_s < *end;  // southern hemisphere: DST spans the new year
}

std::int16_t Clock::deviation_at(std::int64_t utc_s) const noexcept {
  if (const auto zone = source_->zone_at(utc_s)) {
    return zone->deviation;
  }
  return static_cast<std::int16_t>(time_zone() - (dst_active_at(utc_s) ? dst_deviation_ : 0));
}

CosemDateTime Clock::current_time() {
  const std::int64_t ms = source_->now_ms();
  const std::int64_t s = floor_div(ms, 1000);
  const bool dst = dst_active_at(s);
  const auto status = static_cast<std::uint8_t>((source_->status_bits() & 0x0F) |
                                                (dst ? codec::clock_status::daylight_saving_active : 0));
  CosemDateTime t =
      CosemDateTime::from_utc(std::chrono::sys_seconds(std::chrono::seconds(s)), deviation_at(s), status);
  t.hundredths = static_cast<std::uint8_t>((ms - s * 1000) / 10);
  return t;
}

std::optional<std::int64_t> Clock::utc_ms_of(const CosemDateTime& t) const noexcept {
  const auto local = t.local_as_sys();
  if (!local) {
    return std::nullopt;
  }
  const std::int64_t local_s = local->time_since_epoch().count();
  std::int16_t dev = t.deviation;
  if (dev == tv::deviation_not_specified) {
    dev = deviation_at(local_s + std::int64_t{time_zone()} * 60);
  }
  const std::int64_t hundredths = t.hundredths <= 99 ? t.hundredths : 0;
  return (local_s + std::int64_t{dev} * 60) * 1000 + hundredths * 10;
}

apdu::DataAccessResult Clock::get_attribute(const server::RequestContext& /*ctx*/, std::int8_t attribute_id,
                                            const apdu::SelectiveAccessDescriptor* access,
                                            server::GetCursor& /*cursor*/, ByteWriter& out) {
  if (access != nullptr) {
    return apdu::DataAccessResult::scope_of_access_violated;
  }
  namespace ax = codec::axdr;
  switch (attribute_id) {
    case 2: ax::write_date_time_octets(out, current_time()); break;
    case 3: ax::write_long(out, time_zone()); break;
    case 4: ax::write_unsigned(out, current_time().clock_status); break;
    case 5: ax::write_date_time_octets(out, dst_begin_); break;
    case 6: ax::write_date_time_octets(out, dst_end_); break;
    case 7: ax::write_integer(out, dst_deviation_); break;
    case 8: ax::write_boolean(out, dst_enabled_); break;
    case 9: ax::write_enum(out, clock_base_); break;
    default: return apdu::DataAccessResult::object_undefined;
  }
  return detail1::write_result(out);
}

apdu::DataAccessResult Clock::set_attribute(const server::RequestContext& /*ctx*/, std::int8_t attribute_id,
                                            const apdu::SelectiveAccessDescriptor* access,
                                            const codec::DataView& value) {
  using apdu::DataAccessResult;
  if (access != nullptr) {
    return DataAccessResult::scope_of_access_violated;
  }
  switch (attribute_id) {
    case 2: {
      if (!detail1::matches(value, kDateTime)) {
        return DataAccessResult::type_unmatched;
      }
      const auto ms = utc_ms_of(*value.as_date_time());
      if (!ms) {
        return DataAccessResult::other_reason;  // not one instant (wildcards)
      }
      return source_->set_ms(*ms) ? DataAccessResult::success : DataAccessResult::hardware_fault;
    }
    case 3:
      if (!detail1::matches(value, kTimeZone)) {
        return value.type() == DataType::long_ ? DataAccessResult::other_reason
                                               : DataAccessResult::type_unmatched;
      }
      if (source_->time_zone()) {
        return source_->set_time_zone(detail1::integer_of<std::int16_t>(value))
                   ? DataAccessResult::success
                   : DataAccessResult::other_reason;
      }
      time_zone_ = detail1::integer_of<std::int16_t>(value);
      return DataAccessResult::success;
    case 4: return DataAccessResult::read_write_denied;  // computed from the source and DST
    case 5:
    case 6: {
      if (!detail1::matches(value, kDateTime)) {
        return DataAccessResult::type_unmatched;
      }
      (attribute_id == 5 ? dst_begin_ : dst_end_) = *value.as_date_time();
      return DataAccessResult::success;
    }
    case 7:
      if (!detail1::matches(value, kDstDeviation)) {
        return value.type() == DataType::integer ? DataAccessResult::other_reason
                                                 : DataAccessResult::type_unmatched;
      }
      dst_deviation_ = detail1::integer_of<std::int8_t>(value);
      return DataAccessResult::success;
    case 8: {
      const auto b = value.as_bool();
      if (!b) {
        return DataAccessResult::type_unmatched;
      }
      dst_enabled_ = *b;
      return DataAccessResult::success;
    }
    case 9:
      if (!detail1::matches(value, kClockBase)) {
        return value.type() == DataType::enum_ ? DataAccessResult::other_reason
                                               : DataAccessResult::type_unmatched;
      }
      clock_base_ = detail1::integer_of<std::uint8_t>(value);
      return DataAccessResult::success;
    default: return DataAccessResult::object_undefined;
  }
}

apdu::ActionResult Clock::adjust_to(std::int64_t period_s) {
  const std::int64_t ms = source_->now_ms();
  const std::int64_t dev_ms = std::int64_t{deviation_at(floor_div(ms, 1000))} * 60000;
  const std::int64_t local = ms - dev_ms;
  const std::int64_t period = period_s * 1000;
  const std::int64_t rounded = floor_div(local + period / 2, period) * period;
  return source_->shift_ms(rounded - local) ? apdu::ActionResult::success
                                            : apdu::ActionResult::hardware_fault;
}

server::InvokeOutcome Clock::invoke_method(const server::RequestContext& /*ctx*/, std::int8_t method_id,
                                           const codec::DataView* parameter, ByteWriter& /*return_data*/) {
  using apdu::ActionResult;
  if (method_id >= 1 && method_id <= 4 && !detail1::integer_zero(parameter)) {
    return {ActionResult::type_unmatched, false};
  }
  switch (method_id) {
    case 1: return {adjust_to(15 * 60), false};
    case 2: return {adjust_to(measuring_period_s_), false};
    case 3: return {adjust_to(60), false};
    case 4: {
      const std::int64_t now = source_->now_ms();
      if (!preset_valid_ || now < preset_from_ms_ || now > preset_to_ms_) {
        return {ActionResult::other_reason, false};  // no preset, or outside its validity interval
      }
      if (!source_->set_ms(preset_ms_)) {
        return {ActionResult::hardware_fault, false};
      }
      preset_valid_ = false;
      return {ActionResult::success, false};
    }
    case 5: {
      if (parameter == nullptr || !detail1::matches(*parameter, kPreset)) {
        return {ActionResult::type_unmatched, false};
      }
      std::optional<std::int64_t> t[3];
      for (std::size_t i = 0; i < 3; ++i) {
        t[i] = utc_ms_of(*detail1::element(*parameter, i).as_date_time());
        if (!t[i]) {
          return {ActionResult::other_reason, false};
        }
      }
      if (*t[1] > *t[2]) {
        return {ActionResult::other_reason, false};
      }
      preset_valid_ = true;
      preset_ms_ = *t[0];
      preset_from_ms_ = *t[1];
      preset_to_ms_ = *t[2];
      return {ActionResult::success, false};
    }
    case 6: {
      if (parameter == nullptr || parameter->type() != DataType::long_) {
        return {ActionResult::type_unmatched, false};
      }
      if (!detail1::matches(*parameter, kShift)) {
        return {ActionResult::other_reason, false};
      }
      const auto seconds = detail1::integer_of<std::int16_t>(*parameter);
      return {source_->shift_ms(std::int64_t{seconds} * 1000) ? ActionResult::success
                                                              : ActionResult::hardware_fault,
              false};
    }
    default: return {ActionResult::object_undefined, false};
  }
}

}  // namespace dlms::cosem
