#include "codegen/binding/meter_activity_calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "meter_model/civil_time.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/cosem_date_time.hpp"

namespace dlms::binding {

namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataView;
using nlohmann::json;
namespace axdr = codec::axdr;
namespace tv = codec::cosem_time_value;

constexpr std::int64_t kSecondsPerDay = 86'400;

bool is_hex_digit(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}
// "0x" followed by a whole number of hex octets (at least one).
bool looks_like_hex(std::string_view s) noexcept {
  if (s.size() < 4 || s.size() % 2 != 0 || s[0] != '0' || s[1] != 'x') {
    return false;
  }
  return std::all_of(s.begin() + 2, s.end(), is_hex_digit);
}

// ---- meter JSON -> A-XDR ----

// "hh:mm:ss" (or seconds) as the meter writes times of day; -1 when malformed.
int seconds_of_day(const json& j) {
  if (j.is_number_integer()) {
    const auto s = j.get<std::int64_t>();
    return s >= 0 && s < kSecondsPerDay ? static_cast<int>(s) : -1;
  }
  if (!j.is_string()) {
    return -1;
  }
  int h = 0;
  int m = 0;
  int s = 0;
  const std::string text = j.get<std::string>();
  if (std::sscanf(text.c_str(), "%d:%d:%d", &h, &m, &s) < 2 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 ||
      s > 59) {
    return -1;
  }
  return h * 3600 + m * 60 + s;
}

std::string hms(int s) {
  std::array<char, 16> b{};
  std::snprintf(b.data(), b.size(), "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return b.data();
}

void write_name(ByteWriter& out, const json& name) {
  const auto bytes = name_from_json(name.is_string() ? name.get<std::string>() : std::string());
  axdr::write_octet_string(out, ByteSpan(bytes.data(), bytes.size()));
}

bool write_unsigned_checked(ByteWriter& out, const json& v) {
  if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 255) {
    return false;
  }
  axdr::write_unsigned(out, static_cast<std::uint8_t>(v.get<int>()));
  return true;
}

// season ::= structure { season_profile_name, season_start octet-string(12), week_name }
bool write_seasons(ByteWriter& out, const json& seasons) {
  axdr::begin_array(out, seasons.size());
  for (const auto& s : seasons) {
    axdr::begin_structure(out, 3);
    write_name(out, s.value("name", json("")));
    const int tod = s.contains("time") ? seconds_of_day(s["time"]) : 0;
    if (tod < 0) {
      return false;
    }
    codec::CosemDateTime start;  // every field not specified but those the meter holds
    start.month = static_cast<std::uint8_t>(s.value("month", 1));
    start.day_of_month = static_cast<std::uint8_t>(s.value("day", 1));
    start.hour = static_cast<std::uint8_t>(tod / 3600);
    start.minute = static_cast<std::uint8_t>(tod / 60 % 60);
    start.second = static_cast<std::uint8_t>(tod % 60);
    start.hundredths = 0;
    axdr::write_date_time_octets(out, start);
    write_name(out, s.value("week", json("")));
  }
  return true;
}

// week_profile ::= structure { week_profile_name, monday .. sunday unsigned }
bool write_weeks(ByteWriter& out, const json& weeks) {
  axdr::begin_array(out, weeks.size());
  for (const auto& w : weeks) {
    axdr::begin_structure(out, 8);
    write_name(out, w.value("name", json("")));
    const json& days = w.at("days");
    if (!days.is_array() || days.size() != 7) {
      return false;
    }
    for (const auto& d : days) {
      if (!write_unsigned_checked(out, d)) {
        return false;
      }
    }
  }
  return true;
}

// day_profile ::= structure { day_id unsigned, day_schedule array day_profile_action }
// day_profile_action ::= structure { start_time octet-string(4), script_logical_name, script_selector }
bool write_days(ByteWriter& out, const json& days) {
  axdr::begin_array(out, days.size());
  for (const auto& d : days) {
    axdr::begin_structure(out, 2);
    if (!write_unsigned_checked(out, d.at("id"))) {
      return false;
    }
    const json& switches = d.at("switches");
    axdr::begin_array(out, switches.size());
    for (const auto& sw : switches) {
      const int tod = seconds_of_day(sw.at("time"));
      const json& tariff = sw.at("tariff");
      if (tod < 0 || !tariff.is_number_integer() || tariff.get<int>() < 1 || tariff.get<int>() > 0xFFFF) {
        return false;
      }
      axdr::begin_structure(out, 3);
      const codec::CosemTime start{static_cast<std::uint8_t>(tod / 3600),
                                   static_cast<std::uint8_t>(tod / 60 % 60),
                                   static_cast<std::uint8_t>(tod % 60), 0};
      const auto t = start.encode();
      axdr::write_octet_string(out, t);
      axdr::write_octet_string(out, ByteSpan(MeterActivityCalendar::kTariffScriptTable.bytes));
      axdr::write_long_unsigned(out, static_cast<std::uint16_t>(tariff.get<int>()));
    }
  }
  return true;
}

// Attribute 2..5 (active) or 6..9 (passive) of `calendar`.
DataAccessResult write_part(int part, const json& calendar, ByteWriter& out) {
  bool ok = true;
  switch (part) {
    case 0: write_name(out, calendar.value("name", json(""))); break;
    case 1: ok = write_seasons(out, calendar.at("seasons")); break;
    case 2: ok = write_weeks(out, calendar.at("weeks")); break;
    default: ok = write_days(out, calendar.at("days")); break;
  }
  if (!ok) {
    return DataAccessResult::hardware_fault;  // the meter holds a calendar COSEM cannot carry
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

// ---- A-XDR (checked by the class) -> meter JSON; nullopt: the SM307 cannot hold it ----

json name_of(const DataView& v) { return name_to_json(v.as_octets().value_or(ByteSpan{})); }

// season_start: every year, concrete month and day; time of day (not specified = 0).
std::optional<json> season_of(const DataView& s) {
  const DataView name = *s.at(0);
  const auto start = s.at(1)->as_date_time();
  if (!start || start->year != tv::year_not_specified || start->month < 1 || start->month > 12 ||
      start->day_of_month < 1 || start->day_of_month > meter::days_in_month(2024, start->month)) {
    return std::nullopt;
  }
  auto field = [](std::uint8_t v, int max) { return v == tv::not_specified ? 0 : (v <= max ? v : -1); };
  const int h = field(start->hour, 23);
  const int m = field(start->minute, 59);
  const int sec = field(start->second, 59);
  if (h < 0 || m < 0 || sec < 0) {
    return std::nullopt;
  }
  return json{{"name", name_of(name)},
              {"month", start->month},
              {"day", start->day_of_month},
              {"time", hms(h * 3600 + m * 60 + sec)},
              {"week", name_of(*s.at(2))}};
}

std::optional<json> week_of(const DataView& w) {
  json days = json::array();
  std::size_t i = 0;
  for (const DataView f : w.elements()) {
    if (i++ != 0) {
      days.push_back(*f.as<std::uint8_t>());
    }
  }
  return json{{"name", name_of(*w.at(0))}, {"days", days}};
}

std::optional<json> day_of(const DataView& d) {
  struct Switch {
    int start_s;
    int tariff;
  };
  std::vector<Switch> switches;
  for (const DataView a : d.at(1)->elements()) {
    const auto start = a.at(0)->as_time();
    const auto script = a.at(1)->as_octets();
    const auto selector = a.at(2)->as<std::uint16_t>();
    if (!start || !script || !selector || start->hour > 23 ||
        !std::equal(script->begin(), script->end(), MeterActivityCalendar::kTariffScriptTable.bytes.begin(),
                    MeterActivityCalendar::kTariffScriptTable.bytes.end()) ||
        *selector < 1 || *selector > meter::kTariffs) {
      return std::nullopt;
    }
    const int m = start->minute == tv::not_specified ? 0 : start->minute;
    const int s = start->second == tv::not_specified ? 0 : start->second;
    if (m > 59 || s > 59) {
      return std::nullopt;
    }
    switches.push_back({start->hour * 3600 + m * 60 + s, *selector});
  }
  if (switches.empty()) {
    return std::nullopt;
  }
  std::sort(switches.begin(), switches.end(),
            [](const Switch& a, const Switch& b) { return a.start_s < b.start_s; });
  json out = json::array();
  for (std::size_t i = 0; i < switches.size(); ++i) {
    if (i > 0 && switches[i].start_s == switches[i - 1].start_s) {
      return std::nullopt;  // two actions at the same second
    }
    out.push_back({{"time", hms(switches[i].start_s)}, {"tariff", switches[i].tariff}});
  }
  return json{{"id", *d.at(0)->as<std::uint8_t>()}, {"switches", out}};
}

// Attribute 7, 8 or 9 as the meter's array (1..n entries); nullopt when the SM307 cannot hold it.
template <class Convert>
std::optional<json> table_of(const DataView& value, Convert convert) {
  if (value.size() == 0) {
    return std::nullopt;  // the meter needs at least one season, week profile and day profile
  }
  json out = json::array();
  for (const DataView e : value.elements()) {
    auto j = convert(e);
    if (!j) {
      return std::nullopt;
    }
    out.push_back(std::move(*j));
  }
  return out;
}

constexpr const char* kPartKeys[] = {"name", "seasons", "weeks", "days"};

}  // namespace

std::string name_to_json(ByteSpan octets) {
  const bool printable =
      std::all_of(octets.begin(), octets.end(), [](std::uint8_t b) { return b >= 0x20 && b <= 0x7E; });
  std::string text(octets.begin(), octets.end());
  if (printable && !looks_like_hex(text)) {
    return text;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "0x";
  for (const std::uint8_t b : octets) {
    hex += kHex[b >> 4U];
    hex += kHex[b & 0xFU];
  }
  return hex;
}

std::vector<std::uint8_t> name_from_json(const std::string& text) {
  if (!looks_like_hex(text)) {
    return {text.begin(), text.end()};
  }
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    bytes.push_back(static_cast<std::uint8_t>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
  }
  return bytes;
}

void MeterActivityCalendar::attach(cosem::ActivityCalendar& calendar) {
  calendar.set_limits(
      {meter::kMaxSeasons, meter::kMaxWeekProfiles, meter::kMaxDayProfiles, meter::kMaxSwitches});
  calendar.bind_store(this);
}

json MeterActivityCalendar::passive() const { return pending_ ? *pending_ : meter_.get("calendar.passive"); }

DataAccessResult MeterActivityCalendar::read(std::int8_t attribute_id, ByteWriter& out) {
  try {
    if (attribute_id >= 2 && attribute_id <= 5) {
      return write_part(attribute_id - 2, meter_.get("calendar.active"), out);
    }
    if (attribute_id >= 6 && attribute_id <= 9) {
      return write_part(attribute_id - 6, passive(), out);
    }
    if (attribute_id != 10) {
      return DataAccessResult::object_undefined;
    }
    const auto local_ms = meter_.get("calendar.activation_time").get<std::int64_t>();
    codec::CosemDateTime t;  // not specified: no activation planned
    if (local_ms >= 0) {
      const meter::CivilTime c = meter::civil_from_ms(local_ms);
      t.year = static_cast<std::uint16_t>(c.year);
      t.month = static_cast<std::uint8_t>(c.month);
      t.day_of_month = static_cast<std::uint8_t>(c.day);
      t.day_of_week = static_cast<std::uint8_t>(c.weekday);
      t.hour = static_cast<std::uint8_t>(c.hour);
      t.minute = static_cast<std::uint8_t>(c.minute);
      t.second = static_cast<std::uint8_t>(c.second);
      t.hundredths = static_cast<std::uint8_t>(c.millisecond / 10);
    }
    axdr::write_date_time_octets(out, t);
    return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
  } catch (const std::exception&) {
    return DataAccessResult::hardware_fault;
  }
}

DataAccessResult MeterActivityCalendar::write(std::int8_t attribute_id, const codec::DataView& value) {
  if (attribute_id >= 2 && attribute_id <= 5) {
    return DataAccessResult::read_write_denied;  // the active calendar changes by activation only
  }
  try {
    if (attribute_id == 10) {
      const auto t = value.as_date_time();
      if (!t) {
        return DataAccessResult::type_unmatched;
      }
      std::int64_t local_ms = -1;  // every date and time field not specified: no activation
      const bool none = t->year == tv::year_not_specified && t->month == tv::not_specified &&
                        t->day_of_month == tv::not_specified && t->hour == tv::not_specified &&
                        t->minute == tv::not_specified && t->second == tv::not_specified;
      if (!none) {
        const auto local = t->local_as_sys();
        if (!t->is_concrete() || !local) {
          return DataAccessResult::other_reason;
        }
        local_ms = static_cast<std::int64_t>(local->time_since_epoch().count()) * 1000;
      }
      meter_.set("calendar.activation_time", local_ms);
      return DataAccessResult::success;
    }
    std::optional<json> part;
    switch (attribute_id) {
      case 6: part = name_of(value); break;
      case 7: part = table_of(value, season_of); break;
      case 8: part = table_of(value, week_of); break;
      case 9: part = table_of(value, day_of); break;
      default: return DataAccessResult::object_undefined;
    }
    if (!part) {
      return DataAccessResult::other_reason;
    }
    const json current = meter_.get("calendar.passive");
    json next = pending_ ? *pending_ : current;
    next[kPartKeys[attribute_id - 6]] = std::move(*part);
    if (next == current) {
      pending_.reset();
      return DataAccessResult::success;
    }
    try {
      meter_.set("calendar.passive", next);
      pending_.reset();
    } catch (const std::invalid_argument&) {
      pending_ = std::move(next);  // references not complete yet: kept until the other tables come
    }
    return DataAccessResult::success;
  } catch (const std::invalid_argument&) {
    return DataAccessResult::other_reason;
  } catch (const std::exception&) {
    return DataAccessResult::hardware_fault;
  }
}

ActionResult MeterActivityCalendar::activate() {
  if (pending_) {
    return ActionResult::other_reason;  // the passive tables written do not form a calendar
  }
  try {
    meter_.invoke("calendar.activate_passive");
    return ActionResult::success;
  } catch (const std::invalid_argument&) {
    return ActionResult::other_reason;
  } catch (const std::exception&) {
    return ActionResult::hardware_fault;
  }
}

}  // namespace dlms::binding
