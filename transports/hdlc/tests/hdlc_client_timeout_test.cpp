// Client-side inter-octet time-out in simulated time (IEC 62056-46 / Green Book 8.4.5.4.4:
// the inter-octet time-out, 25 ms by default in IC 23 HDLC setup, ends a partial frame): a
// response frame interrupted longer than the time-out is dropped, the request is then sent
// again after the response time-out and the next complete answer is taken.
#include <string>

#include <gtest/gtest.h>

#include "transports/hdlc/hdlc_client_link.hpp"
#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/tests/hdlc_test_util.hpp"

namespace dlms::hdlc {
namespace {

using test::Bytes;
using test::drain;
using test::FakeClock;
using test::feed;
using test::hex;

// Client 16 <-> server 1 (the same frames as hdlc_client_link_test.cpp, CRCs computed by script).
constexpr const char* kSnrm16 = "7E A0 07 03 21 93 0F 01 7E";
constexpr const char* kUa16 =
    "7E A0 1E 21 03 73 C3 7A 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E";
constexpr const char* kGet16 =
    "7E A0 19 03 21 10 7F DA E6 E6 00 C0 01 C1 00 08 00 00 01 00 00 FF 02 00 60 1A 7E";
constexpr const char* kGetApdu = "C0 01 C1 00 08 00 00 01 00 00 FF 02 00";
constexpr const char* kGetResponse16 =
    "7E A0 18 21 03 30 C6 41 E6 E7 00 C4 01 C1 00 09 06 01 02 03 04 05 06 C4 44 7E";

TEST(HdlcClientTimeouts, InterOctetTimeoutDropsAPartialResponseThenTheRetryIsAnswered) {
  FakeClock clock;
  HdlcClientConfig config;
  config.inter_octet_timeout = std::chrono::milliseconds(25);
  config.response_timeout = std::chrono::milliseconds(500);
  HdlcClientLink link(config);
  ASSERT_TRUE(link.connect(clock.now));
  ASSERT_EQ(hex(ByteSpan(drain(link))), kSnrm16);
  const Bytes ua = hex(kUa16);
  ASSERT_EQ(feed(link, ByteSpan(ua), clock.now).size(), 1U);
  ASSERT_TRUE(link.send(hex(kGetApdu), clock.now));
  ASSERT_EQ(hex(ByteSpan(drain(link))), kGet16);

  const Bytes response = hex(kGetResponse16);
  const HdlcTime sent = clock.now;
  clock.advance(std::chrono::milliseconds(100));
  EXPECT_TRUE(feed(link, ByteSpan(response).first(10), clock.now).empty());
  // The earliest deadline is now the inter-octet one.
  ASSERT_TRUE(link.next_deadline().has_value());
  EXPECT_EQ(*link.next_deadline(), clock.now + std::chrono::milliseconds(25));
  clock.advance(std::chrono::milliseconds(25));
  EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
  // The rest arrives too late: no APDU, and the whole-frame reader waits for a fresh flag.
  std::vector<std::error_code> errors;
  EXPECT_TRUE(feed(link, ByteSpan(response).subspan(10), clock.now, &errors).empty());
  EXPECT_EQ(hex(ByteSpan(drain(link))), "");
  // Response time-out (counted from the request): the same I frame again, P=1.
  ASSERT_TRUE(link.next_deadline().has_value());
  EXPECT_EQ(*link.next_deadline(), sent + std::chrono::milliseconds(500));
  clock.now = sent + std::chrono::milliseconds(500);
  EXPECT_EQ(link.on_timer(clock.now).kind, HdlcEventKind::none);
  EXPECT_EQ(hex(ByteSpan(drain(link))), kGet16);
  // Within the inter-octet time a split answer is fine.
  clock.advance(std::chrono::milliseconds(50));
  EXPECT_TRUE(feed(link, ByteSpan(response).first(10), clock.now).empty());
  clock.advance(std::chrono::milliseconds(24));
  auto ev = feed(link, ByteSpan(response).subspan(10), clock.now);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, HdlcEventKind::apdu);
  EXPECT_EQ(hex(ev[0].apdu), "C4 01 C1 00 09 06 01 02 03 04 05 06");
}

}  // namespace
}  // namespace dlms::hdlc
