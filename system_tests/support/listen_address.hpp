#pragma once
// ListenAddress: one `sm307-meter: listening ...` line of the meter's stdout
// (/work/notes/SESSION3-CONTRACT.md), e.g.
//   sm307-meter: listening wrapper 127.0.0.1:40123
//   sm307-meter: listening hdlc 127.0.0.1:40124
//   sm307-meter: listening optical /dev/pts/7

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dlms::system_test {

inline constexpr std::string_view kListeningPrefix = "sm307-meter: listening ";

struct ListenAddress {
  std::string kind;  // "wrapper", "hdlc", "optical"
  std::string host;  // TCP listeners: "127.0.0.1", "::1" (brackets removed)
  std::uint16_t port = 0;
  std::string device;  // optical: the serial device or pty slave path
};

// nullopt when the line is not a well-formed listening line (a TCP kind needs HOST:PORT with
// a port 1..65535; optical needs a path).
std::optional<ListenAddress> parse_listen_line(std::string_view line);

}  // namespace dlms::system_test
