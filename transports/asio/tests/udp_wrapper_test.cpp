#include "transports/asio/udp_wrapper_server.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/asio/tests/test_handlers.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::udp;
using namespace std::chrono_literals;

TEST(UdpWrapper, DatagramEchoAndInvalidDatagramsDropped) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  UdpWrapperServer server(io, {boost::asio::ip::address_v4::loopback(), 0}, echo);
  server.start();
  const auto ep = server.local_endpoint();
  std::vector<std::uint8_t> reply(64);
  std::size_t n = 0;
  boost::system::error_code ec;
  std::thread client([&] {
    boost::asio::io_context cio;
    udp::socket s(cio, udp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
    // Invalid first (bad version, then a length past the datagram's end): no answer.
    s.send_to(boost::asio::buffer(from_hex("00 02 00 10 00 01 00 01 C0").value()), ep);
    s.send_to(boost::asio::buffer(from_hex("00 01 00 10 00 01 00 05 62 03").value()), ep);
    // jDLMS JdlmsClientOverTcpTest RLRQ, here as one UDP datagram.
    s.send_to(boost::asio::buffer(from_hex("00 01 00 10 00 01 00 05 62 03 80 01 00").value()), ep);
    udp::endpoint from;
    n = s.receive_from(boost::asio::buffer(reply), from, 0, ec);
    io.stop();
  });
  io.run_for(5s);
  client.join();
  ASSERT_FALSE(ec);
  EXPECT_EQ(to_hex(ByteSpan(reply).first(n)), "00 01 00 01 00 10 00 05 62 03 80 01 00");
  ASSERT_EQ(echo.received.size(), 1U);
  EXPECT_EQ(echo.addressing[0].transport, TransportKind::wrapper_udp);
  EXPECT_EQ(echo.addressing[0].client_address, 16);
  EXPECT_EQ(server.peer_count(), 1U);
  server.stop();
  EXPECT_EQ(echo.closed.load(), 1);
}

// Per-peer limits: at most max_connections peers; a peer silent for idle_timeout is forgotten
// (on_close with timed_out) when the next datagram arrives, which makes room for a new one.
TEST(UdpWrapper, PeerLimitAndIdleTimeout) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  ConnectionLimits limits;
  limits.max_connections = 1;
  limits.idle_timeout = 100ms;
  UdpWrapperServer server(io, {boost::asio::ip::address_v4::loopback(), 0}, echo, limits);
  server.start();
  const auto ep = server.local_endpoint();
  const auto rlrq = from_hex("00 01 00 10 00 01 00 05 62 03 80 01 00").value();
  std::vector<std::uint8_t> reply(64);
  boost::system::error_code ec_a, ec_b_first, ec_b_second;
  std::thread client([&] {
    boost::asio::io_context cio;
    udp::socket a(cio, udp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
    udp::socket b(cio, udp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
    udp::endpoint from;
    a.send_to(boost::asio::buffer(rlrq), ep);
    a.receive_from(boost::asio::buffer(reply), from, 0, ec_a);
    // A second peer while the first is fresh: dropped (no answer within 50 ms).
    b.send_to(boost::asio::buffer(rlrq), ep);
    b.non_blocking(true);
    std::this_thread::sleep_for(50ms);
    b.receive_from(boost::asio::buffer(reply), from, 0, ec_b_first);
    b.non_blocking(false);
    // After the first peer's idle time-out the second one is served.
    std::this_thread::sleep_for(100ms);
    b.send_to(boost::asio::buffer(rlrq), ep);
    b.receive_from(boost::asio::buffer(reply), from, 0, ec_b_second);
    io.stop();
  });
  io.run_for(5s);
  client.join();
  EXPECT_FALSE(ec_a);
  EXPECT_EQ(ec_b_first, boost::asio::error::would_block);
  EXPECT_FALSE(ec_b_second);
  EXPECT_EQ(echo.received.size(), 2U);
  EXPECT_EQ(echo.opened.load(), 2);
  ASSERT_EQ(echo.close_reasons.size(), 1U);
  EXPECT_EQ(echo.close_reasons[0], std::make_error_code(std::errc::timed_out));
  EXPECT_EQ(server.peer_count(), 1U);
}

}  // namespace
}  // namespace dlms::transport
