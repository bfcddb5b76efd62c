#include "transports/asio/hdlc_protocol.hpp"

namespace dlms::transport {

Addressing hdlc_addressing(const hdlc::HdlcAddress& client, const hdlc::HdlcAddress& server) {
  Addressing a;
  a.transport = TransportKind::hdlc;
  a.client_address = client.upper;
  a.server_address = server.upper;
  a.physical_address = server.lower;
  a.server_address_size = server.size;
  return a;
}

// ---- server --------------------------------------------------------------------------------

HdlcServerProtocol::HdlcServerProtocol(const hdlc::HdlcServerConfig& config)
    : link_(config), out_(hdlc::kMaxWireFrameSize) {}

void HdlcServerProtocol::handle(const hdlc::HdlcEvent& e, LinkSink& sink) {
  switch (e.kind) {
    case hdlc::HdlcEventKind::apdu:
    case hdlc::HdlcEventKind::ui: sink.deliver(hdlc_addressing(e.client, e.server), e.apdu); break;
    case hdlc::HdlcEventKind::connected: sink.link_event(hdlc_addressing(e.client, e.server), true); break;
    case hdlc::HdlcEventKind::disconnected:
      pending_.clear();
      sink.link_event(hdlc_addressing(e.client, e.server), false);
      break;
    case hdlc::HdlcEventKind::none: break;
  }
}

void HdlcServerProtocol::pump(LinkSink& sink) {
  while (!pending_.empty() && !link_.sending()) {
    const Pending& p = pending_.front();
    const hdlc::HdlcAddress server{p.to.server_address, p.to.physical_address, p.to.server_address_size};
    (void)link_.send(p.apdu, server);  // a refused APDU (not connected, too large) is dropped
    pending_.pop_front();
  }
  while (std::size_t n = link_.poll_output(out_)) {
    sink.write(ByteSpan(out_).first(n));
  }
}

void HdlcServerProtocol::receive(ByteSpan bytes, TimePoint now, LinkSink& sink) {
  while (!bytes.empty()) {
    hdlc::HdlcPutResult r = link_.put(bytes, now);
    bytes = bytes.subspan(r.consumed);
    handle(r.event, sink);
    pump(sink);
    if (r.consumed == 0 && r.event.kind == hdlc::HdlcEventKind::none) {
      break;  // defensive: never loop without progress
    }
  }
}

void HdlcServerProtocol::send_apdu(const Addressing& to, ByteSpan apdu, TimePoint /*now*/, LinkSink& sink) {
  pending_.push_back({to, std::vector<std::uint8_t>(apdu.begin(), apdu.end())});
  pump(sink);
}

void HdlcServerProtocol::on_timer(TimePoint now, LinkSink& sink) {
  handle(link_.on_timer(now), sink);
  pump(sink);
}

// ---- client --------------------------------------------------------------------------------

HdlcClientProtocol::HdlcClientProtocol(const hdlc::HdlcClientConfig& config)
    : config_(config), link_(config), out_(hdlc::kMaxWireFrameSize) {}

void HdlcClientProtocol::start(TimePoint now, LinkSink& sink) {
  if (auto st = link_.connect(now); !st) {
    sink.fail(st.error());
    return;
  }
  pump(now, sink);
}

void HdlcClientProtocol::handle(const hdlc::HdlcEvent& e, TimePoint /*now*/, LinkSink& sink) {
  switch (e.kind) {
    case hdlc::HdlcEventKind::apdu:
    case hdlc::HdlcEventKind::ui: sink.deliver(hdlc_addressing(e.client, e.server), e.apdu); break;
    case hdlc::HdlcEventKind::connected:
      sink.link_event(hdlc_addressing(config_.client, config_.server), true);
      break;
    case hdlc::HdlcEventKind::disconnected:
      pending_.clear();
      sink.link_event(hdlc_addressing(config_.client, config_.server), false);
      break;
    case hdlc::HdlcEventKind::none: break;
  }
}

void HdlcClientProtocol::pump(TimePoint now, LinkSink& sink) {
  while (!pending_.empty() && link_.state() == hdlc::HdlcLinkState::nrm && !link_.sending()) {
    (void)link_.send(pending_.front(), now);
    pending_.pop_front();
  }
  while (std::size_t n = link_.poll_output(out_)) {
    sink.write(ByteSpan(out_).first(n));
  }
}

void HdlcClientProtocol::receive(ByteSpan bytes, TimePoint now, LinkSink& sink) {
  while (!bytes.empty()) {
    hdlc::HdlcPutResult r = link_.put(bytes, now);
    bytes = bytes.subspan(r.consumed);
    handle(r.event, now, sink);
    pump(now, sink);
    if (r.consumed == 0 && r.event.kind == hdlc::HdlcEventKind::none) {
      break;
    }
  }
}

void HdlcClientProtocol::send_apdu(const Addressing& /*to*/, ByteSpan apdu, TimePoint now, LinkSink& sink) {
  pending_.emplace_back(apdu.begin(), apdu.end());
  pump(now, sink);
}

void HdlcClientProtocol::on_timer(TimePoint now, LinkSink& sink) {
  handle(link_.on_timer(now), now, sink);
  pump(now, sink);
}

}  // namespace dlms::transport
