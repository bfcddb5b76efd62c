#include "transports/asio/tcp.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/tests/test_handlers.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::tcp;
using namespace std::chrono_literals;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

// jDLMS (openmuc.org) JdlmsClientOverTcpTest: GET clock from client wPort 16 to server wPort 1.
const char* kGetClockWpdu = "00 01 00 10 00 01 00 0d c0 01 02 00 08 00 00 01 00 00 ff 02 00";

const tcp::endpoint kLoopback{boost::asio::ip::address_v4::loopback(), 0};

ProtocolFactory wrapper_factory(std::size_t max_apdu = 1024) {
  return [max_apdu] { return std::make_unique<WrapperProtocol>(Role::server, max_apdu); };
}

// Writes `bytes` one byte at a time from a plain blocking socket and reads `expect` bytes.
std::vector<std::uint8_t> raw_exchange(boost::asio::io_context& io, tcp::endpoint ep,
                                       const std::vector<std::uint8_t>& bytes, std::size_t expect,
                                       boost::system::error_code& ec) {
  std::vector<std::uint8_t> got(expect);
  std::thread client([&] {
    boost::asio::io_context cio;
    tcp::socket s(cio);
    s.connect(ep, ec);
    if (ec) {
      return;
    }
    for (auto b : bytes) {
      boost::asio::write(s, boost::asio::buffer(&b, 1), ec);
    }
    boost::asio::read(s, boost::asio::buffer(got), ec);
    io.stop();
  });
  io.run_for(5s);
  client.join();
  return got;
}

TEST(TcpWrapper, EchoOverLoopbackWithExactWireBytes) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  TcpServer server(io, kLoopback, wrapper_factory(), echo);
  server.start();
  const auto request = hex(kGetClockWpdu);
  boost::system::error_code ec;
  auto reply = raw_exchange(io, server.local_endpoint(), request, request.size(), ec);
  ASSERT_FALSE(ec) << ec.message();
  // The answer comes from wPort 1 to wPort 16: the header's ports are swapped.
  EXPECT_EQ(to_hex(reply), "00 01 00 01 00 10 00 0D C0 01 02 00 08 00 00 01 00 00 FF 02 00");
  ASSERT_EQ(echo.received.size(), 1U);
  EXPECT_EQ(echo.addressing[0].client_address, 16);
  EXPECT_EQ(echo.addressing[0].server_address, 1);
  EXPECT_EQ(echo.addressing[0].transport, TransportKind::wrapper_tcp);
}

TEST(TcpWrapper, ClientConnectionExchangesApdus) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  TcpServer server(io, kLoopback, wrapper_factory(), echo);
  server.start();
  test::RecordingHandler client;
  std::shared_ptr<ConnectionContext> connection;
  const auto apdu = hex("C0 01 02 00 08 00 00 01 00 00 FF 02 00");
  Addressing to{TransportKind::wrapper_tcp, 16, 1, 0, 1};
  int round = 0;
  client.on_receive = [&] {
    if (++round < 20) {
      connection->send_apdu(to, apdu);
    } else {
      connection->close();
    }
  };
  client.on_closed = [&] { server.stop(); };
  async_connect_tcp(io, server.local_endpoint(), std::make_unique<WrapperProtocol>(Role::client, 1024),
                    client, {}, [&](std::error_code ec, std::shared_ptr<ConnectionContext> c) {
                      ASSERT_FALSE(ec);
                      connection = std::move(c);
                      connection->send_apdu(to, apdu);
                    });
  io.run_for(5s);
  ASSERT_EQ(client.received.size(), 20U);
  EXPECT_EQ(client.received.back(), apdu);
  EXPECT_EQ(client.addressing.back().client_address, 16);
  EXPECT_EQ(client.addressing.back().server_address, 1);
  EXPECT_TRUE(client.closed);
  EXPECT_FALSE(client.close_reason);
  EXPECT_EQ(echo.closed.load(), 1);
  EXPECT_EQ(server.connection_count(), 0U);
}

TEST(TcpWrapper, ManyConcurrentConnections) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  TcpServer server(io, kLoopback, wrapper_factory(), echo);
  server.start();
  constexpr int kClients = 16;
  std::vector<std::unique_ptr<test::RecordingHandler>> clients;
  std::atomic<int> done{0};
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<test::RecordingHandler>());
    auto* h = clients.back().get();
    const std::vector<std::uint8_t> apdu{0xC0, 0x01, static_cast<std::uint8_t>(i)};
    h->on_receive = [&, h] {
      if (++done == kClients) {
        server.stop();
      }
      (void)h;
    };
    async_connect_tcp(
        io, server.local_endpoint(), std::make_unique<WrapperProtocol>(Role::client, 1024), *h, {},
        [apdu, i](std::error_code ec, const std::shared_ptr<ConnectionContext>& c) {
          ASSERT_FALSE(ec);
          c->send_apdu({TransportKind::wrapper_tcp, static_cast<std::uint16_t>(16 + i), 1, 0, 1}, apdu);
        });
  }
  // Two threads run the io_context: the strands keep each connection's callbacks serial.
  std::thread t([&] { io.run_for(5s); });
  io.run_for(5s);
  t.join();
  EXPECT_EQ(done, kClients);
  for (int i = 0; i < kClients; ++i) {
    ASSERT_EQ(clients[i]->received.size(), 1U);
    EXPECT_EQ(clients[i]->received[0][2], i);
    EXPECT_EQ(clients[i]->addressing[0].client_address, 16 + i);
  }
}

TEST(TcpWrapper, BadVersionAndOversizeCloseTheConnection) {
  for (const char* bad : {"00 02 00 10 00 01 00 01 C0", "00 01 00 10 00 01 04 01 C0"}) {
    boost::asio::io_context io;
    test::EchoHandler echo;
    TcpServer server(io, kLoopback, wrapper_factory(1024), echo);
    server.start();
    boost::system::error_code ec;
    raw_exchange(io, server.local_endpoint(), hex(bad), 1, ec);
    EXPECT_EQ(ec, boost::asio::error::eof) << bad;
    EXPECT_TRUE(echo.received.empty());
    ASSERT_EQ(echo.close_reasons.size(), 1U);
    EXPECT_EQ(echo.close_reasons[0].category().name(), std::string("wrapper"));
  }
}

TEST(TcpWrapper, MaxConnectionsAndIdleTimeout) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  ConnectionLimits limits;
  limits.max_connections = 1;
  limits.idle_timeout = 200ms;
  TcpServer server(io, kLoopback, wrapper_factory(), echo, limits);
  server.start();
  test::RecordingHandler a, b;
  int closed = 0;
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration a_lifetime{}, b_lifetime{};
  a.on_closed = [&] {
    a_lifetime = std::chrono::steady_clock::now() - start;
    if (++closed == 2) {
      server.stop();
    }
  };
  b.on_closed = [&] {
    b_lifetime = std::chrono::steady_clock::now() - start;
    if (++closed == 2) {
      server.stop();
    }
  };
  ConnectionLimits client_limits;
  client_limits.idle_timeout = 0ms;
  async_connect_tcp(io, server.local_endpoint(), std::make_unique<WrapperProtocol>(Role::client, 64), a,
                    client_limits, [&](std::error_code ec, const std::shared_ptr<ConnectionContext>&) {
                      ASSERT_FALSE(ec);
                      // The second connection comes while the first is open: refused.
                      async_connect_tcp(io, server.local_endpoint(),
                                        std::make_unique<WrapperProtocol>(Role::client, 64), b, client_limits,
                                        [](std::error_code, const std::shared_ptr<ConnectionContext>&) {});
                    });
  io.run_for(2s);
  EXPECT_EQ(closed, 2);
  EXPECT_LT(b_lifetime, a_lifetime);  // refused at once, long before the idle time-out
  EXPECT_GE(a_lifetime, 200ms);       // closed by the server's idle time-out
  EXPECT_LT(a_lifetime, 1500ms);
  EXPECT_EQ(echo.opened.load(), 1);
  ASSERT_EQ(echo.close_reasons.size(), 1U);
  EXPECT_EQ(echo.close_reasons[0], std::errc::timed_out);
}

TEST(TcpHdlc, ApduExchangeOverHdlc) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  hdlc::HdlcServerConfig sc;
  sc.inter_octet_timeout = hdlc::HdlcDuration(0);  // over TCP
  TcpServer server(
      io, kLoopback, [sc] { return std::make_unique<HdlcServerProtocol>(sc); }, echo);
  server.start();
  test::RecordingHandler client;
  client.on_receive = [&] { server.stop(); };
  hdlc::HdlcClientConfig cc;
  cc.inter_octet_timeout = hdlc::HdlcDuration(0);
  // A 600-byte APDU: segmented into 128-byte I frames both ways (default parameters).
  std::vector<std::uint8_t> apdu(600);
  for (std::size_t i = 0; i < apdu.size(); ++i) {
    apdu[i] = static_cast<std::uint8_t>(i * 7);
  }
  async_connect_tcp(io, server.local_endpoint(), std::make_unique<HdlcClientProtocol>(cc), client, {},
                    [&](std::error_code ec, const std::shared_ptr<ConnectionContext>& c) {
                      ASSERT_FALSE(ec);
                      c->send_apdu({TransportKind::hdlc, 16, 1, 0, 1}, apdu);
                    });
  io.run_for(5s);
  ASSERT_EQ(client.received.size(), 1U);
  EXPECT_EQ(client.received[0], apdu);
  ASSERT_EQ(echo.addressing.size(), 1U);
  EXPECT_EQ(echo.addressing[0].transport, TransportKind::hdlc);
  EXPECT_EQ(echo.addressing[0].client_address, 16);
  EXPECT_EQ(echo.addressing[0].server_address, 1);
  EXPECT_EQ(echo.links_up.load(), 1);
}

}  // namespace
}  // namespace dlms::transport
