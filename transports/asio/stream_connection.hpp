#pragma once
// StreamConnection<Stream>: one connection over a byte stream (TCP socket, serial port), run
// on the stream's executor, which must be a strand (make_strand(io)): every read, write,
// timer and callback of the connection runs there. It owns a LinkProtocol (the framing) and
// reports to an ApduHandler. Writes are queued and sent one at a time; a line change (serial
// baud rate) waits its turn in the same queue. Limits: idle time-out, write backlog.
// close() is clean: what is queued is written first, then the stream is shut down.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "transports/asio/apdu_handler.hpp"
#include "transports/asio/asio.hpp"
#include "transports/asio/connection_limits.hpp"
#include "transports/asio/link_protocol.hpp"
#include "transports/asio/serial_line.hpp"

namespace dlms::transport {

template <class Stream>
class StreamConnection final : public ConnectionContext,
                               private LinkSink,
                               public std::enable_shared_from_this<StreamConnection<Stream>> {
 public:
  using ClosedCallback = std::function<void(std::uint64_t id)>;

  StreamConnection(Stream stream, std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                   const ConnectionLimits& limits, std::string peer, ClosedCallback on_closed = {})
      : stream_(std::move(stream)),
        protocol_(std::move(protocol)),
        handler_(handler),
        limits_(limits),
        peer_(std::move(peer)),
        on_closed_(std::move(on_closed)),
        id_(next_connection_id()),
        rx_(limits.read_buffer_size == 0 ? 4096 : limits.read_buffer_size),
        timer_(stream_.get_executor()),
        idle_(stream_.get_executor()) {}

  // Starts reading (posted to the strand).
  void start() {
    boost::asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->do_start(); });
  }

  // Posted, never run inline: called from on_apdu() it does not re-enter the framer, and the
  // received APDU stays valid until on_apdu() returns.
  void send_apdu(const Addressing& addressing, ByteSpan apdu) override {
    boost::asio::post(stream_.get_executor(), [self = this->shared_from_this(), addressing,
                                               data = std::vector<std::uint8_t>(apdu.begin(), apdu.end())] {
      if (self->closed_ || self->closing_) {
        return;
      }
      self->protocol_->send_apdu(addressing, data, SteadyClock::now(), *self);
      self->arm_timer();
    });
  }

  void close() override {
    boost::asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->begin_close({}); });
  }

  [[nodiscard]] std::uint64_t id() const noexcept override { return id_; }
  [[nodiscard]] std::string peer() const override { return peer_; }
  [[nodiscard]] bool closed() const noexcept { return closed_; }
  [[nodiscard]] LinkProtocol& protocol() noexcept { return *protocol_; }

 private:
  struct LineChange {
    iec62056_21::LineSettings line;
  };
  using Item = std::variant<std::vector<std::uint8_t>, LineChange>;

  void do_start() {
    handler_.on_open(*this);
    protocol_->start(SteadyClock::now(), *this);
    arm_idle();
    arm_timer();
    do_read();
  }

  void do_read() {
    if (closed_) {
      return;
    }
    stream_.async_read_some(boost::asio::buffer(rx_),
                            [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                              self->on_read(ec, n);
                            });
  }

  void on_read(boost::system::error_code ec, std::size_t n) {
    if (closed_) {
      return;
    }
    if (ec) {
      finish(ec == boost::asio::error::eof ? std::error_code{} : std::error_code(ec));
      return;
    }
    if (!closing_) {
      protocol_->receive(ByteSpan(rx_.data(), n), SteadyClock::now(), *this);
    }
    if (closed_) {
      return;
    }
    arm_idle();
    arm_timer();
    do_read();
  }

  void arm_idle() {
    if (limits_.idle_timeout.count() <= 0) {
      return;
    }
    idle_.expires_after(limits_.idle_timeout);
    idle_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (!ec && !self->closed_) {
        self->begin_close(std::make_error_code(std::errc::timed_out));
      }
    });
  }

  void arm_timer() {
    if (closed_) {
      return;
    }
    const auto deadline = protocol_->next_deadline();
    if (!deadline) {
      armed_.reset();
      timer_.cancel();
      return;
    }
    if (armed_ && *armed_ == *deadline) {
      return;
    }
    armed_ = deadline;
    timer_.expires_at(*deadline);
    timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (ec || self->closed_) {
        return;
      }
      self->armed_.reset();
      self->protocol_->on_timer(SteadyClock::now(), *self);
      self->arm_timer();
    });
  }

  // ---- LinkSink ----
  void write(ByteSpan bytes) override {
    if (closed_) {
      return;
    }
    backlog_ += bytes.size();
    if (backlog_ > limits_.max_write_backlog) {
      finish(std::make_error_code(std::errc::no_buffer_space));
      return;
    }
    queue_.emplace_back(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    pump_writes();
  }
  void set_line(const iec62056_21::LineSettings& line) override {
    if (closed_) {
      return;
    }
    queue_.emplace_back(LineChange{line});
    pump_writes();
  }
  void deliver(const Addressing& from, ByteSpan apdu) override { handler_.on_apdu(*this, from, apdu); }
  void link_event(const Addressing& link, bool up) override { handler_.on_link_event(*this, link, up); }
  void fail(std::error_code error) override { finish(error); }

  void pump_writes() {
    if (writing_ || closed_) {
      return;
    }
    while (!queue_.empty() && std::holds_alternative<LineChange>(queue_.front())) {
      if constexpr (std::is_same_v<Stream, boost::asio::serial_port>) {
        if (auto ec = apply_line_settings(stream_, std::get<LineChange>(queue_.front()).line)) {
          finish(ec);
          return;
        }
      }
      queue_.pop_front();
    }
    if (queue_.empty()) {
      if (closing_) {
        finish(close_reason_);
      }
      return;
    }
    writing_ = true;
    auto& bytes = std::get<std::vector<std::uint8_t>>(queue_.front());
    boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                             [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                               self->writing_ = false;
                               if (self->closed_) {
                                 return;
                               }
                               if (ec) {
                                 self->finish(ec);
                                 return;
                               }
                               self->backlog_ -= n;
                               self->queue_.pop_front();
                               self->pump_writes();
                             });
  }

  // Flush what is queued, then close.
  void begin_close(std::error_code reason) {
    if (closed_ || closing_) {
      return;
    }
    closing_ = true;
    close_reason_ = reason;
    if (!writing_) {
      pump_writes();
    }
  }

  void finish(std::error_code reason) {
    if (closed_) {
      return;
    }
    closed_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    idle_.cancel();
    if constexpr (std::is_same_v<Stream, boost::asio::ip::tcp::socket>) {
      stream_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    }
    stream_.close(ignored);
    queue_.clear();
    handler_.on_close(*this, reason);
    if (on_closed_) {
      on_closed_(id_);
    }
  }

  Stream stream_;
  std::unique_ptr<LinkProtocol> protocol_;
  ApduHandler& handler_;
  ConnectionLimits limits_;
  std::string peer_;
  ClosedCallback on_closed_;
  std::uint64_t id_;
  std::vector<std::uint8_t> rx_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer idle_;
  std::optional<TimePoint> armed_;
  std::deque<Item> queue_;
  std::size_t backlog_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
  std::error_code close_reason_;
};

}  // namespace dlms::transport
