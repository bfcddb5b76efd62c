#include "transports/asio/udp_wrapper_client.hpp"

#include <utility>

#include "transports/asio/connection_limits.hpp"
#include "transports/wrapper/wrapper_frame.hpp"

namespace dlms::transport {

using boost::asio::ip::udp;

std::shared_ptr<UdpWrapperClient> UdpWrapperClient::create(boost::asio::io_context& io,
                                                           const udp::endpoint& server,
                                                           const UdpClientConfig& config,
                                                           ApduHandler* handler) {
  return std::shared_ptr<UdpWrapperClient>(new UdpWrapperClient(io, server, config, handler));
}

UdpWrapperClient::UdpWrapperClient(boost::asio::io_context& io, const udp::endpoint& server,
                                   const UdpClientConfig& config, ApduHandler* handler)
    : strand_(boost::asio::make_strand(io)),
      socket_(strand_),
      timer_(strand_),
      server_(server),
      config_(config),
      handler_(handler),
      id_(next_connection_id()),
      rx_(wrapper::WrapperHeader::kSize + 0xFFFF) {}

UdpWrapperClient::~UdpWrapperClient() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

std::error_code UdpWrapperClient::open() {
  boost::system::error_code ec;
  socket_.open(server_.protocol(), ec);
  if (!ec) {
    socket_.connect(server_, ec);  // the kernel now drops datagrams from any other endpoint
  }
  if (ec) {
    boost::system::error_code ignored;
    socket_.close(ignored);
    return ec;
  }
  open_ = true;
  boost::asio::dispatch(strand_, [self = shared_from_this()] {
    if (self->handler_ != nullptr) {
      self->handler_->on_open(*self);
    }
    self->do_receive();
  });
  return {};
}

std::string UdpWrapperClient::peer() const {
  return "udp:" + server_.address().to_string() + ":" + std::to_string(server_.port());
}

udp::endpoint UdpWrapperClient::local_endpoint() const {
  boost::system::error_code ec;
  return socket_.local_endpoint(ec);
}

void UdpWrapperClient::send_frame(std::uint16_t source_wport, std::uint16_t destination_wport,
                                  ByteSpan apdu) {
  auto frame = std::make_shared<std::vector<std::uint8_t>>(wrapper::WrapperHeader::kSize + apdu.size());
  auto n = wrapper::encode_frame(*frame, source_wport, destination_wport, apdu);
  if (!n) {
    return;  // empty or over 65535 bytes: nothing a datagram can carry
  }
  socket_.async_send(boost::asio::buffer(*frame), [frame](boost::system::error_code, std::size_t) {});
}

void UdpWrapperClient::async_request(ByteSpan apdu, ResponseHandler done) {
  boost::asio::post(strand_,
                    [self = shared_from_this(), data = std::vector<std::uint8_t>(apdu.begin(), apdu.end()),
                     done = std::move(done)]() mutable {
                      if (!self->open_ || self->closed_) {
                        done(std::make_error_code(std::errc::not_connected), {});
                        return;
                      }
                      if (self->pending_) {
                        done(std::make_error_code(std::errc::operation_in_progress), {});
                        return;
                      }
                      if (data.empty() || data.size() > 0xFFFF) {
                        done(std::make_error_code(std::errc::message_size), {});
                        return;
                      }
                      self->pending_ = std::move(done);
                      const std::uint64_t number = ++self->request_number_;
                      self->send_frame(self->config_.client_wport, self->config_.server_wport, data);
                      self->timer_.expires_after(self->config_.response_timeout);
                      self->timer_.async_wait([self, number](boost::system::error_code ec) {
                        if (ec || number != self->request_number_ || !self->pending_) {
                          return;
                        }
                        self->complete(std::make_error_code(std::errc::timed_out), {});
                      });
                    });
}

void UdpWrapperClient::send_apdu(const Addressing& addressing, ByteSpan apdu) {
  boost::asio::post(strand_, [self = shared_from_this(), addressing,
                              data = std::vector<std::uint8_t>(apdu.begin(), apdu.end())] {
    if (self->open_ && !self->closed_) {
      self->send_frame(addressing.client_address, addressing.server_address, data);
    }
  });
}

void UdpWrapperClient::complete(std::error_code ec, ByteSpan apdu) {
  auto done = std::move(pending_);
  pending_ = nullptr;
  ++request_number_;  // a timer still queued for this request is now stale
  timer_.cancel();
  done(ec, apdu);
}

void UdpWrapperClient::do_receive() {
  socket_.async_receive(boost::asio::buffer(rx_),
                        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                          if (self->closed_ || ec == boost::asio::error::operation_aborted) {
                            return;
                          }
                          // A refused datagram (ICMP port unreachable) reports an error on a connected
                          // socket: the request simply gets no answer and times out.
                          if (!ec) {
                            self->on_datagram(n);
                          }
                          if (!self->closed_) {
                            self->do_receive();
                          }
                        });
}

void UdpWrapperClient::on_datagram(std::size_t n) {
  auto frame = wrapper::decode_datagram(ByteSpan(rx_.data(), n), config_.max_apdu_size);
  if (!frame) {
    return;
  }
  const auto& h = frame->header;
  if (pending_ && h.source_wport == config_.server_wport && h.destination_wport == config_.client_wport) {
    complete({}, frame->apdu);
    return;
  }
  if (handler_ != nullptr) {
    Addressing a;
    a.transport = TransportKind::wrapper_udp;
    a.client_address = h.destination_wport;
    a.server_address = h.source_wport;
    handler_->on_apdu(*this, a, frame->apdu);
  }
}

void UdpWrapperClient::close() {
  boost::asio::dispatch(strand_, [self = shared_from_this()] { self->do_close({}); });
}

void UdpWrapperClient::do_close(std::error_code reason) {
  if (closed_) {
    return;
  }
  closed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
  if (pending_) {
    auto done = std::move(pending_);
    pending_ = nullptr;
    done(std::make_error_code(std::errc::operation_canceled), {});
  }
  if (open_ && handler_ != nullptr) {
    handler_->on_close(*this, reason);
  }
}

}  // namespace dlms::transport
