#include "apps/sm307-meter/duration.hpp"

#include <cmath>
#include <cstdlib>

namespace dlms::meter_app {
namespace {

constexpr std::int64_t kSecondMs = 1000;
constexpr std::int64_t kMinuteMs = 60 * kSecondMs;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kWeekMs = 7 * kDayMs;
constexpr double kMaxMs = 100.0 * 366 * kDayMs;

std::optional<std::int64_t> unit_ms(std::string_view unit) {
  if (unit.empty() || unit == "s") return kSecondMs;
  if (unit == "ms") return 1;
  if (unit == "m" || unit == "min") return kMinuteMs;
  if (unit == "h") return kHourMs;
  if (unit == "d") return kDayMs;
  if (unit == "w") return kWeekMs;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  double total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t number_start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
      ++i;
    }
    if (i == number_start) {
      return std::nullopt;
    }
    const std::string number(text.substr(number_start, i - number_start));
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end == nullptr || *end != '\0' || !std::isfinite(value)) {
      return std::nullopt;
    }
    const std::size_t unit_start = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') {
      ++i;
    }
    const auto unit = unit_ms(text.substr(unit_start, i - unit_start));
    if (!unit) {
      return std::nullopt;
    }
    // A bare number is allowed only alone.
    if (unit_start == i && (number_start != 0 || i != text.size())) {
      return std::nullopt;
    }
    total += value * static_cast<double>(*unit);
    if (total > kMaxMs) {
      return std::nullopt;
    }
  }
  return static_cast<std::int64_t>(std::llround(total));
}

std::string format_duration_ms(std::int64_t ms) {
  struct Unit {
    std::int64_t ms;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{kDayMs, "d"}, {kHourMs, "h"}, {kMinuteMs, "m"}, {kSecondMs, "s"}};
  if (ms != 0) {
    for (const Unit& u : kUnits) {
      if (ms % u.ms == 0) {
        return std::to_string(ms / u.ms) + u.name;
      }
    }
  }
  return std::to_string(ms) + "ms";
}

}  // namespace dlms::meter_app
