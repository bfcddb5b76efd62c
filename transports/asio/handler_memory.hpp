#pragma once
// HandlerMemory: a small fixed pool a connection gives Asio for the memory of its
// asynchronous operations (read, write, timer waits, posts and the strand's wrappers), so a
// request-response exchange on an established connection allocates nothing from the heap.
//
// Asio asks a completion handler's associated allocator for the memory of the operation that
// will call it (boost/asio/associated_allocator.hpp). with_handler_memory(memory, handler)
// wraps a handler so that allocator is HandlerAllocator over the connection's pool. A block
// is taken with an atomic flag, because Asio may free an operation on another thread than the
// connection's strand; a request the pool cannot serve (too big, every block in use) falls
// back to operator new. The pool is shared-owned by the allocators: a strand allocates its
// invoker with the handler's allocator and may free it after the connection is gone (e.g. when
// the io_context is destroyed with work pending), so the pool lives until the last allocator.

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace dlms::transport {

class HandlerMemory {
 public:
  // Blocks of kBlockSize octets; 8 covers the operations one connection has in flight at once
  // (a read, a write, two timer waits, a post, each with its strand wrapper).
  static constexpr std::size_t kBlocks = 8;
  static constexpr std::size_t kBlockSize = 256;

  HandlerMemory() = default;
  HandlerMemory(const HandlerMemory&) = delete;
  HandlerMemory& operator=(const HandlerMemory&) = delete;
  ~HandlerMemory() = default;

  void* allocate(std::size_t size) {
    if (size <= kBlockSize) {
      for (std::size_t i = 0; i < kBlocks; ++i) {
        if (!in_use_[i].exchange(true, std::memory_order_acquire)) {
          return blocks_[i].bytes.data();
        }
      }
    }
    return ::operator new(size);
  }

  void deallocate(void* pointer) noexcept {
    for (std::size_t i = 0; i < kBlocks; ++i) {
      if (pointer == blocks_[i].bytes.data()) {
        in_use_[i].store(false, std::memory_order_release);
        return;
      }
    }
    ::operator delete(pointer);
  }

  // Blocks in use now (tests).
  [[nodiscard]] std::size_t blocks_in_use() const noexcept {
    std::size_t n = 0;
    for (const auto& flag : in_use_) {
      n += flag.load(std::memory_order_relaxed) ? 1U : 0U;
    }
    return n;
  }

 private:
  struct alignas(std::max_align_t) Block {
    std::array<unsigned char, kBlockSize> bytes;
  };
  std::array<Block, kBlocks> blocks_{};
  std::array<std::atomic<bool>, kBlocks> in_use_{};
};

// The allocator Asio sees (a standard Allocator over HandlerMemory).
template <class T>
class HandlerAllocator {
 public:
  using value_type = T;

  explicit HandlerAllocator(std::shared_ptr<HandlerMemory> memory) noexcept : memory_(std::move(memory)) {}
  template <class U>
  HandlerAllocator(const HandlerAllocator<U>& other) noexcept : memory_(other.memory()) {}  // NOLINT

  T* allocate(std::size_t n) { return static_cast<T*>(memory_->allocate(sizeof(T) * n)); }
  void deallocate(T* pointer, std::size_t /*n*/) noexcept { memory_->deallocate(pointer); }

  [[nodiscard]] const std::shared_ptr<HandlerMemory>& memory() const noexcept { return memory_; }

  template <class U>
  friend bool operator==(const HandlerAllocator& a, const HandlerAllocator<U>& b) noexcept {
    return a.memory() == b.memory();
  }

 private:
  std::shared_ptr<HandlerMemory> memory_;
};

// A completion handler that allocates from a HandlerMemory.
template <class Handler>
class HandlerWithMemory {
 public:
  using allocator_type = HandlerAllocator<Handler>;

  HandlerWithMemory(std::shared_ptr<HandlerMemory> memory, Handler handler)
      : memory_(std::move(memory)), handler_(std::move(handler)) {}

  [[nodiscard]] allocator_type get_allocator() const noexcept { return allocator_type(memory_); }

  template <class... Args>
  void operator()(Args&&... args) {
    handler_(std::forward<Args>(args)...);
  }

 private:
  std::shared_ptr<HandlerMemory> memory_;
  Handler handler_;
};

template <class Handler>
HandlerWithMemory<std::decay_t<Handler>> with_handler_memory(const std::shared_ptr<HandlerMemory>& memory,
                                                             Handler&& handler) {
  return HandlerWithMemory<std::decay_t<Handler>>(memory, std::forward<Handler>(handler));
}

}  // namespace dlms::transport
