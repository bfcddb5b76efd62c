#pragma once
// StreamClientChannel: a blocking client::ClientChannel (stack/client/client_channel.hpp) over
// a byte stream, TCP or a serial port, framed by a LinkProtocol: WrapperProtocol(Role::client)
// for the wrapper (IEC 62056-47) or HdlcClientProtocol for HDLC (IEC 62056-46; the SNRM/UA
// exchange happens before the first APDU). exchange() sends one request APDU and waits for one
// response APDU, running the protocol's timers (HDLC retries and polling) meanwhile. One
// thread, its own io_context: for the dlms CLI, the conformance harness and tests.
//
//   auto ch = dlms::transport::connect_wrapper_tcp("127.0.0.1", 4059, 16, 1);
//   dlms::client::Client client(**ch, config, &backend);

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "stack/client/client_channel.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/asio/apdu_handler.hpp"
#include "transports/asio/link_protocol.hpp"
#include "transports/hdlc/hdlc_client_link.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::transport {

struct ClientChannelOptions {
  // Where requests go: wrapper client/server wPorts; for HDLC the protocol's own addresses count.
  Addressing addressing;
  // Connecting, and each exchange (request out, whole response in).
  std::chrono::milliseconds timeout{5000};
  // Serial ports: the line at opening (default 8N1 at the given baud rate); the optical port
  // starts at 300 Bd 7E1 (IEC 62056-21).
  std::optional<iec62056_21::LineSettings> initial_line;
};

class StreamClientChannel final : public client::ClientChannel {
 public:
  ~StreamClientChannel() override;
  StreamClientChannel(const StreamClientChannel&) = delete;
  StreamClientChannel& operator=(const StreamClientChannel&) = delete;

  // Errors: resolving / connecting (std::errc::timed_out after options.timeout).
  static Result<std::unique_ptr<StreamClientChannel>> connect_tcp(const std::string& host, std::uint16_t port,
                                                                  std::unique_ptr<LinkProtocol> protocol,
                                                                  const ClientChannelOptions& options);
  // 8N1 at `baud`.
  static Result<std::unique_ptr<StreamClientChannel>> open_serial(const std::string& device, unsigned baud,
                                                                  std::unique_ptr<LinkProtocol> protocol,
                                                                  const ClientChannelOptions& options);

  // One APDU out, one back (valid until the next exchange). Errors: std::errc::timed_out,
  // std::errc::connection_aborted (the link went down: HDLC DM/DISC, the peer closed), the
  // stream's errors, the protocol's failure.
  Result<ByteSpan> exchange(ByteSpan request) override;
  // Closes the stream (the server sees the connection end).
  void close();
  // HDLC: ends the link with DISC and waits (at most `wait`) for the UA or DM, then closes the
  // stream; other links: close(). Returns the error of the exchange (timed_out without answer).
  Status disconnect(std::chrono::milliseconds wait = std::chrono::seconds(1));

  // What went over the stream so far: octets both ways and, for HDLC, frames both ways.
  struct LinkCounters {
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::uint64_t frames_sent = 0;
    std::uint64_t frames_received = 0;
  };
  [[nodiscard]] LinkCounters link_counters() const noexcept;
  // Whether the link is HDLC (frames are counted).
  [[nodiscard]] bool is_hdlc() const noexcept;
  // Marks the link as HDLC between these addresses (disconnect() sends DISC); the HDLC
  // factories below do this.
  void set_hdlc_link(const hdlc::HdlcClientConfig& config);

 private:
  struct Impl;
  explicit StreamClientChannel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Wrapper over TCP from client wPort `client_sap` to server wPort `server_sap`.
Result<std::unique_ptr<StreamClientChannel>> connect_wrapper_tcp(
    const std::string& host, std::uint16_t port, std::uint16_t client_sap, std::uint16_t server_sap,
    std::chrono::milliseconds timeout = std::chrono::seconds(5));
// HDLC over TCP (no inter-octet time-out) or over a serial port (8N1 at `baud`).
Result<std::unique_ptr<StreamClientChannel>> connect_hdlc_tcp(
    const std::string& host, std::uint16_t port, const hdlc::HdlcClientConfig& config,
    std::chrono::milliseconds timeout = std::chrono::seconds(5));
Result<std::unique_ptr<StreamClientChannel>> open_hdlc_serial(
    const std::string& device, unsigned baud, const hdlc::HdlcClientConfig& config,
    std::chrono::milliseconds timeout = std::chrono::seconds(5));
// The optical port (IEC 62056-21 mode E): opened at 300 Bd 7E1 for the sign-on, then HDLC at
// the agreed rate in 8N1 (the line changes as the sign-on asks). `max_baud_char` is the
// highest baud rate character the client accepts ('0' 300 .. '6' 19200).
Result<std::unique_ptr<StreamClientChannel>> open_optical_serial(
    const std::string& device, const hdlc::HdlcClientConfig& config, char max_baud_char = '6',
    std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace dlms::transport
