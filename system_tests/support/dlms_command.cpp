#include "system_tests/support/dlms_command.hpp"

#include "system_tests/support/test_credentials.hpp"

namespace dlms::system_test {

std::string_view to_string(Transport t) noexcept {
  switch (t) {
    case Transport::wrapper: return "wrapper";
    case Transport::hdlc: return "hdlc";
    case Transport::optical: return "optical";
  }
  return "?";
}

std::string_view to_string(Association a) noexcept {
  switch (a) {
    case Association::public_client: return "public";
    case Association::reader: return "reader";
    case Association::management: return "management";
  }
  return "?";
}

std::vector<std::string> transport_args(const MeterProcess& meter, Transport t) {
  switch (t) {
    case Transport::wrapper:
      return {"--transport", "wrapper", "--host",
              "127.0.0.1",   "--port",  std::to_string(meter.wrapper_port())};
    case Transport::hdlc:
      return {"--transport", "hdlc", "--host", "127.0.0.1", "--port", std::to_string(meter.hdlc_port())};
    case Transport::optical: return {"--transport", "optical", "--device", meter.optical_device()};
  }
  return {};
}

std::vector<std::string> association_args(Association a) {
  switch (a) {
    case Association::public_client: return {"--client", std::to_string(kPublicClientSap), "--auth", "none"};
    case Association::reader:
      return {"--client",   std::to_string(kReaderClientSap), "--auth", "lls",
              "--password", std::string(kReaderPassword)};
    case Association::management:
      return {"--client",    std::to_string(kManagementClientSap),
              "--auth",      "hls-gmac",
              "--suite",     "0",
              "--security",  "auth-enc",
              "--block-key", std::string(kBlockKey),
              "--auth-key",  std::string(kAuthKey)};
  }
  return {};
}

ProcessResult DlmsCommand::run(Transport t, Association a, const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout) const {
  std::vector<std::string> all = transport_args(meter_, t);
  const auto assoc = association_args(a);
  all.insert(all.end(), assoc.begin(), assoc.end());
  all.insert(all.end(), args.begin(), args.end());
  return run_raw(all, timeout);
}

ProcessResult DlmsCommand::run_raw(const std::vector<std::string>& args,
                                   std::chrono::milliseconds timeout) const {
  ProcessOptions p;
  p.unset_env_prefixes = {"DLMS_"};
  p.env = {{"DLMS_STATE_DIR", state_dir_}};
  p.args.push_back(program_);
  p.args.insert(p.args.end(), args.begin(), args.end());
  return run_process(p, timeout);
}

}  // namespace dlms::system_test
