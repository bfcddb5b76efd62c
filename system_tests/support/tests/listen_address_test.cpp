// parse_listen_line: the meter's `listening` stdout lines (/work/notes/SESSION3-CONTRACT.md).
#include "system_tests/support/listen_address.hpp"

#include <gtest/gtest.h>

namespace dlms::system_test {
namespace {

TEST(ListenAddress, WrapperAndHdlcLinesGiveHostAndPort) {
  auto w = parse_listen_line("sm307-meter: listening wrapper 127.0.0.1:40123");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->kind, "wrapper");
  EXPECT_EQ(w->host, "127.0.0.1");
  EXPECT_EQ(w->port, 40123);
  auto h = parse_listen_line("sm307-meter: listening hdlc 127.0.0.1:4061\r");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, "hdlc");
  EXPECT_EQ(h->port, 4061);
}

TEST(ListenAddress, Ipv6HostLosesItsBrackets) {
  auto a = parse_listen_line("sm307-meter: listening wrapper [::1]:65535");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 65535);
}

TEST(ListenAddress, OpticalLineGivesTheDevice) {
  auto a = parse_listen_line("sm307-meter: listening optical /dev/pts/7");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, "optical");
  EXPECT_EQ(a->device, "/dev/pts/7");
  EXPECT_EQ(a->port, 0);
}

TEST(ListenAddress, MalformedLinesAreRefused) {
  for (const char* line :
       {"", "sm307-meter: ready", "sm307-meter: listening", "sm307-meter: listening wrapper",
        "sm307-meter: listening wrapper 127.0.0.1", "sm307-meter: listening wrapper 127.0.0.1:",
        "sm307-meter: listening wrapper 127.0.0.1:0", "sm307-meter: listening wrapper 127.0.0.1:65536",
        "sm307-meter: listening wrapper 127.0.0.1:40x", "sm307-meter: listening wrapper :4059",
        "sm307-meter: listening hdlc 127.0.0.1:4061 extra", "listening wrapper 127.0.0.1:4059"}) {
    EXPECT_FALSE(parse_listen_line(line)) << line;
  }
}

}  // namespace
}  // namespace dlms::system_test
