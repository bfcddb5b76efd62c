// Fuzzes the HDLC link state machines (IEC 62056-46): the server link (and, when the first
// octet's low bit is set, the client link) is fed arbitrary bytes in arbitrary chunks while the
// simulated time advances. It must never crash or stop consuming, every frame it sends must
// itself decode, and its timers must keep it out of any state it cannot leave.
//
// Input: [mode] then records [ctrl][ctrl & 0x3F octets]; ctrl >> 6 selects the time advance
// before the record (0, 10 ms, 1 s, 200 s).
#include <array>
#include <cstddef>
#include <cstdint>

#include "transports/hdlc/hdlc_client_link.hpp"
#include "transports/hdlc/hdlc_frame_reader.hpp"
#include "transports/hdlc/hdlc_server_link.hpp"

namespace {

using namespace dlms;
using namespace dlms::hdlc;
using namespace std::chrono_literals;

constexpr HdlcDuration kAdvance[4] = {0ms, 10ms, 1000ms, 200000ms};
constexpr std::array<std::uint8_t, 20> kResponse{0xC4, 0x01, 0xC1, 0x00, 0x09, 0x06, 0x01, 0x02, 0x03, 0x04,
                                                 0x05, 0x06, 0x7E, 0x7E, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};

// Every octet a link sends must form valid frames.
struct OutputChecker {
  HdlcFrameReader reader;
  std::array<std::uint8_t, 8 * kMaxWireFrameSize> buf{};

  template <class Link>
  void drain(Link& link) {
    for (int rounds = 0; rounds < 64; ++rounds) {
      const std::size_t n = link.poll_output(MutableByteSpan(buf));
      if (n == 0) {
        return;
      }
      ByteSpan out(buf.data(), n);
      if (out.front() != kFlag) {
        __builtin_trap();
      }
      while (!out.empty()) {
        auto r = reader.put(out);
        if (r.error) {
          __builtin_trap();
        }
        if (r.frame && !decode_frame_content(reader.content())) {
          __builtin_trap();
        }
        out = out.subspan(r.consumed);
      }
    }
    __builtin_trap();  // output that never ends
  }
};

template <class Link, class OnApdu>
void run(Link& link, const std::uint8_t* data, std::size_t size, HdlcTime now, OnApdu on_apdu) {
  OutputChecker checker;
  std::size_t i = 1;
  while (i < size) {
    const std::uint8_t ctrl = data[i++];
    now += kAdvance[ctrl >> 6U];
    const std::size_t len = std::min<std::size_t>(ctrl & 0x3FU, size - i);
    ByteSpan piece(data + i, len);
    i += len;
    if (auto d = link.next_deadline(); d && *d <= now) {
      (void)link.on_timer(now);
      checker.drain(link);
    }
    int stalls = 0;
    while (!piece.empty()) {
      auto r = link.put(piece, now);
      if (r.consumed > piece.size()) {
        __builtin_trap();
      }
      if (r.consumed == 0 && (r.event.kind == HdlcEventKind::none || ++stalls > 2)) {
        __builtin_trap();  // no progress
      }
      if (r.event.kind == HdlcEventKind::apdu) {
        on_apdu(link, r.event);
      }
      piece = piece.subspan(r.consumed);
      checker.drain(link);
    }
  }
  // Whatever state it is in, the timers bring a server back to NDM within its inactivity time.
  now += 1000s;
  (void)link.on_timer(now);
  checker.drain(link);
  now += 1000s;
  (void)link.on_timer(now);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const HdlcTime start = HdlcTime{} + 1h;
  const std::uint8_t mode = data[0];
  if ((mode & 1U) == 0) {
    HdlcServerConfig config;
    config.logical_devices = {1, 17};
    config.logical_device_count = 2;
    config.max_apdu_size = 600;
    if ((mode & 2U) != 0) {
      config.limits = {2030, 256, 7, 7};
    }
    HdlcServerLink link(config);
    run(link, data, size, start,
        [](HdlcServerLink& l, const HdlcEvent& e) { (void)l.send(ByteSpan(kResponse), e.server); });
    if (link.state() != HdlcLinkState::ndm) {
      __builtin_trap();
    }
  } else {
    HdlcClientConfig config;
    config.max_apdu_size = 600;
    config.max_retries = 2;
    if ((mode & 2U) != 0) {
      config.proposal = {512, 512, 7, 7};
    }
    HdlcClientLink link(config);
    (void)link.connect(start);
    run(link, data, size, start, [](HdlcClientLink&, const HdlcEvent&) {});
  }
  return 0;
}
