// assoc_load: holds many concurrent application associations on one meter (issue 8 benchmark,
// "1,000 concurrent associations held by one meter"; run by bench/profile_read.sh).
//
// Opens N wrapper connections (IEC 62056-47 over TCP) from one thread, associates each as the
// public client (SAP 16, no authentication, no security: Green Book 9.4 AARQ/AARE), keeps them
// all open, then reads the clock (class 8, 0.0.1.0.0.255, attribute 2) on every one of them at
// once, reports the meter's memory while all are held (/proc/<pid>/status of --meter-pid), then
// releases (RLRQ/RLRE) and closes them. The protocol work is the stack's own ClientEngine; only
// the socket I/O is here.
//
//   assoc_load --port 4059 --connections 1000 --meter-pid 1234
//
// Output: one `key value` line per result (parsed by the script). Exit status 0 when every
// connection associated and read a valid clock, 1 when some did not, 2 on a usage error.

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/client/client_config.hpp"
#include "stack/client/client_engine.hpp"
#include "transports/asio/asio.hpp"
#include "transports/wrapper/wrapper_frame.hpp"
#include "transports/wrapper/wrapper_header.hpp"
#include "transports/wrapper/wrapper_stream.hpp"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// The public client's requests and answers are small: propose a 1 KiB max receive PDU.
constexpr std::size_t kPdu = 1024;
constexpr std::size_t kWireBuffer = kPdu + dlms::wrapper::WrapperHeader::kSize;

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = dlms::wrapper::kDlmsPort;
  std::size_t connections = 1000;
  std::uint16_t client_sap = 16;
  std::uint16_t server_sap = 1;
  std::size_t in_flight = 100;  // connections being opened and associated at the same time
  int timeout_seconds = 60;     // per phase
  double hold_seconds = 0;      // keep everything open this long after reading the clocks
  long meter_pid = 0;
};

// One connection: socket, wrapper reassembly and a ClientEngine with its own buffers. Never
// moved (the engine holds views of the buffers).
class Connection {
 public:
  Connection(asio::io_context& io, const dlms::client::ClientConfig& config, const Options& options)
      : socket_(io),
        options_(options),
        parser_(apdu_buffer_, kPdu),
        engine_(config, nullptr, dlms::client::EngineBuffers{request_scratch_, response_scratch_, {}}) {}

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  using Done = std::function<void(bool)>;

  void connect(const tcp::endpoint& endpoint, Done done) {
    done_ = std::move(done);
    socket_.async_connect(endpoint, [this](const boost::system::error_code& ec) {
      if (ec) {
        fail("connect", ec.message());
        return;
      }
      socket_.set_option(tcp::no_delay(true));
      start(engine_.begin_associate());
    });
  }

  void read_clock(Done done) {
    done_ = std::move(done);
    static constexpr dlms::apdu::CosemAttributeDescriptor kClockTime{8, {0, 0, 1, 0, 0, 255}, 2};
    start(engine_.begin_get(kClockTime, std::nullopt, result_));
  }

  void release(Done done) {
    done_ = std::move(done);
    start(engine_.begin_release());
  }

  void close() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  [[nodiscard]] bool associated() const noexcept { return engine_.associated(); }
  [[nodiscard]] const dlms::client::DlmsOutcome& outcome() const noexcept { return engine_.outcome(); }
  [[nodiscard]] dlms::ByteSpan result() const noexcept { return engine_.result(); }
  [[nodiscard]] bool busy() const noexcept { return static_cast<bool>(done_); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
  [[nodiscard]] std::uint64_t bytes_received() const noexcept { return bytes_received_; }

 private:
  void start(dlms::Status begun) {
    if (!begun) {
      fail("engine", begun.error().message());
      return;
    }
    send_next();
  }

  void send_next() {
    auto request =
        engine_.next_request(dlms::MutableByteSpan(out_).subspan(dlms::wrapper::WrapperHeader::kSize));
    if (!request) {
      fail("request", request.error().message());
      return;
    }
    const std::size_t size = request->size();
    if (auto st = dlms::wrapper::encode_header_in_place(out_, options_.client_sap, options_.server_sap, size);
        !st) {
      fail("wrapper", st.error().message());
      return;
    }
    const std::size_t total = size + dlms::wrapper::WrapperHeader::kSize;
    asio::async_write(socket_, asio::buffer(out_.data(), total),
                      [this](const boost::system::error_code& ec, std::size_t n) {
                        if (ec) {
                          fail("write", ec.message());
                          return;
                        }
                        bytes_sent_ += n;
                        receive();
                      });
  }

  void receive() {
    socket_.async_read_some(asio::buffer(in_), [this](const boost::system::error_code& ec, std::size_t n) {
      if (ec) {
        fail("read", ec.message());
        return;
      }
      bytes_received_ += n;
      on_bytes(dlms::ByteSpan(in_.data(), n));
    });
  }

  void on_bytes(dlms::ByteSpan data) {
    while (!data.empty()) {
      const auto put = parser_.put(data);
      data = data.subspan(put.consumed);
      if (put.error && put.error != dlms::wrapper::wrapper_errc::need_more) {
        fail("wrapper", put.error.message());
        return;
      }
      if (!parser_.ready()) {
        continue;
      }
      auto progress = engine_.on_response(parser_.apdu());
      parser_.release();
      if (!progress) {
        fail("response", progress.error().message());
        return;
      }
      if (*progress == dlms::client::Progress::send_request) {
        send_next();
      } else {
        finish(true);
      }
      return;  // one request, one response: nothing else should be pending
    }
    receive();
  }

  void fail(const char* where, const std::string& what) {
    error_ = std::string(where) + ": " + what;
    engine_.abort();
    finish(false);
  }

  void finish(bool ok) {
    Done done = std::move(done_);
    done_ = nullptr;
    if (done) {
      done(ok);
    }
  }

  tcp::socket socket_;
  const Options& options_;
  std::array<std::uint8_t, kPdu> request_scratch_{};
  std::array<std::uint8_t, kPdu> response_scratch_{};
  std::array<std::uint8_t, kPdu> apdu_buffer_{};
  std::array<std::uint8_t, kWireBuffer> out_{};
  std::array<std::uint8_t, 2048> in_{};
  std::array<std::uint8_t, 256> result_{};
  dlms::wrapper::WrapperStreamParser parser_;
  dlms::client::ClientEngine engine_;
  Done done_;
  std::string error_;
  std::uint64_t bytes_sent_ = 0;
  std::uint64_t bytes_received_ = 0;
};

// "VmRSS:     1234 kB" -> 1234; 0 when the process or field is missing.
long status_kib(const std::string& pid, std::string_view field) {
  std::ifstream in("/proc/" + pid + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, field.size(), field) == 0 && line.size() > field.size() &&
        line[field.size()] == ':') {
      return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
    }
  }
  return 0;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Runs one phase: `launch(i, done)` for every index in `targets`, at most `in_flight` at once,
// until all finished or the deadline passed (then the unfinished ones are closed so their
// handlers fail). Returns how many succeeded.
std::size_t run_phase(asio::io_context& io, std::vector<std::unique_ptr<Connection>>& conns,
                      const std::vector<std::size_t>& targets, std::size_t in_flight, int timeout_seconds,
                      const std::function<void(std::size_t, Connection::Done)>& launch) {
  std::size_t next = 0;
  std::size_t running = 0;
  std::size_t finished = 0;
  std::size_t succeeded = 0;
  std::function<void()> pump;
  pump = [&] {
    while (running < in_flight && next < targets.size()) {
      const std::size_t index = targets[next++];
      ++running;
      launch(index, [&](bool ok) {
        --running;
        ++finished;
        succeeded += ok ? 1 : 0;
        pump();
      });
    }
  };
  asio::steady_timer deadline(io, std::chrono::seconds(timeout_seconds));
  bool expired = false;
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (ec) {
      return;
    }
    expired = true;
    next = targets.size();  // launch nothing more
    for (auto& c : conns) {
      if (c->busy()) {
        c->close();
      }
    }
  });
  pump();
  io.restart();
  while (finished < targets.size() && !(expired && running == 0)) {
    io.run_one();
  }
  deadline.cancel();
  io.poll();
  return succeeded;
}

void usage() {
  std::fputs(
      "usage: assoc_load [--host H] [--port N] [--connections N] [--client SAP] [--server SAP]\n"
      "                  [--in-flight N] [--timeout SECONDS] [--hold SECONDS] [--meter-pid PID]\n",
      stderr);
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) {
      return std::nullopt;
    }
    const char* value = argv[++i];
    if (arg == "--host") {
      o.host = value;
    } else if (arg == "--port") {
      o.port = static_cast<std::uint16_t>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--connections") {
      o.connections = std::strtoul(value, nullptr, 10);
    } else if (arg == "--client") {
      o.client_sap = static_cast<std::uint16_t>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--server") {
      o.server_sap = static_cast<std::uint16_t>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--in-flight") {
      o.in_flight = std::strtoul(value, nullptr, 10);
    } else if (arg == "--timeout") {
      o.timeout_seconds = std::atoi(value);
    } else if (arg == "--hold") {
      o.hold_seconds = std::strtod(value, nullptr);
    } else if (arg == "--meter-pid") {
      o.meter_pid = std::strtol(value, nullptr, 10);
    } else {
      return std::nullopt;
    }
  }
  if (o.connections == 0 || o.in_flight == 0 || o.timeout_seconds <= 0) {
    return std::nullopt;
  }
  return o;
}

int run(int argc, char** argv) {
  const auto parsed = parse(argc, argv);
  if (!parsed) {
    usage();
    return 2;
  }
  const Options& options = *parsed;

  asio::io_context io;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) {
    std::fprintf(stderr, "assoc_load: bad host %s: %s\n", options.host.c_str(), ec.message().c_str());
    return 2;
  }
  const tcp::endpoint endpoint(address, options.port);

  dlms::client::ClientConfig config;  // public client: no authentication, no ciphering
  config.max_receive_pdu_size = kPdu;

  std::vector<std::unique_ptr<Connection>> conns;
  conns.reserve(options.connections);
  std::vector<std::size_t> all(options.connections);
  for (std::size_t i = 0; i < options.connections; ++i) {
    conns.push_back(std::make_unique<Connection>(io, config, options));
    all[i] = i;
  }
  const std::string meter = std::to_string(options.meter_pid);
  const auto total_start = Clock::now();

  // Phase 1: connect and associate, `in_flight` at a time; every association stays open.
  auto t0 = Clock::now();
  const std::size_t associated = run_phase(
      io, conns, all, options.in_flight, options.timeout_seconds, [&](std::size_t i, Connection::Done d) {
        conns[i]->connect(endpoint, [&, i, d = std::move(d)](bool ok) { d(ok && conns[i]->associated()); });
      });
  std::printf("associate_seconds %.3f\n", seconds_since(t0));
  std::printf("associated %zu/%zu\n", associated, options.connections);

  // Phase 2: every open association reads the clock, all at once.
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < conns.size(); ++i) {
    if (conns[i]->associated()) {
      open.push_back(i);
    }
  }
  t0 = Clock::now();
  std::size_t clocks = run_phase(
      io, conns, open, open.size() + 1, options.timeout_seconds, [&](std::size_t i, Connection::Done d) {
        conns[i]->read_clock([&, i, d = std::move(d)](bool ok) {
          // A date-time is octet-string(12): 09 0C + 12 octets (Blue Book 4.1.6.1).
          const auto r = conns[i]->result();
          d(ok && conns[i]->outcome().ok() && r.size() == 14 && r[0] == 0x09 && r[1] == 0x0C);
        });
      });
  std::printf("clock_seconds %.3f\n", seconds_since(t0));
  std::printf("clock_read %zu/%zu\n", clocks, options.connections);

  // Phase 3: everything still open: the meter's memory now.
  std::size_t still_open = 0;
  for (const auto& c : conns) {
    still_open += c->associated() ? 1 : 0;
  }
  std::printf("held_open %zu\n", still_open);
  if (options.meter_pid > 0) {
    std::printf("meter_vmrss_kib %ld\n", status_kib(meter, "VmRSS"));
    std::printf("meter_vmhwm_kib %ld\n", status_kib(meter, "VmHWM"));
  }
  if (options.hold_seconds > 0) {
    asio::steady_timer hold(io, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::duration<double>(options.hold_seconds)));
    hold.wait();
  }

  // Phase 4: release (RLRQ/RLRE) and close.
  t0 = Clock::now();
  const std::size_t released =
      run_phase(io, conns, open, options.in_flight, options.timeout_seconds,
                [&](std::size_t i, Connection::Done d) { conns[i]->release(std::move(d)); });
  for (auto& c : conns) {
    c->close();
  }
  std::printf("release_seconds %.3f\n", seconds_since(t0));
  std::printf("released %zu/%zu\n", released, open.size());

  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::size_t shown = 0;
  for (const auto& c : conns) {
    sent += c->bytes_sent();
    received += c->bytes_received();
    if (!c->error().empty() && shown < 5) {
      std::fprintf(stderr, "assoc_load: connection error: %s\n", c->error().c_str());
      ++shown;
    }
  }
  std::printf("bytes_sent %llu\n", static_cast<unsigned long long>(sent));
  std::printf("bytes_received %llu\n", static_cast<unsigned long long>(received));
  std::printf("self_vmhwm_kib %ld\n", status_kib("self", "VmHWM"));
  std::printf("total_seconds %.3f\n", seconds_since(total_start));
  const bool all_ok = associated == options.connections && clocks == options.connections;
  return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "assoc_load: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "assoc_load: unknown error\n");
  }
  return 2;
}
