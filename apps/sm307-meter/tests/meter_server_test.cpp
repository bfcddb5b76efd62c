// A whole sm307-meter in process (MeterServer on loopback port 0, its own io thread), read with
// the stack's client (stack/client Client) over the wrapper and HDLC over TCP: the public,
// reader (LLS) and management (HLS-GMAC, suite 0, auth-enc) associations of the session 3
// contract, access rights, wrong credentials, clock setting, remote disconnect and reconnect,
// concurrent connections, the stdout contract lines, and a restart that keeps the energy and
// logs the outage.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "apps/sm307-meter/logger.hpp"
#include "apps/sm307-meter/meter_config.hpp"
#include "apps/sm307-meter/meter_server.hpp"
#include "meter_model/meter.hpp"
#include "stack/client/client.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "transports/asio/client_channel.hpp"

namespace dlms::meter_app {
namespace {

using apdu::ObisCode;
using client::Client;
using client::ClientConfig;
using security::AuthenticationMechanism;

constexpr ObisCode kClock{0, 0, 1, 0, 0, 255};
constexpr ObisCode kEnergyImport{1, 0, 1, 8, 0, 255};
constexpr ObisCode kEnergyImportT1{1, 0, 1, 8, 1, 255};
constexpr ObisCode kDisconnect{0, 0, 96, 3, 10, 255};
constexpr ObisCode kLoadProfile{1, 0, 99, 1, 0, 255};

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "sm307-meter-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

MeterConfig test_config(const std::string& data_dir) {
  MeterConfig c;
  c.data_dir = data_dir;
  c.bind = "127.0.0.1";
  c.wrapper_port = 0;
  c.hdlc_port = 0;
  c.log_level = LogLevel::debug;
  return c;
}

// A MeterServer serving on its own thread; its log and stdout lines are kept.
class RunningMeter {
 public:
  explicit RunningMeter(MeterConfig config)
      : log_(config.log_level, LogFormat::text,
             [this](std::string_view line) {
               std::lock_guard lock(mutex_);
               logs_.emplace_back(line);
             }),
        server_(std::move(config), log_, [this](std::string_view line) {
          std::lock_guard lock(mutex_);
          out_.emplace_back(line);
        }) {
    server_.start();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~RunningMeter() { stop(); }
  RunningMeter(const RunningMeter&) = delete;
  RunningMeter& operator=(const RunningMeter&) = delete;

  void stop() {
    if (thread_.joinable()) {
      server_.request_stop();
      thread_.join();
    }
  }
  MeterServer& server() { return server_; }
  std::vector<std::string> out() {
    std::lock_guard lock(mutex_);
    return out_;
  }
  std::vector<std::string> logs() {
    std::lock_guard lock(mutex_);
    return logs_;
  }
  bool logged(std::string_view a, std::string_view b = {}) {
    std::lock_guard lock(mutex_);
    return std::any_of(logs_.begin(), logs_.end(), [&](const std::string& l) {
      return l.find(a) != std::string::npos && (b.empty() || l.find(b) != std::string::npos);
    });
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> logs_;
  std::vector<std::string> out_;
  Logger log_;
  MeterServer server_;
  std::thread thread_;
};

const std::string kPassword = "12345678";

ByteSpan bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

ClientConfig public_config() { return ClientConfig{}; }

ClientConfig reader_config(const std::string& password = kPassword) {
  ClientConfig c;
  c.mechanism = AuthenticationMechanism::lls;
  static std::vector<std::string> keep;  // the config holds a view
  keep.push_back(password);
  c.password = bytes_of(keep.back());
  return c;
}

ClientConfig management_config(std::uint32_t invocation_counter,
                               const char* auth_key = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF") {
  ClientConfig c;
  c.mechanism = AuthenticationMechanism::hls_gmac;
  c.system_title = *security::SystemTitle::from(*from_hex("4D4D4D0000000002"));
  EXPECT_TRUE(
      c.keys.set(security::KeyId::global_unicast_encryption, *from_hex("000102030405060708090A0B0C0D0E0F")));
  EXPECT_TRUE(c.keys.set(security::KeyId::authentication, *from_hex(auth_key)));
  c.ciphering = client::CipheringConfig{};  // authenticated and encrypted requests
  c.invocation_counter = invocation_counter;
  return c;
}

std::unique_ptr<transport::StreamClientChannel> wrapper_channel(MeterServer& s, std::uint16_t client_sap) {
  auto ch = transport::connect_wrapper_tcp("127.0.0.1", s.wrapper_port(), client_sap, 1);
  EXPECT_TRUE(ch) << ch.error().message();
  return ch ? std::move(*ch) : nullptr;
}

std::unique_ptr<transport::StreamClientChannel> hdlc_channel(
    MeterServer& s, std::uint16_t client_sap, hdlc::HdlcAddress server = hdlc::HdlcAddress::server(1)) {
  hdlc::HdlcClientConfig h;
  h.client = hdlc::HdlcAddress::client(static_cast<std::uint8_t>(client_sap));
  h.server = server;
  h.inter_octet_timeout = hdlc::HdlcDuration{0};
  h.proposal.max_info_rx = 2030;
  h.proposal.max_info_tx = 2030;
  auto ch = transport::connect_hdlc_tcp("127.0.0.1", s.hdlc_port(), h);
  EXPECT_TRUE(ch) << ch.error().message();
  return ch ? std::move(*ch) : nullptr;
}

// One associated client over a channel.
struct Session {
  Session(std::unique_ptr<transport::StreamClientChannel> ch, const ClientConfig& config)
      : channel(std::move(ch)), client(*channel, config, &backend) {}
  bool associate() {
    auto info = client.associate();
    return info && info->associated;
  }
  std::unique_ptr<transport::StreamClientChannel> channel;
  security::OpenSslBackend backend;
  Client client;
};

bool read_ok(Client& c, std::uint16_t class_id, const ObisCode& ln, std::int8_t attribute) {
  auto v = c.get({class_id, ln, attribute});
  return v && v->outcome.ok();
}

std::uint64_t read_u64(Client& c, std::uint16_t class_id, const ObisCode& ln, std::int8_t attribute) {
  auto v = c.get({class_id, ln, attribute});
  EXPECT_TRUE(v && v->outcome.ok());
  return v && v->outcome.ok() ? v->value.as_uint64() : 0;
}

// ---------------------------------------------------------------------------------------------

TEST(MeterServer, PrintsTheContractLinesAndServesThePublicClientOverTheWrapper) {
  TempDir dir;
  RunningMeter m(test_config(dir.path()));
  const auto out = m.out();
  ASSERT_GE(out.size(), 6U);
  EXPECT_EQ(out[0], "sm307-meter: listening wrapper 127.0.0.1:" + std::to_string(m.server().wrapper_port()));
  EXPECT_EQ(out[1], "sm307-meter: listening hdlc 127.0.0.1:" + std::to_string(m.server().hdlc_port()));
  EXPECT_EQ(out[2], "sm307-meter: association public client 16 auth none");
  EXPECT_EQ(out[3],
            "sm307-meter: association reader client 32 auth lls password 12345678 (TEST CREDENTIALS)");
  EXPECT_EQ(
      out[4].rfind("sm307-meter: association management client 1 auth hls-gmac suite 0 security auth-enc "
                   "(TEST KEYS)",
                   0),
      0U)
      << out[4];
  EXPECT_NE(out[4].find("system-title 4D4D4D0000000001"), std::string::npos);
  EXPECT_EQ(out.back(), "sm307-meter: ready");

  Session pub(wrapper_channel(m.server(), 16), public_config());
  ASSERT_TRUE(pub.associate());
  auto clock = pub.client.get({8, kClock, 2});
  ASSERT_TRUE(clock && clock->outcome.ok());
  EXPECT_EQ(clock->value.type(), codec::DataType::octet_string);
  EXPECT_EQ(clock->value.octets().size(), 12U);
  EXPECT_TRUE(read_ok(pub.client, 3, kEnergyImport, 2));
  EXPECT_TRUE(read_ok(pub.client, 3, ObisCode{1, 0, 4, 8, 0, 255}, 2));
  EXPECT_TRUE(read_ok(pub.client, 1, ObisCode{0, 0, 42, 0, 0, 255}, 2));
  // Not in the public list: refused.
  EXPECT_FALSE(read_ok(pub.client, 3, kEnergyImportT1, 2));
  // Writes nothing.
  auto set = pub.client.set({8, kClock, 2}, clock->value);
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->ok());
  auto action = pub.client.action({70, kDisconnect, 1}, codec::Data::integer(0));
  ASSERT_TRUE(action);
  EXPECT_FALSE(action->outcome.ok());
  // Its object list: the eight objects of the contract (with the invocation counter).
  EXPECT_TRUE(read_ok(pub.client, 1, ObisCode{0, 0, 43, 1, 0, 255}, 2));
  auto list = pub.client.read_object_list();
  ASSERT_TRUE(list && list->outcome.ok());
  EXPECT_EQ(list->objects.size(), 8U);
  auto rel = pub.client.release();
  ASSERT_TRUE(rel);
  EXPECT_TRUE(m.logged("association_accepted", "client=16"));
  EXPECT_TRUE(m.logged("connection_open", "peer=127.0.0.1:"));
  m.stop();
  EXPECT_EQ(m.out().back(), "sm307-meter: stopped");
  EXPECT_TRUE(m.logged("connection_close"));
}

TEST(MeterServer, HdlcServerAddressesOfOneTwoAndFourOctets) {
  TempDir dir;
  RunningMeter m(test_config(dir.path()));
  for (const hdlc::HdlcAddress server : {hdlc::HdlcAddress::server(1), hdlc::HdlcAddress::server(1, 17, 2),
                                         hdlc::HdlcAddress::server(1, 0x1234, 4)}) {
    SCOPED_TRACE(static_cast<int>(server.size));
    Session pub(hdlc_channel(m.server(), 16, server), public_config());
    ASSERT_TRUE(pub.associate());
    EXPECT_TRUE(read_ok(pub.client, 8, kClock, 2));
    EXPECT_TRUE(read_ok(pub.client, 3, kEnergyImport, 2));
    EXPECT_FALSE(read_ok(pub.client, 3, kEnergyImportT1, 2));
    ASSERT_TRUE(pub.client.release());
  }
}

TEST(MeterServer, ReaderReadsWithItsPasswordAndAWrongOneIsRejected) {
  TempDir dir;
  RunningMeter m(test_config(dir.path()));
  {
    Session reader(wrapper_channel(m.server(), 32), reader_config());
    ASSERT_TRUE(reader.associate());
    EXPECT_TRUE(read_ok(reader.client, 3, kEnergyImportT1, 2));
    EXPECT_TRUE(read_ok(reader.client, 8, kClock, 2));
    auto list = reader.client.read_object_list();
    ASSERT_TRUE(list && list->outcome.ok());
    EXPECT_GE(list->objects.size(), 260U);
    // Reads everything readable, writes nothing.
    auto clock = reader.client.get({8, kClock, 2});
    ASSERT_TRUE(clock && clock->outcome.ok());
    auto set = reader.client.set({8, kClock, 2}, clock->value);
    ASSERT_TRUE(set);
    EXPECT_FALSE(set->ok());
  }
  {
    Session wrong(hdlc_channel(m.server(), 32), reader_config("87654321"));
    auto info = wrong.client.associate();
    ASSERT_TRUE(info);
    EXPECT_FALSE(info->associated);
    EXPECT_EQ(info->outcome.kind, client::DlmsOutcome::Kind::association_rejected);
    EXPECT_EQ(info->diagnostic,
              apdu::ResultSourceDiagnostic::user(apdu::AcseServiceUser::authentication_failure));
  }
  EXPECT_TRUE(m.logged("association_rejected", "reason=authentication-failure"));
  EXPECT_TRUE(m.logged("association_rejected", "client=32"));
}

TEST(MeterServer, ManagementSetsTheClockAndDisconnectsAndReconnects) {
  TempDir dir;
  RunningMeter m(test_config(dir.path()));
  Session mgmt(wrapper_channel(m.server(), 1), management_config(1));
  auto info = mgmt.client.associate();
  ASSERT_TRUE(info);
  ASSERT_TRUE(info->associated) << info->outcome.kind_name();
  EXPECT_TRUE(info->hls_completed);
  ASSERT_TRUE(info->has_server_system_title);
  EXPECT_EQ(to_hex(info->server_system_title.bytes(), '\0'), "4D4D4D0000000001");
  EXPECT_TRUE(read_ok(mgmt.client, 8, kClock, 2));
  EXPECT_TRUE(read_ok(mgmt.client, 3, kEnergyImportT1, 2));

  // Clock to 2030-06-15 12:00:00 (day of week and deviation not specified).
  const auto when = *from_hex("07EE060FFF0C000000800000");
  auto set = mgmt.client.set({8, kClock, 2}, codec::Data::octet_string(when));
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->ok());
  auto clock = mgmt.client.get({8, kClock, 2});
  ASSERT_TRUE(clock && clock->outcome.ok());
  ASSERT_EQ(clock->value.octets().size(), 12U);
  EXPECT_EQ(clock->value.octets()[0], 0x07);
  EXPECT_EQ(clock->value.octets()[1], 0xEE);  // 2030
  EXPECT_EQ(clock->value.octets()[2], 6);

  // Remote disconnect (method 1), then reconnect (method 2): output_state follows.
  auto disconnect = mgmt.client.action({70, kDisconnect, 1}, codec::Data::integer(0));
  ASSERT_TRUE(disconnect);
  EXPECT_TRUE(disconnect->outcome.ok());
  auto state = mgmt.client.get({70, kDisconnect, 2});
  ASSERT_TRUE(state && state->outcome.ok());
  EXPECT_FALSE(state->value.as_bool());
  auto control = mgmt.client.get({70, kDisconnect, 3});
  ASSERT_TRUE(control && control->outcome.ok());
  EXPECT_EQ(control->value.as_uint64(), 0U);  // disconnected
  auto reconnect = mgmt.client.action({70, kDisconnect, 2}, codec::Data::integer(0));
  ASSERT_TRUE(reconnect);
  EXPECT_TRUE(reconnect->outcome.ok());
  // Connected, or ready for reconnection (the control mode decides; Blue Book 4.5.8).
  control = mgmt.client.get({70, kDisconnect, 3});
  ASSERT_TRUE(control && control->outcome.ok());
  EXPECT_NE(control->value.as_uint64(), 0U);
  ASSERT_TRUE(mgmt.client.release());

  // The meter saw the disconnection and the reconnection.
  m.stop();
  EXPECT_NE(m.server().meter().relay_state(), meter::RelayState::kDisconnected);
  EXPECT_GE(m.server().meter().event_count(meter::event::kRemoteDisconnection), 1);
  EXPECT_TRUE(m.logged("association_accepted", "mechanism=hls-gmac"));
}

TEST(MeterServer, ManagementOverHdlcAndReplayedCountersAndWrongKeysAreRefused) {
  TempDir dir;
  RunningMeter m(test_config(dir.path()));
  {
    Session mgmt(hdlc_channel(m.server(), 1), management_config(100));
    ASSERT_TRUE(mgmt.associate());
    EXPECT_TRUE(read_ok(mgmt.client, 3, kEnergyImport, 2));
    ASSERT_TRUE(mgmt.client.release());
  }
  {
    // Invocation counters at or below the last accepted one: not associated.
    Session replay(wrapper_channel(m.server(), 1), management_config(50));
    EXPECT_FALSE(replay.associate());
  }
  {
    Session wrong(wrapper_channel(m.server(), 1),
                  management_config(10000, "00112233445566778899AABBCCDDEEFF"));
    EXPECT_FALSE(wrong.associate());
  }
  {
    Session again(wrapper_channel(m.server(), 1), management_config(20000));
    EXPECT_TRUE(again.associate());
  }
}

TEST(MeterServer, ConcurrentConnectionsAreSeparateAssociations) {
  TempDir dir;
  RunningMeter m(test_config(dir.path()));
  Session pub(wrapper_channel(m.server(), 16), public_config());
  Session reader(hdlc_channel(m.server(), 32), reader_config());
  Session pub2(wrapper_channel(m.server(), 16), public_config());
  ASSERT_TRUE(pub.associate());
  ASSERT_TRUE(reader.associate());
  ASSERT_TRUE(pub2.associate());
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(read_ok(pub.client, 3, kEnergyImport, 2));
    EXPECT_TRUE(read_ok(reader.client, 3, kEnergyImportT1, 2));
    EXPECT_FALSE(read_ok(pub2.client, 3, kEnergyImportT1, 2));
  }
  pub.channel->close();
  EXPECT_TRUE(read_ok(pub2.client, 8, kClock, 2));
  EXPECT_TRUE(read_ok(reader.client, 8, kClock, 2));
}

TEST(MeterServer, MaxConnectionsRefusesTheNextOne) {
  TempDir dir;
  MeterConfig c = test_config(dir.path());
  c.max_connections = 2;
  RunningMeter m(c);
  Session a(wrapper_channel(m.server(), 16), public_config());
  Session b(wrapper_channel(m.server(), 16), public_config());
  ASSERT_TRUE(a.associate());
  ASSERT_TRUE(b.associate());
  auto third = transport::connect_wrapper_tcp("127.0.0.1", m.server().wrapper_port(), 16, 1,
                                              std::chrono::milliseconds(1000));
  if (third) {
    Client c3(**third, public_config());
    auto info = c3.associate();
    EXPECT_FALSE(info && info->associated);
  }
  EXPECT_TRUE(read_ok(a.client, 8, kClock, 2));
}

TEST(MeterServer, IdleConnectionsAreClosed) {
  TempDir dir;
  MeterConfig c = test_config(dir.path());
  c.idle_timeout_s = 0.3;
  RunningMeter m(c);
  Session a(wrapper_channel(m.server(), 16), public_config());
  ASSERT_TRUE(a.associate());
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_FALSE(read_ok(a.client, 8, kClock, 2));
  EXPECT_TRUE(m.logged("connection_close", "reason="));
}

TEST(MeterServer, BackfillFillsTheProfileAndARestartKeepsTheEnergyAndLogsTheOutage) {
  TempDir dir;
  std::uint64_t energy_before = 0;
  std::size_t rows = 0;
  {
    MeterConfig c = test_config(dir.path());
    c.backfill_ms = 2LL * 86'400'000;  // two days: 192 load profile entries
    RunningMeter m(c);
    EXPECT_TRUE(m.logged("backfill_done", "simulated=2d"));
    Session reader(wrapper_channel(m.server(), 32), reader_config());
    ASSERT_TRUE(reader.associate());
    energy_before = read_u64(reader.client, 3, kEnergyImport, 2);
    EXPECT_GT(energy_before, 0U);
    auto profile = reader.client.get({7, kLoadProfile, 2});
    ASSERT_TRUE(profile && profile->outcome.ok());
    rows = profile->value.elements().size();
    EXPECT_GE(rows, 191U);
    EXPECT_LE(rows, 193U);
    EXPECT_TRUE(reader.client.release());
    m.stop();
    EXPECT_EQ(m.out().back(), "sm307-meter: stopped");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  {
    MeterConfig c = test_config(dir.path());
    c.backfill_ms = 2LL * 86'400'000;  // ignored: the data dir holds a meter
    RunningMeter m(c);
    EXPECT_TRUE(m.logged("meter_restored", "outage_s="));
    EXPECT_TRUE(m.logged("backfill_ignored"));
    Session pub(wrapper_channel(m.server(), 16), public_config());
    ASSERT_TRUE(pub.associate());
    EXPECT_GE(read_u64(pub.client, 3, kEnergyImport, 2), energy_before);
    m.stop();
    EXPECT_GE(m.server().meter().power_failures(), 1);
    EXPECT_GE(m.server().meter().load_profile().size(), rows);
  }
}

TEST(MeterServer, ABusyPortIsAOneLineStartError) {
  TempDir dir;
  RunningMeter first(test_config(dir.path()));
  TempDir dir2;
  MeterConfig c = test_config(dir2.path());
  c.wrapper_port = first.server().wrapper_port();
  Logger quiet(LogLevel::error, LogFormat::text, [](std::string_view) {});
  std::vector<std::string> out;
  MeterServer second(c, quiet, [&](std::string_view l) { out.emplace_back(l); });
  try {
    second.start();
    ADD_FAILURE() << "bound a busy port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("wrapper listener"), std::string::npos);
  }
  EXPECT_TRUE(
      std::none_of(out.begin(), out.end(), [](const std::string& l) { return l == "sm307-meter: ready"; }));
}

TEST(MeterServer, JsonLogLines) {
  std::vector<std::string> lines;
  Logger log(LogLevel::info, LogFormat::json, [&](std::string_view l) { lines.emplace_back(l); });
  log.info("connection_open", {{"id", 3}, {"peer", "127.0.0.1:5"}});
  log.debug("hidden");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_NE(lines[0].find(R"("level":"info","event":"connection_open","id":3,"peer":"127.0.0.1:5")"),
            std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace dlms::meter_app
