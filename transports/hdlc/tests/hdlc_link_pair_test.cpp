// A client link and a server link talking to each other in simulated time: long APDUs with
// windows 1 and 7, lost frames recovered by time-outs and go-back-N.
#include <functional>
#include <vector>

#include "transports/hdlc/hdlc_client_link.hpp"
#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_server_link.hpp"
#include "transports/hdlc/tests/hdlc_test_util.hpp"

#include <gtest/gtest.h>

namespace dlms::hdlc {
namespace {

using test::Bytes;
using test::drain;
using test::FakeClock;
using test::feed;
using test::split_frames;

Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) {
    b[i] = static_cast<std::uint8_t>((i * 31U + seed) ^ (i >> 7U));
  }
  b[n / 2] = 0x7E;  // a flag value inside the data
  return b;
}

struct Pair {
  HdlcClientLink client;
  HdlcServerLink server;
  FakeClock clock;
  Bytes response;
  std::vector<Bytes> client_apdus;
  std::vector<Bytes> server_apdus;
  std::vector<HdlcEvent> client_events;
  std::size_t c2s_frames = 0;
  std::size_t s2c_frames = 0;
  std::size_t c2s_bytes = 0;
  std::size_t s2c_bytes = 0;
  // Return true to lose the n-th frame (counted per direction from 0).
  std::function<bool(std::size_t)> drop_c2s = [](std::size_t) { return false; };
  std::function<bool(std::size_t)> drop_s2c = [](std::size_t) { return false; };

  Pair(const HdlcClientConfig& c, const HdlcServerConfig& s) : client(c), server(s) {}

  void run(int max_steps = 100000) {
    for (int step = 0; step < max_steps; ++step) {
      const Bytes c_out = drain(client);
      for (const Bytes& f : split_frames(c_out)) {
        c2s_bytes += f.size();
        if (drop_c2s(c2s_frames++)) {
          continue;
        }
        for (const auto& e : feed(server, ByteSpan(f), clock.now)) {
          if (e.kind == HdlcEventKind::apdu) {
            server_apdus.push_back(e.apdu);
            EXPECT_TRUE(server.send(response, e.server));
          }
        }
      }
      const Bytes s_out = drain(server);
      for (const Bytes& f : split_frames(s_out)) {
        s2c_bytes += f.size();
        if (drop_s2c(s2c_frames++)) {
          continue;
        }
        for (const auto& e : feed(client, ByteSpan(f), clock.now)) {
          client_events.push_back({e.kind, e.client, e.server, {}, e.reason});
          if (e.kind == HdlcEventKind::apdu) {
            client_apdus.push_back(e.apdu);
          }
        }
      }
      if (c_out.empty() && s_out.empty()) {
        auto deadline = client.next_deadline();
        if (!deadline) {
          return;
        }
        clock.now = std::max(clock.now, *deadline);
        HdlcEvent e = client.on_timer(clock.now);
        if (e.kind != HdlcEventKind::none) {
          client_events.push_back(e);
        }
      }
    }
    ADD_FAILURE() << "exchange did not settle";
  }
};

struct PairCase {
  std::uint16_t info;
  std::uint8_t window;
};

class LinkPair : public ::testing::TestWithParam<PairCase> {};

TEST_P(LinkPair, SegmentsAndReassemblesA5kBApduBothWays) {
  const PairCase pc = GetParam();
  HdlcClientConfig cc;
  cc.proposal = {pc.info, pc.info, pc.window, pc.window};
  cc.inter_octet_timeout = HdlcDuration{0};
  HdlcServerConfig sc;
  sc.limits = {2030, 2030, 7, 7};
  sc.max_apdu_size = 8192;
  Pair p(cc, sc);
  p.response = pattern(5000, 9);
  ASSERT_TRUE(p.client.connect(p.clock.now));
  p.run();
  ASSERT_EQ(p.client.state(), HdlcLinkState::nrm);
  EXPECT_EQ(p.client.parameters(), (HdlcParameters{pc.info, pc.info, pc.window, pc.window}));
  EXPECT_EQ(p.server.parameters(), (HdlcParameters{pc.info, pc.info, pc.window, pc.window}));
  const Bytes request = pattern(5000, 3);
  ASSERT_TRUE(p.client.send(request, p.clock.now));
  const std::size_t frames_before = p.c2s_frames + p.s2c_frames;
  p.run();
  ASSERT_EQ(p.server_apdus.size(), 1U);
  EXPECT_EQ(p.server_apdus[0], request);
  ASSERT_EQ(p.client_apdus.size(), 1U);
  EXPECT_EQ(p.client_apdus[0], p.response);
  // 5003 octets (LLC + APDU) in I frames of `info` octets each way, plus one RR per window of
  // a segmented direction (the last window of each APDU is answered by the other's I frames).
  const std::size_t i_frames = (5003 + pc.info - 1) / pc.info;
  const std::size_t windows = (i_frames + pc.window - 1) / pc.window;
  EXPECT_EQ(p.c2s_frames + p.s2c_frames - frames_before, 2 * i_frames + 2 * (windows - 1));
  EXPECT_FALSE(p.client.sending());
  // A second exchange on the same link (sequence numbers keep counting modulo 8).
  p.server_apdus.clear();
  p.client_apdus.clear();
  ASSERT_TRUE(p.client.send(request, p.clock.now));
  p.run();
  ASSERT_EQ(p.server_apdus.size(), 1U);
  ASSERT_EQ(p.client_apdus.size(), 1U);
  EXPECT_EQ(p.client_apdus[0], p.response);
  ASSERT_TRUE(p.client.disconnect(p.clock.now));
  p.run();
  EXPECT_EQ(p.client.state(), HdlcLinkState::ndm);
  EXPECT_EQ(p.server.state(), HdlcLinkState::ndm);
}

TEST_P(LinkPair, RecoversFromLostFramesInBothDirections) {
  const PairCase pc = GetParam();
  HdlcClientConfig cc;
  cc.proposal = {pc.info, pc.info, pc.window, pc.window};
  cc.max_retries = 5;
  cc.inter_octet_timeout = HdlcDuration{0};
  HdlcServerConfig sc;
  sc.limits = {2030, 2030, 7, 7};
  sc.max_apdu_size = 8192;
  Pair p(cc, sc);
  p.response = pattern(5000, 11);
  ASSERT_TRUE(p.client.connect(p.clock.now));
  p.run();
  ASSERT_EQ(p.client.state(), HdlcLinkState::nrm);
  // Lose the 3rd and 10th client frames and the 4th, 5th and 12th server frames.
  const std::size_t c0 = p.c2s_frames;
  const std::size_t s0 = p.s2c_frames;
  p.drop_c2s = [c0](std::size_t n) { return n == c0 + 2 || n == c0 + 9; };
  p.drop_s2c = [s0](std::size_t n) { return n == s0 + 3 || n == s0 + 4 || n == s0 + 11; };
  const Bytes request = pattern(5000, 5);
  ASSERT_TRUE(p.client.send(request, p.clock.now));
  p.run();
  ASSERT_EQ(p.server_apdus.size(), 1U);
  EXPECT_EQ(p.server_apdus[0], request);
  ASSERT_EQ(p.client_apdus.size(), 1U);
  EXPECT_EQ(p.client_apdus[0], p.response);
  EXPECT_EQ(p.client.state(), HdlcLinkState::nrm);
}

INSTANTIATE_TEST_SUITE_P(Windows, LinkPair,
                         ::testing::Values(PairCase{128, 1}, PairCase{128, 7}, PairCase{2030, 1},
                                           PairCase{2030, 7}, PairCase{256, 3}),
                         [](const ::testing::TestParamInfo<PairCase>& info) {
                           return "Info" + std::to_string(info.param.info) + "Window" +
                                  std::to_string(info.param.window);
                         });

TEST(LinkPairTimeouts, ClientGivesUpWhenTheServerIsGone) {
  HdlcClientConfig cc;
  cc.max_retries = 2;
  HdlcServerConfig sc;
  Pair p(cc, sc);
  ASSERT_TRUE(p.client.connect(p.clock.now));
  p.run();
  ASSERT_EQ(p.client.state(), HdlcLinkState::nrm);
  p.drop_c2s = [](std::size_t) { return true; };
  const auto start = p.clock.now;
  ASSERT_TRUE(p.client.send(pattern(300, 1), p.clock.now));
  p.run();
  EXPECT_EQ(p.client.state(), HdlcLinkState::ndm);
  ASSERT_FALSE(p.client_events.empty());
  EXPECT_EQ(p.client_events.back().reason, hdlc_errc::response_timeout);
  EXPECT_EQ(p.clock.now - start, 3 * cc.response_timeout);  // first try + 2 retries
}

}  // namespace
}  // namespace dlms::hdlc
