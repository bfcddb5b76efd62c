#pragma once
// ZeroedBytes: an octet buffer whose zero filling is left to the allocator (calloc). A large
// buffer takes from the system fresh pages that are already zero, so the pages it never writes
// cost address space but no resident memory; std::vector::assign(n, 0) writes every octet and
// makes the whole buffer resident at once. ProfileFifo keeps its slots in one: a profile
// configured 9,600 entries deep whose entries come from a bound ProfileSource never writes
// them.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

namespace dlms::cosem {

class ZeroedBytes {
 public:
  // Replaces the contents by `size` octets of `value` (the old buffer is freed first, so the
  // two never coexist).
  void assign(std::size_t size, std::uint8_t value) {
    bytes_.reset();
    size_ = 0;
    if (size == 0) {
      return;
    }
    bytes_.reset(static_cast<std::uint8_t*>(std::calloc(size, 1)));  // NOLINT(*-no-malloc)
    if (!bytes_) {
      throw std::bad_alloc();
    }
    if (value != 0) {
      std::memset(bytes_.get(), value, size);
    }
    size_ = size;
  }

  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.get(); }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.get(); }
  [[nodiscard]] std::uint8_t* begin() noexcept { return bytes_.get(); }
  [[nodiscard]] std::uint8_t* end() noexcept { return bytes_.get() + size_; }
  [[nodiscard]] const std::uint8_t* begin() const noexcept { return bytes_.get(); }
  [[nodiscard]] const std::uint8_t* end() const noexcept { return bytes_.get() + size_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  struct Free {
    void operator()(std::uint8_t* p) const noexcept { std::free(p); }  // NOLINT(*-no-malloc)
  };
  std::unique_ptr<std::uint8_t[], Free> bytes_;
  std::size_t size_ = 0;
};

}  // namespace dlms::cosem
