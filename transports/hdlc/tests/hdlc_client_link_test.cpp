#include "transports/hdlc/hdlc_client_link.hpp"

#include <string>
#include <vector>

#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/tests/hdlc_test_util.hpp"

#include <gtest/gtest.h>

namespace dlms::hdlc {
namespace {

using test::Bytes;
using test::drain;
using test::FakeClock;
using test::feed;
using test::hex;
using test::Received;

// Frames computed independently (CRC-16/X.25 by script); kSnrm16 and kDisc16 are the widely
// published SNRM and DISC of client 16 to server 1.
constexpr const char* kSnrm16 = "7E A0 07 03 21 93 0F 01 7E";
constexpr const char* kUa16 =
    "7E A0 1E 21 03 73 C3 7A 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E";
constexpr const char* kDm16 = "7E A0 07 21 03 1F 6B E9 7E";
constexpr const char* kDisc16 = "7E A0 07 03 21 53 03 C7 7E";
constexpr const char* kUaNoInfo16 = "7E A0 07 21 03 73 01 40 7E";
constexpr const char* kRr0From16 = "7E A0 07 03 21 11 15 A6 7E";
constexpr const char* kRr1To16 = "7E A0 07 21 03 31 17 21 7E";
constexpr const char* kGet16 =
    "7E A0 19 03 21 10 7F DA E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00 60 1A 7E";
constexpr const char* kGetApdu = "C0 01 C1 00 08 00 00 01 00 00 FF 02 00";
constexpr const char* kGetResponse16 =
    "7E A0 18 21 03 30 C6 41 E6 E7 00 C4 01 C1 00 09 06 01 02 03 04 05 06 C4 44 7E";

struct ClientFixture : ::testing::Test {
  HdlcClientConfig config;
  FakeClock clock;

  std::vector<Received> in(HdlcClientLink& link, const char* text) {
    const Bytes b = hex(text);
    return feed(link, ByteSpan(b), clock.now);
  }
  std::string out(HdlcClientLink& link) { return hex(ByteSpan(drain(link))); }

  void connect(HdlcClientLink& link) {
    ASSERT_TRUE(link.connect(clock.now));
    ASSERT_EQ(out(link), kSnrm16);
    auto ev = in(link, kUa16);
    ASSERT_EQ(ev.size(), 1U);
    ASSERT_EQ(ev[0].kind, HdlcEventKind::connected);
  }
};

TEST_F(ClientFixture, ConnectsWithDefaultParameters) {
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  EXPECT_EQ(link.state(), HdlcLinkState::connecting);
  EXPECT_EQ(out(link), kSnrm16);
  auto ev = in(link, kUa16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::connected);
  EXPECT_EQ(ev[0].server, HdlcAddress::server(1));
  EXPECT_EQ(ev[0].client, HdlcAddress::client(16));
  EXPECT_EQ(link.state(), HdlcLinkState::nrm);
  EXPECT_TRUE(link.parameters().is_default());
  EXPECT_FALSE(link.next_deadline().has_value());
}

TEST_F(ClientFixture, ProposesParametersAndTakesTheServersAnswer) {
  config.proposal = {2030, 2030, 7, 7};
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  EXPECT_EQ(out(link),
            "7E A0 20 03 21 93 7D D9 81 80 14 05 02 07 EE 06 02 07 EE 07 04 00 00 00 07 08 04 00 00 00 07 4E "
            "E9 7E");
  // The server answers with smaller values: tx 512 (what it sends), rx 1024, windows 7 / 3.
  HdlcFrame ua;
  ua.destination = HdlcAddress::client(16);
  ua.source = HdlcAddress::server(1);
  ua.control = HdlcControl::u(FrameType::UA, true);
  const Bytes info = hex("81 80 14 05 02 02 00 06 02 04 00 07 04 00 00 00 07 08 04 00 00 00 03");
  ua.information = info;
  std::array<std::uint8_t, 64> buf{};
  auto n = encode_frame(ua, MutableByteSpan(buf));
  ASSERT_TRUE(n);
  auto ev = feed(link, ByteSpan(buf).first(*n), clock.now);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::connected);
  EXPECT_EQ(link.parameters(), (HdlcParameters{1024, 512, 3, 7}));
}

TEST_F(ClientFixture, CanAlwaysSendTheParameterField) {
  config.always_send_parameters = true;
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  EXPECT_EQ(
      out(link),
      "7E A0 1E 03 21 93 CD 3B 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E");
}

TEST_F(ClientFixture, DmRefusesTheConnection) {
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  drain(link);
  auto ev = in(link, kDm16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::disconnected);
  EXPECT_EQ(ev[0].reason, hdlc_errc::connection_refused);
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
}

TEST_F(ClientFixture, SnrmIsRetriedThenGivenUp) {
  config.response_timeout = std::chrono::milliseconds(1000);
  config.max_retries = 3;
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  EXPECT_EQ(out(link), kSnrm16);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(link.next_deadline().has_value());
    EXPECT_EQ(*link.next_deadline(), clock.now + std::chrono::milliseconds(1000));
    clock.advance(std::chrono::milliseconds(999));
    EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
    EXPECT_EQ(out(link), "");
    clock.advance(std::chrono::milliseconds(1));
    EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
    EXPECT_EQ(out(link), kSnrm16) << i;
  }
  clock.advance(std::chrono::milliseconds(1000));
  const HdlcEvent e = link.on_timer(clock.now);
  EXPECT_EQ(e.kind, HdlcEventKind::disconnected);
  EXPECT_EQ(e.reason, hdlc_errc::response_timeout);
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  EXPECT_FALSE(link.next_deadline().has_value());
}

TEST_F(ClientFixture, SendsARequestAndReceivesTheResponse) {
  HdlcClientLink link(config);
  connect(link);
  EXPECT_EQ(link.send(hex(kGetApdu), clock.now, true).error(), std::error_code{});
  EXPECT_EQ(out(link), kGet16);
  EXPECT_EQ(link.send(hex(kGetApdu), clock.now).error(), hdlc_errc::busy);
  auto ev = in(link, kGetResponse16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
  EXPECT_EQ(hex(ev[0].apdu), "C4 01 C1 00 09 06 01 02 03 04 05 06");
  EXPECT_FALSE(link.sending());
  EXPECT_FALSE(link.next_deadline().has_value());
  EXPECT_EQ(out(link), "");
}

TEST_F(ClientFixture, RetransmitsTheIFrameOnResponseTimeout) {
  config.response_timeout = std::chrono::milliseconds(500);
  HdlcClientLink link(config);
  connect(link);
  ASSERT_TRUE(link.send(hex(kGetApdu), clock.now));
  EXPECT_EQ(out(link), kGet16);
  clock.advance(std::chrono::milliseconds(500));
  EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
  EXPECT_EQ(out(link), kGet16);  // same N(S)=0, P=1
  auto ev = in(link, kGetResponse16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
}

TEST_F(ClientFixture, PollsWithRrWhileTheResponseIsLate) {
  config.response_timeout = std::chrono::milliseconds(500);
  HdlcClientLink link(config);
  connect(link);
  ASSERT_TRUE(link.send(hex(kGetApdu), clock.now));
  drain(link);
  // The server acknowledges the request (RR N(R)=1, F=1) but has no answer yet.
  auto ev = in(link, kRr1To16);
  EXPECT_TRUE(ev.empty());
  EXPECT_FALSE(link.sending());
  EXPECT_EQ(out(link), "");
  clock.advance(std::chrono::milliseconds(500));
  (void)link.on_timer(clock.now);
  EXPECT_EQ(out(link), "7E A0 07 03 21 11 15 A6 7E");  // RR N(R)=0 P=1
  ev = in(link, kGetResponse16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
}

TEST_F(ClientFixture, OutOfSequenceResponseIsAskedForAgain) {
  HdlcClientLink link(config);
  connect(link);
  ASSERT_TRUE(link.send(hex(kGetApdu), clock.now));
  drain(link);
  // I frame N(S)=1 (expected 0), N(R)=1, F=1.
  HdlcFrame f;
  f.destination = HdlcAddress::client(16);
  f.source = HdlcAddress::server(1);
  f.control = HdlcControl::i(1, 1, true);
  const Bytes info = hex("E6 E7 00 C4 01 C1 00 09 00");
  f.information = info;
  std::array<std::uint8_t, 64> buf{};
  auto n = encode_frame(f, MutableByteSpan(buf));
  ASSERT_TRUE(n);
  auto ev = feed(link, ByteSpan(buf).first(*n), clock.now);
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(out(link), kRr0From16);
}

TEST_F(ClientFixture, DisconnectsWithDisc) {
  HdlcClientLink link(config);
  connect(link);
  ASSERT_TRUE(link.disconnect(clock.now));
  EXPECT_EQ(out(link), kDisc16);
  auto ev = in(link, kUaNoInfo16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::disconnected);
  EXPECT_FALSE(ev[0].reason);
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  // DM also confirms a DISC; and a DISC that gets no answer ends after the retries.
  connect(link);
  ASSERT_TRUE(link.disconnect(clock.now));
  drain(link);
  ev = in(link, kDm16);
  ASSERT_EQ(ev.size(), 1U);
  connect(link);
  ASSERT_TRUE(link.disconnect(clock.now));
  drain(link);
  HdlcEvent last;
  for (int i = 0; i < 10 && link.state() != HdlcLinkState::ndm; ++i) {
    clock.advance(config.response_timeout);
    last = link.on_timer(clock.now);
    drain(link);
  }
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  EXPECT_EQ(last.reason, hdlc_errc::response_timeout);
}

TEST_F(ClientFixture, DmOrFrmrInNrmEndTheConnection) {
  HdlcClientLink link(config);
  connect(link);
  auto ev = in(link, kDm16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].reason, hdlc_errc::disconnected);
  connect(link);
  ev = in(link, "7E A0 0C 21 03 97 3E 21 10 00 04 C6 0C 7E");
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::disconnected);
  EXPECT_EQ(ev[0].reason, hdlc_errc::frame_rejected);
}

TEST_F(ClientFixture, IgnoresFramesForOtherClientsOrFromOtherServers) {
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  drain(link);
  auto ev =
      in(link,
         "7E A0 1E 03 03 73 40 CC 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E");
  EXPECT_TRUE(ev.empty());  // UA to client 1
  EXPECT_EQ(link.state(), HdlcLinkState::connecting);
}

TEST_F(ClientFixture, SendRequiresAConnection) {
  HdlcClientLink link(config);
  EXPECT_EQ(link.send(hex(kGetApdu), clock.now).error(), hdlc_errc::not_connected);
  EXPECT_TRUE(link.disconnect(clock.now));  // nothing to do in NDM
  EXPECT_EQ(out(link), "");
}

}  // namespace
}  // namespace dlms::hdlc
