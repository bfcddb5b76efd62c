#include "apps/sm307-meter/logger.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

namespace dlms::meter_app {
namespace {

// UTC with milliseconds: 2026-11-25T00:42:22.123Z.
std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) {
    return true;
  }
  for (const char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string format_double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  if (name == "debug") return LogLevel::debug;
  if (name == "info") return LogLevel::info;
  if (name == "warn" || name == "warning") return LogLevel::warn;
  if (name == "error") return LogLevel::error;
  return std::nullopt;
}

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

Logger::Logger(LogLevel level, LogFormat format, Sink sink)
    : level_(level), format_(format), sink_(std::move(sink)) {
  if (!sink_) {
    sink_ = [](std::string_view line) {
      std::fwrite(line.data(), 1, line.size(), stderr);
      std::fputc('\n', stderr);
      std::fflush(stderr);
    };
  }
}

void Logger::log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!enabled(level)) {
    return;
  }
  std::string line;
  if (format_ == LogFormat::json) {
    nlohmann::ordered_json j;
    j["time"] = timestamp();
    j["level"] = std::string(to_string(level));
    j["event"] = std::string(event);
    for (const LogField& f : fields) {
      std::visit([&](const auto& v) { j[std::string(f.key)] = v; }, f.value);
    }
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = timestamp();
    line += ' ';
    line += to_string(level);
    line += ' ';
    line += event;
    for (const LogField& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) {
              if (needs_quotes(v)) {
                append_quoted(line, v);
              } else {
                line += v;
              }
            } else if constexpr (std::is_same_v<T, bool>) {
              line += v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, double>) {
              line += format_double(v);
            } else {
              line += std::to_string(v);
            }
          },
          f.value);
    }
  }
  sink_(line);
}

}  // namespace dlms::meter_app
