#include "transports/asio/wrapper_protocol.hpp"

#include <algorithm>

#include "stack/core/byte_reader.hpp"
#include "transports/wrapper/wrapper_frame.hpp"

namespace dlms::transport {
namespace {

constexpr std::size_t kMaxLength = 0xFFFF;

// The send buffer of the calling thread: one frame at a time, copied out by LinkSink::write.
std::vector<std::uint8_t>& send_buffer() {
  thread_local std::vector<std::uint8_t> buffer;
  return buffer;
}

}  // namespace

WrapperProtocol::WrapperProtocol(Role role, std::size_t max_apdu_size)
    : role_(role), max_apdu_size_(std::min(max_apdu_size, kMaxLength)) {}

std::size_t WrapperProtocol::shared_send_capacity() noexcept { return send_buffer().capacity(); }

void WrapperProtocol::receive(ByteSpan bytes, TimePoint /*now*/, LinkSink& sink) {
  while (!bytes.empty() && !failed_) {
    if (header_filled_ < header_bytes_.size()) {
      const std::size_t n = std::min(header_bytes_.size() - header_filled_, bytes.size());
      std::copy_n(bytes.begin(), n, header_bytes_.begin() + static_cast<std::ptrdiff_t>(header_filled_));
      header_filled_ += n;
      bytes = bytes.subspan(n);
      if (header_filled_ < header_bytes_.size()) {
        return;
      }
      // IEC 62056-47 clause 7: version 0x0001, then a non-empty APDU within our limit.
      ByteReader r{ByteSpan(header_bytes_)};
      Result<wrapper::WrapperHeader> h = wrapper::WrapperHeader::decode(r);
      std::error_code error;
      if (!h) {
        error = h.error();
      } else if (h->length == 0) {
        error = wrapper::wrapper_errc::empty_apdu;
      } else if (h->length > max_apdu_size_) {
        error = wrapper::wrapper_errc::apdu_too_large;
      }
      if (error) {
        failed_ = true;
        sink.fail(error);
        return;
      }
      header_ = *h;
      rx_.clear();
    }
    const std::size_t want = header_.length - rx_.size();
    if (rx_.empty() && bytes.size() >= want) {
      // The whole APDU is inside this read: a view, no copy.
      const ByteSpan apdu = bytes.first(want);
      bytes = bytes.subspan(want);
      deliver(apdu, sink);
      continue;
    }
    const std::size_t n = std::min(want, bytes.size());
    if (rx_.empty()) {
      rx_.reserve(header_.length);  // at most max_apdu_size_
    }
    rx_.insert(rx_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    if (rx_.size() == header_.length) {
      deliver(rx_, sink);
      rx_.clear();
      if (rx_.capacity() > kKeptCapacity) {
        std::vector<std::uint8_t>().swap(rx_);
      }
    }
  }
}

void WrapperProtocol::deliver(ByteSpan apdu, LinkSink& sink) {
  header_filled_ = 0;
  Addressing from;
  from.transport = TransportKind::wrapper_tcp;
  from.client_address = role_ == Role::server ? header_.source_wport : header_.destination_wport;
  from.server_address = role_ == Role::server ? header_.destination_wport : header_.source_wport;
  sink.deliver(from, apdu);
}

void WrapperProtocol::send_apdu(const Addressing& to, ByteSpan apdu, TimePoint /*now*/, LinkSink& sink) {
  if (apdu.empty() || apdu.size() > kMaxLength) {
    return;  // not carried by a WPDU (encode_frame refuses it too)
  }
  std::vector<std::uint8_t>& tx = send_buffer();
  const std::size_t size = wrapper::WrapperHeader::kSize + apdu.size();
  if (tx.size() < size) {
    tx.resize(size);
  }
  const bool server = role_ == Role::server;
  auto n = wrapper::encode_frame(tx, server ? to.server_address : to.client_address,
                                 server ? to.client_address : to.server_address, apdu);
  if (n) {
    sink.write(ByteSpan(tx).first(*n));
  }
}

}  // namespace dlms::transport
