#pragma once
// StreamConnection<Stream>: one connection over a byte stream (TCP socket, serial port), run
// on the stream's executor, which must be a strand (make_strand(io)): every read, write,
// timer and callback of the connection runs there. It owns a LinkProtocol (the framing) and
// reports to an ApduHandler. Writes are queued and sent one at a time; a line change (serial
// baud rate) waits its turn in the same queue. Limits: idle time-out, write backlog.
// close() is clean: what is queued is written first, then the stream is shut down.
//
// Once a connection is established an exchange allocates nothing: operation memory comes from
// the connection's HandlerMemory, APDU and frame buffers are reused (their capacity stays),
// the write queue is a ring, and the idle time-out is re-armed only when it expires (it
// compares the time of the last activity) rather than cancelled on every read.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
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
#include "transports/asio/handler_memory.hpp"
#include "transports/asio/link_protocol.hpp"
#include "transports/asio/serial_line.hpp"

namespace dlms::transport {

// The streams and timers of a connection carry their strand as a concrete executor type, not
// as any_io_executor: Asio 1.74 allocates to type-erase a strand on every operation.
using StrandExecutor = boost::asio::strand<boost::asio::io_context::executor_type>;
using StrandTcpSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, StrandExecutor>;
using StrandSerialPort = boost::asio::basic_serial_port<StrandExecutor>;

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
    auto data = take_apdu_buffer();
    data.assign(apdu.begin(), apdu.end());
    boost::asio::post(stream_.get_executor(),
                      with_handler_memory(memory_, [self = this->shared_from_this(), addressing,
                                                    data = std::move(data)]() mutable {
                        if (!self->closed_ && !self->closing_) {
                          self->protocol_->send_apdu(addressing, data, SteadyClock::now(), *self);
                          self->arm_timer();
                        }
                        self->give_back_apdu_buffer(std::move(data));
                      }));
  }

  void close() override {
    boost::asio::post(stream_.get_executor(), with_handler_memory(memory_, [self = this->shared_from_this()] {
                        self->begin_close({});
                      }));
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
  // Spare buffers kept for reuse, per pool.
  static constexpr std::size_t kSpareBuffers = 4;

  // APDU copies made by send_apdu() (any thread).
  std::vector<std::uint8_t> take_apdu_buffer() {
    const std::lock_guard lock(spare_mutex_);
    if (spare_apdus_.empty()) {
      return {};
    }
    auto buffer = std::move(spare_apdus_.back());
    spare_apdus_.pop_back();
    return buffer;
  }
  void give_back_apdu_buffer(std::vector<std::uint8_t>&& buffer) {
    const std::lock_guard lock(spare_mutex_);
    if (spare_apdus_.size() < kSpareBuffers && buffer.capacity() <= limits_.max_write_backlog) {
      buffer.clear();
      spare_apdus_.push_back(std::move(buffer));
    }
  }

  // The write queue: a ring of items, grown when full (strand only).
  [[nodiscard]] bool queue_empty() const noexcept { return queue_count_ == 0; }
  Item& queue_front() noexcept { return queue_[queue_head_]; }
  void queue_push(Item&& item) {
    if (queue_count_ == queue_.size()) {
      std::vector<Item> grown(queue_.empty() ? 4 : queue_.size() * 2);
      for (std::size_t i = 0; i < queue_count_; ++i) {
        grown[i] = std::move(queue_[(queue_head_ + i) % queue_.size()]);
      }
      queue_ = std::move(grown);
      queue_head_ = 0;
    }
    queue_[(queue_head_ + queue_count_) % queue_.size()] = std::move(item);
    ++queue_count_;
  }
  void queue_pop() {
    if (auto* bytes = std::get_if<std::vector<std::uint8_t>>(&queue_front())) {
      if (spare_frames_.size() < kSpareBuffers && bytes->capacity() <= limits_.max_write_backlog) {
        bytes->clear();
        spare_frames_.push_back(std::move(*bytes));
      }
    }
    queue_front() = Item{};
    queue_head_ = (queue_head_ + 1) % queue_.size();
    --queue_count_;
  }
  void queue_clear() {
    while (!queue_empty()) {
      queue_pop();
    }
  }

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
                            with_handler_memory(memory_, [self = this->shared_from_this()](
                                                             boost::system::error_code ec, std::size_t n) {
                              self->on_read(ec, n);
                            }));
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

  // Notes activity; the idle wait, when pending, checks it when it expires.
  void arm_idle() {
    if (limits_.idle_timeout.count() <= 0) {
      return;
    }
    last_activity_ = SteadyClock::now();
    if (!idle_pending_) {
      wait_idle(limits_.idle_timeout);
    }
  }

  void wait_idle(SteadyClock::duration after) {
    idle_pending_ = true;
    idle_.expires_after(after);
    idle_.async_wait(
        with_handler_memory(memory_, [self = this->shared_from_this()](boost::system::error_code ec) {
          self->idle_pending_ = false;
          if (ec || self->closed_) {
            return;
          }
          const auto quiet = SteadyClock::now() - self->last_activity_;
          if (quiet < self->limits_.idle_timeout) {
            self->wait_idle(self->limits_.idle_timeout - quiet);
            return;
          }
          self->begin_close(std::make_error_code(std::errc::timed_out));
        }));
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
    timer_.async_wait(
        with_handler_memory(memory_, [self = this->shared_from_this()](boost::system::error_code ec) {
          if (ec || self->closed_) {
            return;
          }
          self->armed_.reset();
          self->protocol_->on_timer(SteadyClock::now(), *self);
          self->arm_timer();
        }));
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
    std::vector<std::uint8_t> frame;
    if (!spare_frames_.empty()) {
      frame = std::move(spare_frames_.back());
      spare_frames_.pop_back();
    }
    frame.assign(bytes.begin(), bytes.end());
    queue_push(Item{std::move(frame)});
    pump_writes();
  }
  void set_line(const iec62056_21::LineSettings& line) override {
    if (closed_) {
      return;
    }
    queue_push(Item{LineChange{line}});
    pump_writes();
  }
  void deliver(const Addressing& from, ByteSpan apdu) override { handler_.on_apdu(*this, from, apdu); }
  void link_event(const Addressing& link, bool up) override { handler_.on_link_event(*this, link, up); }
  void fail(std::error_code error) override { finish(error); }

  void pump_writes() {
    if (writing_ || closed_) {
      return;
    }
    while (!queue_empty() && std::holds_alternative<LineChange>(queue_front())) {
      if constexpr (std::is_same_v<Stream, StrandSerialPort>) {
        if (auto ec =
                apply_line_settings(stream_.native_handle(), std::get<LineChange>(queue_front()).line)) {
          finish(ec);
          return;
        }
      }
      queue_pop();
    }
    if (queue_empty()) {
      if (closing_) {
        finish(close_reason_);
      }
      return;
    }
    writing_ = true;
    auto& bytes = std::get<std::vector<std::uint8_t>>(queue_front());
    boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                             with_handler_memory(memory_, [self = this->shared_from_this()](
                                                              boost::system::error_code ec, std::size_t n) {
                               self->writing_ = false;
                               if (self->closed_) {
                                 return;
                               }
                               if (ec) {
                                 self->finish(ec);
                                 return;
                               }
                               self->backlog_ -= n;
                               self->queue_pop();
                               self->pump_writes();
                             }));
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
    if constexpr (std::is_same_v<Stream, StrandTcpSocket>) {
      stream_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    }
    stream_.close(ignored);
    queue_clear();
    handler_.on_close(*this, reason);
    if (on_closed_) {
      on_closed_(id_);
    }
  }

  // Operation memory; shared with the allocators Asio keeps (see handler_memory.hpp).
  std::shared_ptr<HandlerMemory> memory_ = std::make_shared<HandlerMemory>();
  Stream stream_;
  std::unique_ptr<LinkProtocol> protocol_;
  ApduHandler& handler_;
  ConnectionLimits limits_;
  std::string peer_;
  ClosedCallback on_closed_;
  std::uint64_t id_;
  std::vector<std::uint8_t> rx_;
  using Timer = boost::asio::basic_waitable_timer<SteadyClock, boost::asio::wait_traits<SteadyClock>,
                                                  typename Stream::executor_type>;
  Timer timer_;
  Timer idle_;
  std::optional<TimePoint> armed_;
  TimePoint last_activity_{};
  bool idle_pending_ = false;
  std::vector<Item> queue_;
  std::size_t queue_head_ = 0;
  std::size_t queue_count_ = 0;
  std::vector<std::vector<std::uint8_t>> spare_frames_;  // strand only
  std::mutex spare_mutex_;
  std::vector<std::vector<std::uint8_t>> spare_apdus_;  // under spare_mutex_
  std::size_t backlog_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
  std::error_code close_reason_;
};

}  // namespace dlms::transport
