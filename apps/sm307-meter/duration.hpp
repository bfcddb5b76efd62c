#pragma once
// Durations on the command line: one or more <number><unit> groups, unit s, m, h, d or w
// ("100d", "36h", "90m", "1d12h"); a bare number is seconds. Fractions are allowed ("1.5h").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dlms::meter_app {

// Milliseconds; nullopt when the text is not a duration (or is negative or above 100 years).
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// "100d", "36h", "90m", "45s", "1500ms": the largest unit that divides the duration.
std::string format_duration_ms(std::int64_t ms);

}  // namespace dlms::meter_app
