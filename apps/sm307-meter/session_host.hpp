#pragma once
// SessionHost: the ApduHandler behind every listener of the meter (wrapper, HDLC over TCP, the
// optical port). Each connection gets its own server::ServerSession when it opens, so every
// connection is its own association(s); link events (HDLC DISC, SNRM again, inactivity) and the
// close release them. It also writes the structured log of connections and associations.
//
// Memory per connection is kept small so the meter holds a thousand associations: the
// buffers a request needs only while it is processed (deciphered request, plain response,
// protected answer) are shared by every connection (everything runs on one thread); the
// block-transfer state (staging for 2 x 64 kB response blocks, a 64 kB request copy) lives in
// a PageBuffer whose pages are given back after every exchange that leaves no transfer open.
// Responses are cut into blocks of at most the client's max receive PDU size and at most what
// the transport carries in one APDU (wrapper: 65535; HDLC: the link's maximum APDU size).
//
// Not thread-safe: every callback must run on the same thread (the meter's io_context).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "apps/sm307-meter/logger.hpp"
#include "apps/sm307-meter/page_buffer.hpp"
#include "stack/server/server_session.hpp"
#include "stack/server/service_engine.hpp"
#include "transports/asio/apdu_handler.hpp"

namespace dlms::meter_app {

struct SessionHostOptions {
  // Largest request accepted (the deciphering scratch; the engine refuses longer ones).
  std::size_t max_request = 0xFFFF;
  // Largest APDU answered at once per transport.
  std::size_t wrapper_max_response = 0xFFFF;
  std::size_t hdlc_max_response = 4096;
  // Connections served at once over every listener; more are closed at once.
  std::size_t max_connections = 1100;
};

class SessionHost final : public transport::ApduHandler {
 public:
  SessionHost(std::span<server::LogicalDevice> devices, const server::ServiceEngine& engine, Logger& log,
              const SessionHostOptions& options);
  ~SessionHost() override;
  SessionHost(const SessionHost&) = delete;
  SessionHost& operator=(const SessionHost&) = delete;

  // Called before each request is processed (the server advances the meter to now).
  std::function<void()> before_request;
  // The association's name for logs ("public", "reader", ...), by client SAP.
  std::function<std::string(std::uint16_t client_sap)> association_name;

  void on_open(transport::ConnectionContext& connection) override;
  void on_apdu(transport::ConnectionContext& connection, const transport::Addressing& from,
               ByteSpan apdu) override;
  void on_link_event(transport::ConnectionContext& connection, const transport::Addressing& link,
                     bool up) override;
  void on_close(transport::ConnectionContext& connection, std::error_code error) override;

  [[nodiscard]] std::size_t connection_count() const noexcept { return open_; }
  [[nodiscard]] std::size_t associations_accepted() const noexcept { return accepted_; }
  [[nodiscard]] std::size_t associations_rejected() const noexcept { return rejected_; }

 private:
  struct Connection;

  void track_associations(transport::ConnectionContext& c, Connection& conn,
                          const transport::Addressing& from, ByteSpan request, ByteSpan response);
  std::string name_of(std::uint16_t client_sap) const;

  std::span<server::LogicalDevice> devices_;
  const server::ServiceEngine& engine_;
  Logger& log_;
  SessionHostOptions options_;
  // Shared request buffers, in pages that cost resident memory only once written (a request
  // is deciphered in the first few; a 64 kB response block touches the rest).
  PageBuffer scratch_;
  PageBuffer response_;
  PageBuffer out_;
  std::size_t open_ = 0;
  std::size_t accepted_ = 0;
  std::size_t rejected_ = 0;
};

}  // namespace dlms::meter_app
