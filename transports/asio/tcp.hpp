#pragma once
// TCP bindings: a server accepting connections (each on its own strand, each with a fresh
// LinkProtocol from the factory: wrapper or HDLC over TCP) and a client connection.
//
//   TcpServer server(io, {address_v4::loopback(), 4059},
//                    [] { return std::make_unique<WrapperProtocol>(Role::server, 65535); },
//                    engine, limits);
//   server.start();  ... io.run();

#include <cstddef>
#include <functional>
#include <memory>
#include <system_error>

#include "transports/asio/apdu_handler.hpp"
#include "transports/asio/asio.hpp"
#include "transports/asio/connection_limits.hpp"
#include "transports/asio/link_protocol.hpp"

namespace dlms::transport {

using ProtocolFactory = std::function<std::unique_ptr<LinkProtocol>()>;

class TcpServer {
 public:
  TcpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
            ProtocolFactory factory, ApduHandler& handler, const ConnectionLimits& limits = {});
  // Stops (the handler must outlive the connections still closing on the io_context).
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  // Binds and listens (throws boost::system::system_error if the port cannot be bound).
  void start();
  // Stops accepting and closes every connection (cleanly: queued bytes are written first).
  // Thread-safe.
  void stop();
  [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;
  [[nodiscard]] std::size_t connection_count() const;

 private:
  struct State;
  static void do_accept(const std::shared_ptr<State>& state);

  boost::asio::ip::tcp::endpoint endpoint_;
  std::shared_ptr<State> state_;
};

// Connects to `endpoint` and runs `protocol` on the connection; `done` gets the connection
// (already started) or the error.
void async_connect_tcp(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                       std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                       const ConnectionLimits& limits,
                       std::function<void(std::error_code, std::shared_ptr<ConnectionContext>)> done);

}  // namespace dlms::transport
