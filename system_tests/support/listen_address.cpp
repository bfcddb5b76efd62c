#include "system_tests/support/listen_address.hpp"

namespace dlms::system_test {

std::optional<ListenAddress> parse_listen_line(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  if (line.substr(0, kListeningPrefix.size()) != kListeningPrefix) return std::nullopt;
  line.remove_prefix(kListeningPrefix.size());
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  ListenAddress a;
  a.kind = std::string(line.substr(0, space));
  const std::string_view where = line.substr(space + 1);
  if (where.empty() || where.find(' ') != std::string_view::npos) return std::nullopt;
  if (a.kind == "optical") {
    a.device = std::string(where);
    return a;
  }
  const std::size_t colon = where.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == where.size()) return std::nullopt;
  std::string_view host = where.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  for (char c : where.substr(colon + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + static_cast<unsigned>(c - '0');
    if (port > 65535) return std::nullopt;
  }
  if (port == 0) return std::nullopt;
  a.host = std::string(host);
  a.port = static_cast<std::uint16_t>(port);
  return a;
}

}  // namespace dlms::system_test
