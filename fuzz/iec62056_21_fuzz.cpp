// Fuzz target: the IEC 62056-21 sign-on. The input is decoded as each message type (a
// decoded message re-encodes to the same bytes) and fed, in chunks with advancing simulated
// time, to both the meter's and the HHU's sign-on state machines.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "stack/core/byte_writer.hpp"
#include "transports/iec62056_21/data_message.hpp"
#include "transports/iec62056_21/identification_message.hpp"
#include "transports/iec62056_21/option_select_message.hpp"
#include "transports/iec62056_21/request_message.hpp"
#include "transports/iec62056_21/sign_on_client.hpp"
#include "transports/iec62056_21/sign_on_server.hpp"

using namespace dlms;
using namespace dlms::iec62056_21;

namespace {

template <class M>
void same_bytes(const M& m, ByteSpan original) {
  std::array<std::uint8_t, 128> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  if (!m.encode(w) || w.size() != original.size() ||
      !std::equal(original.begin(), original.end(), buf.begin())) {
    __builtin_trap();
  }
}

template <class Machine>
void drive(Machine& m, ByteSpan input) {
  using namespace std::chrono_literals;
  Millis now{0};
  std::size_t pos = 0;
  int guard = 0;
  while (pos < input.size() && ++guard < 100000) {
    // Each step: one control byte (time to advance), then up to 8 bytes of line data.
    now += Millis(input[pos] * 10);
    ++pos;
    const std::size_t n = std::min<std::size_t>(8, input.size() - pos);
    const std::size_t used = m.receive(input.subspan(pos, n), now);
    if (used > n) {
      __builtin_trap();
    }
    pos += n;
    if (auto d = m.next_deadline(); d && *d <= now) {
      m.on_time(now);
    }
    SignOnEvent e;
    while (m.poll(e)) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteSpan input(data, size);
  if (auto m = RequestMessage::decode(input)) {
    same_bytes(*m, input);
  }
  if (auto m = IdentificationMessage::decode(input)) {
    same_bytes(*m, input);
  }
  if (auto m = OptionSelectMessage::decode(input)) {
    same_bytes(*m, input);
  }
  (void)DataMessage::decode(input);

  std::array<std::uint8_t, 256> tx{};
  static const std::array<DataSet, 1> readout{DataSet{"1.8.0", "1", "kWh"}};
  SignOnServerConfig sc;
  sc.manufacturer = "XYZ";
  sc.identification = "SM307";
  sc.device_address = "1234";
  sc.readout = readout;
  SignOnServer server(sc, tx);
  drive(server, input);

  std::array<std::uint8_t, 64> ctx{};
  std::array<std::uint8_t, 64> crx{};
  for (auto goal : {SignOnClientConfig::Goal::hdlc, SignOnClientConfig::Goal::readout}) {
    SignOnClientConfig cc;
    cc.goal = goal;
    SignOnClient client(cc, ctx, crx);
    client.start(Millis(0));
    drive(client, input);
  }
  return 0;
}
