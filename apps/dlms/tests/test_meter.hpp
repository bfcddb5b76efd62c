#pragma once
// An in-process meter for the dlms CLI tests: a TcpServer for the wrapper and one for HDLC over
// TCP on free loopback ports, each connection with its own server::ServerSession, serving a
// Clock, a Register, a Data, the Association LN and a Profile generic whose ProfileSource
// makes up 9,600 rows of 16 columns (clock + 15 counters; 873 kB encoded). Associations as the
// SM307 contract: public (16, no security), reader (32, LLS 12345678), management (1,
// HLS-GMAC, suite-0 auth-enc with the Green Book test keys).

#include <array>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "cosem_objects/association_ln.hpp"
#include "cosem_objects/clock.hpp"
#include "cosem_objects/data.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "cosem_objects/register.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/security_context.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/server/server_session.hpp"
#include "stack/server/service_engine.hpp"
#include "stack/server/testing/session_per_connection.hpp"
#include "transports/asio/asio.hpp"
#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/tcp.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace dlms::cli::test {

// 2026-11-25T00:00:00 UTC; rows every 15 minutes back from there.
inline constexpr std::int64_t kNowUtcS = 1795564800;
inline constexpr std::uint32_t kRows = 9600;
inline constexpr std::size_t kColumns = 16;
inline constexpr std::int64_t kFirstRowUtcS = kNowUtcS - static_cast<std::int64_t>(kRows) * 900;

// Rows made up on demand: column 0 the capture time (octet-string(12), deviation 0), column c
// the counter sequence * c.
class FakeProfileSource final : public cosem::ProfileSource {
 public:
  [[nodiscard]] std::uint32_t entries_in_use() const noexcept override { return kRows; }
  [[nodiscard]] std::uint32_t profile_entries() const noexcept override { return kRows; }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept override { return 0; }
  bool encode_value(std::uint64_t sequence, std::size_t column, ByteWriter& out) override {
    if (sequence >= kRows || column >= kColumns) {
      return false;
    }
    if (column == 0) {
      const auto t = codec::CosemDateTime::from_utc(
          std::chrono::sys_seconds(
              std::chrono::seconds(kFirstRowUtcS + static_cast<std::int64_t>(sequence) * 900)),
          0, 0);
      codec::axdr::write_octet_string(out, t.encode());
    } else {
      codec::axdr::write_double_long_unsigned(out, static_cast<std::uint32_t>(sequence * column));
    }
    return true;
  }
  apdu::ActionResult capture(std::span<const cosem::CaptureObjectDefinition> /*columns*/) override {
    return apdu::ActionResult::read_write_denied;
  }
  apdu::ActionResult reset() override { return apdu::ActionResult::read_write_denied; }
};

class TestMeter final {
 public:
  static constexpr std::uint16_t kPublic = 16;
  static constexpr std::uint16_t kReader = 32;
  static constexpr std::uint16_t kManagement = 1;

  TestMeter();
  ~TestMeter();
  TestMeter(const TestMeter&) = delete;
  TestMeter& operator=(const TestMeter&) = delete;

  [[nodiscard]] std::uint16_t wrapper_port() const { return wrapper_port_; }
  [[nodiscard]] std::uint16_t hdlc_port() const { return hdlc_port_; }

  cosem::ManualClockSource clock_source{kNowUtcS * 1000};
  cosem::Clock clock{{0, 0, 1, 0, 0, 255}};
  cosem::Register energy{{1, 0, 1, 8, 0, 255}};
  cosem::Data device_name{{0, 0, 42, 0, 0, 255}};
  cosem::AssociationLn association{{0, 0, 40, 0, 0, 255}};
  cosem::ProfileGeneric profile{{1, 0, 99, 1, 0, 255}};
  FakeProfileSource rows;

 private:
  // Each connection its own session (a new one after an HDLC link event).
  using Sessions = server::test_support::SessionPerConnection<server::ServerSessionStorage<4096, 4096>, 4200>;
  association::ObjectAccessRights entry(server::CosemObject& o, std::vector<std::uint8_t> attributes,
                                        std::vector<std::uint8_t> methods);

  security::OpenSslBackend backend_;
  association::SecurityContext security_{backend_};
  std::vector<std::vector<std::uint8_t>> modes_;
  std::vector<association::ObjectAccessRights> public_list_;
  std::vector<association::ObjectAccessRights> full_list_;
  std::array<association::AssociationConfig, 3> configs_;
  server::LogicalDevice device_;
  server::ServiceEngine engine_;
  Sessions sessions_{std::span<server::LogicalDevice>(&device_, 1), engine_};
  boost::asio::io_context io_;
  std::unique_ptr<transport::TcpServer> wrapper_;
  std::unique_ptr<transport::TcpServer> hdlc_;
  std::uint16_t wrapper_port_ = 0;
  std::uint16_t hdlc_port_ = 0;
  std::thread thread_;
};

}  // namespace dlms::cli::test
