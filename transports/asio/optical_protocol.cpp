#include "transports/asio/optical_protocol.hpp"

#include <utility>

namespace dlms::transport {
namespace {

using iec62056_21::Millis;
using iec62056_21::SignOnEvent;

Millis to_millis(TimePoint t) { return std::chrono::duration_cast<Millis>(t.time_since_epoch()); }
TimePoint from_millis(Millis m) { return TimePoint(std::chrono::duration_cast<SteadyClock::duration>(m)); }

}  // namespace

// Passes everything through but notices the HDLC link going down.
class OpticalServerProtocol::HdlcSink final : public LinkSink {
 public:
  HdlcSink(LinkSink& next, bool& dropped) : next_(next), dropped_(dropped) {}
  void write(ByteSpan bytes) override { next_.write(bytes); }
  void set_line(const iec62056_21::LineSettings& line) override { next_.set_line(line); }
  void deliver(const Addressing& from, ByteSpan apdu) override { next_.deliver(from, apdu); }
  void link_event(const Addressing& link, bool up) override {
    next_.link_event(link, up);
    if (!up) {
      dropped_ = true;
    }
  }
  void fail(std::error_code error) override { next_.fail(error); }

 private:
  LinkSink& next_;
  bool& dropped_;
};

OpticalServerProtocol::OpticalServerProtocol(const iec62056_21::SignOnServerConfig& sign_on,
                                             const hdlc::HdlcServerConfig& hdlc)
    : hdlc_config_(hdlc), sign_on_(sign_on, tx_) {}

void OpticalServerProtocol::drain(LinkSink& sink) {
  SignOnEvent e;
  while (sign_on_.poll(e)) {
    switch (e.kind) {
      case SignOnEvent::Kind::transmit: sink.write(e.data); break;
      case SignOnEvent::Kind::set_line: sink.set_line(e.line); break;
      case SignOnEvent::Kind::hdlc_started:
        hdlc_.emplace(hdlc_config_);
        link_dropped_ = false;
        break;
      case SignOnEvent::Kind::readout_complete:
      case SignOnEvent::Kind::failed: break;
    }
  }
}

void OpticalServerProtocol::start(TimePoint /*now*/, LinkSink& sink) {
  sink.set_line(iec62056_21::kSignOnLine);
}

void OpticalServerProtocol::receive(ByteSpan bytes, TimePoint now, LinkSink& sink) {
  if (!hdlc_) {
    const std::size_t used = sign_on_.receive(bytes, to_millis(now));
    drain(sink);
    bytes = bytes.subspan(used);
  }
  if (hdlc_ && !bytes.empty()) {
    HdlcSink hs(sink, link_dropped_);
    hdlc_->receive(bytes, now, hs);
  }
  if (hdlc_ && link_dropped_) {
    hdlc_.reset();
    sign_on_.restart();  // back to 300 Bd 7E1 for the next sign-on
    drain(sink);
  }
}

void OpticalServerProtocol::send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) {
  if (hdlc_) {
    HdlcSink hs(sink, link_dropped_);
    hdlc_->send_apdu(to, apdu, now, hs);
  }
}

void OpticalServerProtocol::on_timer(TimePoint now, LinkSink& sink) {
  if (hdlc_) {
    HdlcSink hs(sink, link_dropped_);
    hdlc_->on_timer(now, hs);
    if (link_dropped_) {
      hdlc_.reset();
      sign_on_.restart();
      drain(sink);
    }
    return;
  }
  sign_on_.on_time(to_millis(now));
  drain(sink);
}

std::optional<TimePoint> OpticalServerProtocol::next_deadline() const {
  if (hdlc_) {
    return hdlc_->next_deadline();
  }
  if (auto d = sign_on_.next_deadline()) {
    return from_millis(*d);
  }
  return std::nullopt;
}

// ---- client --------------------------------------------------------------------------------

OpticalClientProtocol::OpticalClientProtocol(const iec62056_21::SignOnClientConfig& sign_on,
                                             const hdlc::HdlcClientConfig& hdlc, ReadoutHandler on_readout)
    : hdlc_config_(hdlc), on_readout_(std::move(on_readout)), sign_on_(sign_on, tx_, rx_) {}

void OpticalClientProtocol::drain(TimePoint now, LinkSink& sink) {
  SignOnEvent e;
  while (sign_on_.poll(e)) {
    switch (e.kind) {
      case SignOnEvent::Kind::transmit: sink.write(e.data); break;
      case SignOnEvent::Kind::set_line: sink.set_line(e.line); break;
      case SignOnEvent::Kind::hdlc_started:
        hdlc_.emplace(hdlc_config_);
        hdlc_->start(now, sink);
        for (auto& [to, apdu] : pending_) {
          hdlc_->send_apdu(to, apdu, now, sink);
        }
        pending_.clear();
        break;
      case SignOnEvent::Kind::readout_complete:
        readout_.assign(e.data.begin(), e.data.end());
        if (on_readout_) {
          on_readout_(readout_);
        }
        break;
      case SignOnEvent::Kind::failed: sink.fail(e.error); break;
    }
  }
}

void OpticalClientProtocol::start(TimePoint now, LinkSink& sink) {
  sign_on_.start(to_millis(now));
  drain(now, sink);
}

void OpticalClientProtocol::receive(ByteSpan bytes, TimePoint now, LinkSink& sink) {
  if (!hdlc_) {
    const std::size_t used = sign_on_.receive(bytes, to_millis(now));
    drain(now, sink);
    bytes = bytes.subspan(used);
  }
  if (hdlc_ && !bytes.empty()) {
    hdlc_->receive(bytes, now, sink);
  }
}

void OpticalClientProtocol::send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) {
  if (hdlc_) {
    hdlc_->send_apdu(to, apdu, now, sink);
  } else {
    pending_.emplace_back(to, std::vector<std::uint8_t>(apdu.begin(), apdu.end()));
  }
}

void OpticalClientProtocol::on_timer(TimePoint now, LinkSink& sink) {
  if (hdlc_) {
    hdlc_->on_timer(now, sink);
    return;
  }
  sign_on_.on_time(to_millis(now));
  drain(now, sink);
}

std::optional<TimePoint> OpticalClientProtocol::next_deadline() const {
  if (hdlc_) {
    return hdlc_->next_deadline();
  }
  if (auto d = sign_on_.next_deadline()) {
    return from_millis(*d);
  }
  return std::nullopt;
}

}  // namespace dlms::transport
