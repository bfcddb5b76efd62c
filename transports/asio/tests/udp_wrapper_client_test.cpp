// UdpWrapperClient on the loopback interface: against UdpWrapperServer (request/answer with
// wPort addressing) and against a raw socket playing a meter that stays silent, answers late,
// answers from the wrong wPort or sends garbage (IEC 62056-47 clause 7: one WPDU a datagram).
#include "transports/asio/udp_wrapper_client.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/asio/tests/test_handlers.hpp"
#include "transports/asio/udp_wrapper_server.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::udp;
using namespace std::chrono_literals;

// jDLMS (openmuc.org) JdlmsClientOverTcpTest: GET clock (0.0.1.0.0.255 attribute 2).
const std::vector<std::uint8_t> kGetClock = from_hex("C0 01 C1 00 08 00 00 01 00 00 FF 02 00").value();

struct Outcome {
  std::error_code ec;
  std::vector<std::uint8_t> apdu;
};

TEST(UdpWrapperClient, RequestAnsweredByUdpWrapperServerWithWPortsSwapped) {
  boost::asio::io_context io;
  test::EchoHandler meter;
  UdpWrapperServer server(io, {boost::asio::ip::address_v4::loopback(), 0}, meter);
  server.start();
  UdpClientConfig config;
  config.client_wport = 16;
  config.server_wport = 17;  // the meter's logical device
  config.response_timeout = 2s;
  auto client = UdpWrapperClient::create(io, server.local_endpoint(), config);
  ASSERT_FALSE(client->open());
  std::vector<Outcome> outcomes;
  std::function<void()> next = [&] {
    client->async_request(kGetClock, [&](std::error_code ec, ByteSpan apdu) {
      outcomes.push_back({ec, {apdu.begin(), apdu.end()}});
      if (outcomes.size() < 3) {
        next();
      } else {
        client->close();
        server.stop();
      }
    });
  };
  next();
  io.run_for(5s);
  ASSERT_EQ(outcomes.size(), 3U);
  for (const auto& o : outcomes) {
    EXPECT_FALSE(o.ec) << o.ec.message();
    EXPECT_EQ(o.apdu, kGetClock);
  }
  ASSERT_EQ(meter.addressing.size(), 3U);
  EXPECT_EQ(meter.addressing[0].transport, TransportKind::wrapper_udp);
  EXPECT_EQ(meter.addressing[0].client_address, 16);
  EXPECT_EQ(meter.addressing[0].server_address, 17);
  EXPECT_EQ(meter.opened.load(), 1);  // one peer: the client's one socket
}

// A raw socket as the meter: records what it gets, answers as told.
struct RawMeter {
  explicit RawMeter(boost::asio::io_context& io)
      : socket(io, udp::endpoint(boost::asio::ip::address_v4::loopback(), 0)) {}
  void receive(const std::function<void(std::vector<std::uint8_t>)>& then) {
    socket.async_receive_from(boost::asio::buffer(rx), from,
                              [this, then](boost::system::error_code ec, std::size_t n) {
                                if (!ec) {
                                  then({rx.begin(), rx.begin() + static_cast<std::ptrdiff_t>(n)});
                                }
                              });
  }
  void send(const std::string& hex) { socket.send_to(boost::asio::buffer(from_hex(hex).value()), from); }
  udp::socket socket;
  udp::endpoint from;
  std::array<std::uint8_t, 2048> rx{};
};

TEST(UdpWrapperClient, SilentMeterTimesOutAndALateAnswerGoesToTheHandler) {
  boost::asio::io_context io;
  RawMeter meter(io);
  test::RecordingHandler unsolicited;
  UdpClientConfig config;
  config.response_timeout = 100ms;
  auto client = UdpWrapperClient::create(io, meter.socket.local_endpoint(), config, &unsolicited);
  ASSERT_FALSE(client->open());
  std::vector<std::uint8_t> wire;
  meter.receive([&](std::vector<std::uint8_t> d) { wire = std::move(d); });
  std::optional<Outcome> outcome;
  std::chrono::steady_clock::duration waited{};
  const auto t0 = std::chrono::steady_clock::now();
  client->async_request(kGetClock, [&](std::error_code ec, ByteSpan apdu) {
    waited = std::chrono::steady_clock::now() - t0;
    outcome = Outcome{ec, {apdu.begin(), apdu.end()}};
    // Too late now: the answer is not a response any more but reaches the handler.
    meter.send("00 01 00 01 00 10 00 02 C4 01");
  });
  unsolicited.on_receive = [&] { client->close(); };
  io.run_for(3s);
  EXPECT_EQ(to_hex(wire), "00 01 00 10 00 01 00 0D C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->ec, std::make_error_code(std::errc::timed_out));
  EXPECT_TRUE(outcome->apdu.empty());
  EXPECT_GE(waited, 100ms);
  ASSERT_EQ(unsolicited.received.size(), 1U);
  EXPECT_EQ(to_hex(unsolicited.received[0]), "C4 01");
  EXPECT_EQ(unsolicited.addressing[0].transport, TransportKind::wrapper_udp);
  EXPECT_EQ(unsolicited.addressing[0].client_address, 16);
  EXPECT_EQ(unsolicited.addressing[0].server_address, 1);
  EXPECT_TRUE(unsolicited.closed);
  EXPECT_FALSE(unsolicited.close_reason);
}

TEST(UdpWrapperClient, OnlyTheSwappedWPortPairAnswersInvalidDatagramsAreDropped) {
  boost::asio::io_context io;
  RawMeter meter(io);
  test::RecordingHandler unsolicited;
  UdpClientConfig config;
  config.client_wport = 0x20;
  config.server_wport = 1;
  config.response_timeout = 2s;
  config.max_apdu_size = 8;
  auto client = UdpWrapperClient::create(io, meter.socket.local_endpoint(), config, &unsolicited);
  ASSERT_FALSE(client->open());
  meter.receive([&](const std::vector<std::uint8_t>&) {
    meter.send("00 02 00 01 00 20 00 01 C4");                          // version 2
    meter.send("00 01 00 01 00 20 00 05 C4 01");                       // length past the datagram's end
    meter.send("00 01 00 01 00 20 00 01 C4 01");                       // bytes after the APDU
    meter.send("00 01 00 01 00 20 00 09 01 02 03 04 05 06 07 08 09");  // over max_apdu_size
    meter.send("00 01 00 11 00 20 00 01 AA");                          // from logical device 17
    meter.send("00 01 00 01 00 21 00 01 BB");                          // to another client SAP
    meter.send("00 01 00 01 00 20 00 01 CC");                          // the answer
  });
  std::optional<Outcome> outcome;
  client->async_request(kGetClock, [&](std::error_code ec, ByteSpan apdu) {
    outcome = Outcome{ec, {apdu.begin(), apdu.end()}};
    client->close();
  });
  io.run_for(3s);
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome->ec);
  EXPECT_EQ(to_hex(outcome->apdu), "CC");
  ASSERT_EQ(unsolicited.received.size(), 2U);
  EXPECT_EQ(to_hex(unsolicited.received[0]), "AA");
  EXPECT_EQ(unsolicited.addressing[0].server_address, 17);
  EXPECT_EQ(to_hex(unsolicited.received[1]), "BB");
  EXPECT_EQ(unsolicited.addressing[1].client_address, 0x21);
}

TEST(UdpWrapperClient, OneRequestAtATimeCloseCancelsSendApduUsesItsAddressing) {
  boost::asio::io_context io;
  RawMeter meter(io);
  test::RecordingHandler handler;
  UdpClientConfig config;
  config.response_timeout = 10s;
  auto client = UdpWrapperClient::create(io, meter.socket.local_endpoint(), config, &handler);
  std::optional<Outcome> before_open;
  client->async_request(kGetClock, [&](std::error_code ec, ByteSpan) { before_open = Outcome{ec, {}}; });
  io.run_for(100ms);
  io.restart();
  ASSERT_TRUE(before_open);
  EXPECT_EQ(before_open->ec, std::make_error_code(std::errc::not_connected));

  ASSERT_FALSE(client->open());
  std::vector<std::uint8_t> wire;
  meter.receive([&](std::vector<std::uint8_t> d) {
    wire = std::move(d);
    client->close();
  });
  std::vector<std::error_code> results;
  client->send_apdu({TransportKind::wrapper_udp, 0x30, 0x11, 0, 1}, from_hex("62 03 80 01 00").value());
  client->async_request(kGetClock, [&](std::error_code ec, ByteSpan) { results.push_back(ec); });
  client->async_request(kGetClock, [&](std::error_code ec, ByteSpan) { results.push_back(ec); });
  client->async_request({}, [&](std::error_code ec, ByteSpan) { results.push_back(ec); });
  io.run_for(3s);
  // The send_apdu datagram left first, with its own wPorts (jDLMS RLRQ APDU).
  EXPECT_EQ(to_hex(wire), "00 01 00 30 00 11 00 05 62 03 80 01 00");
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0], std::make_error_code(std::errc::operation_in_progress));
  EXPECT_EQ(results[1], std::make_error_code(std::errc::operation_in_progress));
  EXPECT_EQ(results[2], std::make_error_code(std::errc::operation_canceled));  // the pending one, at close
  EXPECT_TRUE(handler.closed);
}

}  // namespace
}  // namespace dlms::transport
