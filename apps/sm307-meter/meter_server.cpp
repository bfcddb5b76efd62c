#include "apps/sm307-meter/meter_server.hpp"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "apps/sm307-meter/association_setup.hpp"
#include "apps/sm307-meter/counter_store.hpp"
#include "apps/sm307-meter/duration.hpp"
#include "apps/sm307-meter/session_host.hpp"
#include "apps/sm307-meter/simulation_clock.hpp"
#include "codegen/sm307/sm307_objects.hpp"
#include "meter_model/meter.hpp"
#include "meter_model/scenario.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/server/service_engine.hpp"
#include "transports/asio/connection_limits.hpp"
#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/optical_protocol.hpp"
#include "transports/asio/serial.hpp"
#include "transports/asio/tcp.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace dlms::meter_app {
namespace {

namespace fs = std::filesystem;
using boost::asio::ip::tcp;

constexpr std::size_t kHdlcMaxApdu = 4096;    // HDLC reassembly / segmentation buffer per link
constexpr std::uint16_t kHdlcMaxInfo = 2030;  // IEC 62056-46 largest information field
constexpr std::uint8_t kHdlcWindow = 7;
constexpr std::size_t kReadBufferSize = 1024;  // socket read per call (per connection)
constexpr std::size_t kMaxWriteBacklog = 1U << 20U;
constexpr meter::TimeMs kBackfillChunk = meter::kDay;

std::string endpoint_text(const tcp::endpoint& e) {
  return e.address().to_string() + ":" + std::to_string(e.port());
}

// The meter's identification on the optical port: the FLAG id of its system title ("MMM").
constexpr const char* kOpticalManufacturer = "MMM";
constexpr const char* kOpticalIdentification = "SM307";

}  // namespace

struct MeterServer::Impl {
  Impl(MeterConfig c, Logger& l, Printer p) : config(std::move(c)), log(l), print(std::move(p)), io(1) {
    if (!print) {
      print = [](std::string_view line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
      };
    }
  }

  ~Impl() {
    // Listeners and connections go first (they reference the host, sessions and objects).
    try {
      if (wrapper) wrapper->stop();
      if (hdlc) hdlc->stop();
      if (optical) optical->close();
      wrapper.reset();
      hdlc.reset();
      optical.reset();
      io.restart();
      io.poll();
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing more to do while tearing down
    }
    if (pty_slave >= 0) ::close(pty_slave);
  }

  void start();
  void build_meter();
  void backfill(meter::TimeMs from);
  void open_listeners();
  void open_optical(const transport::ConnectionLimits& limits);
  void announce();
  void arm_tick();
  void advance_meter();
  void stop();

  MeterConfig config;
  Logger& log;
  Printer print;
  boost::asio::io_context io;

  std::unique_ptr<SimulationClock> clock;
  std::unique_ptr<meter::Meter> meter;
  std::unique_ptr<binding::ObjectList> objects;
  std::unique_ptr<CounterStore> counters;
  std::unique_ptr<security::OpenSslBackend> backend;
  std::unique_ptr<AssociationSetup> associations;
  server::ServiceEngine engine;
  std::unique_ptr<SessionHost> host;
  hdlc::HdlcServerConfig hdlc_config;
  hdlc::HdlcServerConfig optical_hdlc_config;
  iec62056_21::SignOnServerConfig sign_on;

  std::unique_ptr<transport::TcpServer> wrapper;
  std::unique_ptr<transport::TcpServer> hdlc;
  std::shared_ptr<transport::ConnectionContext> optical;
  int pty_slave = -1;
  std::string optical_path;
  std::vector<std::string> listening;

  std::optional<boost::asio::steady_timer> tick;
  std::optional<boost::asio::signal_set> signals;
  std::optional<boost::asio::steady_timer> shutdown_deadline;
  bool stopping = false;
  bool started = false;
};

void MeterServer::Impl::start() {
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec || !fs::is_directory(config.data_dir)) {
    throw std::runtime_error("data dir " + config.data_dir + ": cannot create (" + ec.message() + ")");
  }
  build_meter();

  objects = sm307::build_sm307_objects(*meter);
  for (const auto& device : objects->logical_devices()) {
    for (const std::string& line : device->unbound()) {
      log.debug("object_unbound", {{"detail", line}});
    }
  }
  counters = std::make_unique<CounterStore>((fs::path(config.data_dir) / "security.db").string());
  backend = std::make_unique<security::OpenSslBackend>();
  associations = std::make_unique<AssociationSetup>(*objects, config, *backend, counters.get());

  SessionHostOptions host_options;
  host_options.max_connections = config.max_connections;
  host_options.hdlc_max_response = kHdlcMaxApdu;
  host = std::make_unique<SessionHost>(associations->devices(), engine, log, host_options);
  host->before_request = [this] { advance_meter(); };
  host->association_name = [this](std::uint16_t sap) { return associations->name_of(sap); };

  open_listeners();
  announce();
  arm_tick();
  started = true;
}

void MeterServer::Impl::build_meter() {
  meter::Scenario scenario = meter::Scenario::default_daily();
  if (!config.scenario_file.empty()) {
    try {
      scenario = meter::Scenario::from_file(config.scenario_file);
    } catch (const std::exception& e) {
      throw std::runtime_error("scenario " + config.scenario_file + ": " + e.what());
    }
  }
  const fs::path store = fs::path(config.data_dir) / "sm307.db";
  const bool fresh = !fs::exists(store);
  const meter::TimeMs wall = SimulationClock::wall_now();
  clock = std::make_unique<SimulationClock>(wall, config.speed);
  const bool do_backfill = fresh && config.backfill_ms > 0;
  if (config.backfill_ms > 0 && !fresh) {
    log.warn("backfill_ignored",
             {{"reason", "the data dir already holds a meter"}, {"data_dir", config.data_dir}});
  }
  if (do_backfill) {
    clock->freeze(wall - config.backfill_ms);
  }
  meter::MeterOptions options;
  options.store_path = store.string();
  try {
    meter = std::make_unique<meter::Meter>(*clock, std::move(scenario), options);
  } catch (const std::exception& e) {
    throw std::runtime_error("meter store " + options.store_path + ": " + e.what());
  }
  const double energy_wh = static_cast<double>(meter->energy_mj(0, meter::kActiveImport)) / 3.6e6;
  if (fresh) {
    log.info("meter_created", {{"data_dir", config.data_dir}, {"speed", config.speed}});
  } else {
    const auto& failures = meter->event_log(meter::EventLog::kPowerFailure);
    const std::int64_t outage_s = failures.empty() ? 0 : failures.back().value;
    log.info("meter_restored",
             {{"data_dir", config.data_dir},
              {"outage_s", outage_s},
              {"power_failures", meter->power_failures()},
              {"energy_import_wh", energy_wh},
              {"profile_entries", static_cast<std::uint64_t>(meter->load_profile().size())}});
    // A meter an earlier accelerated run left ahead of the wall clock continues from its time.
    if (meter->true_time() > clock->now()) {
      clock->run_from(meter->true_time());
    }
  }
  if (do_backfill) {
    backfill(wall - config.backfill_ms);
  }
}

void MeterServer::Impl::backfill(meter::TimeMs from) {
  const auto started_at = std::chrono::steady_clock::now();
  meter::TimeMs t = from;
  meter::TimeMs target = SimulationClock::wall_now();
  for (;;) {
    while (t < target) {
      t = std::min(t + kBackfillChunk, target);
      clock->freeze(t);
      meter->backfill_to(t);  // the fast path: same state, no per-minute commits
    }
    // The wall clock moved on while simulating: catch up until it is (nearly) reached.
    const meter::TimeMs wall = SimulationClock::wall_now();
    if (wall - t <= 1000) {
      break;
    }
    target = wall;
  }
  clock->run_from(t);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
  log.info("backfill_done", {{"simulated", format_duration_ms(config.backfill_ms)},
                             {"profile_entries", static_cast<std::uint64_t>(meter->load_profile().size())},
                             {"seconds", seconds}});
}

void MeterServer::Impl::open_listeners() {
  boost::system::error_code bec;
  const auto address = boost::asio::ip::make_address(config.bind, bec);
  if (bec) {
    throw std::runtime_error("--bind " + config.bind + ": not an IP address");
  }
  transport::ConnectionLimits limits;
  limits.max_apdu_size = 0xFFFF;
  limits.idle_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(config.idle_timeout_s * 1000));
  limits.max_connections = config.max_connections;
  limits.read_buffer_size = kReadBufferSize;
  limits.max_write_backlog = kMaxWriteBacklog;

  hdlc_config.logical_devices = {};
  hdlc_config.logical_device_count = 0;
  for (const server::LogicalDevice& d : associations->devices()) {
    if (hdlc_config.logical_device_count < hdlc_config.logical_devices.size()) {
      hdlc_config.logical_devices[hdlc_config.logical_device_count++] = d.server_sap;
    }
  }
  hdlc_config.physical_address.reset();  // any lower address (e.g. Gurux's 2-byte 02 23)
  hdlc_config.limits.max_info_tx = kHdlcMaxInfo;
  hdlc_config.limits.max_info_rx = kHdlcMaxInfo;
  hdlc_config.limits.window_tx = kHdlcWindow;
  hdlc_config.limits.window_rx = kHdlcWindow;
  hdlc_config.max_apdu_size = kHdlcMaxApdu;
  hdlc_config.inter_octet_timeout = hdlc::HdlcDuration{0};  // TCP segments carry no octet timing
  hdlc_config.inactivity_timeout = std::chrono::duration_cast<hdlc::HdlcDuration>(limits.idle_timeout);

  auto open_tcp = [&](const char* name, int port,
                      transport::ProtocolFactory factory) -> std::unique_ptr<transport::TcpServer> {
    const tcp::endpoint endpoint(address, static_cast<std::uint16_t>(port));
    auto server = std::make_unique<transport::TcpServer>(io, endpoint, std::move(factory), *host, limits);
    try {
      server->start();
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(name) + " listener " + endpoint_text(endpoint) + ": " + e.what());
    }
    const std::string where = endpoint_text(server->local_endpoint());
    log.info("listener_up", {{"transport", name}, {"address", where}});
    listening.push_back(std::string(name) + " " + where);
    return server;
  };
  if (config.wrapper_port >= 0) {
    // The wrapper protocol holds no buffer per idle connection (see wrapper_protocol.hpp).
    wrapper = open_tcp("wrapper", config.wrapper_port, [] {
      return std::make_unique<transport::WrapperProtocol>(transport::Role::server, 0xFFFF);
    });
  }
  if (config.hdlc_port >= 0) {
    hdlc = open_tcp("hdlc", config.hdlc_port,
                    [this] { return std::make_unique<transport::HdlcServerProtocol>(hdlc_config); });
  }
  if (!config.optical_device.empty() || config.optical_pty) {
    open_optical(limits);
  }
}

void MeterServer::Impl::open_optical(const transport::ConnectionLimits& limits) {
  sign_on.manufacturer = kOpticalManufacturer;
  sign_on.identification = kOpticalIdentification;
  sign_on.readout_enabled = false;
  optical_hdlc_config = hdlc_config;
  optical_hdlc_config.inter_octet_timeout = hdlc::HdlcDuration{500};  // lenient on ptys and USB heads
  auto protocol = std::make_unique<transport::OpticalServerProtocol>(sign_on, optical_hdlc_config);
  std::error_code ec;
  if (config.optical_pty) {
    int master = -1;
    int slave = -1;
    if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
      throw std::runtime_error(std::string("optical pty: openpty failed: ") + std::strerror(errno));
    }
    // The meter keeps the slave open so the port survives clients coming and going; raw, so
    // the line discipline neither echoes nor edits what the meter sends.
    termios t{};
    if (tcgetattr(slave, &t) == 0) {
      cfmakeraw(&t);
      tcsetattr(slave, TCSANOW, &t);
    }
    char name[128] = {};
    if (ptsname_r(master, name, sizeof name) != 0) {
      ::close(master);
      ::close(slave);
      throw std::runtime_error("optical pty: no slave name");
    }
    pty_slave = slave;
    optical_path = name;
    optical = transport::attach_serial(io, master, iec62056_21::kSignOnLine, std::move(protocol), *host,
                                       limits, ec);
  } else {
    optical_path = config.optical_device;
    optical = transport::open_serial(io, config.optical_device, iec62056_21::kSignOnLine, std::move(protocol),
                                     *host, limits, ec);
  }
  if (!optical) {
    throw std::runtime_error("optical " + optical_path + ": " + ec.message());
  }
  log.info("listener_up", {{"transport", "optical"}, {"address", optical_path}});
  listening.push_back("optical " + optical_path);
}

void MeterServer::Impl::announce() {
  for (const std::string& l : listening) {
    print("sm307-meter: listening " + l);
  }
  for (const AssociationSummary& a : associations->summary()) {
    std::string line = "sm307-meter: association " + a.name + " client " + std::to_string(a.client_sap) +
                       " auth " + mechanism_label(a.mechanism);
    if (a.mechanism == apdu::MechanismName::low_level_security) {
      line += config.test_password ? " password " + config.lls_password + " (TEST CREDENTIALS)"
                                   : std::string(" password (configured)");
    } else if (a.mechanism != apdu::MechanismName::lowest_level_security &&
               a.mechanism != apdu::MechanismName::high_level_security_gmac) {
      line += config.test_hls_secret ? " secret " + config.hls_secret + " (TEST CREDENTIALS)"
                                     : std::string(" secret (configured)");
    }
    if (a.ciphered) {
      line += " suite " + std::to_string(a.suite) + " security " + protection_label(a.required_protection);
      if (config.test_keys) {
        line += " (TEST KEYS) block-key " + to_hex(config.block_key, '\0') + " auth-key " +
                to_hex(config.auth_key, '\0') + " master-key " + to_hex(config.master_key, '\0');
      } else {
        line += " keys (configured)";
      }
      line += " system-title " + to_hex(config.system_title, '\0');
    }
    print(line);
  }
  log.info("ready", {{"listeners", static_cast<std::uint64_t>(listening.size())},
                     {"associations", static_cast<std::uint64_t>(associations->summary().size())}});
  print("sm307-meter: ready");
}

void MeterServer::Impl::arm_tick() {
  if (!tick) {
    tick.emplace(io);
  }
  const auto period = config.speed > 10 ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
  tick->expires_after(period);
  tick->async_wait([this](boost::system::error_code ec) {
    if (ec || stopping) {
      return;
    }
    advance_meter();
    arm_tick();
  });
}

void MeterServer::Impl::advance_meter() {
  try {
    meter->run();
  } catch (const std::exception& e) {
    log.error("meter_error", {{"error", e.what()}});
  }
}

void MeterServer::Impl::stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  log.info("stopping", {{"connections", static_cast<std::uint64_t>(host ? host->connection_count() : 0)}});
  if (tick) tick->cancel();
  if (signals) signals->cancel();
  if (wrapper) wrapper->stop();
  if (hdlc) hdlc->stop();
  if (optical) optical->close();
  // A peer that never reads must not hold the shutdown up.
  shutdown_deadline.emplace(io);
  shutdown_deadline->expires_after(std::chrono::seconds(3));
  shutdown_deadline->async_wait([this](boost::system::error_code ec) {
    if (!ec) {
      log.warn("shutdown_forced", {{"connections", static_cast<std::uint64_t>(host->connection_count())}});
      io.stop();
    }
  });
}

MeterServer::MeterServer(MeterConfig config, Logger& log, Printer print)
    : impl_(std::make_unique<Impl>(std::move(config), log, std::move(print))) {}

MeterServer::~MeterServer() = default;

void MeterServer::start() { impl_->start(); }

void MeterServer::enable_signals() {
  impl_->signals.emplace(impl_->io, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](boost::system::error_code ec, int signal) {
    if (!ec) {
      impl_->log.info("signal", {{"signal", signal}});
      impl_->stop();
    }
  });
}

int MeterServer::run() {
  Impl& m = *impl_;
  // Once every connection has closed, only the deadline timer keeps run() going.
  std::optional<boost::asio::steady_timer> watcher;
  std::function<void()> watch = [&] {
    watcher->expires_after(std::chrono::milliseconds(20));
    watcher->async_wait([&](boost::system::error_code ec) {
      if (ec) {
        return;
      }
      if (m.stopping && m.host->connection_count() == 0 &&
          (!m.wrapper || m.wrapper->connection_count() == 0) &&
          (!m.hdlc || m.hdlc->connection_count() == 0)) {
        if (m.shutdown_deadline) m.shutdown_deadline->cancel();
        return;
      }
      watch();
    });
  };
  watcher.emplace(m.io);
  watch();
  m.io.run();
  watcher.reset();
  try {
    m.meter->run();
    m.meter->shutdown();
  } catch (const std::exception& e) {
    m.log.error("persist_failed", {{"error", e.what()}});
  }
  m.log.info("stopped", {{"energy_import_wh",
                          static_cast<double>(m.meter->energy_mj(0, meter::kActiveImport)) / 3.6e6}});
  m.print("sm307-meter: stopped");
  return 0;
}

void MeterServer::request_stop() {
  boost::asio::post(impl_->io, [this] { impl_->stop(); });
}

std::uint16_t MeterServer::wrapper_port() const noexcept {
  return impl_->wrapper ? impl_->wrapper->local_endpoint().port() : 0;
}
std::uint16_t MeterServer::hdlc_port() const noexcept {
  return impl_->hdlc ? impl_->hdlc->local_endpoint().port() : 0;
}
const std::string& MeterServer::optical_path() const noexcept { return impl_->optical_path; }
boost::asio::io_context& MeterServer::io() noexcept { return impl_->io; }
meter::Meter& MeterServer::meter() noexcept { return *impl_->meter; }
std::size_t MeterServer::connection_count() const noexcept {
  return impl_->host ? impl_->host->connection_count() : 0;
}

}  // namespace dlms::meter_app
