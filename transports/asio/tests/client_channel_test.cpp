// StreamClientChannel: blocking request/response exchanges over loopback TCP against the
// Asio server bindings (an echo handler), framed as wrapper and as HDLC.
#include "transports/asio/client_channel.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/tcp.hpp"
#include "transports/asio/tests/test_handlers.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::tcp;
using namespace std::chrono_literals;

const tcp::endpoint kLoopback{boost::asio::ip::address_v4::loopback(), 0};

// Runs a server's io_context on its own thread for the test's duration.
class ServerThread {
 public:
  explicit ServerThread(boost::asio::io_context& io) : io_(io), guard_(boost::asio::make_work_guard(io)) {
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

 private:
  boost::asio::io_context& io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

std::vector<std::uint8_t> pattern(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<std::uint8_t>(i * 7 + 1);
  }
  return v;
}

TEST(ClientChannel, WrapperOverTcp) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  TcpServer server(
      io, kLoopback, [] { return std::make_unique<WrapperProtocol>(Role::server, 4096); }, echo);
  server.start();
  ServerThread thread(io);
  auto channel = connect_wrapper_tcp("127.0.0.1", server.local_endpoint().port(), 16, 1, 3s);
  ASSERT_TRUE(channel) << channel.error().message();
  const auto get = from_hex("C0 01 C1 00 08 00 00 01 00 00 FF 02 00").value();
  for (int i = 0; i < 3; ++i) {
    Result<ByteSpan> r = (*channel)->exchange(get);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(std::vector<std::uint8_t>(r->begin(), r->end()), get);
  }
  const auto big = pattern(3000);
  Result<ByteSpan> r = (*channel)->exchange(big);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(std::vector<std::uint8_t>(r->begin(), r->end()), big);
  std::lock_guard lock(echo.mutex);
  ASSERT_EQ(echo.addressing.size(), 4U);
  EXPECT_EQ(echo.addressing[0].client_address, 16);
  EXPECT_EQ(echo.addressing[0].server_address, 1);
}

TEST(ClientChannel, HdlcOverTcpWithSegmentation) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  hdlc::HdlcServerConfig sc;
  sc.inter_octet_timeout = hdlc::HdlcDuration(0);
  TcpServer server(
      io, kLoopback, [sc] { return std::make_unique<HdlcServerProtocol>(sc); }, echo);
  server.start();
  ServerThread thread(io);
  hdlc::HdlcClientConfig cc;
  auto channel = connect_hdlc_tcp("127.0.0.1", server.local_endpoint().port(), cc, 3s);
  ASSERT_TRUE(channel) << channel.error().message();
  const auto apdu = pattern(600);  // 128-octet I frames both ways
  for (int i = 0; i < 2; ++i) {
    Result<ByteSpan> r = (*channel)->exchange(apdu);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(std::vector<std::uint8_t>(r->begin(), r->end()), apdu);
  }
  EXPECT_EQ(echo.links_up.load(), 1);
}

TEST(ClientChannel, TimeOutAndRefusedConnection) {
  // A server that never answers: the exchange times out.
  boost::asio::io_context io;
  test::RecordingHandler silent;
  TcpServer server(
      io, kLoopback, [] { return std::make_unique<WrapperProtocol>(Role::server, 4096); }, silent);
  server.start();
  ServerThread thread(io);
  auto channel = connect_wrapper_tcp("127.0.0.1", server.local_endpoint().port(), 16, 1, 200ms);
  ASSERT_TRUE(channel);
  const auto get = from_hex("C0 01 C1 00 08 00 00 01 00 00 FF 02 00").value();
  EXPECT_EQ((*channel)->exchange(get).error(), std::errc::timed_out);

  // Nobody listens on a port just released.
  std::uint16_t port = 0;
  {
    boost::asio::io_context tmp;
    tcp::acceptor a(tmp, kLoopback);
    port = a.local_endpoint().port();
  }
  EXPECT_FALSE(connect_wrapper_tcp("127.0.0.1", port, 16, 1, 1s));
}

}  // namespace
}  // namespace dlms::transport
