#include "transports/iec62056_21/sign_on_client.hpp"
#include "transports/iec62056_21/sign_on_server.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/iec62056_21/baud_rate.hpp"
#include "transports/iec62056_21/block_check.hpp"

namespace dlms::iec62056_21 {
namespace {

using namespace std::chrono_literals;
using Kind = SignOnEvent::Kind;

ByteSpan text(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

struct Ev {
  Kind kind;
  std::string data;  // transmit / readout bytes
  LineSettings line;
  std::error_code error;
};

template <class Machine>
std::vector<Ev> drain(Machine& m) {
  std::vector<Ev> out;
  SignOnEvent e;
  while (m.poll(e)) {
    out.push_back({e.kind, std::string(e.data.begin(), e.data.end()), e.line, e.error});
  }
  return out;
}

const std::array<DataSet, 2> kReadout{DataSet{"1.8.0", "001234.5", "kWh"}, DataSet{"0.9.1", "123000", ""}};

SignOnServerConfig meter_config() {
  SignOnServerConfig c;
  c.manufacturer = "XYZ";
  c.identification = "SM307";
  c.device_address = "12345678";
  c.max_baud_char = '5';
  c.readout = kReadout;
  return c;
}

class ServerTest : public ::testing::Test {
 protected:
  std::array<std::uint8_t, 256> tx{};
  SignOnServer server{meter_config(), MutableByteSpan(tx)};

  // Request at t=0, identification at t=200 ms (tr); returns the identification bytes.
  std::string sign_on(std::string_view request = "/?!\r\n") {
    EXPECT_EQ(server.receive(text(request), 0ms), request.size());
    EXPECT_TRUE(drain(server).empty());
    EXPECT_EQ(server.next_deadline(), 200ms);
    server.on_time(199ms);
    EXPECT_TRUE(drain(server).empty());
    server.on_time(200ms);
    auto ev = drain(server);
    EXPECT_EQ(ev.size(), 1U);
    if (ev.empty()) {
      return {};
    }
    EXPECT_EQ(ev[0].kind, Kind::transmit);
    return ev[0].data;
  }
};

TEST_F(ServerTest, ModeESignOnIntoHdlc) {
  // Identification: "/XYZ5\2SM307" CR LF, 14 characters = 467 ms at 300 Bd.
  EXPECT_EQ(to_hex(text(sign_on())), "2F 58 59 5A 35 5C 32 53 4D 33 30 37 0D 0A");
  EXPECT_EQ(server.state(), SignOnServer::State::awaiting_option);
  EXPECT_EQ(server.next_deadline(), 200ms + 467ms + 1500ms);
  // ACK "2" "5" "2" CR LF followed at once by the first HDLC byte: the sign-on takes only
  // its own 6 bytes.
  const auto ack = from_hex("06 32 35 32 0D 0A 7E A0").value();
  EXPECT_EQ(server.receive(ack, 900ms), 6U);
  auto ev = drain(server);
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].kind, Kind::set_line);
  EXPECT_EQ(ev[0].line, (LineSettings{9600, CharacterFormat::eight_n_one}));
  EXPECT_EQ(ev[1].kind, Kind::hdlc_started);
  EXPECT_EQ(server.state(), SignOnServer::State::hdlc);
  EXPECT_FALSE(server.next_deadline());
  // When HDLC ends the binding restarts the sign-on at 300 Bd 7E1.
  server.restart();
  ev = drain(server);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].line, kSignOnLine);
}

TEST_F(ServerTest, LowerBaudRateAccepted_HigherRefused) {
  sign_on();
  EXPECT_EQ(server.receive(from_hex("06 32 37 32 0D 0A").value(), 900ms), 6U);  // '7' invalid
  EXPECT_TRUE(drain(server).empty());
  EXPECT_EQ(server.state(), SignOnServer::State::idle);
  sign_on();
  EXPECT_EQ(server.receive(from_hex("06 32 36 32 0D 0A").value(), 900ms), 6U);  // 19200 > 9600 offered
  EXPECT_TRUE(drain(server).empty());
  sign_on();
  server.receive(from_hex("06 32 33 32 0D 0A").value(), 900ms);  // 2400 Bd
  auto ev = drain(server);
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].line.baud_rate, 2400U);
}

TEST_F(ServerTest, DeviceAddress) {
  EXPECT_FALSE(sign_on("/?12345678!\r\n").empty());
  // Another device's address: no answer.
  server.restart();
  drain(server);
  server.receive(text("/?87654321!\r\n"), 5000ms);
  EXPECT_FALSE(server.next_deadline());
  server.on_time(10000ms);
  EXPECT_TRUE(drain(server).empty());
}

TEST_F(ServerTest, NoOptionSelectInTimeGoesIdle) {
  sign_on();
  const Millis deadline = *server.next_deadline();
  server.on_time(deadline - 1ms);
  EXPECT_EQ(server.state(), SignOnServer::State::awaiting_option);
  server.on_time(deadline);
  EXPECT_EQ(server.state(), SignOnServer::State::idle);
  server.receive(from_hex("06 32 35 32 0D 0A").value(), deadline + 10ms);  // too late
  EXPECT_TRUE(drain(server).empty());
}

TEST_F(ServerTest, InterCharacterTimeoutDiscardsPartialRequest) {
  server.receive(text("/?"), 0ms);
  server.receive(text("!\r\n"), 1501ms);
  EXPECT_FALSE(server.next_deadline());
  // Within 1500 ms between characters it is one message.
  server.receive(text("/?"), 2000ms);
  server.receive(text("!\r\n"), 3500ms);
  EXPECT_EQ(server.next_deadline(), 3700ms);
}

TEST_F(ServerTest, NoiseAndParityBitsAreTolerated) {
  // Noise before the start character; bytes with the parity bit set (as a pty delivers 7E1).
  std::string request("\xff\x00zz", 4);
  request += "/?!\r\n";
  std::vector<std::uint8_t> bytes(request.begin(), request.end());
  bytes[6] |= 0x80;  // '?' with even parity bit
  server.receive(bytes, 0ms);
  EXPECT_EQ(server.next_deadline(), 200ms);
}

TEST_F(ServerTest, RequestSplitAtEveryByte) {
  const std::string request = "/?12345678!\r\n";
  for (std::size_t split = 1; split < request.size(); ++split) {
    server.restart();
    drain(server);
    server.receive(text(request).first(split), 0ms);
    server.receive(text(request).subspan(split), 10ms);
    EXPECT_EQ(server.next_deadline(), 210ms) << split;
  }
}

TEST_F(ServerTest, ModeCDataReadout) {
  sign_on();
  // ACK "0" "5" "0" CR LF: readout at 9600 Bd.
  server.receive(from_hex("06 30 35 30 0D 0A").value(), 1000ms);
  auto ev = drain(server);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, Kind::set_line);
  EXPECT_EQ(ev[0].line, (LineSettings{9600, CharacterFormat::seven_e_one}));
  EXPECT_EQ(server.next_deadline(), 1200ms);
  server.on_time(1200ms);
  ev = drain(server);
  ASSERT_EQ(ev.size(), 3U);
  EXPECT_EQ(ev[0].kind, Kind::transmit);
  std::string expected =
      "\x02"
      "1.8.0(001234.5*kWh)\r\n0.9.1(123000)\r\n!\r\n\x03";
  expected.push_back(static_cast<char>(block_check(text(expected).subspan(1))));
  EXPECT_EQ(to_hex(text(ev[0].data)), to_hex(text(expected)));
  EXPECT_EQ(ev[1].kind, Kind::set_line);
  EXPECT_EQ(ev[1].line, kSignOnLine);
  EXPECT_EQ(ev[2].kind, Kind::readout_complete);
  EXPECT_EQ(server.state(), SignOnServer::State::idle);
}

TEST(SignOnServer, ProgrammingModeAndDisabledModesAreRefused) {
  std::array<std::uint8_t, 64> tx{};
  SignOnServerConfig c = meter_config();
  c.hdlc_enabled = false;
  c.readout_enabled = false;
  SignOnServer s(c, tx);
  s.receive(text("/?!\r\n"), 0ms);
  s.on_time(200ms);
  auto ev = drain(s);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].data, "/XYZ5SM307\r\n");  // no "\2" without HDLC
  s.receive(from_hex("06 32 35 32 0D 0A").value(), 800ms);
  EXPECT_TRUE(drain(s).empty());
  EXPECT_EQ(s.state(), SignOnServer::State::idle);
}

TEST(SignOnServer, TooSmallBufferFailsCleanly) {
  std::array<std::uint8_t, 8> tx{};
  SignOnServer s(meter_config(), tx);
  s.receive(text("/?!\r\n"), 0ms);
  s.on_time(200ms);
  auto ev = drain(s);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, Kind::failed);
  EXPECT_EQ(ev[0].error, iec62056_21_errc::buffer_too_small);
}

// ---- client side -------------------------------------------------------------------------

TEST(SignOnClient, ModeESignOn) {
  std::array<std::uint8_t, 64> tx{};
  SignOnClientConfig c;
  c.device_address = "12345678";
  SignOnClient client(c, tx, {});
  client.start(0ms);
  auto ev = drain(client);
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].kind, Kind::set_line);
  EXPECT_EQ(ev[0].line, kSignOnLine);
  EXPECT_EQ(ev[1].data, "/?12345678!\r\n");
  // 13 characters at 300 Bd = 434 ms, then up to 1500 ms for the answer.
  EXPECT_EQ(client.next_deadline(), 1934ms);
  EXPECT_EQ(client.receive(text("/XYZ5\\2SM307\r\n"), 1000ms), 14U);
  EXPECT_EQ(client.manufacturer(), "XYZ");
  EXPECT_EQ(client.identification(), "SM307");
  EXPECT_EQ(client.next_deadline(), 1200ms);
  client.on_time(1200ms);
  ev = drain(client);
  ASSERT_EQ(ev.size(), 3U);
  EXPECT_EQ(to_hex(text(ev[0].data)), "06 32 35 32 0D 0A");
  EXPECT_EQ(ev[1].kind, Kind::set_line);
  EXPECT_EQ(ev[1].line, (LineSettings{9600, CharacterFormat::eight_n_one}));
  EXPECT_EQ(ev[2].kind, Kind::hdlc_started);
  EXPECT_EQ(client.state(), SignOnClient::State::hdlc);
  EXPECT_EQ(client.receive(from_hex("7E A0").value(), 1300ms), 0U);  // HDLC bytes: not ours
}

TEST(SignOnClient, CapsTheBaudRate) {
  std::array<std::uint8_t, 64> tx{};
  SignOnClientConfig c;
  c.max_baud_char = '4';
  SignOnClient client(c, tx, {});
  client.start(0ms);
  drain(client);
  client.receive(text("/XYZ6\\2SM307\r\n"), 500ms);
  client.on_time(700ms);
  auto ev = drain(client);
  ASSERT_GE(ev.size(), 2U);
  EXPECT_EQ(to_hex(text(ev[0].data)), "06 32 34 32 0D 0A");
  EXPECT_EQ(ev[1].line.baud_rate, 4800U);
}

TEST(SignOnClient, MeterWithoutModeEFails) {
  std::array<std::uint8_t, 64> tx{};
  SignOnClient client({}, tx, {});
  client.start(0ms);
  drain(client);
  client.receive(text("/XYZ5SM307\r\n"), 500ms);
  auto ev = drain(client);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, Kind::failed);
  EXPECT_EQ(ev[0].error, iec62056_21_errc::unsupported_mode);
}

TEST(SignOnClient, NoAnswerTimesOut) {
  std::array<std::uint8_t, 64> tx{};
  SignOnClient client({}, tx, {});
  client.start(0ms);
  drain(client);
  const Millis deadline = *client.next_deadline();
  EXPECT_EQ(deadline, 167ms + 1500ms);
  client.on_time(deadline - 1ms);
  EXPECT_TRUE(drain(client).empty());
  // A partial identification extends the wait by the inter-character time only.
  client.receive(text("/XY"), deadline - 1ms);
  client.on_time(deadline + 1000ms);
  EXPECT_TRUE(drain(client).empty());
  client.on_time(deadline - 1ms + 1500ms);
  auto ev = drain(client);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].error, iec62056_21_errc::timeout);
  EXPECT_EQ(client.state(), SignOnClient::State::failed);
}

TEST(SignOnClient, ModeCReadoutChecksBcc) {
  std::array<std::uint8_t, 64> tx{};
  std::array<std::uint8_t, 128> rx{};
  SignOnClientConfig c;
  c.goal = SignOnClientConfig::Goal::readout;
  std::string message =
      "\x02"
      "1.8.0(42*kWh)\r\n!\r\n\x03";
  message.push_back(static_cast<char>(block_check(text(message).subspan(1))));
  for (bool corrupt : {false, true}) {
    SignOnClient client(c, tx, rx);
    client.start(0ms);
    client.receive(text("/XYZ5SM307\r\n"), 500ms);
    client.on_time(700ms);
    auto ev = drain(client);
    ASSERT_EQ(ev.size(), 4U);
    EXPECT_EQ(to_hex(text(ev[2].data)), "06 30 35 30 0D 0A");
    EXPECT_EQ(ev[3].line, (LineSettings{9600, CharacterFormat::seven_e_one}));
    std::string m = message;
    if (corrupt) {
      m[3] = '9';
    }
    // Split at every byte would be the same machine: feed in two halves.
    client.receive(text(m).first(10), 950ms);
    client.receive(text(m).subspan(10), 960ms);
    ev = drain(client);
    ASSERT_EQ(ev.size(), 2U);
    EXPECT_EQ(ev[0].kind, Kind::set_line);
    EXPECT_EQ(ev[0].line, kSignOnLine);
    if (corrupt) {
      EXPECT_EQ(ev[1].kind, Kind::failed);
      EXPECT_EQ(ev[1].error, iec62056_21_errc::bad_bcc);
    } else {
      EXPECT_EQ(ev[1].kind, Kind::readout_complete);
      EXPECT_EQ(ev[1].data, "1.8.0(42*kWh)\r\n");
    }
  }
}

TEST(SignOnClient, ReadoutLongerThanBufferFails) {
  std::array<std::uint8_t, 64> tx{};
  std::array<std::uint8_t, 8> rx{};
  SignOnClientConfig c;
  c.goal = SignOnClientConfig::Goal::readout;
  SignOnClient client(c, tx, rx);
  client.start(0ms);
  client.receive(text("/XYZ5SM307\r\n"), 500ms);
  client.on_time(700ms);
  drain(client);
  client.receive(text("\x02"
                      "1.8.0(42*kWh)\r\n!\r\n\x03"
                      "A"),
                 900ms);
  auto ev = drain(client);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev.back().error, iec62056_21_errc::message_too_long);
}

// ---- both sides over a simulated optical line --------------------------------------------

// Runs the client and the meter against each other in simulated time: each transmit
// arrives at the other side after its transmission time at the current line speed; a
// message sent at a speed the receiver has not switched to is lost.
struct SimulatedLine {
  struct InFlight {
    bool to_server;
    std::vector<std::uint8_t> bytes;
    LineSettings line;
    Millis arrives;
  };
  std::vector<InFlight> flying;
  Millis now{0};
  LineSettings server_line = kSignOnLine, client_line = kSignOnLine;  // as the events left them
  bool server_hdlc = false, client_hdlc = false;
  std::vector<std::string> readouts;

  template <class M>
  void pump(M& m, bool is_server) {
    SignOnEvent e;
    LineSettings& current = is_server ? server_line : client_line;
    while (m.poll(e)) {
      if (e.kind == Kind::set_line) {
        current = e.line;
      } else if (e.kind == Kind::transmit) {
        flying.push_back({!is_server, std::vector<std::uint8_t>(e.data.begin(), e.data.end()), current,
                          now + transmission_time(e.data.size(), current.baud_rate)});
      } else if (e.kind == Kind::hdlc_started) {
        (is_server ? server_hdlc : client_hdlc) = true;
      } else if (e.kind == Kind::readout_complete && !is_server) {
        readouts.emplace_back(e.data.begin(), e.data.end());
      }
    }
  }
};

TEST(SignOnBothSides, ModeEAndModeCInSimulatedTime) {
  for (auto goal : {SignOnClientConfig::Goal::hdlc, SignOnClientConfig::Goal::readout}) {
    std::array<std::uint8_t, 256> server_tx{}, client_tx{}, client_rx{};
    SignOnServer server(meter_config(), server_tx);
    SignOnClientConfig cc;
    cc.goal = goal;
    SignOnClient client(cc, client_tx, client_rx);
    SimulatedLine line;
    client.start(0ms);
    line.pump(client, false);
    for (int step = 0; step < 10000 && !(line.server_hdlc && line.client_hdlc) && line.readouts.empty();
         ++step) {
      line.now += 1ms;
      for (auto it = line.flying.begin(); it != line.flying.end();) {
        if (it->arrives <= line.now) {
          auto f = *it;
          it = line.flying.erase(it);
          if (f.to_server && line.server_line == f.line) {
            server.receive(f.bytes, line.now);
          } else if (!f.to_server && line.client_line == f.line) {
            client.receive(f.bytes, line.now);
          }
        } else {
          ++it;
        }
      }
      server.on_time(line.now);
      client.on_time(line.now);
      line.pump(server, true);
      line.pump(client, false);
    }
    if (goal == SignOnClientConfig::Goal::hdlc) {
      EXPECT_TRUE(line.server_hdlc && line.client_hdlc);
      EXPECT_EQ(server.line(), client.line());
      EXPECT_EQ(server.line(), (LineSettings{9600, CharacterFormat::eight_n_one}));
      // request 167 + tr 200 + ident 467 + tr 200 + ack 200 = 1234 ms.
      EXPECT_EQ(line.now, 1234ms);
    } else {
      ASSERT_EQ(line.readouts.size(), 1U);
      EXPECT_EQ(line.readouts[0], "1.8.0(001234.5*kWh)\r\n0.9.1(123000)\r\n");
    }
  }
}

}  // namespace
}  // namespace dlms::iec62056_21
