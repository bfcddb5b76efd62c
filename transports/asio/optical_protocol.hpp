#pragma once
// The optical port (IEC 62056-21 mode E): the sign-on at 300 Bd 7E1, then HDLC at the agreed
// rate in 8N1. Server side: SignOnServer, then HdlcServerProtocol; when the HDLC link drops
// (DISC, inactivity) the port goes back to the sign-on at 300 Bd. A mode C data readout is
// answered by the sign-on machine alone (the data message at the agreed rate, then back to
// 300 Bd). Client side: SignOnClient, then HdlcClientProtocol (which connects with SNRM at
// once); APDUs sent before that wait. With the goal `readout` (mode C) the client instead
// hands the data message's data block (BCC checked) to its ReadoutHandler and keeps a copy
// (readout()); iec62056_21::DataSetReader walks it. The port stays open at 300 Bd 7E1.

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/link_protocol.hpp"
#include "transports/iec62056_21/sign_on_client.hpp"
#include "transports/iec62056_21/sign_on_server.hpp"

namespace dlms::transport {

class OpticalServerProtocol final : public LinkProtocol {
 public:
  OpticalServerProtocol(const iec62056_21::SignOnServerConfig& sign_on, const hdlc::HdlcServerConfig& hdlc);

  void start(TimePoint now, LinkSink& sink) override;
  void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) override;
  void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) override;
  void on_timer(TimePoint now, LinkSink& sink) override;
  [[nodiscard]] std::optional<TimePoint> next_deadline() const override;

  [[nodiscard]] bool in_hdlc() const noexcept { return hdlc_.has_value(); }

 private:
  class HdlcSink;
  void drain(LinkSink& sink);

  hdlc::HdlcServerConfig hdlc_config_;
  std::array<std::uint8_t, 1024> tx_{};
  iec62056_21::SignOnServer sign_on_;
  std::optional<HdlcServerProtocol> hdlc_;
  bool link_dropped_ = false;
};

class OpticalClientProtocol final : public LinkProtocol {
 public:
  // Mode C: the data block, valid during the call (runs on the connection's strand).
  using ReadoutHandler = std::function<void(ByteSpan data_block)>;

  OpticalClientProtocol(const iec62056_21::SignOnClientConfig& sign_on, const hdlc::HdlcClientConfig& hdlc,
                        ReadoutHandler on_readout = {});

  void start(TimePoint now, LinkSink& sink) override;
  void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) override;
  void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) override;
  void on_timer(TimePoint now, LinkSink& sink) override;
  [[nodiscard]] std::optional<TimePoint> next_deadline() const override;

  [[nodiscard]] const iec62056_21::SignOnClient& sign_on() const noexcept { return sign_on_; }
  // The last mode C readout's data block (empty until one is complete).
  [[nodiscard]] ByteSpan readout() const noexcept { return readout_; }

 private:
  void drain(TimePoint now, LinkSink& sink);

  hdlc::HdlcClientConfig hdlc_config_;
  ReadoutHandler on_readout_;
  std::array<std::uint8_t, 64> tx_{};
  std::array<std::uint8_t, 8192> rx_{};  // the longest data message accepted
  std::vector<std::uint8_t> readout_;
  iec62056_21::SignOnClient sign_on_;
  std::optional<HdlcClientProtocol> hdlc_;
  std::deque<std::pair<Addressing, std::vector<std::uint8_t>>> pending_;
};

}  // namespace dlms::transport
