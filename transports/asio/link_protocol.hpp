#pragma once
// LinkProtocol: the framing of one byte-stream connection (wrapper over TCP, HDLC over TCP
// or serial, IEC 62056-21 sign-on then HDLC on an optical port), run by StreamConnection on
// the connection's strand. It wraps a pure framer; LinkSink is how it acts on the stream.

#include <chrono>
#include <optional>
#include <system_error>

#include "stack/core/bytes.hpp"
#include "transports/asio/apdu_handler.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::transport {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;

class LinkSink {
 public:
  virtual ~LinkSink() = default;
  // Queues bytes to send (copied).
  virtual void write(ByteSpan bytes) = 0;
  // Serial ports: once everything queued before has left, change baud rate and format.
  virtual void set_line(const iec62056_21::LineSettings& line) = 0;
  // A whole APDU for the ApduHandler (valid during the call).
  virtual void deliver(const Addressing& from, ByteSpan apdu) = 0;
  virtual void link_event(const Addressing& link, bool up) = 0;
  // A fatal protocol error: the connection is closed.
  virtual void fail(std::error_code error) = 0;
};

class LinkProtocol {
 public:
  virtual ~LinkProtocol() = default;
  virtual void start(TimePoint /*now*/, LinkSink& /*sink*/) {}
  virtual void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) = 0;
  virtual void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) = 0;
  virtual void on_timer(TimePoint /*now*/, LinkSink& /*sink*/) {}
  [[nodiscard]] virtual std::optional<TimePoint> next_deadline() const { return std::nullopt; }
};

}  // namespace dlms::transport
