#pragma once
// DlmsCommand: runs the `dlms` client CLI against a MeterProcess over one transport as one of
// the meter's associations, with the connection options of /work/notes/SESSION3-CONTRACT.md:
//   wrapper: --transport wrapper --host 127.0.0.1 --port P
//   hdlc:    --transport hdlc --host 127.0.0.1 --port P      (server address 1, one-byte)
//   optical: --transport optical --device /dev/pts/N
//   public:     --client 16 --auth none
//   reader:     --client 32 --auth lls --password 12345678
//   management: --client 1 --auth hls-gmac --suite 0 --security auth-enc --block-key .. --auth-key ..
//
//   DlmsCommand dlms(kDlmsPath, meter, (dir / "dlms-state").string());
//   ProcessResult r = dlms.run(Transport::hdlc, Association::reader, {"get", "3/1.0.1.8.0.255/2"});

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "system_tests/support/meter_process.hpp"
#include "system_tests/support/run_process.hpp"

namespace dlms::system_test {

enum class Transport { wrapper, hdlc, optical };
enum class Association { public_client, reader, management };

std::string_view to_string(Transport t) noexcept;
std::string_view to_string(Association a) noexcept;

// --transport/--host/--port or --device for the meter's listener of that transport.
std::vector<std::string> transport_args(const MeterProcess& meter, Transport t);
// --client/--auth/... for the association's test credentials.
std::vector<std::string> association_args(Association a);

class DlmsCommand {
 public:
  // `state_dir`: the client's state directory (DLMS_STATE_DIR: where it keeps its invocation
  // counters between runs), one per test so runs never see another test's counters. DLMS_*
  // variables of the test's environment are not passed on.
  DlmsCommand(std::string program, const MeterProcess& meter, std::string state_dir)
      : program_(std::move(program)), meter_(meter), state_dir_(std::move(state_dir)) {}

  // dlms <transport> <association> <args...>; killed after `timeout`.
  [[nodiscard]] ProcessResult run(Transport t, Association a, const std::vector<std::string>& args,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(40)) const;
  // dlms <args...> exactly as given (no connection options added).
  [[nodiscard]] ProcessResult run_raw(const std::vector<std::string>& args,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(40)) const;

 private:
  std::string program_;
  const MeterProcess& meter_;
  std::string state_dir_;
};

}  // namespace dlms::system_test
