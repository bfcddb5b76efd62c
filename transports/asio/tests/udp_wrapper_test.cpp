#include "transports/asio/udp_wrapper_server.hpp"

#include <chrono>

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

}  // namespace
}  // namespace dlms::transport
