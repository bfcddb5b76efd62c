#pragma once
// Handlers shared by the Asio binding tests.

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

#include "transports/asio/apdu_handler.hpp"

namespace dlms::transport::test {

// Answers every APDU with the same bytes (an echo server), recording what it saw.
class EchoHandler : public ApduHandler {
 public:
  void on_open(ConnectionContext&) override { ++opened; }
  void on_apdu(ConnectionContext& c, const Addressing& from, ByteSpan apdu) override {
    {
      std::lock_guard l(mutex);
      received.emplace_back(apdu.begin(), apdu.end());
      addressing.push_back(from);
    }
    c.send_apdu(from, apdu);
  }
  void on_link_event(ConnectionContext&, const Addressing&, bool up) override {
    (up ? links_up : links_down)++;
  }
  void on_close(ConnectionContext&, std::error_code ec) override {
    std::lock_guard l(mutex);
    close_reasons.push_back(ec);
    ++closed;
  }

  std::mutex mutex;
  std::vector<std::vector<std::uint8_t>> received;
  std::vector<Addressing> addressing;
  std::vector<std::error_code> close_reasons;
  std::atomic<int> opened{0}, closed{0}, links_up{0}, links_down{0};
};

// Records APDUs and runs `on_receive` after each.
class RecordingHandler : public ApduHandler {
 public:
  void on_apdu(ConnectionContext&, const Addressing& from, ByteSpan apdu) override {
    received.emplace_back(apdu.begin(), apdu.end());
    addressing.push_back(from);
    if (on_receive) {
      on_receive();
    }
  }
  void on_link_event(ConnectionContext&, const Addressing&, bool up) override {
    if (up && on_link_up) {
      on_link_up();
    }
  }
  void on_close(ConnectionContext&, std::error_code ec) override {
    closed = true;
    close_reason = ec;
    if (on_closed) {
      on_closed();
    }
  }

  std::vector<std::vector<std::uint8_t>> received;
  std::vector<Addressing> addressing;
  std::function<void()> on_receive, on_link_up, on_closed;
  bool closed = false;
  std::error_code close_reason;
};

}  // namespace dlms::transport::test
