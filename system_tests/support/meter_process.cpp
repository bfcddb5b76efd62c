#include "system_tests/support/meter_process.hpp"

#include <csignal>
#include <stdexcept>

#include "system_tests/support/listen_address.hpp"

namespace dlms::system_test {
namespace {

constexpr std::string_view kReady = "sm307-meter: ready";

std::vector<std::string> command_line(const MeterOptions& o) {
  std::vector<std::string> args{o.program,          "--data-dir",     o.data_dir.string(),    "--bind",
                                "127.0.0.1",        "--wrapper-port", o.wrapper ? "0" : "-1", "--hdlc-port",
                                o.hdlc ? "0" : "-1"};
  if (o.optical_pty) args.emplace_back("--optical-pty");
  if (!o.speed.empty()) {
    args.emplace_back("--speed");
    args.push_back(o.speed);
  }
  if (!o.backfill.empty()) {
    args.emplace_back("--backfill");
    args.push_back(o.backfill);
  }
  args.insert(args.end(), o.extra_args.begin(), o.extra_args.end());
  return args;
}

}  // namespace

MeterProcess::MeterProcess(MeterOptions options) : options_(std::move(options)) {
  ProcessOptions p;
  p.args = command_line(options_);
  p.env = options_.env;
  p.unset_env_prefixes = {"SM307_"};
  process_ = ChildProcess::start(p);
  if (!process_->wait_for_line(kReady, options_.ready_timeout)) {
    const bool ran = process_->running();
    process_->kill();
    throw std::runtime_error(std::string("sm307-meter did not print `ready`") +
                             (ran ? " in time" : " before it ended") + "; output:\n" + output());
  }
  for (const auto& line : process_->stdout_lines()) {
    banner_.push_back(line);
    if (auto a = parse_listen_line(line)) {
      if (a->kind == "wrapper") wrapper_port_ = a->port;
      if (a->kind == "hdlc") hdlc_port_ = a->port;
      if (a->kind == "optical") optical_device_ = a->device;
    }
    if (line == kReady) break;
  }
  const bool missing = (options_.wrapper && wrapper_port_ == 0) || (options_.hdlc && hdlc_port_ == 0) ||
                       (options_.optical_pty && optical_device_.empty());
  if (missing) {
    process_->kill();
    throw std::runtime_error("sm307-meter is ready but did not announce every listener asked for; output:\n" +
                             output());
  }
}

std::string MeterProcess::output() const {
  return "--- stdout ---\n" + process_->stdout_text() + "--- stderr ---\n" + process_->stderr_text();
}

ExitStatus MeterProcess::stop(std::chrono::milliseconds timeout) {
  process_->send_signal(SIGTERM);
  if (auto s = process_->wait(timeout)) return *s;
  return process_->kill();
}

}  // namespace dlms::system_test
