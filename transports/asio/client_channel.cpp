#include "transports/asio/client_channel.hpp"

#include <termios.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "transports/asio/asio.hpp"
#include "transports/asio/hdlc_protocol.hpp"
#include "transports/asio/optical_protocol.hpp"
#include "transports/asio/serial_line.hpp"
#include "transports/asio/wrapper_protocol.hpp"
#include "transports/hdlc/hdlc_frame.hpp"

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
  // Serial ports: waits until everything written has left, then changes rate and format.
  virtual boost::system::error_code set_line(const iec62056_21::LineSettings& /*line*/) { return {}; }
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
  boost::system::error_code set_line(const iec62056_21::LineSettings& line) override {
    if constexpr (std::is_same_v<S, boost::asio::serial_port>) {
      ::tcdrain(s_.native_handle());
      // The same rules as the server's ports (serial_line.cpp): a pty that cannot hold 7E1
      // is accepted once the speed took effect.
      const std::error_code ec = apply_line_settings(s_, line);
      return {ec.value(), boost::system::system_category()};
    } else {
      (void)line;
      return {};
    }
  }

 private:
  S s_;
};

// Counts HDLC frames in a byte stream by their length fields (IEC 62056-46 frame format
// type 3): a flag, the format field with the 11-bit length, that many octets.
class HdlcFrameCounter {
 public:
  void put(ByteSpan bytes) noexcept {
    std::size_t i = 0;
    while (i < bytes.size()) {
      switch (state_) {
        case State::hunt: {
          const void* flag = std::memchr(bytes.data() + i, hdlc::kFlag, bytes.size() - i);
          if (flag == nullptr) {
            return;
          }
          i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(flag) - bytes.data()) + 1;
          state_ = State::format_high;
          break;
        }
        case State::format_high:
          if (bytes[i] == hdlc::kFlag) {
            ++i;
          } else if ((bytes[i] & 0xF0U) != 0xA0U) {
            state_ = State::hunt;
          } else {
            high_ = bytes[i++];
            state_ = State::format_low;
          }
          break;
        case State::format_low:
          left_ = ((static_cast<std::size_t>(high_) & 7U) << 8U) | bytes[i++];
          if (left_ < 3) {
            state_ = State::hunt;
          } else {
            left_ -= 2;
            state_ = State::body;
          }
          break;
        case State::body: {
          const std::size_t n = std::min(left_, bytes.size() - i);
          i += n;
          left_ -= n;
          if (left_ == 0) {
            ++frames_;
            state_ = State::hunt;
          }
          break;
        }
      }
    }
  }
  [[nodiscard]] std::uint64_t frames() const noexcept { return frames_; }

 private:
  enum class State : std::uint8_t { hunt, format_high, format_low, body };
  State state_ = State::hunt;
  std::uint8_t high_ = 0;
  std::size_t left_ = 0;
  std::uint64_t frames_ = 0;
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
  std::optional<hdlc::HdlcClientConfig> hdlc;  // set for HDLC links (DISC on disconnect())
  LinkCounters counters;
  HdlcFrameCounter tx_frames;
  HdlcFrameCounter rx_frames;

  void write(ByteSpan bytes) override {
    tx.insert(tx.end(), bytes.begin(), bytes.end());
    counters.bytes_sent += bytes.size();
    tx_frames.put(bytes);
  }
  void set_line(const iec62056_21::LineSettings& line) override {
    if (auto ec = flush()) {
      failed = ec;
      return;
    }
    if (const boost::system::error_code ec = stream->set_line(line)) {
      failed = std::error_code(ec);
    }
  }
  void received(ByteSpan bytes) {
    counters.bytes_received += bytes.size();
    rx_frames.put(bytes);
  }
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

StreamClientChannel::LinkCounters StreamClientChannel::link_counters() const noexcept {
  LinkCounters c = impl_->counters;
  c.frames_sent = impl_->tx_frames.frames();
  c.frames_received = impl_->rx_frames.frames();
  return c;
}

bool StreamClientChannel::is_hdlc() const noexcept { return impl_->hdlc.has_value(); }

void StreamClientChannel::set_hdlc_link(const hdlc::HdlcClientConfig& config) { impl_->hdlc = config; }

Status StreamClientChannel::disconnect(std::chrono::milliseconds wait) {
  Impl& d = *impl_;
  if (!d.hdlc || !d.stream || d.failed) {
    close();
    return {};
  }
  // DISC with P=1 (IEC 62056-46 6.4.4.3); the secondary answers UA, or DM if already in NDM.
  std::array<std::uint8_t, 16> frame{};
  const hdlc::HdlcFrame disc{
      false, d.hdlc->server, d.hdlc->client, hdlc::HdlcControl::u(hdlc::FrameType::DISC, true), {}};
  Result<std::size_t> n = hdlc::encode_frame(disc, frame);
  if (!n) {
    close();
    return n.error();
  }
  d.write(ByteSpan(frame).first(*n));
  if (auto ec = d.flush()) {
    close();
    return ec;
  }
  const std::uint64_t before = d.rx_frames.frames();
  const TimePoint deadline = SteadyClock::now() + wait;
  std::error_code result = std::make_error_code(std::errc::timed_out);
  while (SteadyClock::now() < deadline) {
    Result<std::size_t> got = d.read_until(deadline);
    if (!got) {
      result = got.error();
      break;
    }
    d.received(ByteSpan(d.rx.data(), *got));
    if (d.rx_frames.frames() != before) {
      result = {};
      break;
    }
  }
  close();
  if (result) {
    return result;
  }
  return {};
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
  if (options.initial_line) {
    if (const boost::system::error_code e = impl->stream->set_line(*options.initial_line)) {
      return std::error_code(e);
    }
  }
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
      d.received(ByteSpan(d.rx.data(), *n));
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
  auto channel = StreamClientChannel::connect_tcp(host, port, std::make_unique<HdlcClientProtocol>(c), o);
  if (channel) {
    (*channel)->set_hdlc_link(c);
  }
  return channel;
}

Result<std::unique_ptr<StreamClientChannel>> open_hdlc_serial(const std::string& device, unsigned baud,
                                                              const hdlc::HdlcClientConfig& config,
                                                              std::chrono::milliseconds timeout) {
  ClientChannelOptions o;
  o.addressing = hdlc_addressing(config.client, config.server);
  o.timeout = timeout;
  auto channel =
      StreamClientChannel::open_serial(device, baud, std::make_unique<HdlcClientProtocol>(config), o);
  if (channel) {
    (*channel)->set_hdlc_link(config);
  }
  return channel;
}

Result<std::unique_ptr<StreamClientChannel>> open_optical_serial(const std::string& device,
                                                                 const hdlc::HdlcClientConfig& config,
                                                                 char max_baud_char,
                                                                 std::chrono::milliseconds timeout) {
  ClientChannelOptions o;
  o.addressing = hdlc_addressing(config.client, config.server);
  // The sign-on at 300 Bd takes a few seconds before the first APDU is answered.
  o.timeout = timeout + std::chrono::seconds(5);
  o.initial_line = iec62056_21::kSignOnLine;
  iec62056_21::SignOnClientConfig sign_on;
  sign_on.goal = iec62056_21::SignOnClientConfig::Goal::hdlc;
  sign_on.max_baud_char = max_baud_char;
  auto channel =
      StreamClientChannel::open_serial(device, iec62056_21::kSignOnLine.baud_rate,
                                       std::make_unique<OpticalClientProtocol>(sign_on, config), o);
  if (channel) {
    (*channel)->set_hdlc_link(config);
  }
  return channel;
}

}  // namespace dlms::transport
