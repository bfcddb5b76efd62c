#include "codegen/binding/meter_special_days.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "meter_model/civil_time.hpp"

namespace dlms::binding {

namespace {

namespace tv = codec::cosem_time_value;
using apdu::DataAccessResult;
using nlohmann::json;

bool concrete(int year, int month, int day) {
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= meter::days_in_month(year, month);
}

}  // namespace

void MeterSpecialDays::attach(cosem::SpecialDaysTable& table) {
  table.set_capacity(static_cast<std::uint16_t>(meter::kMaxSpecialDays));
  table.bind_store(this);
}

bool MeterSpecialDays::load(std::vector<cosem::SpecialDayEntry>& entries) {
  try {
    const json list = meter_.get("calendar.special_days");
    for (const auto& e : list) {
      cosem::SpecialDayEntry s;
      const int year = e.value("year", -1);
      const int month = e.at("month").get<int>();
      const int day = e.at("day").get<int>();
      s.index = static_cast<std::uint16_t>(e.at("index").get<int>());
      s.day_id = static_cast<std::uint8_t>(e.at("day_id").get<int>());
      s.date.year = year < 0 ? tv::year_not_specified : static_cast<std::uint16_t>(year);
      s.date.month = static_cast<std::uint8_t>(month);
      s.date.day_of_month = static_cast<std::uint8_t>(day);
      s.date.day_of_week =
          concrete(year, month, day)
              ? static_cast<std::uint8_t>(meter::weekday_from_days(meter::days_from_civil(year, month, day)))
              : tv::not_specified;
      entries.push_back(s);
    }
    std::sort(
        entries.begin(), entries.end(),
        [](const cosem::SpecialDayEntry& a, const cosem::SpecialDayEntry& b) { return a.index < b.index; });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

DataAccessResult MeterSpecialDays::store(const std::vector<cosem::SpecialDayEntry>& entries) {
  json list = json::array();
  for (const auto& e : entries) {
    const auto& d = e.date;
    if (d.month < 1 || d.month > 12 || d.day_of_month < 1 || d.day_of_month > 31) {
      return DataAccessResult::other_reason;  // wildcards, DST and last-day markers: not held
    }
    const int year = d.year == tv::year_not_specified ? -1 : d.year;
    if (year >= 0 && d.day_of_month > meter::days_in_month(year, d.month)) {
      return DataAccessResult::other_reason;
    }
    if (d.day_of_week != tv::not_specified &&
        (year < 0 ||
         d.day_of_week != meter::weekday_from_days(meter::days_from_civil(year, d.month, d.day_of_month)))) {
      return DataAccessResult::other_reason;  // a weekday the date does not have
    }
    list.push_back({{"index", e.index},
                    {"year", year},
                    {"month", d.month},
                    {"day", d.day_of_month},
                    {"day_id", e.day_id}});
  }
  try {
    meter_.set("calendar.special_days", list);
    return DataAccessResult::success;
  } catch (const std::invalid_argument&) {
    return DataAccessResult::other_reason;
  } catch (const std::exception&) {
    return DataAccessResult::hardware_fault;
  }
}

}  // namespace dlms::binding
