#include "apps/sm307-meter/wrapper_server_protocol.hpp"

#include <algorithm>
#include <utility>

#include "transports/wrapper/wrapper_error.hpp"

namespace dlms::meter_app {

WrapperServerProtocol::WrapperServerProtocol(std::size_t max_apdu_size,
                                             std::shared_ptr<std::vector<std::uint8_t>> tx)
    : max_apdu_size_(std::min<std::size_t>(max_apdu_size, 0xFFFF)), tx_(std::move(tx)) {}

void WrapperServerProtocol::receive(ByteSpan bytes, transport::TimePoint /*now*/, transport::LinkSink& sink) {
  while (!bytes.empty() && !failed_) {
    if (header_size_ < kHeaderSize) {
      const std::size_t n = std::min(kHeaderSize - header_size_, bytes.size());
      std::copy_n(bytes.begin(), n, header_.begin() + static_cast<std::ptrdiff_t>(header_size_));
      header_size_ += n;
      bytes = bytes.subspan(n);
      if (header_size_ < kHeaderSize) {
        return;
      }
      const unsigned version = (unsigned{header_[0]} << 8U) | header_[1];
      apdu_length_ = (std::size_t{header_[6]} << 8U) | header_[7];
      if (version != 1) {
        failed_ = true;
        sink.fail(wrapper::wrapper_errc::bad_version);
        return;
      }
      if (apdu_length_ == 0) {
        failed_ = true;
        sink.fail(wrapper::wrapper_errc::empty_apdu);
        return;
      }
      if (apdu_length_ > max_apdu_size_) {
        failed_ = true;
        sink.fail(wrapper::wrapper_errc::apdu_too_large);
        return;
      }
      apdu_.clear();
      apdu_.reserve(apdu_length_);
    }
    const std::size_t n = std::min(apdu_length_ - apdu_.size(), bytes.size());
    apdu_.insert(apdu_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    if (apdu_.size() == apdu_length_) {
      transport::Addressing from;
      from.transport = transport::TransportKind::wrapper_tcp;
      from.client_address = static_cast<std::uint16_t>((unsigned{header_[2]} << 8U) | header_[3]);
      from.server_address = static_cast<std::uint16_t>((unsigned{header_[4]} << 8U) | header_[5]);
      header_size_ = 0;
      sink.deliver(from, apdu_);
      apdu_.clear();
      if (apdu_.capacity() > kKeptCapacity) {
        apdu_.shrink_to_fit();
      }
    }
  }
}

void WrapperServerProtocol::send_apdu(const transport::Addressing& to, ByteSpan apdu,
                                      transport::TimePoint /*now*/, transport::LinkSink& sink) {
  std::vector<std::uint8_t>& tx = *tx_;
  if (apdu.size() > 0xFFFF || tx.size() < kHeaderSize + apdu.size()) {
    return;  // the session never produces more than the wrapper carries
  }
  // The answer goes from the server wPort the request came to, back to the client's.
  tx[0] = 0x00;
  tx[1] = 0x01;
  tx[2] = static_cast<std::uint8_t>(to.server_address >> 8U);
  tx[3] = static_cast<std::uint8_t>(to.server_address & 0xFFU);
  tx[4] = static_cast<std::uint8_t>(to.client_address >> 8U);
  tx[5] = static_cast<std::uint8_t>(to.client_address & 0xFFU);
  tx[6] = static_cast<std::uint8_t>(apdu.size() >> 8U);
  tx[7] = static_cast<std::uint8_t>(apdu.size() & 0xFFU);
  std::copy(apdu.begin(), apdu.end(), tx.begin() + kHeaderSize);
  sink.write(ByteSpan(tx.data(), kHeaderSize + apdu.size()));
}

}  // namespace dlms::meter_app
