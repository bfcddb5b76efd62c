#pragma once
// Per-connection limits of the Asio bindings.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace dlms::transport {

struct ConnectionLimits {
  // Largest APDU accepted (wrapper length field; HDLC takes its own from HdlcServerConfig).
  std::size_t max_apdu_size = 65535;
  // No byte received for this long: the connection is closed. 0 disables.
  std::chrono::milliseconds idle_timeout{120000};
  // TCP servers: connections above this are closed right after accept. UDP: peers tracked.
  std::size_t max_connections = 64;
  // Bytes read per read call.
  std::size_t read_buffer_size = 4096;
  // Bytes waiting to be written above which the peer is considered stuck and disconnected.
  std::size_t max_write_backlog = 4U << 20U;
};

// A process-wide unique connection id.
std::uint64_t next_connection_id() noexcept;

}  // namespace dlms::transport
