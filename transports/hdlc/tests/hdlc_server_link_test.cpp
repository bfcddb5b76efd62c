#include "transports/hdlc/hdlc_server_link.hpp"

#include <string>
#include <utility>
#include <vector>

#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_fcs.hpp"
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

// Expected frames below were computed independently of this code (CRC-16/X.25 by hand-written
// script) unless marked [1]: captured from a real meter, quoted in ti-cortex-m4/tm4c1294ncpdt
// (ek-tm4c1294xl/project1/self/sensors/sensor36/automatic36_2.c), a session of client 1 with server 1.
constexpr const char* kSnrm16 = "7E A0 07 03 21 93 0F 01 7E";  // widely published SNRM, client 16 -> server 1
constexpr const char* kUa16 =
    "7E A0 1E 21 03 73 C3 7A 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E";
constexpr const char* kDm16 = "7E A0 07 21 03 1F 6B E9 7E";
constexpr const char* kDisc16 = "7E A0 07 03 21 53 03 C7 7E";
constexpr const char* kUaNoInfo16 = "7E A0 07 21 03 73 01 40 7E";
constexpr const char* kRr0To16 = "7E A0 07 21 03 11 15 00 7E";
constexpr const char* kGet16 =
    "7E A0 19 03 21 10 7F DA E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00 60 1A 7E";  // I(0,0) P
constexpr const char* kGetResponse16 =
    "7E A0 18 21 03 30 C6 41 E6 E7 00 C4 01 C1 00 09 06 01 02 03 04 05 06 C4 44 7E";  // I(0,1) F

struct ServerFixture : ::testing::Test {
  HdlcServerConfig config;
  FakeClock clock;

  HdlcServerLink make() { return HdlcServerLink(config); }

  std::vector<Received> in(HdlcServerLink& link, const char* text,
                           std::vector<std::error_code>* errors = nullptr) {
    const Bytes b = hex(text);
    return feed(link, ByteSpan(b), clock.now, errors);
  }
  std::string out(HdlcServerLink& link) { return hex(ByteSpan(drain(link))); }

  void connect16(HdlcServerLink& link) {
    auto ev = in(link, kSnrm16);
    ASSERT_EQ(ev.size(), 1U);
    ASSERT_EQ(ev[0].kind, HdlcEventKind::connected);
    ASSERT_EQ(out(link), kUa16);
  }
};

TEST_F(ServerFixture, SnrmWithoutParametersGetsUaWithDefaults) {
  auto link = make();
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  auto ev = in(link, kSnrm16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::connected);
  EXPECT_EQ(ev[0].client, HdlcAddress::client(16));
  EXPECT_EQ(ev[0].server, HdlcAddress::server(1));
  // The information field and FCS are those of the published UAs of [1] (whose header differs
  // only in the client address): after a correct HCS the FCS depends on the information only.
  EXPECT_EQ(out(link), kUa16);
  EXPECT_EQ(link.state(), HdlcLinkState::nrm);
  EXPECT_TRUE(link.parameters().is_default());
}

TEST_F(ServerFixture, NegotiatesTheSmallerValues) {
  config.limits = {512, 1024, 7, 3};
  auto link = make();
  // Client proposes tx 2030, rx 2030, windows 7/7.
  auto ev = in(link,
               "7E A0 20 03 21 93 7D D9 81 80 14 05 02 07 EE 06 02 07 EE 07 04 00 00 00 07 08 04 00 00 00 07 "
               "4E E9 7E");
  ASSERT_EQ(ev.size(), 1U);
  const HdlcParameters p = link.parameters();
  EXPECT_EQ(p.max_info_tx, 512);
  EXPECT_EQ(p.max_info_rx, 1024);
  EXPECT_EQ(p.window_tx, 7);
  EXPECT_EQ(p.window_rx, 3);
  const Bytes ua = drain(link);
  auto f = decode_frame(ByteSpan(ua));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->control.type, FrameType::UA);
  EXPECT_EQ(hex(f->information), "81 80 14 05 02 02 00 06 02 04 00 07 04 00 00 00 07 08 04 00 00 00 03");
}

TEST_F(ServerFixture, MalformedSnrmParametersAreRefusedWithDm) {
  auto link = make();
  std::vector<std::error_code> errors;
  // SNRM whose parameter group length runs past the end.
  auto ev = in(link, "7E A0 0F 03 21 93 D7 E4 81 80 09 05 01 80 A1 55 7E", &errors);
  EXPECT_TRUE(ev.empty());
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0], hdlc_errc::bad_parameters);
  EXPECT_EQ(out(link), kDm16);
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
}

TEST_F(ServerFixture, DiscInNdmGetsDmAndInNrmGetsUa) {
  auto link = make();
  in(link, kDisc16);
  EXPECT_EQ(out(link), kDm16);
  connect16(link);
  auto ev = in(link, kDisc16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::disconnected);
  EXPECT_EQ(ev[0].reason, hdlc_errc::disconnected);
  EXPECT_EQ(out(link), kUaNoInfo16);
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  // I frame while disconnected: DM.
  in(link, kGet16);
  EXPECT_EQ(out(link), kDm16);
}

TEST_F(ServerFixture, RequestAndResponseOnIFrames) {
  auto link = make();
  connect16(link);
  auto ev = in(link, kGet16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
  EXPECT_EQ(hex(ev[0].apdu), "C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
  EXPECT_EQ(ev[0].server, HdlcAddress::server(1));
  EXPECT_EQ(out(link), "");  // waits for the application's answer
  ASSERT_TRUE(link.send(hex("C4 01 C1 00 09 06 01 02 03 04 05 06"), ev[0].server));
  EXPECT_EQ(out(link), kGetResponse16);
  EXPECT_EQ(link.send(hex("C4"), ev[0].server).error(), hdlc_errc::busy);
}

TEST_F(ServerFixture, ReplaysAPublishedMeterSessionByteForByte) {
  // [1]: each step is what the client sent and what the meter answered. The application's
  // answers are the APDUs the meter sent; the link must frame and segment them identically.
  const std::vector<std::pair<std::string, std::string>> session = {
#include "transports/hdlc/tests/data/published_session.inc"
  };
  config.max_apdu_size = 1024;
  auto link = make();
  for (std::size_t step = 0; step < session.size(); ++step) {
    const Bytes request = hex(session[step].first);
    auto ev = feed(link, ByteSpan(request), clock.now);
    for (const auto& e : ev) {
      if (e.kind != HdlcEventKind::apdu) {
        continue;
      }
      // The meter's answer: the I frames from this step on, until one without the S bit.
      Bytes apdu;
      for (std::size_t k = step; k < session.size(); ++k) {
        const Bytes reply = hex(session[k].second);
        auto f = decode_frame(ByteSpan(reply));
        ASSERT_TRUE(f);
        if (f->control.type != FrameType::I) {
          continue;
        }
        apdu.insert(apdu.end(), f->information.begin(), f->information.end());
        if (!f->segmented) {
          break;
        }
      }
      ASSERT_GE(apdu.size(), 3U);
      EXPECT_EQ(hex(ByteSpan(apdu).first(3)), "E6 E7 00");
      ASSERT_TRUE(link.send(ByteSpan(apdu).subspan(3), e.server));
    }
    EXPECT_EQ(out(link), hex(ByteSpan(hex(session[step].second)))) << "step " << step + 1;
    clock.advance(std::chrono::milliseconds(50));
  }
}

TEST_F(ServerFixture, OutOfSequenceIFrameIsDiscardedAndAnsweredWithRr) {
  auto link = make();
  connect16(link);
  std::vector<std::error_code> errors;
  // I frame with N(S)=1 while V(R)=0, P=1: "7E A0 19 03 21 12 ..." built from kGet16's payload.
  HdlcFrame f;
  f.destination = HdlcAddress::server(1);
  f.source = HdlcAddress::client(16);
  f.control = HdlcControl::i(1, 0, true);
  const Bytes info = hex("E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
  f.information = info;
  std::array<std::uint8_t, 64> buf{};
  auto n = encode_frame(f, MutableByteSpan(buf));
  ASSERT_TRUE(n);
  auto ev = feed(link, ByteSpan(buf).first(*n), clock.now, &errors);
  EXPECT_TRUE(ev.empty());
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0], hdlc_errc::unexpected_frame);
  EXPECT_EQ(out(link), kRr0To16);
  // The expected frame is then accepted.
  ev = in(link, kGet16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
}

TEST_F(ServerFixture, FrmrForInvalidFramesAndRecovery) {
  struct Case {
    HdlcControl control;
    std::size_t info;
    const char* frmr;
  };
  const Case cases[] = {
      // Information field longer than the negotiated 128: Y.
      {HdlcControl::i(0, 0, true), 129, "7E A0 0C 21 03 97 3E 21 10 00 04 C6 0C 7E"},
      // N(R) = 3 acknowledges frames never sent: Z.
      {HdlcControl::i(0, 3, true), 16, "7E A0 0C 21 03 97 3E 21 70 00 08 E7 C3 7E"},
      // REJ (not used by IEC 62056-46): W.
      {decode_control(0x19), 0, "7E A0 0C 21 03 97 3E 21 19 00 01 75 C7 7E"},
      // RR with an information field: W and X.
      {HdlcControl::s(FrameType::RR, 0, true), 4, "7E A0 0C 21 03 97 3E 21 11 00 03 A5 22 7E"},
  };
  for (const auto& c : cases) {
    auto link = make();
    connect16(link);
    HdlcFrame f;
    f.destination = HdlcAddress::server(1);
    f.source = HdlcAddress::client(16);
    f.control = c.control;
    Bytes info(c.info, 0x11);
    if (c.info >= 3) {
      info[0] = 0xE6;
      info[1] = 0xE6;
      info[2] = 0x00;
    }
    f.information = info;
    std::vector<std::uint8_t> buf(300);
    std::size_t n = 0;
    if (f.control.type == FrameType::unknown) {
      // encode_frame refuses unknown control fields: build the 7-octet frame by hand.
      const Bytes b = hex("7E A0 07 03 21 19 00 00 7E");
      std::copy(b.begin(), b.end(), buf.begin());
      const std::uint16_t fcs = fcs16(ByteSpan(buf).subspan(1, 5));
      buf[6] = static_cast<std::uint8_t>(fcs & 0xFF);
      buf[7] = static_cast<std::uint8_t>(fcs >> 8);
      n = b.size();
    } else {
      auto r = encode_frame(f, MutableByteSpan(buf));
      ASSERT_TRUE(r);
      n = *r;
    }
    auto ev = feed(link, ByteSpan(buf).first(n), clock.now);
    EXPECT_TRUE(ev.empty());
    EXPECT_EQ(out(link), c.frmr);
    EXPECT_EQ(link.state(), HdlcLinkState::frame_reject);
    // In the FRMR condition any other command gets FRMR again ...
    in(link, kGet16);
    EXPECT_EQ(out(link), c.frmr);
    // ... until DISC (UA, NDM) or SNRM.
    ev = in(link, kDisc16);
    ASSERT_EQ(ev.size(), 1U);
    EXPECT_EQ(out(link), kUaNoInfo16);
    EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  }
}

TEST_F(ServerFixture, CorruptedFramesAreDroppedSilently) {
  auto link = make();
  connect16(link);
  Bytes get = hex(kGet16);
  for (std::size_t i = 1; i + 1 < get.size(); ++i) {
    Bytes bad = get;
    bad[i] ^= 0x20;
    auto ev = feed(link, ByteSpan(bad), clock.now);
    EXPECT_TRUE(ev.empty()) << i;
    // A flipped length may leave a partial frame: the inter-octet time-out clears it.
    clock.advance(std::chrono::milliseconds(100));
    (void)link.on_timer(clock.now);
  }
  EXPECT_EQ(out(link), "");
  EXPECT_EQ(link.state(), HdlcLinkState::nrm);
  auto ev = in(link, kGet16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
}

TEST_F(ServerFixture, FramesForOtherAddressesAreIgnored) {
  config.logical_devices = {1, 17};
  config.logical_device_count = 2;
  config.physical_address = 16;
  auto link = make();
  std::vector<std::error_code> errors;
  // SNRM to logical device 5: ignored.
  in(link, "7E A0 07 0B 21 93 00 00 7E", &errors);  // bad FCS too: dropped either way
  HdlcFrame f;
  f.source = HdlcAddress::client(16);
  f.control = HdlcControl::u(FrameType::SNRM, true);
  std::array<std::uint8_t, 32> buf{};
  for (const HdlcAddress& wrong :
       {HdlcAddress::server(5), HdlcAddress::server(1, 15, 4), HdlcAddress::server(17, 3, 2)}) {
    f.destination = wrong;
    auto n = encode_frame(f, MutableByteSpan(buf));
    ASSERT_TRUE(n);
    errors.clear();
    auto ev = feed(link, ByteSpan(buf).first(*n), clock.now, &errors);
    EXPECT_TRUE(ev.empty());
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0], hdlc_errc::wrong_address);
    EXPECT_EQ(out(link), "");
  }
  // SNRM to logical device 17, physical 16, 4-octet address: UA from the same address.
  auto ev = in(link, "7E A0 0A 00 22 00 21 21 93 31 A4 7E");
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].server, HdlcAddress::server(17, 16, 4));
  EXPECT_EQ(out(link),
            "7E A0 21 21 00 22 00 21 73 AE 4E 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 "
            "53 3B 7E");
  // An I frame to the management logical device 1 on the same link is reported as such.
  f.destination = HdlcAddress::server(1, 16, 4);
  f.control = HdlcControl::i(0, 0, true);
  const Bytes info = hex("E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
  f.information = info;
  std::array<std::uint8_t, 64> ibuf{};
  auto n = encode_frame(f, MutableByteSpan(ibuf));
  ASSERT_TRUE(n);
  ev = feed(link, ByteSpan(ibuf).first(*n), clock.now);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
  EXPECT_EQ(ev[0].server, HdlcAddress::server(1, 16, 4));
  EXPECT_EQ(ev[0].client, HdlcAddress::client(16));
  // The answer comes from logical device 1.
  ASSERT_TRUE(link.send(hex("C4 01 C1 00 09 00"), ev[0].server));
  const Bytes reply_wire = drain(link);
  auto reply = decode_frame(ByteSpan(reply_wire));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->source, HdlcAddress::server(1, 16, 4));
  // Another client while connected: ignored.
  errors.clear();
  f.source = HdlcAddress::client(1);
  f.control = HdlcControl::u(FrameType::DISC, true);
  f.information = {};
  n = encode_frame(f, MutableByteSpan(ibuf));
  ASSERT_TRUE(n);
  ev = feed(link, ByteSpan(ibuf).first(*n), clock.now, &errors);
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(out(link), "");
  EXPECT_EQ(link.state(), HdlcLinkState::nrm);
}

TEST_F(ServerFixture, UiFramesAreReportedAndBroadcastsNotAnswered) {
  auto link = make();
  auto ev = in(link, "7E A0 0F 03 21 13 DF 60 E6 E6 00 C2 01 02 0C 8C 7E");
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::ui);
  EXPECT_EQ(hex(ev[0].apdu), "C2 01 02");
  ev = in(link, "7E A0 0F FF 21 03 C9 59 E6 E6 00 C2 01 02 0C 8C 7E");
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::ui);
  EXPECT_EQ(out(link), "");
  // A UI frame sent by the server.
  ASSERT_TRUE(link.send_ui(hex("C2 01 02"), HdlcAddress::server(1), HdlcAddress::client(16)));
  const Bytes wire = drain(link);
  auto f = decode_frame(ByteSpan(wire));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->control.type, FrameType::UI);
  EXPECT_EQ(hex(f->information), "E6 E7 00 C2 01 02");
}

TEST_F(ServerFixture, InactivityTimeoutDropsToNdm) {
  config.inactivity_timeout = std::chrono::seconds(120);
  auto link = make();
  connect16(link);
  ASSERT_TRUE(link.next_deadline().has_value());
  EXPECT_EQ(*link.next_deadline(), clock.now + std::chrono::seconds(120));
  clock.advance(std::chrono::seconds(119));
  EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
  in(link, "7E A0 07 03 21 31 00 00 7E");  // invalid FCS: does not count as activity
  clock.advance(std::chrono::seconds(1));
  const HdlcEvent e = link.on_timer(clock.now);
  EXPECT_EQ(e.kind, HdlcEventKind::disconnected);
  EXPECT_EQ(e.reason, hdlc_errc::inactivity_timeout);
  EXPECT_EQ(link.state(), HdlcLinkState::ndm);
  EXPECT_FALSE(link.next_deadline().has_value());
  in(link, kGet16);
  EXPECT_EQ(out(link), kDm16);
}

TEST_F(ServerFixture, ValidFramesRestartTheInactivityTimer) {
  auto link = make();
  connect16(link);
  for (int i = 0; i < 5; ++i) {
    clock.advance(std::chrono::seconds(100));
    in(link, "7E A0 07 03 21 11 15 A6 7E");  // RR N(R)=0 P=1 to server 1 from 16
    EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
  }
  EXPECT_EQ(link.state(), HdlcLinkState::nrm);
}

TEST_F(ServerFixture, InactivityTimeoutAlsoFiresFromPut) {
  auto link = make();
  connect16(link);
  clock.advance(std::chrono::seconds(121));
  const Bytes get = hex(kGet16);
  auto r = link.put(ByteSpan(get), clock.now);
  EXPECT_EQ(r.consumed, 0U);
  EXPECT_EQ(r.event.kind, HdlcEventKind::disconnected);
  auto ev = feed(link, ByteSpan(get), clock.now);
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(out(link), kDm16);
}

TEST_F(ServerFixture, InterOctetTimeoutDiscardsAPartialFrame) {
  config.inter_octet_timeout = std::chrono::milliseconds(25);
  auto link = make();
  const Bytes snrm = hex(kSnrm16);
  std::vector<std::error_code> errors;
  feed(link, ByteSpan(snrm).first(4), clock.now);
  ASSERT_TRUE(link.next_deadline().has_value());
  EXPECT_EQ(*link.next_deadline(), clock.now + std::chrono::milliseconds(25));
  clock.advance(std::chrono::milliseconds(24));
  feed(link, ByteSpan(snrm).subspan(4, 2), clock.now);  // gap within the limit
  clock.advance(std::chrono::milliseconds(25));
  auto ev = feed(link, ByteSpan(snrm).subspan(6), clock.now, &errors);  // too late: frame dropped
  EXPECT_TRUE(ev.empty());
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0], hdlc_errc::inter_octet_timeout);
  EXPECT_EQ(out(link), "");
  // The same via on_timer.
  feed(link, ByteSpan(snrm).first(5), clock.now);
  clock.advance(std::chrono::milliseconds(25));
  (void)link.on_timer(clock.now);
  ev = feed(link, ByteSpan(snrm).subspan(5), clock.now);
  EXPECT_TRUE(ev.empty());
  // A whole frame is fine.
  ev = feed(link, ByteSpan(snrm), clock.now);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(out(link), kUa16);
}

TEST_F(ServerFixture, SnrmInNrmResetsTheLink) {
  auto link = make();
  connect16(link);
  in(link, kGet16);
  ASSERT_TRUE(link.send(hex("C4 01 C1 00 09 00"), HdlcAddress::server(1)));
  drain(link);
  auto ev = in(link, kSnrm16);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::connected);
  EXPECT_EQ(out(link), kUa16);
  EXPECT_FALSE(link.sending());
  ev = in(link, kGet16);  // N(S)=0 again
  ASSERT_EQ(ev.size(), 1U);
}

TEST_F(ServerFixture, SendChecksStateAndSize) {
  config.max_apdu_size = 100;
  auto link = make();
  EXPECT_EQ(link.send(hex("C4"), HdlcAddress::server(1)).error(), hdlc_errc::not_connected);
  connect16(link);
  EXPECT_EQ(link.send(Bytes(101, 0), HdlcAddress::server(1)).error(), hdlc_errc::apdu_too_large);
  EXPECT_TRUE(link.send(Bytes(100, 0), HdlcAddress::server(1)));
}

TEST_F(ServerFixture, ReassemblyLargerThanTheBufferIsDropped) {
  config.max_apdu_size = 64;
  config.limits.max_info_rx = 128;
  auto link = make();
  connect16(link);
  // Two segments of 100 octets: 200 > 64.
  std::vector<std::error_code> errors;
  for (std::uint8_t ns = 0; ns < 2; ++ns) {
    HdlcFrame f;
    f.segmented = ns == 0;
    f.destination = HdlcAddress::server(1);
    f.source = HdlcAddress::client(16);
    f.control = HdlcControl::i(ns, 0, true);
    Bytes info(100, 0x42);
    info[0] = 0xE6;
    info[1] = 0xE6;
    info[2] = 0x00;
    f.information = info;
    std::vector<std::uint8_t> buf(200);
    auto n = encode_frame(f, MutableByteSpan(buf));
    ASSERT_TRUE(n);
    auto ev = feed(link, ByteSpan(buf).first(*n), clock.now, &errors);
    EXPECT_TRUE(ev.empty());
    drain(link);
  }
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0], hdlc_errc::apdu_too_large);
  EXPECT_EQ(link.state(), HdlcLinkState::nrm);
}

}  // namespace
}  // namespace dlms::hdlc
