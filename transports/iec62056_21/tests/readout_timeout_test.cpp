// Mode C data readout time-outs of the HHU side, in simulated time (IEC 62056-21 clause 6,
// reaction and monitoring times: the data message must start within tr max = 1500 ms of the
// option select and its characters must follow within ta = 1500 ms of each other).
#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "transports/iec62056_21/block_check.hpp"
#include "transports/iec62056_21/iec62056_21_error.hpp"
#include "transports/iec62056_21/sign_on_client.hpp"

namespace dlms::iec62056_21 {
namespace {

using namespace std::chrono_literals;
using Kind = SignOnEvent::Kind;

ByteSpan text(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::vector<SignOnEvent> drain(SignOnClient& m) {
  std::vector<SignOnEvent> out;
  SignOnEvent e;
  while (m.poll(e)) {
    out.push_back(e);
  }
  return out;
}

std::string data_message() {
  std::string m =
      "\x02"
      "1.8.0(42*kWh)\r\n!\r\n\x03";
  m.push_back(static_cast<char>(block_check(text(m).subspan(1))));
  return m;
}

struct ReadoutClient {
  std::array<std::uint8_t, 64> tx{};
  std::array<std::uint8_t, 128> rx{};
  SignOnClient client;
  ReadoutClient() : client(config(), tx, rx) {}
  static SignOnClientConfig config() {
    SignOnClientConfig c;
    c.goal = SignOnClientConfig::Goal::readout;
    return c;
  }
  // "/?!" at 0, identification "/XYZ5SM307" at 500 ms, option select ACK 0 5 0 at 700 ms.
  Millis acknowledged() {
    client.start(0ms);
    client.receive(text("/XYZ5SM307\r\n"), 500ms);
    client.on_time(700ms);
    const auto ev = drain(client);
    EXPECT_EQ(ev.size(), 4U);
    EXPECT_EQ(client.state(), SignOnClient::State::awaiting_data);
    return *client.next_deadline();
  }
};

TEST(SignOnClientReadout, NoDataMessageWithinTheLongestReactionTimeFails) {
  ReadoutClient r;
  const Millis deadline = r.acknowledged();
  // The option select (6 characters, 200 ms at 300 Bd 7E1 10 bits each) then tr max 1500 ms.
  EXPECT_EQ(deadline, 700ms + 200ms + 1500ms);
  r.client.on_time(deadline - 1ms);
  EXPECT_TRUE(drain(r.client).empty());
  r.client.on_time(deadline);
  const auto ev = drain(r.client);
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].kind, Kind::set_line);  // back to 300 Bd 7E1
  EXPECT_EQ(ev[0].line, kSignOnLine);
  EXPECT_EQ(ev[1].kind, Kind::failed);
  EXPECT_EQ(ev[1].error, iec62056_21_errc::timeout);
  EXPECT_EQ(r.client.state(), SignOnClient::State::failed);
}

TEST(SignOnClientReadout, AGapOfTheInterCharacterTimeEndsThePartialMessage) {
  const std::string m = data_message();
  {
    ReadoutClient r;
    const Millis t = r.acknowledged() - 100ms;
    r.client.receive(text(m).first(8), t);
    EXPECT_EQ(r.client.next_deadline(), t + 1500ms);  // ta from the last character
    r.client.on_time(t + 1498ms);
    EXPECT_TRUE(drain(r.client).empty());
    r.client.receive(text(m).subspan(8), t + 1499ms);
    const auto ev = drain(r.client);
    ASSERT_EQ(ev.size(), 2U);
    EXPECT_EQ(ev[1].kind, Kind::readout_complete);
    EXPECT_EQ(std::string(ev[1].data.begin(), ev[1].data.end()), "1.8.0(42*kWh)\r\n");
  }
  {
    ReadoutClient r;
    const Millis t = r.acknowledged() - 100ms;
    r.client.receive(text(m).first(8), t);
    r.client.on_time(t + 1500ms);
    const auto ev = drain(r.client);
    ASSERT_EQ(ev.size(), 2U);
    EXPECT_EQ(ev[1].kind, Kind::failed);
    EXPECT_EQ(ev[1].error, iec62056_21_errc::timeout);
    // The rest, arriving later, is no readout.
    EXPECT_EQ(r.client.receive(text(m).subspan(8), t + 1600ms), 0U);
    EXPECT_TRUE(drain(r.client).empty());
    EXPECT_EQ(r.client.state(), SignOnClient::State::failed);
  }
}

}  // namespace
}  // namespace dlms::iec62056_21
