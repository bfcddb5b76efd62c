#pragma once
// HDLC (IEC 62056-46) over a byte stream, server or client side: wraps HdlcServerLink /
// HdlcClientLink (transports/hdlc). APDUs to send while the link is busy wait in a queue;
// on the client side they also wait for the connection (SNRM/UA) to come up.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "transports/asio/link_protocol.hpp"
#include "transports/hdlc/hdlc_client_link.hpp"
#include "transports/hdlc/hdlc_server_link.hpp"

namespace dlms::transport {

class HdlcServerProtocol final : public LinkProtocol {
 public:
  explicit HdlcServerProtocol(const hdlc::HdlcServerConfig& config);

  void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) override;
  void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) override;
  void on_timer(TimePoint now, LinkSink& sink) override;
  [[nodiscard]] std::optional<TimePoint> next_deadline() const override { return link_.next_deadline(); }

  [[nodiscard]] const hdlc::HdlcServerLink& link() const noexcept { return link_; }

 private:
  void handle(const hdlc::HdlcEvent& e, LinkSink& sink);
  void pump(LinkSink& sink);

  hdlc::HdlcServerLink link_;
  std::vector<std::uint8_t> out_;
  struct Pending {
    Addressing to;
    std::vector<std::uint8_t> apdu;
  };
  std::deque<Pending> pending_;
};

class HdlcClientProtocol final : public LinkProtocol {
 public:
  explicit HdlcClientProtocol(const hdlc::HdlcClientConfig& config);

  void start(TimePoint now, LinkSink& sink) override;
  void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) override;
  void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) override;
  void on_timer(TimePoint now, LinkSink& sink) override;
  [[nodiscard]] std::optional<TimePoint> next_deadline() const override { return link_.next_deadline(); }

 private:
  void handle(const hdlc::HdlcEvent& e, TimePoint now, LinkSink& sink);
  void pump(TimePoint now, LinkSink& sink);

  hdlc::HdlcClientConfig config_;
  hdlc::HdlcClientLink link_;
  std::vector<std::uint8_t> out_;
  std::deque<std::vector<std::uint8_t>> pending_;
};

// The Addressing of an HDLC event.
Addressing hdlc_addressing(const hdlc::HdlcAddress& client, const hdlc::HdlcAddress& server);

}  // namespace dlms::transport
