#pragma once
// UdpWrapperServer: the wrapper over UDP (IEC 62056-47: one WPDU per datagram). Each remote
// endpoint is one ConnectionContext (a "peer"), created on its first valid datagram and
// forgotten after the idle time-out; at most max_connections peers are tracked (datagrams
// from further peers are dropped). Invalid datagrams are dropped silently.
// Everything runs on one strand.

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "transports/asio/apdu_handler.hpp"
#include "transports/asio/asio.hpp"
#include "transports/asio/connection_limits.hpp"

namespace dlms::transport {

class UdpWrapperServer {
 public:
  UdpWrapperServer(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& endpoint,
                   ApduHandler& handler, const ConnectionLimits& limits = {});
  ~UdpWrapperServer();
  UdpWrapperServer(const UdpWrapperServer&) = delete;
  UdpWrapperServer& operator=(const UdpWrapperServer&) = delete;

  void start();
  // Call from a handler on the io_context or while it is not running.
  void stop();
  [[nodiscard]] boost::asio::ip::udp::endpoint local_endpoint() const;
  [[nodiscard]] std::size_t peer_count() const noexcept { return peers_.size(); }

 private:
  class Peer;
  struct Shared;
  void do_receive();
  void on_datagram(std::size_t n);
  void expire_peers();

  std::shared_ptr<Shared> shared_;
  ApduHandler& handler_;
  ConnectionLimits limits_;
  std::vector<std::uint8_t> rx_;
  boost::asio::ip::udp::endpoint endpoint_;
  boost::asio::ip::udp::endpoint from_;
  std::map<boost::asio::ip::udp::endpoint, std::shared_ptr<Peer>> peers_;
};

}  // namespace dlms::transport
