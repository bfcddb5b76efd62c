#pragma once
// Time-of-use calendar: the model behind the Activity calendar (Blue Book class 20: season
// profiles, week profiles, day profiles) and the Special days table (class 11). Seasons start on
// a month/day (every year) at a time of day; the latest season start at or before the local time
// rules. A special day replaces the week profile's day for its date. A day profile's switches
// select a tariff (the script_selector of the day action, 1..4) from their start time on;
// before the first switch of a day, the previous day's last switch applies.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "meter_model/meter_clock.hpp"

namespace dlms::meter {

inline constexpr int kMaxSeasons = 12;
inline constexpr int kMaxWeekProfiles = 12;
inline constexpr int kMaxDayProfiles = 16;
inline constexpr int kMaxSwitches = 16;
inline constexpr int kTariffs = 4;
inline constexpr int kMaxSpecialDays = 100;

struct DaySwitch {
  int start_s = 0;  // seconds after local midnight
  int tariff = 1;   // 1..4
};

struct DayProfile {
  int day_id = 0;
  std::vector<DaySwitch> switches;  // sorted by start_s
};

struct WeekProfile {
  std::string name;
  std::array<int, 7> day_ids{};  // Monday .. Sunday
};

struct Season {
  std::string name;
  int month = 1, day = 1;  // start, every year
  int start_s = 0;         // time of day of the start
  std::string week_name;
};

struct SpecialDay {
  int index = 0;
  int year = -1;  // -1: every year (wildcard)
  int month = 1, day = 1;
  int day_id = 0;
};

struct Calendar {
  std::string name;
  std::vector<Season> seasons;
  std::vector<WeekProfile> weeks;
  std::vector<DayProfile> days;

  // Throws std::invalid_argument with a precise message unless the limits and references hold.
  void validate() const;
  // Tariff (1..4) at a local time (ms since 1970 in local time), with special days applied.
  int tariff_at(TimeMs local, const std::vector<SpecialDay>& special) const;
  // The next local time strictly after `local` at which tariff_at may change.
  TimeMs next_change(TimeMs local) const;

  static Calendar single_tariff();  // everything in tariff 1
  static Calendar from_json(const nlohmann::json& j);
  nlohmann::json to_json() const;

 private:
  int day_id_for(std::int64_t local_days, const std::vector<SpecialDay>& special) const;
  const DayProfile* day(int id) const;
};

void validate_special_days(const std::vector<SpecialDay>& s);
std::vector<SpecialDay> special_days_from_json(const nlohmann::json& j);
nlohmann::json special_days_to_json(const std::vector<SpecialDay>& s);

}  // namespace dlms::meter
