#include "cosem_objects/activity_calendar.hpp"

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
    {"calendar_name_active", DataType::octet_string, access::kRead},
    {"season_profile_active", DataType::array, access::kRead},
    {"week_profile_table_active", DataType::array, access::kRead},
    {"day_profile_table_active", DataType::array, access::kRead},
    {"calendar_name_passive", DataType::octet_string, access::kReadWrite},
    {"season_profile_passive", DataType::array, access::kReadWrite},
    {"week_profile_table_passive", DataType::array, access::kReadWrite},
    {"day_profile_table_passive", DataType::array, access::kReadWrite},
    {"activate_passive_calendar_time", DataType::octet_string, access::kReadWrite},
});
constexpr auto kMethods = method_table({
    {"activate_passive_calendar", DataType::integer, access::kAccess},
});
constexpr ClassDescription kDescription{20, 0, "Activity calendar", kAttributes, kMethods};

constexpr Shape kName{.type = DataType::octet_string, .max = 255};
constexpr Shape kDateTime{.type = DataType::octet_string, .min = 12, .max = 12, .format = Format::date_time};
constexpr Shape kSeasonFields[] = {kName, kDateTime, kName};
constexpr Shape kSeason{.type = DataType::structure, .inner = kSeasonFields, .fields = 3};
constexpr Shape kSeasons{.type = DataType::array, .inner = &kSeason};
constexpr Shape kDayId{.type = DataType::unsigned_};
constexpr Shape kWeekFields[] = {kName, kDayId, kDayId, kDayId, kDayId, kDayId, kDayId, kDayId};
constexpr Shape kWeek{.type = DataType::structure, .inner = kWeekFields, .fields = 8};
constexpr Shape kWeeks{.type = DataType::array, .inner = &kWeek};
constexpr Shape kActionFields[] = {
    {.type = DataType::octet_string, .min = 4, .max = 4, .format = Format::time},
    {.type = DataType::octet_string, .min = 6, .max = 6},
    {.type = DataType::long_unsigned},
};
constexpr Shape kAction{.type = DataType::structure, .inner = kActionFields, .fields = 3};
constexpr Shape kDaySchedule{.type = DataType::array, .inner = &kAction};
constexpr Shape kDayFields[] = {kDayId, kDaySchedule};
constexpr Shape kDay{.type = DataType::structure, .inner = kDayFields, .fields = 2};
constexpr Shape kDays{.type = DataType::array, .inner = &kDay};

// True when no two structures of `array` have equal first fields (names, day ids, start times).
bool unique_keys(const DataView& array) noexcept {
  std::size_t i = 0;
  for (const DataView a : array.elements()) {
    std::size_t j = 0;
    for (const DataView b : array.elements()) {
      if (j > i && (*a.elements().begin()) == (*b.elements().begin())) {
        return false;
      }
      ++j;
    }
    ++i;
  }
  return true;
}

// `checked` (check_table() of `array`), or other-reason when that passed but two entries of
// `array` share a key.
apdu::DataAccessResult with_unique_keys(apdu::DataAccessResult checked, const DataView& array) noexcept {
  if (checked != apdu::DataAccessResult::success) {
    return checked;
  }
  return unique_keys(array) ? apdu::DataAccessResult::success : apdu::DataAccessResult::other_reason;
}

// True when some structure of `array` has `key` as its first field.
bool has_key(const DataView& array, const DataView& key) noexcept {
  for (const DataView a : array.elements()) {
    if ((*a.elements().begin()) == key) {
      return true;
    }
  }
  return false;
}

}  // namespace

ActivityCalendar::ActivityCalendar(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name) {
  for (std::size_t i = 0; i < attributes_.size(); ++i) {
    const std::int8_t id = static_cast<std::int8_t>(i + 2);
    if (id == 2 || id == 6) {
      attributes_[i] = {0x09, 0x00};
    } else if (id == 10) {
      attributes_[i] = detail1::unspecified_date_time();
    } else {
      attributes_[i] = {0x01, 0x00};
    }
  }
}

const ClassDescription& ActivityCalendar::class_description() noexcept { return kDescription; }

ByteSpan ActivityCalendar::attribute_encoding(std::int8_t attribute_id) const noexcept {
  if (attribute_id < 2 || attribute_id > 10) {
    return {};
  }
  const auto& e = attributes_[static_cast<std::size_t>(attribute_id - 2)];
  return {e.data(), e.size()};
}

void ActivityCalendar::changed(std::int8_t attribute_id) {
  if (observer_ != nullptr) {
    observer_->attribute_changed(*this, attribute_id);
  }
}

apdu::DataAccessResult ActivityCalendar::check(std::int8_t attribute_id,
                                               const codec::DataView& value) const noexcept {
  using apdu::DataAccessResult;
  switch (attribute_id) {
    case 2:
    case 6:
      return detail1::matches(value, kName) ? DataAccessResult::success : DataAccessResult::type_unmatched;
    case 3:
    case 7: return with_unique_keys(detail1::check_table(value, kSeasons, limits_.seasons), value);
    case 4:
    case 8: return with_unique_keys(detail1::check_table(value, kWeeks, limits_.week_profiles), value);
    case 5:
    case 9: {
      if (const auto r = with_unique_keys(detail1::check_table(value, kDays, limits_.day_profiles), value);
          r != DataAccessResult::success) {
        return r;
      }
      for (const DataView day : value.elements()) {
        const DataView schedule = detail1::element(day, 1);
        if (schedule.size() > limits_.switches_per_day || !unique_keys(schedule)) {
          return DataAccessResult::other_reason;
        }
      }
      return DataAccessResult::success;
    }
    default:
      return detail1::matches(value, kDateTime) ? DataAccessResult::success
                                                : DataAccessResult::type_unmatched;
  }
}

bool ActivityCalendar::activate() {
  if (store_ != nullptr) {
    if (store_->activate() != apdu::ActionResult::success) {
      return false;
    }
    for (std::int8_t id = 2; id <= 5; ++id) {
      changed(id);
    }
    return true;
  }
  const DataView seasons = detail1::view_of(attributes_[5]);
  const DataView weeks = detail1::view_of(attributes_[6]);
  const DataView days = detail1::view_of(attributes_[7]);
  for (const DataView season : seasons.elements()) {
    if (!has_key(weeks, detail1::element(season, 2))) {
      return false;  // a season names a week profile the passive table lacks
    }
  }
  for (const DataView week : weeks.elements()) {
    std::size_t i = 0;
    for (const DataView day_id : week.elements()) {
      if (i++ != 0 && !has_key(days, day_id)) {
        return false;  // a week names a day profile the passive table lacks
      }
    }
  }
  for (std::size_t i = 0; i < 4; ++i) {
    attributes_[i] = attributes_[i + 4];
  }
  for (std::int8_t id = 2; id <= 5; ++id) {
    changed(id);
  }
  return true;
}

apdu::DataAccessResult ActivityCalendar::get_attribute(const server::RequestContext& /*ctx*/,
                                                       std::int8_t attribute_id,
                                                       const apdu::SelectiveAccessDescriptor* /*access*/,
                                                       server::GetCursor& /*cursor*/, ByteWriter& out) {
  if (store_ != nullptr) {
    return store_->read(attribute_id, out);
  }
  out.bytes(attribute_encoding(attribute_id));
  return detail1::write_result(out);
}

apdu::DataAccessResult ActivityCalendar::set_attribute(const server::RequestContext& /*ctx*/,
                                                       std::int8_t attribute_id,
                                                       const apdu::SelectiveAccessDescriptor* /*access*/,
                                                       const codec::DataView& value) {
  const auto r = check(attribute_id, value);
  if (r != apdu::DataAccessResult::success) {
    return r;
  }
  if (store_ != nullptr) {
    const auto w = store_->write(attribute_id, value);
    if (w == apdu::DataAccessResult::success) {
      changed(attribute_id);
    }
    return w;
  }
  detail1::assign(attributes_[static_cast<std::size_t>(attribute_id - 2)], value);
  changed(attribute_id);
  return r;
}

server::InvokeOutcome ActivityCalendar::invoke_method(const server::RequestContext& /*ctx*/,
                                                      std::int8_t /*method_id*/,
                                                      const codec::DataView* parameter,
                                                      ByteWriter& /*return_data*/) {
  if (!detail1::integer_zero(parameter)) {
    return {apdu::ActionResult::type_unmatched, false};
  }
  if (store_ != nullptr) {
    const auto r = store_->activate();
    if (r == apdu::ActionResult::success) {
      for (std::int8_t id = 2; id <= 5; ++id) {
        changed(id);
      }
    }
    return {r, false};
  }
  return {activate() ? apdu::ActionResult::success : apdu::ActionResult::other_reason, false};
}

}  // namespace dlms::cosem
