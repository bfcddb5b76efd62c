#include "transports/asio/wrapper_protocol.hpp"

#include "transports/wrapper/wrapper_frame.hpp"

namespace dlms::transport {

WrapperProtocol::WrapperProtocol(Role role, std::size_t max_apdu_size)
    : role_(role),
      rx_buffer_(max_apdu_size),
      tx_buffer_(wrapper::WrapperHeader::kSize + 0xFFFF),
      parser_(rx_buffer_, max_apdu_size) {}

void WrapperProtocol::receive(ByteSpan bytes, TimePoint /*now*/, LinkSink& sink) {
  while (!bytes.empty() && !failed_) {
    auto r = parser_.put(bytes);
    bytes = bytes.subspan(r.consumed);
    if (r.error && r.error != wrapper::wrapper_errc::need_more) {
      failed_ = true;
      sink.fail(r.error);
      return;
    }
    if (parser_.ready()) {
      const auto& h = parser_.header();
      Addressing from;
      from.transport = TransportKind::wrapper_tcp;
      from.client_address = role_ == Role::server ? h.source_wport : h.destination_wport;
      from.server_address = role_ == Role::server ? h.destination_wport : h.source_wport;
      sink.deliver(from, parser_.apdu());
      parser_.release();
    }
  }
}

void WrapperProtocol::send_apdu(const Addressing& to, ByteSpan apdu, TimePoint /*now*/, LinkSink& sink) {
  const bool server = role_ == Role::server;
  auto n = wrapper::encode_frame(tx_buffer_, server ? to.server_address : to.client_address,
                                 server ? to.client_address : to.server_address, apdu);
  if (n) {
    sink.write(ByteSpan(tx_buffer_).first(*n));
  }
}

}  // namespace dlms::transport
