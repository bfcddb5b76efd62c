#pragma once
// MeterServer: the running SM307 simulator. It owns the metering engine (meter::Meter with its
// SQLite store in the data directory), the generated SM307 object list bound to it, the
// associations (AssociationSetup) and their invocation counters, and the listeners: wrapper
// over TCP, HDLC over TCP, the optical port (IEC 62056-21 mode E) on a serial device or a pty
// it opens itself. Every connection is its own session (SessionHost).
//
// Everything runs on ONE thread, the one calling run(): the io_context, the meter (advanced by
// a timer and before every request), the objects and the sessions are not thread-safe.
// request_stop() is the only call other threads may make.
//
// start() does, in order: data directory, scenario, meter (restored: the time it was down is an
// outage the meter logs; fresh with --backfill: its history is simulated up to now first),
// object list, associations, listeners; then prints on stdout (contract lines, flushed):
//     sm307-meter: listening wrapper 127.0.0.1:40123      (one line per listener)
//     sm307-meter: association <name> client <sap> auth <mechanism> ...
//     sm307-meter: ready                                    (after every listener is bound)
// run() serves until request_stop() (or SIGINT/SIGTERM with enable_signals()), then closes
// every connection, persists the meter's state and prints `sm307-meter: stopped`.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "apps/sm307-meter/logger.hpp"
#include "apps/sm307-meter/meter_config.hpp"
#include "transports/asio/asio.hpp"

namespace dlms::meter {
class Meter;
}  // namespace dlms::meter

namespace dlms::meter_app {

class MeterServer {
 public:
  // Receives each stdout line (without newline). Default: stdout, flushed per line.
  using Printer = std::function<void(std::string_view line)>;

  MeterServer(MeterConfig config, Logger& log, Printer print = {});
  ~MeterServer();
  MeterServer(const MeterServer&) = delete;
  MeterServer& operator=(const MeterServer&) = delete;

  // Builds everything and binds the listeners; throws std::runtime_error (one line) on failure.
  void start();
  // SIGINT and SIGTERM stop the server (call before start(): one arriving during start-up is
  // handled as soon as run() begins).
  void enable_signals();
  // Serves until stopped; then persists and prints "stopped". Returns the exit status (0).
  int run();
  // Thread-safe.
  void request_stop();

  // After start():
  [[nodiscard]] std::uint16_t wrapper_port() const noexcept;
  [[nodiscard]] std::uint16_t hdlc_port() const noexcept;
  [[nodiscard]] const std::string& optical_path() const noexcept;
  [[nodiscard]] boost::asio::io_context& io() noexcept;
  // The engine: only while run() is not running (or from the io thread).
  [[nodiscard]] meter::Meter& meter() noexcept;
  // Connections open now (io thread, or while not running).
  [[nodiscard]] std::size_t connection_count() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dlms::meter_app
