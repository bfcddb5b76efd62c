#include "system_tests/support/process_memory.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace dlms::system_test {
namespace {

// "VmRSS:\t   5432 kB" -> 5432.
std::optional<std::uint64_t> field_kib(std::string_view status, std::string_view name) {
  for (std::size_t pos = 0; pos < status.size();) {
    std::size_t end = status.find('\n', pos);
    if (end == std::string_view::npos) end = status.size();
    const std::string_view line = status.substr(pos, end - pos);
    pos = end + 1;
    if (line.substr(0, name.size()) != name || line.size() <= name.size() || line[name.size()] != ':')
      continue;
    std::uint64_t value = 0;
    bool digits = false;
    for (char c : line.substr(name.size() + 1)) {
      if (c >= '0' && c <= '9') {
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
        digits = true;
      } else if (digits) {
        break;
      }
    }
    if (digits) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ProcessMemory> parse_proc_status(std::string_view status) {
  const auto rss = field_kib(status, "VmRSS");
  const auto hwm = field_kib(status, "VmHWM");
  if (!rss || !hwm) return std::nullopt;
  return ProcessMemory{*rss, *hwm, field_kib(status, "RssAnon").value_or(0)};
}

std::optional<ProcessMemory> read_process_memory(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return parse_proc_status(text.str());
}

}  // namespace dlms::system_test
