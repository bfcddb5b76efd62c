#include "transports/asio/connection_limits.hpp"

#include <atomic>

namespace dlms::transport {

std::uint64_t next_connection_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace dlms::transport
