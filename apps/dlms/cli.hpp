#pragma once
// The dlms command line (contract: /work/notes/SESSION3-CONTRACT.md, README "Reading the
// meter"): a DLMS/COSEM client for meter engineers.
//
//   dlms [connection options] <subcommand> [args]
//   subcommands: associate | info, objects, get, set, action, read-all, profile, clock, translate
//
// run() is the whole program with its arguments, streams and environment injected, so tests
// run it in process. Exit status: 0 success, 1 DLMS-level refusal (data-access-result,
// action-result, rejected association, exception response), 2 usage or connection error.
// Errors are one line on `err`: "dlms: <what failed>: <layer>: <detail> (<code>)".

#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dlms::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

struct Environment {
  // Looks up an environment variable (DLMS_PASSWORD, DLMS_BLOCK_KEY, DLMS_AUTH_KEY).
  std::function<std::optional<std::string>(const char* name)> getenv;
  // Show a progress bar on `err` during long reads (stderr is a terminal).
  bool progress = false;
  // The host's clock, for `clock --sync`.
  std::function<std::chrono::system_clock::time_point()> now;
  // Where the client's invocation counters are kept between runs (file
  // "invocation-counters" in it, one "<peer> <next counter>" a line), so that ciphered
  // requests of a new run are never replays of the last run's; empty: not kept.
  std::string state_dir;
};

// The process environment: ::getenv, isatty(2), the system clock, the state directory
// ($DLMS_STATE_DIR, else $XDG_STATE_HOME/dlms, else $HOME/.local/state/dlms).
Environment process_environment();

// `args` without the program name.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Environment& env);

}  // namespace dlms::cli
