#pragma once
// How the upper layer (the server or client engine) plugs into the Asio bindings.
//
// A binding turns bytes on a TCP connection, a UDP socket or a serial port into whole APDUs
// and calls ApduHandler::on_apdu() with the connection it arrived on and its Addressing. The
// handler answers with ConnectionContext::send_apdu(), passing the same Addressing back: the
// binding frames the answer for the transport (wrapper header with the wPorts swapped, HDLC
// I frames from the logical device the request was sent to).
//
//   class Engine : public dlms::transport::ApduHandler {
//     void on_apdu(ConnectionContext& c, const Addressing& a, ByteSpan apdu) override {
//       auto& session = c.user_data ? ... : ...;   // per-connection state lives here
//       c.send_apdu(a, build_response(session, apdu));
//     }
//   };
//
// Threading: every callback of one connection runs on that connection's strand, never two at
// once. send_apdu() and close() may be called from any thread (they post to the strand).

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "stack/core/bytes.hpp"

namespace dlms::transport {

enum class TransportKind : std::uint8_t { wrapper_tcp, wrapper_udp, hdlc };

// Where an APDU came from, always as {client, server}, whatever the direction.
struct Addressing {
  TransportKind transport = TransportKind::wrapper_tcp;
  // Wrapper: the client's wPort (its SAP). HDLC: the client address (its SAP).
  std::uint16_t client_address = 0;
  // Wrapper: the server's wPort (logical device). HDLC: the upper HDLC address (logical device).
  std::uint16_t server_address = 0;
  // HDLC only: the lower HDLC address (physical device) and the server address size (1, 2, 4).
  std::uint16_t physical_address = 0;
  std::uint8_t server_address_size = 1;

  friend bool operator==(const Addressing&, const Addressing&) = default;
};

class ConnectionContext {
 public:
  virtual ~ConnectionContext() = default;

  // Queues one APDU to the peer (copied). Thread-safe. Dropped if the connection is closed.
  virtual void send_apdu(const Addressing& addressing, ByteSpan apdu) = 0;
  // Closes the connection cleanly (HDLC: after nothing; wrapper: the socket). Thread-safe.
  virtual void close() = 0;
  // A number unique among the connections of this process.
  [[nodiscard]] virtual std::uint64_t id() const noexcept = 0;
  // "127.0.0.1:40123", "/dev/ttyUSB0", ...
  [[nodiscard]] virtual std::string peer() const = 0;

  // Slot for the upper layer's per-connection state (e.g. the association). Touch it only
  // from the connection's callbacks.
  std::shared_ptr<void> user_data;
};

class ApduHandler {
 public:
  virtual ~ApduHandler() = default;

  // A connection (TCP accept/connect, serial port opened, first UDP datagram of a peer).
  virtual void on_open(ConnectionContext& /*connection*/) {}
  // One whole APDU. `apdu` is valid only during the call.
  virtual void on_apdu(ConnectionContext& connection, const Addressing& from, ByteSpan apdu) = 0;
  // The link under the association was reset (HDLC DISC, SNRM again, inactivity time-out, or
  // the link came up: `up`): any association on it is gone.
  virtual void on_link_event(ConnectionContext& /*connection*/, const Addressing& /*link*/, bool /*up*/) {}
  // The connection is closed (error empty on a clean close). Called once, last.
  virtual void on_close(ConnectionContext& /*connection*/, std::error_code /*error*/) {}
};

}  // namespace dlms::transport
