#include "transports/asio/tcp.hpp"

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "transports/asio/stream_connection.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::tcp;
using TcpConnection = StreamConnection<StrandTcpSocket>;

std::string to_string(const StrandTcpSocket& socket) {
  boost::system::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  if (ec) {
    return "tcp:?";
  }
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

}  // namespace

// Everything the asynchronous operations touch, kept alive by them.
struct TcpServer::State {
  State(boost::asio::io_context& io_context, ProtocolFactory f, ApduHandler& h, const ConnectionLimits& l)
      : io(io_context),
        acceptor(boost::asio::make_strand(io_context)),
        factory(std::move(f)),
        handler(h),
        limits(l) {}
  boost::asio::io_context& io;
  tcp::acceptor acceptor;  // used on its own strand only (after start())
  ProtocolFactory factory;
  ApduHandler& handler;
  ConnectionLimits limits;
  mutable std::mutex mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<ConnectionContext>> connections;
  bool stopped = false;
};

TcpServer::TcpServer(boost::asio::io_context& io, const tcp::endpoint& endpoint, ProtocolFactory factory,
                     ApduHandler& handler, const ConnectionLimits& limits)
    : endpoint_(endpoint), state_(std::make_shared<State>(io, std::move(factory), handler, limits)) {}

TcpServer::~TcpServer() { stop(); }

void TcpServer::start() {
  auto& a = state_->acceptor;
  a.open(endpoint_.protocol());
  a.set_option(tcp::acceptor::reuse_address(true));
  a.bind(endpoint_);
  a.listen();
  endpoint_ = a.local_endpoint();
  do_accept(state_);
}

tcp::endpoint TcpServer::local_endpoint() const { return endpoint_; }

std::size_t TcpServer::connection_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->connections.size();
}

void TcpServer::do_accept(const std::shared_ptr<State>& state) {
  auto accepted = std::make_shared<StrandTcpSocket>(boost::asio::make_strand(state->io));
  state->acceptor.async_accept(*accepted, [state, accepted](boost::system::error_code ec) {
    StrandTcpSocket& socket = *accepted;
    if (ec == boost::asio::error::operation_aborted || !state->acceptor.is_open()) {
      return;
    }
    if (!ec) {
      std::unique_lock lock(state->mutex);
      if (state->stopped || state->connections.size() >= state->limits.max_connections) {
        lock.unlock();
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);  // over the limit: refused right away
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        std::string peer = to_string(socket);
        std::weak_ptr<State> weak = state;
        auto connection =
            std::make_shared<TcpConnection>(std::move(socket), state->factory(), state->handler,
                                            state->limits, std::move(peer), [weak](std::uint64_t id) {
                                              if (auto s = weak.lock()) {
                                                std::lock_guard l(s->mutex);
                                                s->connections.erase(id);
                                              }
                                            });
        state->connections.emplace(connection->id(), connection);
        lock.unlock();
        connection->start();
      }
    }
    do_accept(state);
  });
}

void TcpServer::stop() {
  std::vector<std::shared_ptr<ConnectionContext>> open;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopped) {
      return;
    }
    state_->stopped = true;
    for (auto& [id, weak] : state_->connections) {
      if (auto c = weak.lock()) {
        open.push_back(std::move(c));
      }
    }
  }
  boost::asio::dispatch(state_->acceptor.get_executor(), [state = state_] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
  });
  for (auto& c : open) {
    c->close();
  }
}

void async_connect_tcp(boost::asio::io_context& io, const tcp::endpoint& endpoint,
                       std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                       const ConnectionLimits& limits,
                       std::function<void(std::error_code, std::shared_ptr<ConnectionContext>)> done) {
  auto socket = std::make_shared<StrandTcpSocket>(boost::asio::make_strand(io));
  auto proto = std::make_shared<std::unique_ptr<LinkProtocol>>(std::move(protocol));
  socket->async_connect(
      endpoint, [socket, proto, &handler, limits, done = std::move(done)](boost::system::error_code ec) {
        if (ec) {
          done(ec, nullptr);
          return;
        }
        socket->set_option(tcp::no_delay(true), ec);
        std::string peer = to_string(*socket);
        auto connection = std::make_shared<TcpConnection>(std::move(*socket), std::move(*proto), handler,
                                                          limits, std::move(peer));
        connection->start();
        done({}, connection);
      });
}

}  // namespace dlms::transport
