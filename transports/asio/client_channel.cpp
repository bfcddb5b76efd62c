#include "transports/asio/client_channel.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "transports/asio/asio.hpp"
#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::tcp;

// The stream under the channel: TCP socket or serial port.
class Stream {
 public:
  virtual ~Stream() = default;
  virtual void async_read(MutableByteSpan buffer,
                          std::function<void(boost::system::error_code, std::size_t)> done) = 0;
  virtual boost::system::error_code write(ByteSpan bytes) = 0;
  virtual void cancel() = 0;
  virtual void close() = 0;
};

template <class S>
class AsioStream final : public Stream {
 public:
  explicit AsioStream(S stream) : s_(std::move(stream)) {}
  void async_read(MutableByteSpan buffer,
                  std::function<void(boost::system::error_code, std::size_t)> done) override {
    s_.async_read_some(boost::asio::buffer(buffer.data(), buffer.size()), std::move(done));
  }
  boost::system::error_code write(ByteSpan bytes) override {
    boost::system::error_code ec;
    boost::asio::write(s_, boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return ec;
  }
  void cancel() override {
    boost::system::error_code ignored;
    s_.cancel(ignored);
  }
  void close() override {
    boost::system::error_code ignored;
    s_.close(ignored);
  }

 private:
  S s_;
};

}  // namespace

struct StreamClientChannel::Impl final : LinkSink {
  boost::asio::io_context io;
  std::unique_ptr<Stream> stream;
  std::unique_ptr<LinkProtocol> protocol;
  ClientChannelOptions options;
  std::vector<std::uint8_t> tx;
  std::vector<std::uint8_t> response;
  std::array<std::uint8_t, 4096> rx{};
  bool got = false;
  bool link_down = false;
  std::error_code failed;

  void write(ByteSpan bytes) override { tx.insert(tx.end(), bytes.begin(), bytes.end()); }
  void set_line(const iec62056_21::LineSettings& /*line*/) override {}
  void deliver(const Addressing& /*from*/, ByteSpan apdu) override {
    response.assign(apdu.begin(), apdu.end());
    got = true;
  }
  void link_event(const Addressing& /*link*/, bool up) override { link_down = !up; }
  void fail(std::error_code error) override { failed = error; }

  std::error_code flush() {
    if (tx.empty()) {
      return {};
    }
    const boost::system::error_code ec = stream->write(tx);
    tx.clear();
    return ec;
  }

  // Reads what arrives before `until`: the number of octets (0 on a time-out).
  Result<std::size_t> read_until(TimePoint until) {
    io.restart();
    bool done = false;
    boost::system::error_code result;
    std::size_t n = 0;
    stream->async_read(rx, [&](boost::system::error_code ec, std::size_t size) {
      done = true;
      result = ec;
      n = size;
    });
    const auto now = SteadyClock::now();
    io.run_for(until > now ? until - now : SteadyClock::duration::zero());
    if (!done) {
      stream->cancel();
      io.restart();
      io.run();
      if (result == boost::asio::error::operation_aborted) {
        return std::size_t{0};
      }
    }
    if (result) {
      if (result == boost::asio::error::eof) {
        return std::make_error_code(std::errc::connection_aborted);
      }
      return std::error_code(result);
    }
    return n;
  }
};

StreamClientChannel::StreamClientChannel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StreamClientChannel::~StreamClientChannel() { close(); }

void StreamClientChannel::close() {
  if (impl_ && impl_->stream) {
    impl_->stream->close();
  }
}

Result<std::unique_ptr<StreamClientChannel>> StreamClientChannel::connect_tcp(
    const std::string& host, std::uint16_t port, std::unique_ptr<LinkProtocol> protocol,
    const ClientChannelOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->protocol = std::move(protocol);
  impl->options = options;
  tcp::resolver resolver(impl->io);
  boost::system::error_code ec;
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) {
    return std::error_code(ec);
  }
  tcp::socket socket(impl->io);
  bool done = false;
  boost::asio::async_connect(socket, endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
    done = true;
    ec = e;
  });
  impl->io.run_for(options.timeout);
  if (!done) {
    boost::system::error_code ignored;
    socket.close(ignored);
    impl->io.restart();
    impl->io.run();
    return std::make_error_code(std::errc::timed_out);
  }
  if (ec) {
    return std::error_code(ec);
  }
  socket.set_option(tcp::no_delay(true), ec);
  impl->stream = std::make_unique<AsioStream<tcp::socket>>(std::move(socket));
  impl->protocol->start(SteadyClock::now(), *impl);
  if (impl->failed) {
    return impl->failed;
  }
  if (auto e = impl->flush()) {
    return e;
  }
  return std::unique_ptr<StreamClientChannel>(new StreamClientChannel(std::move(impl)));
}

Result<std::unique_ptr<StreamClientChannel>> StreamClientChannel::open_serial(
    const std::string& device, unsigned baud, std::unique_ptr<LinkProtocol> protocol,
    const ClientChannelOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->protocol = std::move(protocol);
  impl->options = options;
  boost::asio::serial_port port(impl->io);
  boost::system::error_code ec;
  port.open(device, ec);
  if (ec) {
    return std::error_code(ec);
  }
  using sp = boost::asio::serial_port_base;
  port.set_option(sp::baud_rate(baud), ec);
  port.set_option(sp::character_size(8), ec);
  port.set_option(sp::parity(sp::parity::none), ec);
  port.set_option(sp::stop_bits(sp::stop_bits::one), ec);
  port.set_option(sp::flow_control(sp::flow_control::none), ec);
  impl->stream = std::make_unique<AsioStream<boost::asio::serial_port>>(std::move(port));
  impl->protocol->start(SteadyClock::now(), *impl);
  if (impl->failed) {
    return impl->failed;
  }
  if (auto e = impl->flush()) {
    return e;
  }
  return std::unique_ptr<StreamClientChannel>(new StreamClientChannel(std::move(impl)));
}

Result<ByteSpan> StreamClientChannel::exchange(ByteSpan request) {
  Impl& d = *impl_;
  if (d.failed) {
    return d.failed;
  }
  d.got = false;
  d.link_down = false;
  d.protocol->send_apdu(d.options.addressing, request, SteadyClock::now(), d);
  if (auto ec = d.flush()) {
    return ec;
  }
  const TimePoint deadline = SteadyClock::now() + d.options.timeout;
  while (!d.got) {
    if (d.failed) {
      return d.failed;
    }
    if (d.link_down) {
      return std::make_error_code(std::errc::connection_aborted);
    }
    const TimePoint now = SteadyClock::now();
    if (now >= deadline) {
      return std::make_error_code(std::errc::timed_out);
    }
    TimePoint wake = deadline;
    if (const auto timer = d.protocol->next_deadline()) {
      wake = std::min(wake, *timer);
    }
    Result<std::size_t> n = d.read_until(wake);
    if (!n) {
      return n.error();
    }
    if (*n != 0) {
      d.protocol->receive(ByteSpan(d.rx.data(), *n), SteadyClock::now(), d);
    } else if (const auto timer = d.protocol->next_deadline(); timer && *timer <= SteadyClock::now()) {
      d.protocol->on_timer(SteadyClock::now(), d);
    }
    if (auto ec = d.flush()) {
      return ec;
    }
  }
  return ByteSpan(d.response);
}

Result<std::unique_ptr<StreamClientChannel>> connect_wrapper_tcp(const std::string& host, std::uint16_t port,
                                                                 std::uint16_t client_sap,
                                                                 std::uint16_t server_sap,
                                                                 std::chrono::milliseconds timeout) {
  ClientChannelOptions o;
  o.addressing.transport = TransportKind::wrapper_tcp;
  o.addressing.client_address = client_sap;
  o.addressing.server_address = server_sap;
  o.timeout = timeout;
  return StreamClientChannel::connect_tcp(host, port,
                                          std::make_unique<WrapperProtocol>(Role::client, 65535 + 64), o);
}

Result<std::unique_ptr<StreamClientChannel>> connect_hdlc_tcp(const std::string& host, std::uint16_t port,
                                                              const hdlc::HdlcClientConfig& config,
                                                              std::chrono::milliseconds timeout) {
  hdlc::HdlcClientConfig c = config;
  c.inter_octet_timeout = hdlc::HdlcDuration{0};
  ClientChannelOptions o;
  o.addressing = hdlc_addressing(c.client, c.server);
  o.timeout = timeout;
  return StreamClientChannel::connect_tcp(host, port, std::make_unique<HdlcClientProtocol>(c), o);
}

Result<std::unique_ptr<StreamClientChannel>> open_hdlc_serial(const std::string& device, unsigned baud,
                                                              const hdlc::HdlcClientConfig& config,
                                                              std::chrono::milliseconds timeout) {
  ClientChannelOptions o;
  o.addressing = hdlc_addressing(config.client, config.server);
  o.timeout = timeout;
  return StreamClientChannel::open_serial(device, baud, std::make_unique<HdlcClientProtocol>(config), o);
}

}  // namespace dlms::transport
