#pragma once
// UdpWrapperClient: the client side of the wrapper over UDP (IEC 62056-47 clause 7, Green Book
// 10.6: one WPDU per datagram; the client's wPort is its SAP, the server's wPort the logical
// device). The socket is connected to the server, so datagrams from elsewhere never arrive.
//
//   auto client = UdpWrapperClient::create(io, {address, 4059}, {.client_wport = 16, .server_wport = 1});
//   client->open();
//   client->async_request(aarq, [](std::error_code ec, ByteSpan aare) { ... });
//
// async_request() sends one APDU from client_wport to server_wport and completes with the first
// answer whose wPorts are that pair swapped, or with std::errc::timed_out after
// response_timeout (UDP loses datagrams: retrying is the caller's decision). One request at a
// time; a second while one is pending completes at once with operation_in_progress; close()
// completes a pending one with operation_canceled.
// Every other valid datagram (a DataNotification pushed to the client's wPort, an answer that
// came after its time-out, other wPorts) goes to the ApduHandler, if one was given, as
// on_apdu(Addressing{wrapper_udp, destination wPort, source wPort}). Invalid datagrams (bad
// version, length not the datagram's, APDU over max_apdu_size) are dropped silently.
// It is also a ConnectionContext: send_apdu() sends with the wPorts of the Addressing given.
// Everything runs on one strand; the public calls may come from any thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "stack/core/bytes.hpp"
#include "transports/asio/apdu_handler.hpp"
#include "transports/asio/asio.hpp"

namespace dlms::transport {

struct UdpClientConfig {
  std::uint16_t client_wport = 16;  // source wPort: the client SAP (16 = public client)
  std::uint16_t server_wport = 1;   // destination wPort: the logical device (1 = management)
  std::chrono::milliseconds response_timeout{5000};
  std::size_t max_apdu_size = 65535;  // larger answers are dropped
};

class UdpWrapperClient final : public ConnectionContext,
                               public std::enable_shared_from_this<UdpWrapperClient> {
 public:
  // `apdu` is valid during the call only; empty on error.
  using ResponseHandler = std::function<void(std::error_code, ByteSpan apdu)>;

  // `handler` (may be null) gets the datagrams that answer no pending request, and on_close.
  static std::shared_ptr<UdpWrapperClient> create(boost::asio::io_context& io,
                                                  const boost::asio::ip::udp::endpoint& server,
                                                  const UdpClientConfig& config,
                                                  ApduHandler* handler = nullptr);
  ~UdpWrapperClient() override;
  UdpWrapperClient(const UdpWrapperClient&) = delete;
  UdpWrapperClient& operator=(const UdpWrapperClient&) = delete;

  // Opens an ephemeral local socket connected to the server and starts receiving. Call once.
  std::error_code open();
  // See above. `done` runs on the client's strand.
  void async_request(ByteSpan apdu, ResponseHandler done);

  // ConnectionContext: sends from addressing.client_address to addressing.server_address.
  void send_apdu(const Addressing& addressing, ByteSpan apdu) override;
  // Closes the socket; a pending request completes with operation_canceled; on_close once.
  void close() override;
  [[nodiscard]] std::uint64_t id() const noexcept override { return id_; }
  [[nodiscard]] std::string peer() const override;

  [[nodiscard]] const UdpClientConfig& config() const noexcept { return config_; }
  [[nodiscard]] boost::asio::ip::udp::endpoint local_endpoint() const;

 private:
  UdpWrapperClient(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& server,
                   const UdpClientConfig& config, ApduHandler* handler);
  void do_receive();
  void on_datagram(std::size_t n);
  void send_frame(std::uint16_t source_wport, std::uint16_t destination_wport, ByteSpan apdu);
  void complete(std::error_code ec, ByteSpan apdu);
  void do_close(std::error_code reason);

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::asio::ip::udp::endpoint server_;
  UdpClientConfig config_;
  ApduHandler* handler_;
  std::uint64_t id_;
  std::vector<std::uint8_t> rx_;
  ResponseHandler pending_;
  std::uint64_t request_number_ = 0;  // tells a stale timer completion from the current one
  bool open_ = false;
  bool closed_ = false;
};

}  // namespace dlms::transport
