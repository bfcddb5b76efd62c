// The optical port end to end on a pseudo-terminal: the HHU (client) and the meter (server)
// each run on one side of a pty. IEC 62056-21 mode E sign-on at 300 Bd 7E1 ("/?!" CR LF,
// "/XYZ5\2SM307" CR LF, ACK "2" "5" "2" CR LF), the switch of both sides to 9600 Bd 8N1,
// then HDLC (SNRM/UA, I frames) carrying an APDU there and back.
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/asio/optical_protocol.hpp"
#include "transports/asio/serial.hpp"
#include "transports/asio/tests/test_handlers.hpp"
#include "transports/iec62056_21/data_set_reader.hpp"

namespace dlms::transport {
namespace {

using namespace std::chrono_literals;

struct LineState {
  speed_t speed = B0;
  tcflag_t csize = 0;
  bool parity = false;
};

LineState line_of(int fd) {
  termios tio{};
  ::tcgetattr(fd, &tio);
  return {::cfgetospeed(&tio), tio.c_cflag & CSIZE, (tio.c_cflag & PARENB) != 0};
}

TEST(OpticalPty, ModeESignOnThenHdlcApduExchange) {
  int master = -1;
  int slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);

  // The sign-on deadlines count from the ports' start, before io.run_for().
  const auto start = std::chrono::steady_clock::now();
  boost::asio::io_context io;
  test::EchoHandler meter;

  iec62056_21::SignOnServerConfig sign_on;
  sign_on.manufacturer = "XYZ";
  sign_on.identification = "SM307";
  sign_on.max_baud_char = '5';
  hdlc::HdlcServerConfig hdlc_server;
  hdlc_server.logical_devices = {1, 17};
  hdlc_server.logical_device_count = 2;
  std::error_code ec;
  auto meter_port =
      attach_serial(io, slave, iec62056_21::kSignOnLine,
                    std::make_unique<OpticalServerProtocol>(sign_on, hdlc_server), meter, {}, ec);
  ASSERT_TRUE(meter_port) << ec.message();
  // Right after opening, the meter's side is at 300 Bd (7E1 asked; a pty keeps CS8, the
  // kernel cannot hold parity on a pseudo-terminal).
  const LineState at_start = line_of(slave);
  EXPECT_EQ(at_start.speed, static_cast<speed_t>(B300));

  test::RecordingHandler hhu;
  iec62056_21::SignOnClientConfig client_sign_on;
  hdlc::HdlcClientConfig hdlc_client;
  hdlc_client.server = hdlc::HdlcAddress::server(17);
  auto* client_protocol = new OpticalClientProtocol(client_sign_on, hdlc_client);
  auto hhu_port = attach_serial(io, master, iec62056_21::kSignOnLine,
                                std::unique_ptr<LinkProtocol>(client_protocol), hhu, {}, ec);
  ASSERT_TRUE(hhu_port) << ec.message();

  // GET clock (jDLMS test vector APDU), queued until HDLC is up.
  const auto apdu = from_hex("C0 01 C1 00 08 00 00 01 00 00 FF 02 00").value();
  hhu_port->send_apdu({TransportKind::hdlc, 16, 17, 0, 1}, apdu);
  LineState in_hdlc{};
  hhu.on_receive = [&] {
    in_hdlc = line_of(slave);
    hhu_port->close();
    meter_port->close();
  };
  io.run_for(10s);
  const auto elapsed = std::chrono::steady_clock::now() - start;

  ASSERT_EQ(hhu.received.size(), 1U);
  EXPECT_EQ(hhu.received[0], apdu);
  ASSERT_EQ(meter.received.size(), 1U);
  EXPECT_EQ(meter.addressing[0].transport, TransportKind::hdlc);
  EXPECT_EQ(meter.addressing[0].client_address, 16);
  EXPECT_EQ(meter.addressing[0].server_address, 17);
  EXPECT_EQ(client_protocol->sign_on().manufacturer(), "XYZ");
  EXPECT_EQ(client_protocol->sign_on().identification(), "SM307");
  // Both sides switched to 9600 Bd 8N1 for HDLC.
  EXPECT_EQ(in_hdlc.speed, static_cast<speed_t>(B9600));
  EXPECT_EQ(in_hdlc.csize, static_cast<tcflag_t>(CS8));
  EXPECT_FALSE(in_hdlc.parity);
  // Two reaction times (200 ms each) at least: the meter's identification, the HHU's ACK.
  EXPECT_GE(elapsed, 400ms - 3ms);  // the sign-on machine counts whole milliseconds
  EXPECT_EQ(meter.links_up.load(), 1);
}

// Mode C data readout end to end: "/?!" CR LF, "/XYZ5\2SM307" CR LF, ACK "0" "5" "0" CR LF,
// then the meter's data message at 9600 Bd 7E1 (STX data block "!" CR LF ETX BCC); the HHU
// checks the BCC and hands the data block to its ReadoutHandler.
TEST(OpticalPty, ModeCDataReadoutReachesTheClientsHandler) {
  int master = -1;
  int slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);

  // The sign-on deadlines count from the ports' start, before io.run_for().
  const auto start = std::chrono::steady_clock::now();
  boost::asio::io_context io;
  test::EchoHandler meter;
  const std::array<iec62056_21::DataSet, 3> readout{iec62056_21::DataSet{"0.0.0", "12345678", ""},
                                                    iec62056_21::DataSet{"1.8.0", "001234.567", "kWh"},
                                                    iec62056_21::DataSet{"1.8.1", "000987.001", "kWh"}};
  iec62056_21::SignOnServerConfig sign_on;
  sign_on.manufacturer = "XYZ";
  sign_on.identification = "SM307";
  sign_on.readout = readout;
  std::error_code ec;
  auto meter_port = attach_serial(io, slave, iec62056_21::kSignOnLine,
                                  std::make_unique<OpticalServerProtocol>(sign_on, hdlc::HdlcServerConfig{}),
                                  meter, {}, ec);
  ASSERT_TRUE(meter_port) << ec.message();

  test::RecordingHandler hhu;
  iec62056_21::SignOnClientConfig client_sign_on;
  client_sign_on.goal = iec62056_21::SignOnClientConfig::Goal::readout;
  std::vector<std::string> data_sets;
  std::string block;
  std::shared_ptr<ConnectionContext> hhu_port;
  auto protocol =
      std::make_unique<OpticalClientProtocol>(client_sign_on, hdlc::HdlcClientConfig{}, [&](ByteSpan b) {
        block.assign(b.begin(), b.end());
        iec62056_21::DataSetReader r(b);
        iec62056_21::DataSet d;
        while (r.next(d)) {
          data_sets.push_back(std::string(d.address) + "=" + std::string(d.value) + " " +
                              std::string(d.unit));
        }
        EXPECT_FALSE(r.error());
        hhu_port->close();
        meter_port->close();
      });
  auto* client_protocol = protocol.get();
  hhu_port = attach_serial(io, master, iec62056_21::kSignOnLine, std::move(protocol), hhu, {}, ec);
  ASSERT_TRUE(hhu_port) << ec.message();
  io.run_for(10s);
  const auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(block, "0.0.0(12345678)\r\n1.8.0(001234.567*kWh)\r\n1.8.1(000987.001*kWh)\r\n");
  EXPECT_EQ(data_sets,
            (std::vector<std::string>{"0.0.0=12345678 ", "1.8.0=001234.567 kWh", "1.8.1=000987.001 kWh"}));
  EXPECT_EQ(std::string(client_protocol->readout().begin(), client_protocol->readout().end()), block);
  EXPECT_EQ(client_protocol->sign_on().state(), iec62056_21::SignOnClient::State::done);
  EXPECT_EQ(client_protocol->sign_on().line(), iec62056_21::kSignOnLine);
  // Three reaction times: the identification, the ACK, the data message.
  EXPECT_GE(elapsed, 600ms - 3ms);  // the sign-on machine counts whole milliseconds
  EXPECT_TRUE(meter.received.empty());
  EXPECT_EQ(meter.links_up.load(), 0);
}

}  // namespace
}  // namespace dlms::transport
