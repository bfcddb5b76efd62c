// Load test (issue #8 "Must show"): 200 concurrent connections over the wrapper to one
// sm307-meter process, each associating as the public client (SAP 16, no security) and reading
// the clock (0.0.1.0.0.255 attribute 2) and +A total (1.0.1.8.0.255 attribute 2) 20 times;
// every answer must be right, and the meter's memory must stay bounded. Driven in process
// with stack/client Client over transports/asio StreamClientChannel, one thread a connection.
#include <barrier>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/client/client.hpp"
#include "stack/client/client_config.hpp"
#include "stack/codec/cosem_date_time.hpp"
#include "system_tests/support/meter_process.hpp"
#include "system_tests/support/process_memory.hpp"
#include "system_tests/support/temp_dir.hpp"
#include "system_tests/support/test_credentials.hpp"
#include "transports/asio/client_channel.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define DLMS_LOAD_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DLMS_LOAD_TEST_SANITIZED 1
#endif
#endif

namespace dlms::system_test {
namespace {

using namespace std::chrono_literals;

constexpr int kConnections = 200;
constexpr int kRounds = 20;

const apdu::CosemAttributeDescriptor kClockTime{8, {0, 0, 1, 0, 0, 255}, 2};
const apdu::CosemAttributeDescriptor kActiveImport{3, {1, 0, 1, 8, 0, 255}, 2};

// What one connection saw; `error` is empty when everything was right.
struct ConnectionReport {
  bool associated = false;
  int answers = 0;  // correct GET answers
  std::string error;
};

// Checks one clock answer: a 12-octet date-time naming an instant within a minute of the host.
std::string check_clock(const client::GetValue& v) {
  if (!v.outcome.ok()) return std::string("clock: ") + std::string(v.outcome.describe().view());
  if (v.value.type() != codec::DataType::octet_string ||
      v.value.octets().size() != codec::CosemDateTime::kSize) {
    return "clock: not an octet-string(12)";
  }
  const auto dt = codec::CosemDateTime::decode(ByteSpan(v.value.octets().data(), v.value.octets().size()));
  if (!dt || !dt->is_concrete()) return "clock: not a concrete date-time";
  const auto t =
      dt->deviation == codec::cosem_time_value::deviation_not_specified ? dt->local_as_sys() : dt->to_utc();
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!t || std::chrono::abs(*t - now) > 5min) return "clock: far from the host's time";
  return {};
}

// One connection's life: connect, associate, (all associated) read kRounds x 2, (all done:
// the meter's memory is measured while every association is still open) release. It arrives
// at every barrier phase whatever happens, so one failure cannot hang the others.
void run_connection(std::uint16_t port, std::barrier<>& sync, ConnectionReport& report) {
  std::unique_ptr<transport::StreamClientChannel> channel;
  std::unique_ptr<client::Client> client;
  client::ClientConfig config;
  config.max_receive_pdu_size = 1024;
  config.max_response_size = 4096;
  if (auto ch = transport::connect_wrapper_tcp("127.0.0.1", port, kPublicClientSap, kLogicalDeviceSap, 20s)) {
    channel = std::move(ch).value();
    client = std::make_unique<client::Client>(*channel, config);
    auto info = client->associate();
    if (!info) {
      report.error = "associate: " + info.error().message();
    } else if (!info->associated) {
      report.error = std::string("associate refused: ") + std::string(info->outcome.describe().view());
    } else {
      report.associated = true;
    }
  } else {
    report.error = "connect: " + ch.error().message();
  }
  sync.arrive_and_wait();  // 1: every connection associated

  std::uint64_t last_energy = 0;
  for (int round = 0; round < kRounds && report.error.empty(); ++round) {
    auto clock = client->get(kClockTime);
    if (!clock) {
      report.error = "get clock: " + clock.error().message();
      break;
    }
    report.error = check_clock(*clock);
    if (!report.error.empty()) break;
    ++report.answers;
    auto energy = client->get(kActiveImport);
    if (!energy) {
      report.error = "get energy: " + energy.error().message();
    } else if (!energy->outcome.ok()) {
      report.error = std::string("energy: ") + std::string(energy->outcome.describe().view());
    } else if (energy->value.type() != codec::DataType::double_long_unsigned) {
      report.error = "energy: not a double-long-unsigned";
    } else if (energy->value.as_uint64() < last_energy) {
      report.error = "energy: went backwards";
    } else {
      last_energy = energy->value.as_uint64();
      ++report.answers;
    }
  }
  sync.arrive_and_wait();  // 2: all reads done, all associations still open
  sync.arrive_and_wait();  // 3: memory measured

  if (client && report.associated) {
    auto released = client->release();
    if (!released && report.error.empty()) report.error = "release: " + released.error().message();
  }
}

// One wave: kConnections threads; returns the meter's memory while all are associated.
ProcessMemory run_wave(MeterProcess& meter, std::vector<ConnectionReport>& reports) {
  reports.assign(kConnections, {});
  std::barrier<> sync(kConnections + 1);
  std::vector<std::thread> threads;
  threads.reserve(kConnections);
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back(run_connection, meter.wrapper_port(), std::ref(sync), std::ref(reports[i]));
  }
  sync.arrive_and_wait();  // 1
  sync.arrive_and_wait();  // 2
  const auto memory = read_process_memory(meter.pid());
  sync.arrive_and_wait();  // 3
  for (auto& t : threads) t.join();
  return memory.value_or(ProcessMemory{});
}

void expect_all_answered(const std::vector<ConnectionReport>& reports, int wave) {
  int associated = 0;
  int answers = 0;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    EXPECT_TRUE(reports[i].error.empty())
        << "wave " << wave << " connection " << i << ": " << reports[i].error;
    associated += reports[i].associated ? 1 : 0;
    answers += reports[i].answers;
  }
  EXPECT_EQ(associated, kConnections) << "wave " << wave;
  EXPECT_EQ(answers, kConnections * kRounds * 2) << "wave " << wave;
}

TEST(LoadTest, TwoHundredConcurrentWrapperAssociationsWithBoundedMeterMemory) {
  TempDir dir("sm307-load-test");
  MeterOptions options;
  options.program = SM307_METER_PATH;
  options.data_dir = dir / "data";
  options.hdlc = false;
  MeterProcess meter(options);
  const auto idle = read_process_memory(meter.pid());
  ASSERT_TRUE(idle);

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<ConnectionReport> reports;
  const ProcessMemory first = run_wave(meter, reports);
  expect_all_answered(reports, 1);
  const auto t1 = std::chrono::steady_clock::now();
  // A second wave: memory must not grow with the number of requests served.
  const ProcessMemory second = run_wave(meter, reports);
  expect_all_answered(reports, 2);
  const auto t2 = std::chrono::steady_clock::now();
  const auto peak = read_process_memory(meter.pid());
  ASSERT_TRUE(peak);

  const auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  std::printf(
      "[ load ] %d connections x %d GETs, wave 1 %lld ms, wave 2 %lld ms; meter VmRSS idle %llu KiB "
      "(RssAnon %llu KiB), with 200 associations %llu / %llu KiB, VmHWM %llu KiB\n",
      kConnections, 2 * kRounds, static_cast<long long>(ms(t1 - t0)), static_cast<long long>(ms(t2 - t1)),
      static_cast<unsigned long long>(idle->rss_kib), static_cast<unsigned long long>(idle->anon_kib),
      static_cast<unsigned long long>(first.rss_kib), static_cast<unsigned long long>(second.rss_kib),
      static_cast<unsigned long long>(peak->hwm_kib));

#ifndef DLMS_LOAD_TEST_SANITIZED
  // Bound: the idle meter plus 16 KiB per connection, so 200 connections add at most 3.1 MiB.
  // Why 16 KiB: a connection costs the meter its session (receive and send buffers sized to
  // the negotiated PDU: the clients here propose 1,024 octets), its association state and the
  // socket's user-space state; measured on this machine about 7 KiB each (idle 7.8 MiB, 9.1
  // MiB with 200 associations), so the bound leaves 2x headroom and catches a meter that gives
  // each connection a 16 KiB buffer more (let alone a 64 KiB maximum-size APDU buffer). The target,
  // 1,000 associations on one meter, needs exactly this kind of small per-connection cost. And a second wave
  // of the same load may not raise the resident size by more than 2 MiB: what a connection takes is given
  // back when it closes (no growth with requests served).
  constexpr std::uint64_t kPerConnectionKib = 16;
  EXPECT_LE(peak->hwm_kib, idle->hwm_kib + kConnections * kPerConnectionKib)
      << "idle VmHWM " << idle->hwm_kib << " KiB";
  EXPECT_LE(second.rss_kib, first.rss_kib + 2048);
  // The idle meter's own memory: its anonymous resident pages (heap, stacks; the pages of the
  // executable and shared libraries are counted apart, they depend on the linking and on the
  // page cache) stay under 3 MiB. Measured 1.7 MiB; it was 4.3 MiB while the load profile's
  // unused 9,600-slot FIFO was zero-filled at start (issue #8: under 5 MB per process).
  constexpr std::uint64_t kIdleAnonKib = 3 * 1024;
  if (idle->anon_kib != 0) {  // 0: a kernel without RssAnon
    EXPECT_LE(idle->anon_kib, kIdleAnonKib) << "idle RssAnon " << idle->anon_kib << " KiB";
  }
#endif
  const ExitStatus stopped = meter.stop();
  EXPECT_TRUE(stopped.success()) << stopped.describe() << "\n" << meter.output();
}

}  // namespace
}  // namespace dlms::system_test
