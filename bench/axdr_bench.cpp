// A-XDR decode/encode of a Get-Response-Normal carrying a profile-generic buffer (issue 3):
// C4 01 C1 00 + array of N rows, each a structure of 16: octet-string(12) date-time and 15
// double-long-unsigned. N = 96 (~8.7 kB) and N = 9600 (~870 kB).
//
// Reported per benchmark: bytes/s, ns_per_row, allocs_per_op (heap allocations per decode or
// encode, bench/support/alloc_counter.hpp) and memcpy_ratio = time per operation / time of a
// memcpy of the same bytes, both measured in this run (BM_Memcpy shows the baseline alone).
// ns_per_row and memcpy_ratio are inverted rates of the CPU time, so Google Benchmark prints
// them with an "s" suffix: "68.0s" there means 68.0 ns per row, "37.6s" a ratio of 37.6.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <vector>

#include "bench/support/alloc_counter.hpp"
#include "stack/apdu/get.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data.hpp"
#include "stack/codec/data_view.hpp"

namespace {

using namespace dlms;
using namespace dlms::codec;

constexpr std::size_t kColumns = 16;

Limits bench_limits() {
  Limits l;
  l.max_apdu_size = 1U << 24U;
  return l;
}

std::vector<std::uint8_t> make_payload(std::size_t rows) {
  std::vector<std::uint8_t> buf(64 + rows * 100);
  ByteWriter w(buf);
  const std::uint8_t header[] = {0xC4, 0x01, 0xC1, 0x00};  // get-response-normal, invoke-id, data
  w.bytes(header);
  axdr::begin_array(w, rows);
  const auto start = std::chrono::sys_seconds(std::chrono::seconds(1700000000));
  for (std::size_t r = 0; r < rows; ++r) {
    axdr::begin_structure(w, kColumns);
    axdr::write_date_time_octets(w, CosemDateTime::from_utc(start + std::chrono::minutes(15 * r), -60, 0));
    for (std::size_t c = 1; c < kColumns; ++c) {
      axdr::write_double_long_unsigned(w, static_cast<std::uint32_t>(0x7FFFFF00U + r * 16 + c));
    }
  }
  buf.resize(w.size());
  return buf;
}

// The Data value of the Get-Response, through the apdu layer's decoder.
Result<DataView> decode_get_response(ByteSpan apdu, const Limits& limits) {
  ByteReader in(apdu);
  auto r = apdu::GetResponse::decode(in, limits);
  if (!r) {
    return r.error();
  }
  const auto* normal = std::get_if<apdu::GetResponseNormal>(&r->response);
  if (normal == nullptr || !normal->result.is_data()) {
    return codec_errc::unexpected_tag;
  }
  return normal->result.data();
}

// Walks every element: each row's date-time is decoded (fields checked), the 15 values summed
// (DataView::get, the Result-free form of as<T>()).
std::uint64_t walk(const DataView& buffer) {
  std::uint64_t sum = 0;
  for (const DataView row : buffer.elements()) {
    auto it = row.elements().begin();
    auto t = (*it).as_date_time();
    sum += t ? t->minute : 1000000;
    for (std::size_t c = 1; c < kColumns; ++c) {
      ++it;
      std::uint32_t value = 0;
      sum += (*it).get(value) ? value : 0;
    }
  }
  return sum;
}

// Thread CPU time in ns (not wall time: on a shared machine the wall clock also counts the
// time other processes held the core).
double cpu_now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Best-of-5 CPU time in ns of one call of `op`, each round a batch of about 20 ms (the
// memcpy baseline of the ratio).
template <class Op>
double time_ns(Op&& op) {
  double t0 = cpu_now_ns();
  op();
  const double once = cpu_now_ns() - t0;
  const auto reps = static_cast<int>(std::clamp(20e6 / std::max(once, 1.0), 1.0, 1e6));
  double best = 1e300;
  for (int round = 0; round < 5; ++round) {
    t0 = cpu_now_ns();
    for (int i = 0; i < reps; ++i) {
      op();
    }
    best = std::min(best, (cpu_now_ns() - t0) / reps);
  }
  return best;
}

double memcpy_ns(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::uint8_t> dst(bytes.size());
  return time_ns([&] {
    std::memcpy(dst.data(), bytes.data(), bytes.size());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  });
}

// Runs `op` in the benchmark loop, then sets the common counters: heap allocations of one
// call, ns per row, and the ratio to a memcpy of the same bytes timed in this run.
template <class Op>
void run(benchmark::State& state, const std::vector<std::uint8_t>& payload, std::size_t rows, Op&& op) {
  std::uint64_t allocs = 0;
  {
    op();  // warm up (first-call allocations of the library, if any, are not the decode's)
    const dlms::bench::AllocationScope scope;
    op();
    allocs = scope.count();
  }
  for (auto _ : state) {
    op();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(payload.size()));
  // Both from the benchmark's own CPU time per iteration (like bytes_per_second):
  // ns_per_row = time / rows, memcpy_ratio = time / memcpy time of the same bytes.
  const auto kPerIteration = benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert;
  state.counters["ns_per_row"] = benchmark::Counter(static_cast<double>(rows) * 1e-9, kPerIteration);
  state.counters["memcpy_ratio"] = benchmark::Counter(memcpy_ns(payload) * 1e-9, kPerIteration);
  state.counters["allocs_per_op"] = static_cast<double>(allocs);
  state.counters["payload_bytes"] = static_cast<double>(payload.size());
}

void BM_Memcpy(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  std::vector<std::uint8_t> dst(payload.size());
  run(state, payload, rows, [&] {
    std::memcpy(dst.data(), payload.data(), payload.size());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  });
}

// Validation only (GetResponse::decode -> read_data).
void BM_ValidateView(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  const Limits limits = bench_limits();
  run(state, payload, rows, [&] {
    auto v = decode_get_response(payload, limits);
    benchmark::DoNotOptimize(v);
  });
}

// Validation and a walk of every element through the view: the zero-allocation decode path.
void BM_DecodeView(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  const Limits limits = bench_limits();
  std::uint64_t sum = 0;
  run(state, payload, rows, [&] {
    auto v = decode_get_response(payload, limits);
    sum += v ? walk(*v) : 0;
    benchmark::DoNotOptimize(sum);
  });
}

// Re-encode by copying the validated view through the writer (what a gateway or a server
// forwarding a buffer does).
void BM_ReencodeViewCopy(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  const Limits limits = bench_limits();
  std::vector<std::uint8_t> out(payload.size());
  run(state, payload, rows, [&] {
    auto v = decode_get_response(payload, limits);
    ByteWriter w(out);
    const std::uint8_t header[] = {0xC4, 0x01, 0xC1, 0x00};
    w.bytes(header);
    axdr::write_data(w, *v);
    benchmark::DoNotOptimize(w.ok());
    benchmark::ClobberMemory();
  });
}

// Re-encode element by element with the axdr:: writer from the view (a server encoding
// its buffer straight into the caller's PDU buffer).
void BM_ReencodeViewElements(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  const Limits limits = bench_limits();
  std::vector<std::uint8_t> out(payload.size());
  run(state, payload, rows, [&] {
    auto v = decode_get_response(payload, limits);
    ByteWriter w(out);
    const std::uint8_t header[] = {0xC4, 0x01, 0xC1, 0x00};
    w.bytes(header);
    axdr::begin_array(w, v->size());
    for (const DataView row : v->elements()) {
      axdr::begin_structure(w, kColumns);
      auto it = row.elements().begin();
      axdr::write_octet_string(w, (*it).as_octets().value_or(ByteSpan{}));
      for (std::size_t c = 1; c < kColumns; ++c) {
        ++it;
        axdr::write_double_long_unsigned(w, (*it).as<std::uint32_t>().value_or(0));
      }
    }
    if (!w.ok() || w.size() != payload.size()) {
      state.SkipWithError("re-encoded size differs");
    }
    benchmark::ClobberMemory();
  });
}

// The owning tree: decode into Data (allocates), for comparison.
void BM_DecodeData(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  const Limits limits = bench_limits();
  run(state, payload, rows, [&] {
    auto v = decode_get_response(payload, limits);
    auto d = Data::decode(*v);
    benchmark::DoNotOptimize(d);
  });
}

// Data decode + encode round trip, for comparison.
void BM_ReencodeData(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto payload = make_payload(rows);
  const Limits limits = bench_limits();
  std::vector<std::uint8_t> out(payload.size());
  run(state, payload, rows, [&] {
    auto v = decode_get_response(payload, limits);
    auto d = Data::decode(*v);
    ByteWriter w(out);
    const std::uint8_t header[] = {0xC4, 0x01, 0xC1, 0x00};
    w.bytes(header);
    (void)d->encode(w);
    benchmark::ClobberMemory();
  });
}

BENCHMARK(BM_Memcpy)->Arg(96)->Arg(9600);
BENCHMARK(BM_ValidateView)->Arg(96)->Arg(9600);
BENCHMARK(BM_DecodeView)->Arg(96)->Arg(9600);
BENCHMARK(BM_ReencodeViewCopy)->Arg(96)->Arg(9600);
BENCHMARK(BM_ReencodeViewElements)->Arg(96)->Arg(9600);
BENCHMARK(BM_DecodeData)->Arg(96)->Arg(9600);
BENCHMARK(BM_ReencodeData)->Arg(96)->Arg(9600);

}  // namespace

BENCHMARK_MAIN();
