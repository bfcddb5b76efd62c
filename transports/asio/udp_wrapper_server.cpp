#include "transports/asio/udp_wrapper_server.hpp"

#include <string>

#include "transports/wrapper/wrapper_frame.hpp"

namespace dlms::transport {

using boost::asio::ip::udp;

// The socket, shared with the peers so that a late send_apdu() never touches a dead server.
struct UdpWrapperServer::Shared {
  explicit Shared(boost::asio::io_context& io) : strand(boost::asio::make_strand(io)), socket(strand) {}
  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  udp::socket socket;
  bool open = false;
};

class UdpWrapperServer::Peer final : public ConnectionContext, public std::enable_shared_from_this<Peer> {
 public:
  Peer(std::shared_ptr<Shared> shared, udp::endpoint endpoint)
      : shared_(std::move(shared)), endpoint_(std::move(endpoint)), id_(next_connection_id()) {}

  void send_apdu(const Addressing& a, ByteSpan apdu) override {
    auto frame = std::make_shared<std::vector<std::uint8_t>>(wrapper::WrapperHeader::kSize + apdu.size());
    if (!wrapper::encode_frame(*frame, a.server_address, a.client_address, apdu)) {
      return;
    }
    boost::asio::dispatch(shared_->strand, [shared = shared_, endpoint = endpoint_, frame] {
      if (!shared->open) {
        return;
      }
      shared->socket.async_send_to(boost::asio::buffer(*frame), endpoint,
                                   [frame](boost::system::error_code, std::size_t) {});
    });
  }
  void close() override { closed_ = true; }
  [[nodiscard]] std::uint64_t id() const noexcept override { return id_; }
  [[nodiscard]] std::string peer() const override {
    return "udp:" + endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port());
  }

  bool closed_ = false;
  std::chrono::steady_clock::time_point last_seen{};

 private:
  std::shared_ptr<Shared> shared_;
  udp::endpoint endpoint_;
  std::uint64_t id_;
};

UdpWrapperServer::UdpWrapperServer(boost::asio::io_context& io, const udp::endpoint& endpoint,
                                   ApduHandler& handler, const ConnectionLimits& limits)
    : shared_(std::make_shared<Shared>(io)),
      handler_(handler),
      limits_(limits),
      rx_(wrapper::WrapperHeader::kSize + 0xFFFF),
      endpoint_(endpoint) {}

UdpWrapperServer::~UdpWrapperServer() { stop(); }

void UdpWrapperServer::start() {
  shared_->socket.open(endpoint_.protocol());
  shared_->socket.bind(endpoint_);
  shared_->open = true;
  do_receive();
}

void UdpWrapperServer::stop() {
  if (!shared_->open) {
    return;
  }
  shared_->open = false;
  boost::system::error_code ignored;
  shared_->socket.close(ignored);
  for (auto& [ep, peer] : peers_) {
    handler_.on_close(*peer, {});
  }
  peers_.clear();
}

udp::endpoint UdpWrapperServer::local_endpoint() const {
  boost::system::error_code ec;
  return shared_->socket.local_endpoint(ec);
}

void UdpWrapperServer::do_receive() {
  shared_->socket.async_receive_from(boost::asio::buffer(rx_), from_,
                                     [this, shared = shared_](boost::system::error_code ec, std::size_t n) {
                                       if (ec == boost::asio::error::operation_aborted || !shared->open) {
                                         return;
                                       }
                                       if (!ec) {
                                         on_datagram(n);
                                       }
                                       do_receive();
                                     });
}

void UdpWrapperServer::expire_peers() {
  if (limits_.idle_timeout.count() <= 0) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  for (auto it = peers_.begin(); it != peers_.end();) {
    if (it->second->closed_ || now - it->second->last_seen > limits_.idle_timeout) {
      handler_.on_close(*it->second,
                        it->second->closed_ ? std::error_code{} : std::make_error_code(std::errc::timed_out));
      it = peers_.erase(it);
    } else {
      ++it;
    }
  }
}

void UdpWrapperServer::on_datagram(std::size_t n) {
  auto frame = wrapper::decode_datagram(ByteSpan(rx_.data(), n), limits_.max_apdu_size);
  if (!frame) {
    return;
  }
  expire_peers();
  auto it = peers_.find(from_);
  if (it == peers_.end()) {
    if (peers_.size() >= limits_.max_connections) {
      return;
    }
    it = peers_.emplace(from_, std::make_shared<Peer>(shared_, from_)).first;
    handler_.on_open(*it->second);
  }
  auto peer = it->second;  // keep it alive through the callback
  peer->last_seen = std::chrono::steady_clock::now();
  Addressing a;
  a.transport = TransportKind::wrapper_udp;
  a.client_address = frame->header.source_wport;
  a.server_address = frame->header.destination_wport;
  handler_.on_apdu(*peer, a, frame->apdu);
}

}  // namespace dlms::transport
