// Meter engine speed: simulated seconds per wall second over a span of operation with every
// feature on (1 s power-quality and limiter evaluation, 4-tariff calendar with special days, 15 min load
// profile, demand, monthly billing, tamper events, SQLite persistence with a commit per minute
// of meter time). The baseline is real time: the "speed_x" counter is the ratio (target >=
// 100000x). A second case without the store shows what persistence costs.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "bench/support/alloc_counter.hpp"
#include "meter_model/meter.hpp"

namespace {

using namespace dlms::meter;

const char* kCalendar = R"({
  "name": "bench", "seasons": [ {"name": "w", "month": 1, "day": 1, "week": "ww"}, {"name": "s", "month": 4, "day": 1, "week": "sw"} ],
  "weeks": [ {"name": "ww", "days": [1,1,1,1,1,3,3]}, {"name": "sw", "days": [2,2,2,2,2,3,3]} ],
  "days": [ {"id": 1, "switches": [ {"time": "00:00", "tariff": 1}, {"time": "07:00", "tariff": 2}, {"time": "11:30", "tariff": 3}, {"time": "19:00", "tariff": 2}, {"time": "22:00", "tariff": 1} ]},
            {"id": 2, "switches": [ {"time": "06:00", "tariff": 2}, {"time": "21:00", "tariff": 1} ]},
            {"id": 3, "switches": [ {"time": "00:00", "tariff": 4} ]} ] })";

void run_span(benchmark::State& state, bool persist) {
  const auto days = state.range(0);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("meter_bench_" + std::to_string(::getpid()) + ".db"))
          .string();
  double simulated_s = 0, wall_s = 0;
  std::int64_t commits = 0;
  dlms::bench::AllocationScope allocs;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    const TimeMs start = ms_from_civil(2025, 1, 1);
    ManualClock clock(start);
    MeterOptions o;
    if (persist) o.store_path = path;
    o.time_zone = TimeZone{60, true, 60};
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    {
      Meter m(clock, Scenario::default_daily(), o);
      m.set("calendar.passive", nlohmann::json::parse(kCalendar));
      m.invoke("calendar.activate_passive");
      m.set("calendar.special_days",
            nlohmann::json::parse(R"([{"index": 1, "month": 12, "day": 25, "day_id": 3}])"));
      m.set("limiter.threshold_w", 2000.0);  // evaluated every second, never trips on this load
      // Advance as a simulation driver does: in 10 s steps of meter time, with a tamper
      // event every simulated day.
      for (TimeMs t = start; t < start + days * kDay; t += 10 * kSecond) {
        m.advance_to(t + 10 * kSecond);
        if ((t - start) % kDay == 0) m.invoke("tamper.terminal_cover", ((t - start) / kDay) % 2 == 0);
      }
      commits = m.commits();
      benchmark::DoNotOptimize(m.energy_mj(0, kActiveImport));
    }
    wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    simulated_s += static_cast<double>(days) * 86400.0;
  }
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  state.counters["speed_x"] = simulated_s / wall_s;  // ratio to real time (the baseline)
  state.counters["commits"] = static_cast<double>(commits);
  state.counters["allocs_per_sim_day"] =
      static_cast<double>(allocs.count()) /
      (static_cast<double>(days) * static_cast<double>(state.iterations()));
}

void BM_MeterYearWithPersistence(benchmark::State& state) { run_span(state, true); }
void BM_MeterYearWithoutStore(benchmark::State& state) { run_span(state, false); }

BENCHMARK(BM_MeterYearWithPersistence)
    ->Arg(7)
    ->Arg(365)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();
BENCHMARK(BM_MeterYearWithoutStore)->Arg(7)->Arg(365)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
