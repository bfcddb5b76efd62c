// sm307-meter: the simulated SM307 smart meter a user runs (session 3 contract, "sm307-meter").
// Exit status: 0 after a clean stop (SIGINT/SIGTERM) or --help; 2 on a usage error (one line on
// stderr); 1 when the meter cannot start (data dir, store, listener; one line on stderr).

#include <cstdio>
#include <exception>
#include <string>

#include "apps/sm307-meter/logger.hpp"
#include "apps/sm307-meter/meter_config.hpp"
#include "apps/sm307-meter/meter_server.hpp"

int main(int argc, char** argv) {
  using namespace dlms::meter_app;
  const ConfigOutcome parsed = parse_meter_config(argc, argv, process_environment());
  if (!parsed.config) {
    std::FILE* stream = parsed.exit_code == 0 ? stdout : stderr;
    std::fputs(parsed.message.c_str(), stream);
    if (!parsed.message.empty() && parsed.message.back() != '\n') {
      std::fputc('\n', stream);
    }
    return parsed.exit_code;
  }
  Logger log(parsed.config->log_level, parsed.config->log_format);
  try {
    MeterServer server(*parsed.config, log);
    server.enable_signals();  // first: a signal during start-up stops the meter once it runs
    server.start();
    return server.run();
  } catch (const std::exception& e) {
    log.error("start_failed", {{"error", e.what()}});
    std::fprintf(stderr, "sm307-meter: %s\n", e.what());
    return 1;
  }
}
