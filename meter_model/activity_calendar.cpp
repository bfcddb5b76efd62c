#include "meter_model/activity_calendar.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "meter_model/civil_time.hpp"

namespace dlms::meter {

namespace {
[[noreturn]] void fail(const std::string& m) { throw std::invalid_argument("calendar: " + m); }

int parse_hms(const nlohmann::json& j) {
  if (j.is_number_integer()) return j.get<int>();
  const auto s = j.get<std::string>();
  int h = 0, m = 0, sec = 0;
  const int n = std::sscanf(s.c_str(), "%d:%d:%d", &h, &m, &sec);
  if (n < 2 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) fail("bad time of day '" + s + "'");
  return h * 3600 + m * 60 + sec;
}
std::string hms(int s) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return b;
}
}  // namespace

const DayProfile* Calendar::day(int id) const {
  for (const auto& d : days)
    if (d.day_id == id) return &d;
  return nullptr;
}

void Calendar::validate() const {
  if (seasons.empty() || seasons.size() > kMaxSeasons) fail("1..12 seasons required");
  if (weeks.empty() || weeks.size() > kMaxWeekProfiles) fail("1..12 week profiles required");
  if (days.empty() || days.size() > kMaxDayProfiles) fail("1..16 day profiles required");
  std::set<int> ids;
  for (const auto& d : days) {
    if (!ids.insert(d.day_id).second) fail("duplicate day_id " + std::to_string(d.day_id));
    if (d.switches.empty() || d.switches.size() > kMaxSwitches)
      fail("day " + std::to_string(d.day_id) + ": 1..16 switches required");
    for (std::size_t k = 0; k < d.switches.size(); ++k) {
      const auto& s = d.switches[k];
      if (s.tariff < 1 || s.tariff > kTariffs)
        fail("day " + std::to_string(d.day_id) + ": tariff must be 1..4");
      if (s.start_s < 0 || s.start_s >= 86400) fail("switch time out of range");
      if (k > 0 && s.start_s <= d.switches[k - 1].start_s) fail("switch times must increase");
    }
  }
  for (const auto& w : weeks)
    for (int id : w.day_ids)
      if (!day(id)) fail("week '" + w.name + "' names unknown day_id " + std::to_string(id));
  for (const auto& s : seasons) {
    if (s.month < 1 || s.month > 12 || s.day < 1 || s.day > days_in_month(2024, s.month))
      fail("season '" + s.name + "': bad start date");
    if (std::none_of(weeks.begin(), weeks.end(), [&](const WeekProfile& w) { return w.name == s.week_name; }))
      fail("season '" + s.name + "' names unknown week '" + s.week_name + "'");
  }
}

void validate_special_days(const std::vector<SpecialDay>& s) {
  if (s.size() > kMaxSpecialDays) fail("at most 100 special days");
  std::set<int> idx;
  for (const auto& d : s) {
    if (!idx.insert(d.index).second) fail("duplicate special day index");
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) fail("bad special day date");
  }
}

int Calendar::day_id_for(std::int64_t local_days, const std::vector<SpecialDay>& special) const {
  const CivilTime c = civil_from_ms(local_days * kDay);
  for (const auto& s : special)
    if ((s.year < 0 || s.year == c.year) && s.month == c.month && s.day == c.day && day(s.day_id))
      return s.day_id;
  return -1;
}

int Calendar::tariff_at(TimeMs local, const std::vector<SpecialDay>& special) const {
  // Find the active season at `local`.
  auto season_at = [&](TimeMs when) -> const Season* {
    const CivilTime c = civil_from_ms(when);
    const Season* best = nullptr;
    TimeMs best_t = 0;
    for (int y : {c.year, c.year - 1}) {
      for (const auto& s : seasons) {
        const int d = std::min(s.day, days_in_month(y, s.month));
        const TimeMs st = ms_from_civil(y, s.month, d) + s.start_s * kSecond;
        if (st <= when && (!best || st > best_t)) {
          best = &s;
          best_t = st;
        }
      }
      if (best) break;
    }
    return best;
  };
  auto day_of = [&](TimeMs when) -> const DayProfile* {
    std::int64_t days_ = when / kDay;
    if (when % kDay < 0) --days_;
    const int sid = day_id_for(days_, special);
    if (sid >= 0) return day(sid);
    const Season* s = season_at(when);
    if (!s) return nullptr;
    for (const auto& w : weeks)
      if (w.name == s->week_name) return day(w.day_ids[civil_from_ms(when).weekday - 1]);
    return nullptr;
  };
  std::int64_t days_ = local / kDay;
  if (local % kDay < 0) --days_;
  const int tod = static_cast<int>((local - days_ * kDay) / kSecond);
  const DayProfile* d = day_of(local);
  if (d) {
    const DaySwitch* cur = nullptr;
    for (const auto& s : d->switches)
      if (s.start_s <= tod) cur = &s;
    if (cur) return cur->tariff;
  }
  // Before the first switch: the previous day's last switch.
  const DayProfile* p = day_of(days_ * kDay - 1);
  if (p && !p->switches.empty()) return p->switches.back().tariff;
  return 1;
}

TimeMs Calendar::next_change(TimeMs local) const {
  std::int64_t days_ = local / kDay;
  if (local % kDay < 0) --days_;
  const TimeMs midnight = days_ * kDay;
  TimeMs best = midnight + kDay;
  auto consider = [&](TimeMs t) {
    if (t > local && t < best) best = t;
  };
  for (const auto& d : days)
    for (const auto& s : d.switches) consider(midnight + s.start_s * kSecond);
  const CivilTime c = civil_from_ms(local);
  for (const auto& s : seasons)
    if (s.month == c.month && s.day == c.day) consider(midnight + s.start_s * kSecond);
  return best;
}

Calendar Calendar::single_tariff() {
  Calendar c;
  c.name = "default";
  c.days.push_back(DayProfile{1, {DaySwitch{0, 1}}});
  c.weeks.push_back(WeekProfile{"week", {1, 1, 1, 1, 1, 1, 1}});
  c.seasons.push_back(Season{"all", 1, 1, 0, "week"});
  return c;
}

Calendar Calendar::from_json(const nlohmann::json& j) {
  Calendar c;
  try {
    c.name = j.value("name", std::string());
    for (const auto& s : j.at("seasons"))
      c.seasons.push_back(Season{s.at("name").get<std::string>(), s.at("month").get<int>(),
                                 s.at("day").get<int>(), s.contains("time") ? parse_hms(s.at("time")) : 0,
                                 s.at("week").get<std::string>()});
    for (const auto& w : j.at("weeks")) {
      WeekProfile wp;
      wp.name = w.at("name").get<std::string>();
      const auto& ids = w.at("days");
      if (!ids.is_array() || ids.size() != 7) fail("week '" + wp.name + "' needs 7 day ids");
      for (int k = 0; k < 7; ++k) wp.day_ids[k] = ids[k].get<int>();
      c.weeks.push_back(wp);
    }
    for (const auto& d : j.at("days")) {
      DayProfile dp;
      dp.day_id = d.at("id").get<int>();
      for (const auto& s : d.at("switches"))
        dp.switches.push_back(DaySwitch{parse_hms(s.at("time")), s.at("tariff").get<int>()});
      c.days.push_back(dp);
    }
  } catch (const nlohmann::json::exception& e) {
    fail(e.what());
  }
  c.validate();
  return c;
}

nlohmann::json Calendar::to_json() const {
  nlohmann::json j;
  j["name"] = name;
  j["seasons"] = nlohmann::json::array();
  for (const auto& s : seasons)
    j["seasons"].push_back({{"name", s.name},
                            {"month", s.month},
                            {"day", s.day},
                            {"time", hms(s.start_s)},
                            {"week", s.week_name}});
  j["weeks"] = nlohmann::json::array();
  for (const auto& w : weeks) j["weeks"].push_back({{"name", w.name}, {"days", w.day_ids}});
  j["days"] = nlohmann::json::array();
  for (const auto& d : days) {
    nlohmann::json sw = nlohmann::json::array();
    for (const auto& s : d.switches) sw.push_back({{"time", hms(s.start_s)}, {"tariff", s.tariff}});
    j["days"].push_back({{"id", d.day_id}, {"switches", sw}});
  }
  return j;
}

std::vector<SpecialDay> special_days_from_json(const nlohmann::json& j) {
  std::vector<SpecialDay> v;
  try {
    for (const auto& e : j)
      v.push_back(SpecialDay{e.at("index").get<int>(), e.value("year", -1), e.at("month").get<int>(),
                             e.at("day").get<int>(), e.at("day_id").get<int>()});
  } catch (const nlohmann::json::exception& e) {
    fail(e.what());
  }
  validate_special_days(v);
  return v;
}

nlohmann::json special_days_to_json(const std::vector<SpecialDay>& s) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& d : s)
    j.push_back(
        {{"index", d.index}, {"year", d.year}, {"month", d.month}, {"day", d.day}, {"day_id", d.day_id}});
  return j;
}

}  // namespace dlms::meter
