// HDLC (IEC 62056-46) framing and deframing throughput, each with its ratio to a memcpy of the
// same bytes timed in the same run, and the bytes-on-wire efficiency of sending a 64 kB APDU
// with max info field 128 and 2030 (payload octets / all octets on the wire, both directions).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "bench/support/alloc_counter.hpp"
#include "transports/hdlc/hdlc_client_link.hpp"
#include "transports/hdlc/hdlc_frame.hpp"
#include "transports/hdlc/hdlc_frame_reader.hpp"
#include "transports/hdlc/hdlc_server_link.hpp"

namespace {

using namespace dlms;
using namespace dlms::hdlc;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kApduSize = 64 * 1024;

std::vector<std::uint8_t> payload(std::size_t n) {
  std::vector<std::uint8_t> b(n);
  for (std::size_t i = 0; i < n; ++i) {
    b[i] = static_cast<std::uint8_t>(i * 131U + (i >> 8U));
  }
  return b;
}

// Nanoseconds for one memcpy of `bytes` octets (best of several timed batches).
double memcpy_ns(std::size_t bytes) {
  std::vector<std::uint8_t> src = payload(bytes);
  std::vector<std::uint8_t> dst(bytes);
  double best = 1e300;
  for (int batch = 0; batch < 5; ++batch) {
    constexpr int kReps = 200;
    const auto t0 = Clock::now();
    for (int i = 0; i < kReps; ++i) {
      std::memcpy(dst.data(), src.data(), bytes);
      benchmark::DoNotOptimize(dst.data());
      benchmark::ClobberMemory();
      src[static_cast<std::size_t>(i) % bytes] ^= 1U;
    }
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / kReps;
    best = std::min(best, ns);
  }
  return best;
}

// Splits the payload into I frames of `info` octets (S bit on all but the last).
std::size_t frame_all(const std::vector<std::uint8_t>& data, std::size_t info,
                      std::vector<std::uint8_t>& wire) {
  std::size_t pos = 0;
  std::size_t off = 0;
  std::uint8_t ns = 0;
  HdlcFrame f;
  f.destination = HdlcAddress::client(16);
  f.source = HdlcAddress::server(1);
  while (off < data.size()) {
    const std::size_t n = std::min(info, data.size() - off);
    f.segmented = off + n < data.size();
    f.control = HdlcControl::i(ns, 0, true);
    f.information = ByteSpan(data.data() + off, n);
    auto r = encode_frame(f, MutableByteSpan(wire.data() + pos, wire.size() - pos));
    if (!r) {
      return 0;
    }
    pos += *r;
    off += n;
    ns = static_cast<std::uint8_t>((ns + 1U) & 7U);
  }
  return pos;
}

void BM_Memcpy(benchmark::State& state) {
  const auto src = payload(kApduSize);
  std::vector<std::uint8_t> dst(kApduSize);
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), kApduSize);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kApduSize));
}
BENCHMARK(BM_Memcpy);

void BM_Framing(benchmark::State& state) {
  const std::size_t info = static_cast<std::size_t>(state.range(0));
  const auto data = payload(kApduSize);
  std::vector<std::uint8_t> wire(kApduSize * 2);
  const double base = memcpy_ns(kApduSize);
  dlms::bench::AllocationScope allocs;
  const auto t0 = Clock::now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(frame_all(data, info, wire));
    benchmark::ClobberMemory();
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                    static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kApduSize));
  state.counters["ratio_to_memcpy"] = ns / base;
  state.counters["allocs_per_op"] =
      static_cast<double>(allocs.count()) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Framing)->Arg(128)->Arg(2030);

void BM_Deframing(benchmark::State& state) {
  const std::size_t info = static_cast<std::size_t>(state.range(0));
  const auto data = payload(kApduSize);
  std::vector<std::uint8_t> wire(kApduSize * 2);
  wire.resize(frame_all(data, info, wire));
  const double base = memcpy_ns(kApduSize);
  HdlcFrameReader reader;
  dlms::bench::AllocationScope allocs;
  const auto t0 = Clock::now();
  for (auto _ : state) {
    ByteSpan in(wire);
    std::size_t payload_bytes = 0;
    while (!in.empty()) {
      auto r = reader.put(in);
      if (r.frame) {
        auto f = decode_frame_content(reader.content());
        payload_bytes += f ? f->information.size() : 0;
      }
      in = in.subspan(r.consumed);
    }
    if (payload_bytes != kApduSize) {
      state.SkipWithError("deframing lost data");
      break;
    }
    benchmark::DoNotOptimize(payload_bytes);
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                    static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kApduSize));
  state.counters["ratio_to_memcpy"] = ns / base;
  state.counters["allocs_per_op"] =
      static_cast<double>(allocs.count()) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Deframing)->Arg(128)->Arg(2030);

// A server link sends a 64 kB APDU to a client link through their state machines (window 1,
// as the common peers negotiate, and 7); counts every octet on the wire in both directions.
void BM_LinkTransfer64k(benchmark::State& state) {
  const auto info = static_cast<std::uint16_t>(state.range(0));
  const auto window = static_cast<std::uint8_t>(state.range(1));
  const auto apdu = payload(kApduSize);
  const std::vector<std::uint8_t> request{0xC0, 0x01, 0xC1, 0x00, 0x07, 0x01, 0x00,
                                          0x63, 0x01, 0x00, 0xFF, 0x02, 0x00};
  HdlcClientConfig cc;
  cc.proposal = {info, info, window, window};
  cc.max_apdu_size = kApduSize + 16;
  cc.inter_octet_timeout = HdlcDuration{0};
  HdlcServerConfig sc;
  sc.limits = {2030, 2030, 7, 7};
  sc.max_apdu_size = kApduSize + 16;
  HdlcClientLink client(cc);
  HdlcServerLink server(sc);
  std::vector<std::uint8_t> buf(8 * kMaxWireFrameSize);
  HdlcTime now{};
  std::size_t wire_bytes = 0;
  std::size_t received = 0;
  auto pump = [&](auto& from, auto& to, auto on_event) {
    bool any = false;
    while (std::size_t n = from.poll_output(MutableByteSpan(buf))) {
      any = true;
      wire_bytes += n;
      ByteSpan in(buf.data(), n);
      while (!in.empty()) {
        auto r = to.put(in, now);
        if (r.event.kind != HdlcEventKind::none) {
          on_event(r.event);
        }
        in = in.subspan(r.consumed);
      }
    }
    return any;
  };
  auto on_server = [&](const HdlcEvent& e) {
    if (e.kind == HdlcEventKind::apdu) {
      (void)server.send(apdu, e.server);
    }
  };
  auto on_client = [&](const HdlcEvent& e) {
    if (e.kind == HdlcEventKind::apdu) {
      received += e.apdu.size();
    }
  };
  // Both directions every round (no short-circuit).
  auto pump_both = [&] {
    const bool from_client = pump(client, server, on_server);
    const bool from_server = pump(server, client, on_client);
    return from_client || from_server;
  };
  (void)client.connect(now);
  while (pump_both()) {
  }
  std::size_t total_wire = 0;
  std::size_t total_payload = 0;
  for (auto _ : state) {
    wire_bytes = 0;
    received = 0;
    (void)client.send(request, now);
    while (pump_both()) {
    }
    if (received != kApduSize) {
      state.SkipWithError("transfer incomplete");
      break;
    }
    total_wire += wire_bytes;
    total_payload += kApduSize;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(total_payload));
  state.counters["wire_efficiency"] =
      total_wire == 0 ? 0.0 : static_cast<double>(total_payload) / static_cast<double>(total_wire);
  state.counters["wire_bytes"] = static_cast<double>(wire_bytes);
}
BENCHMARK(BM_LinkTransfer64k)->Args({128, 1})->Args({128, 7})->Args({2030, 1})->Args({2030, 7});

}  // namespace

BENCHMARK_MAIN();
