#pragma once
// Logger: the meter's structured log on stderr, one line per event. Text lines read
// `2026-11-25T00:42:22.123Z info connection_open id=3 peer=127.0.0.1:40200` (values with
// spaces or quotes are quoted); JSON lines are one object each:
// {"time":"...","level":"info","event":"connection_open","id":3,"peer":"..."}.
// Stdout is not touched: it carries only the contract's lines (meter_server.hpp).

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace dlms::meter_app {

enum class LogLevel : std::uint8_t { debug, info, warn, error };
enum class LogFormat : std::uint8_t { text, json };

std::optional<LogLevel> parse_log_level(std::string_view name);
std::optional<LogFormat> parse_log_format(std::string_view name);
std::string_view to_string(LogLevel level);

// One key=value of a log line; numbers stay numbers in JSON.
struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(std::string(v)) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string(v)) {}
  LogField(std::string_view k, std::int64_t v) : key(k), value(v) {}
  LogField(std::string_view k, std::uint64_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
  LogField(std::string_view k, int v) : key(k), value(static_cast<std::int64_t>(v)) {}
  LogField(std::string_view k, unsigned v) : key(k), value(static_cast<std::int64_t>(v)) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}

  std::string_view key;
  std::variant<std::string, std::int64_t, double, bool> value;
};

class Logger {
 public:
  // Receives each finished line (without the newline). Default: stderr, flushed per line.
  using Sink = std::function<void(std::string_view line)>;

  explicit Logger(LogLevel level = LogLevel::info, LogFormat format = LogFormat::text, Sink sink = {});

  void set_level(LogLevel level) noexcept { level_ = level; }
  void set_format(LogFormat format) noexcept { format_ = format; }
  [[nodiscard]] LogLevel level() const noexcept { return level_; }
  [[nodiscard]] bool enabled(LogLevel level) const noexcept { return level >= level_; }

  void log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});
  void debug(std::string_view event, std::initializer_list<LogField> fields = {}) {
    log(LogLevel::debug, event, fields);
  }
  void info(std::string_view event, std::initializer_list<LogField> fields = {}) {
    log(LogLevel::info, event, fields);
  }
  void warn(std::string_view event, std::initializer_list<LogField> fields = {}) {
    log(LogLevel::warn, event, fields);
  }
  void error(std::string_view event, std::initializer_list<LogField> fields = {}) {
    log(LogLevel::error, event, fields);
  }

 private:
  LogLevel level_;
  LogFormat format_;
  Sink sink_;
};

}  // namespace dlms::meter_app
