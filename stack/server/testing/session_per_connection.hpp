#pragma once
// SessionPerConnection: the ApduHandler of an in-process server in a test or a benchmark. Each
// connection gets its own ServerSessionStorage (in ConnectionContext::user_data) over the
// caller's logical devices and engine; a link event (HDLC SNRM/DISC) starts a fresh session,
// a close releases its associations. Answers are built in one buffer of the handler: use one
// io thread (the connections' callbacks then never run at once).
//
// The only header of this folder that reaches transports/asio, and only for its ApduHandler
// interface (no Boost): a user links dlms_transport_asio itself.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include "stack/server/server_session.hpp"
#include "stack/server/service_engine.hpp"
#include "transports/asio/apdu_handler.hpp"

namespace dlms::server::test_support {

template <class Storage, std::size_t MaxResponse>
class SessionPerConnection final : public transport::ApduHandler {
 public:
  SessionPerConnection(std::span<LogicalDevice> devices, const ServiceEngine& engine) noexcept
      : devices_(devices), engine_(&engine) {}

  void on_open(transport::ConnectionContext& connection) override { start(connection); }
  void on_link_event(transport::ConnectionContext& connection, const transport::Addressing& /*link*/,
                     bool /*up*/) override {
    start(connection);
  }
  void on_apdu(transport::ConnectionContext& connection, const transport::Addressing& from,
               ByteSpan apdu) override {
    auto* storage = static_cast<Storage*>(connection.user_data.get());
    if (storage == nullptr) {
      return;
    }
    Result<ByteSpan> r = storage->session().on_apdu(from.client_address, from.server_address, apdu, out_);
    if (r && !r->empty()) {
      connection.send_apdu(from, *r);
    }
  }
  void on_close(transport::ConnectionContext& connection, std::error_code /*error*/) override {
    if (auto* storage = static_cast<Storage*>(connection.user_data.get())) {
      storage->session().on_disconnect();
    }
  }

 private:
  void start(transport::ConnectionContext& connection) {
    connection.user_data = std::make_shared<Storage>(devices_, *engine_);
  }

  std::span<LogicalDevice> devices_;
  const ServiceEngine* engine_;
  std::array<std::uint8_t, MaxResponse> out_{};
};

}  // namespace dlms::server::test_support
