// WrapperProtocol without sockets: reassembly across reads, addressing of both roles, the
// fatal header errors, and what one connection costs in buffers (nothing after construction;
// nothing after an exchange whose APDUs each came in one read; at most kKeptCapacity after a
// split one). The request frame is jDLMS's (openmuc.org) JdlmsClientOverTcpTest, GET clock from
// client wPort 16 to server wPort 1; the answer (a clock value) is made up for these tests.
#include "transports/asio/wrapper_protocol.hpp"

#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/wrapper/wrapper_error.hpp"

namespace dlms::transport {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes hex(std::string_view s) { return from_hex(s).value(); }

constexpr const char* kGetClockWpdu = "00 01 00 10 00 01 00 0D C0 01 02 00 08 00 00 01 00 00 FF 02 00";
constexpr const char* kGetClockApdu = "C0 01 02 00 08 00 00 01 00 00 FF 02 00";
constexpr const char* kClockAnswerApdu = "C4 01 02 00 09 0C 07 E6 0B 19 03 00 00 00 FF 80 00 00";
constexpr const char* kClockAnswerWpdu =
    "00 01 00 01 00 10 00 12 C4 01 02 00 09 0C 07 E6 0B 19 03 00 00 00 FF 80 00 00";

class RecordingSink final : public LinkSink {
 public:
  void write(ByteSpan bytes) override { written.emplace_back(bytes.begin(), bytes.end()); }
  void set_line(const iec62056_21::LineSettings& /*line*/) override {}
  void deliver(const Addressing& from, ByteSpan apdu) override {
    delivered.emplace_back(apdu.begin(), apdu.end());
    addressing.push_back(from);
  }
  void link_event(const Addressing& /*link*/, bool /*up*/) override {}
  void fail(std::error_code error) override { failures.push_back(error); }

  std::vector<Bytes> written;
  std::vector<Bytes> delivered;
  std::vector<Addressing> addressing;
  std::vector<std::error_code> failures;
};

// A WPDU from client wPort 16 to server wPort 1 carrying `size` octets (00 01 02 ...).
Bytes wpdu_of_size(std::size_t size) {
  Bytes w = {0x00,
             0x01,
             0x00,
             0x10,
             0x00,
             0x01,
             static_cast<std::uint8_t>(size >> 8U),
             static_cast<std::uint8_t>(size & 0xFFU)};
  for (std::size_t i = 0; i < size; ++i) {
    w.push_back(static_cast<std::uint8_t>(i));
  }
  return w;
}

TEST(WrapperProtocol, ServerDeliversWithWportsAndAnswersWithThemSwapped) {
  WrapperProtocol p(Role::server, 1024);
  RecordingSink sink;
  p.receive(hex(kGetClockWpdu), {}, sink);
  ASSERT_EQ(sink.delivered.size(), 1U);
  EXPECT_EQ(to_hex(sink.delivered[0]), to_hex(hex(kGetClockApdu)));
  EXPECT_EQ(sink.addressing[0].transport, TransportKind::wrapper_tcp);
  EXPECT_EQ(sink.addressing[0].client_address, 16);
  EXPECT_EQ(sink.addressing[0].server_address, 1);
  p.send_apdu(sink.addressing[0], hex(kClockAnswerApdu), {}, sink);
  ASSERT_EQ(sink.written.size(), 1U);
  EXPECT_EQ(to_hex(sink.written[0]), to_hex(hex(kClockAnswerWpdu)));
  EXPECT_TRUE(sink.failures.empty());
}

TEST(WrapperProtocol, ClientSendsFromItsWportAndReadsTheAnswer) {
  WrapperProtocol p(Role::client, 1024);
  RecordingSink sink;
  Addressing to;
  to.client_address = 16;
  to.server_address = 1;
  p.send_apdu(to, hex(kGetClockApdu), {}, sink);
  ASSERT_EQ(sink.written.size(), 1U);
  EXPECT_EQ(to_hex(sink.written[0]), to_hex(hex(kGetClockWpdu)));
  p.receive(hex(kClockAnswerWpdu), {}, sink);
  ASSERT_EQ(sink.delivered.size(), 1U);
  EXPECT_EQ(to_hex(sink.delivered[0]), to_hex(hex(kClockAnswerApdu)));
  EXPECT_EQ(sink.addressing[0], to);
}

TEST(WrapperProtocol, ReassemblesAcrossEverySplitAndBackToBackFrames) {
  const Bytes one = hex(kGetClockWpdu);
  Bytes two = one;
  two.insert(two.end(), one.begin(), one.end());
  for (std::size_t cut = 1; cut < two.size(); ++cut) {
    WrapperProtocol p(Role::server, 1024);
    RecordingSink sink;
    p.receive(ByteSpan(two).first(cut), {}, sink);
    p.receive(ByteSpan(two).subspan(cut), {}, sink);
    ASSERT_EQ(sink.delivered.size(), 2U) << "cut at " << cut;
    EXPECT_EQ(to_hex(sink.delivered[0]), to_hex(hex(kGetClockApdu))) << "cut at " << cut;
    EXPECT_EQ(to_hex(sink.delivered[1]), to_hex(hex(kGetClockApdu))) << "cut at " << cut;
    EXPECT_TRUE(sink.failures.empty());
  }
  WrapperProtocol p(Role::server, 1024);
  RecordingSink sink;
  for (std::uint8_t b : two) {
    p.receive(ByteSpan(&b, 1), {}, sink);
  }
  EXPECT_EQ(sink.delivered.size(), 2U);
}

TEST(WrapperProtocol, BadHeadersCloseTheConnectionOnce) {
  struct Case {
    const char* wpdu;
    wrapper::wrapper_errc error;
  };
  const Case cases[] = {
      {"00 02 00 10 00 01 00 01 C0", wrapper::wrapper_errc::bad_version},
      {"00 01 00 10 00 01 00 00 C0", wrapper::wrapper_errc::empty_apdu},
      {"00 01 00 10 00 01 00 41 C0", wrapper::wrapper_errc::apdu_too_large},  // 65 > 64
  };
  for (const Case& c : cases) {
    WrapperProtocol p(Role::server, 64);
    RecordingSink sink;
    p.receive(hex(c.wpdu), {}, sink);
    p.receive(hex(kGetClockWpdu), {}, sink);
    ASSERT_EQ(sink.failures.size(), 1U) << c.wpdu;
    EXPECT_EQ(sink.failures[0], make_error_code(c.error)) << c.wpdu;
    EXPECT_TRUE(sink.delivered.empty()) << c.wpdu;
  }
}

TEST(WrapperProtocol, MaximumIsCappedAtTheLengthFieldAndTheLargestApduPasses) {
  WrapperProtocol p(Role::server, 100000);
  RecordingSink sink;
  const Bytes w = wpdu_of_size(0xFFFF);
  p.receive(ByteSpan(w).first(4000), {}, sink);
  p.receive(ByteSpan(w).subspan(4000), {}, sink);
  ASSERT_EQ(sink.delivered.size(), 1U);
  EXPECT_EQ(sink.delivered[0].size(), 0xFFFFU);
  EXPECT_EQ(sink.delivered[0][0x1234], 0x34);
  p.send_apdu(sink.addressing[0], Bytes(0x10000, 0x00), {}, sink);  // not carried: dropped
  EXPECT_TRUE(sink.written.empty());
}

// The per-connection buffer cost: none after construction, none after an exchange whose
// APDUs each arrived in one read, at most kKeptCapacity after split ones, small or large.
TEST(WrapperProtocol, PerConnectionBufferCost) {
  WrapperProtocol p(Role::server, 0xFFFF);
  EXPECT_EQ(p.receive_capacity(), 0U);
  EXPECT_LE(sizeof(WrapperProtocol), 128U);  // header state, the limit and an empty vector

  RecordingSink sink;
  p.receive(hex(kGetClockWpdu), {}, sink);
  p.send_apdu(sink.addressing.at(0), hex(kClockAnswerApdu), {}, sink);
  ASSERT_EQ(sink.written.size(), 1U);
  EXPECT_EQ(p.receive_capacity(), 0U);
  // The send buffer is the thread's, shared by all connections: only as large as the
  // largest frame sent on this thread so far, at most 8 + 65535.
  EXPECT_GE(WrapperProtocol::shared_send_capacity(), hex(kClockAnswerWpdu).size());
  EXPECT_LE(WrapperProtocol::shared_send_capacity(), 8U + 0xFFFFU);

  const Bytes small = hex(kGetClockWpdu);
  p.receive(ByteSpan(small).first(10), {}, sink);
  EXPECT_EQ(p.receive_capacity(), 13U);  // grown to the APDU being received
  p.receive(ByteSpan(small).subspan(10), {}, sink);
  EXPECT_EQ(sink.delivered.size(), 2U);
  EXPECT_EQ(p.receive_capacity(), 13U);  // kept: below kKeptCapacity

  const Bytes large = wpdu_of_size(10000);
  p.receive(ByteSpan(large).first(3000), {}, sink);
  EXPECT_EQ(p.receive_capacity(), 10000U);
  p.receive(ByteSpan(large).subspan(3000), {}, sink);
  ASSERT_EQ(sink.delivered.size(), 3U);
  EXPECT_EQ(sink.delivered[2], Bytes(large.begin() + 8, large.end()));
  EXPECT_LE(p.receive_capacity(), WrapperProtocol::kKeptCapacity);
}

TEST(WrapperProtocol, ManyIdleConnectionsHoldNoBuffers) {
  std::vector<WrapperProtocol> connections(1000, WrapperProtocol(Role::server, 0xFFFF));
  std::size_t total = 0;
  for (const WrapperProtocol& c : connections) {
    total += c.receive_capacity();
  }
  EXPECT_EQ(total, 0U);
}

}  // namespace
}  // namespace dlms::transport
