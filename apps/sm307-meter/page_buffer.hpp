#pragma once
// PageBuffer: a zero-filled buffer of anonymous memory pages (mmap) that costs resident memory
// only for the pages actually written, and can give them back (madvise MADV_DONTNEED) while
// its contents are not needed. Each connection's block-transfer buffers live in one, so a
// thousand idle associations stay small while one of them can still stream a long profile in
// 64 kB blocks.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"

namespace dlms::meter_app {

class PageBuffer {
 public:
  // Throws std::bad_alloc if the pages cannot be mapped.
  explicit PageBuffer(std::size_t size);
  ~PageBuffer();
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;

  [[nodiscard]] MutableByteSpan span() noexcept { return {data_, size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  // The pages read as zero again and are no longer resident.
  void release() noexcept;

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t mapped_ = 0;
};

}  // namespace dlms::meter_app
