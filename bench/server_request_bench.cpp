// GET of a register (class 3, attribute 2, double-long-unsigned) served in-process:
//   BM_EngineGetRegister   the plain request through ServiceEngine::process (decode, access
//                          checks, object get, encode): C0 01 C1 00 03 01 00 01 08 00 FF 02 00
//                          -> C4 01 C1 00 06 00 00 04 D2.
//   BM_SessionGetRegister  the same GET through ServerSession (security suite 0, authenticated
//                          encryption, SC 30, general-glo-ciphering with OpenSSL AES-GCM-128)
//                          on a pre-established ciphered association: unprotect, engine,
//                          protect.
//   BM_Memcpy              the baseline alone: copying the request and the response bytes.
//   BM_TcpGetRegister      the plain GET over loopback TCP: transports/asio TcpServer with the
//                          wrapper protocol (IEC 62056-47 header, 8 octets) and an ApduHandler
//                          owning a ServerSessionStorage per connection (a pre-established
//                          association of client SAP 16); the client is a blocking socket that
//                          writes the 21-octet request frame and reads the 17-octet answer.
//   BM_TcpRoundTrip        its baseline: the same byte counts between two plain sockets (a
//                          thread reads 21 octets and writes 17 back).
//
// Reported: requests/s (items_per_second), allocs_per_request (heap allocations of one
// request after set-up, bench/support/alloc_counter.hpp; target 0) and memcpy_ratio = time per
// request / time of a memcpy of the request and response bytes, both measured in this run
// (an inverted rate: Google Benchmark prints "25.0s" for a ratio of 25). The TCP cases report
// tcp_ratio = time per request / time of the raw TCP round trip measured in the same run, and
// allocs_per_request of the whole process during the timed loop divided by the requests (the
// blocking client allocates nothing: these are the server's, transport included).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <thread>
#include <vector>

#include "bench/support/alloc_counter.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/association_context.hpp"
#include "stack/association/security_context.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/security/protection.hpp"
#include "stack/server/server_session.hpp"
#include "stack/server/service_engine.hpp"
#include "stack/server/testing/green_book_security.hpp"
#include "stack/server/testing/object_entry.hpp"
#include "stack/server/testing/session_per_connection.hpp"
#include "transports/asio/asio.hpp"
#include "transports/asio/tcp.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace {

using namespace dlms;
using apdu::ActionResult;
using apdu::DataAccessResult;
using apdu::ObisCode;
namespace access = association::access;

constexpr ObisCode kEnergy{1, 0, 1, 8, 0, 255};
constexpr std::array<std::uint8_t, 13> kRequest = {0xC0, 0x01, 0xC1, 0x00, 0x03, 0x01, 0x00,
                                                   0x01, 0x08, 0x00, 0xFF, 0x02, 0x00};
constexpr std::array<std::uint8_t, 9> kResponse = {0xC4, 0x01, 0xC1, 0x00, 0x06, 0x00, 0x00, 0x04, 0xD2};

class Register final : public server::CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 3; }
  std::uint8_t version() const noexcept override { return 0; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 3; }
  std::uint8_t method_count() const noexcept override { return 1; }
  DataAccessResult get(const server::RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       server::GetCursor&, ByteWriter& out) override {
    if (id == 2) {
      codec::axdr::write_double_long_unsigned(out, value_);
    } else if (id == 3) {
      codec::axdr::begin_structure(out, 2);
      codec::axdr::write_integer(out, 0);
      codec::axdr::write_enum(out, 30);
    } else {
      codec::axdr::write_octet_string(out, ln_.bytes);
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const server::RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView&) override {
    return DataAccessResult::read_write_denied;
  }
  server::InvokeOutcome invoke(const server::RequestContext&, std::int8_t, const codec::DataView*,
                               ByteWriter&) override {
    return {ActionResult::read_write_denied, false};
  }

 private:
  ObisCode ln_ = kEnergy;
  std::uint32_t value_ = 1234;
};

class Association final : public association::AssociationContext {
 public:
  explicit Association(association::AssociationObjectList list) : list_(list) {
    negotiated_.conformance = apdu::ConformanceBlock::from_u32(0x00501F);
    negotiated_.client_max_receive_pdu_size = 1024;
    negotiated_.server_max_receive_pdu_size = 1024;
  }
  association::AssociationStatus status() const noexcept override {
    return association::AssociationStatus::associated;
  }
  const association::NegotiatedContext& negotiated() const noexcept override { return negotiated_; }
  const association::AssociationObjectList& object_list() const noexcept override { return list_; }
  ByteSpan client_system_title() const noexcept override { return {}; }
  ByteSpan server_system_title() const noexcept override { return {}; }
  ActionResult reply_to_hls_authentication(ByteSpan, ByteWriter&) override {
    return ActionResult::other_reason;
  }
  ActionResult change_hls_secret(ByteSpan) override { return ActionResult::other_reason; }
  DataAccessResult set_lls_secret(ByteSpan) override { return DataAccessResult::read_write_denied; }

 private:
  association::NegotiatedContext negotiated_;
  association::AssociationObjectList list_;
};

double cpu_now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Best-of-5 CPU time in ns of one call of `op`, each round about 20 ms.
template <class Op>
double time_ns(Op&& op) {
  double t0 = cpu_now_ns();
  op();
  const double once = cpu_now_ns() - t0;
  const auto reps = static_cast<int>(std::clamp(20e6 / std::max(once, 1.0), 1.0, 1e7));
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

// The baseline: the request copied in, the response copied out.
struct Copies {
  std::array<std::uint8_t, 64> in{};
  std::array<std::uint8_t, 64> out{};
  void operator()() {
    std::memcpy(in.data(), kRequest.data(), kRequest.size());
    std::memcpy(out.data(), kResponse.data(), kResponse.size());
    benchmark::DoNotOptimize(in.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
};

double memcpy_ns() {
  Copies c;
  return time_ns(c);
}

void set_counters(benchmark::State& state, std::uint64_t allocs) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["allocs_per_request"] = static_cast<double>(allocs);
  const auto kPerIteration = benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert;
  state.counters["memcpy_ratio"] = benchmark::Counter(memcpy_ns() * 1e-9, kPerIteration);
}

const std::vector<std::uint8_t> kModes{access::kRead, access::kRead, access::kRead};
const std::vector<std::uint8_t> kMethods{access::kNone};

association::ObjectAccessRights register_entry(Register& r) {
  return server::test_support::object_entry(r, kModes, kMethods);
}

void BM_Memcpy(benchmark::State& state) {
  Copies c;
  for (auto _ : state) {
    c();
  }
  set_counters(state, 0);
}
BENCHMARK(BM_Memcpy);

void BM_EngineGetRegister(benchmark::State& state) {
  Register reg;
  std::array<association::ObjectAccessRights, 1> entries{register_entry(reg)};
  Association assoc{association::AssociationObjectList(entries)};
  server::RequestContext ctx;
  ctx.association = &assoc;
  const server::ServiceEngine engine;
  auto storage = std::make_unique<server::ServiceStateStorage<2048, 1024>>();
  std::array<std::uint8_t, 1024> out{};
  bool right = true;
  auto op = [&] {
    ByteWriter w(out);
    (void)engine.process(assoc, ctx, kRequest, *storage, w);
    right =
        right && w.size() == kResponse.size() && std::equal(kResponse.begin(), kResponse.end(), out.begin());
    benchmark::DoNotOptimize(out.data());
  };
  op();
  std::uint64_t allocs = 0;
  {
    const bench::AllocationScope scope;
    op();
    allocs = scope.count();
  }
  for (auto _ : state) {
    op();
  }
  if (!right) {
    state.SkipWithError("wrong response");
  }
  set_counters(state, allocs);
}
BENCHMARK(BM_EngineGetRegister);

// The ciphered session: a pre-established association in the LN-with-ciphering context, the
// Green Book Table 40 keys, requests as general-glo-ciphering (they carry the client's system
// title) with SC 30 and a rising invocation counter, protected ahead of the timing loop.
void BM_SessionGetRegister(benchmark::State& state) {
  security::OpenSslBackend backend;
  association::SecurityContext security{backend};
  (void)server::test_support::use_green_book_keys(security, server::test_support::kTitleBC614E);
  const security::SystemTitle client_title =
      server::test_support::system_title(server::test_support::kTitle000001);
  security.set_client_system_title(client_title);  // the pre-established peer

  Register reg;
  std::array<association::ObjectAccessRights, 1> entries{register_entry(reg)};
  std::array<association::AssociationConfig, 1> configs{};
  configs[0].client_sap = 1;
  configs[0].application_contexts =
      association::context_bit(apdu::ApplicationContextName::logical_name_with_ciphering);
  configs[0].conformance = apdu::ConformanceBlock::from_u32(0x00501F);
  configs[0].max_receive_pdu_size = 1024;
  configs[0].security = &security;
  configs[0].objects = association::AssociationObjectList(entries);
  configs[0].pre_established = true;
  server::LogicalDevice device;
  device.server_sap = 1;
  device.associations = configs;
  const server::ServiceEngine engine;
  auto storage = std::make_unique<server::ServerSessionStorage<1024, 1024>>(
      std::span<server::LogicalDevice>(&device, 1), engine);

  // Requests with invocation counters 1..N, protected by the client beforehand.
  constexpr std::size_t kBatch = 1 << 16;
  std::vector<std::vector<std::uint8_t>> requests(kBatch);
  security::ProtectionParams p;
  p.security_control = security::SecurityControl(0x30);
  p.kind = security::CipheringKind::general_global;
  p.system_title = client_title;
  std::array<std::uint8_t, 256> buf{};
  std::uint32_t next_ic = 1;
  auto protect_batch = [&] {
    for (auto& r : requests) {
      p.invocation_counter = next_ic++;
      auto protected_request = security::protect(backend, security.keys(), p, kRequest, buf);
      r.clear();
      if (protected_request) {
        r.assign(protected_request->begin(), protected_request->end());
      }
    }
  };
  protect_batch();
  std::array<std::uint8_t, 1024> out{};
  std::size_t index = 0;
  bool right = true;
  auto op = [&] {
    auto r = storage->session().on_apdu(1, 1, requests[index++], out);
    right = right && r.has_value() && !r->empty() && (*r)[0] == 0xDB;
    benchmark::DoNotOptimize(out.data());
  };
  op();
  std::uint64_t allocs = 0;
  {
    const bench::AllocationScope scope;
    op();
    allocs = scope.count();
  }
  for (auto _ : state) {
    if (index == requests.size()) {
      state.PauseTiming();
      protect_batch();
      index = 0;
      state.ResumeTiming();
    }
    op();
  }
  if (!right) {
    state.SkipWithError("session refused the ciphered GET");
  }
  set_counters(state, allocs);
}
BENCHMARK(BM_SessionGetRegister);

// ---- loopback TCP -------------------------------------------------------------------------------

using boost::asio::ip::tcp;

// The wrapper frame of an APDU (IEC 62056-47): version 1, source and destination wPort, length.
template <std::size_t N>
std::array<std::uint8_t, N + 8> wrapper_frame(std::uint16_t source, std::uint16_t destination,
                                              const std::array<std::uint8_t, N>& apdu) {
  std::array<std::uint8_t, N + 8> f{0x00,
                                    0x01,
                                    static_cast<std::uint8_t>(source >> 8U),
                                    static_cast<std::uint8_t>(source),
                                    static_cast<std::uint8_t>(destination >> 8U),
                                    static_cast<std::uint8_t>(destination),
                                    static_cast<std::uint8_t>(N >> 8U),
                                    static_cast<std::uint8_t>(N)};
  std::copy(apdu.begin(), apdu.end(), f.begin() + 8);
  return f;
}
constexpr std::size_t kRequestFrame = kRequest.size() + 8;
constexpr std::size_t kResponseFrame = kResponse.size() + 8;

// One ServerSessionStorage per connection, in the connection's user_data; one io thread.
using SessionHandler =
    server::test_support::SessionPerConnection<server::ServerSessionStorage<1024, 1024, 1>, 1024>;

// Average time of `n` raw round trips (21 octets there, 17 back) between two loopback sockets.
double tcp_round_trip_ns(std::size_t n) {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket peer = acceptor.accept();
  client.set_option(tcp::no_delay(true));
  peer.set_option(tcp::no_delay(true));
  std::thread echo([&peer, n] {
    std::array<std::uint8_t, kRequestFrame> in{};
    std::array<std::uint8_t, kResponseFrame> reply{};
    boost::system::error_code ec;
    for (std::size_t i = 0; i < n + 1 && !ec; ++i) {
      boost::asio::read(peer, boost::asio::buffer(in), ec);
      if (!ec) {
        boost::asio::write(peer, boost::asio::buffer(reply), ec);
      }
    }
  });
  std::array<std::uint8_t, kRequestFrame> request{};
  std::array<std::uint8_t, kResponseFrame> response{};
  boost::system::error_code ec;
  boost::asio::write(client, boost::asio::buffer(request), ec);  // warm-up
  boost::asio::read(client, boost::asio::buffer(response), ec);
  timespec a{};
  timespec b{};
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (std::size_t i = 0; i < n && !ec; ++i) {
    boost::asio::write(client, boost::asio::buffer(request), ec);
    boost::asio::read(client, boost::asio::buffer(response), ec);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  echo.join();
  return (static_cast<double>(b.tv_sec - a.tv_sec) * 1e9 + static_cast<double>(b.tv_nsec - a.tv_nsec)) /
         static_cast<double>(n);
}

void BM_TcpRoundTrip(benchmark::State& state) {
  std::size_t n = 0;
  double ns = 0;
  for (auto _ : state) {
    ns = tcp_round_trip_ns(1000);
    n += 1000;
  }
  state.counters["ns_per_round_trip"] = ns;
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}
BENCHMARK(BM_TcpRoundTrip)->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_TcpGetRegister(benchmark::State& state) {
  Register reg;
  std::array<association::ObjectAccessRights, 1> entries{register_entry(reg)};
  std::array<association::AssociationConfig, 1> configs{};
  configs[0].client_sap = 16;
  configs[0].conformance = apdu::ConformanceBlock::from_u32(0x00501F);
  configs[0].objects = association::AssociationObjectList(entries);
  configs[0].pre_established = true;
  server::LogicalDevice device;
  device.server_sap = 1;
  device.associations = configs;
  const server::ServiceEngine engine;
  SessionHandler handler(std::span<server::LogicalDevice>(&device, 1), engine);

  boost::asio::io_context io;
  transport::TcpServer server(
      io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0),
      [] { return std::make_unique<transport::WrapperProtocol>(transport::Role::server, 1024); }, handler);
  server.start();
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });

  tcp::socket client(io);
  client.connect(server.local_endpoint());
  client.set_option(tcp::no_delay(true));
  const auto request = wrapper_frame(16, 1, kRequest);
  const auto expected = wrapper_frame(1, 16, kResponse);
  std::array<std::uint8_t, kResponseFrame> response{};
  boost::system::error_code ec;
  bool right = true;
  auto op = [&] {
    boost::asio::write(client, boost::asio::buffer(request), ec);
    boost::asio::read(client, boost::asio::buffer(response), ec);
    right = right && !ec && response == expected;
  };
  op();
  op();
  std::uint64_t allocs = 0;
  std::uint64_t requests = 0;
  {
    const bench::AllocationScope scope;
    for (auto _ : state) {
      op();
      ++requests;
    }
    allocs = scope.count();
  }
  client.close();
  server.stop();
  guard.reset();
  io.stop();
  io_thread.join();
  if (!right) {
    state.SkipWithError("wrong answer over TCP");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["allocs_per_request"] =
      requests == 0 ? 0.0 : static_cast<double>(allocs) / static_cast<double>(requests);
  const double baseline_ns = tcp_round_trip_ns(2000);
  const auto kPerIteration = benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert;
  state.counters["tcp_ratio"] = benchmark::Counter(baseline_ns * 1e-9, kPerIteration);
  state.counters["baseline_ns"] = baseline_ns;
}
BENCHMARK(BM_TcpGetRegister)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
