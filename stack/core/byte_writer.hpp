#pragma once
// ByteWriter: big-endian encoding into a caller's buffer. A write that does not fit sets a
// sticky overflow flag and writes nothing; the encoder checks ok() once at the end.

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"

namespace dlms {

class ByteWriter {
 public:
  constexpr explicit ByteWriter(MutableByteSpan buffer) noexcept : buf_(buffer) {}

  [[nodiscard]] constexpr bool ok() const noexcept { return !overflow_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return pos_; }
  [[nodiscard]] constexpr std::size_t capacity() const noexcept { return buf_.size(); }
  [[nodiscard]] constexpr std::size_t remaining() const noexcept { return buf_.size() - pos_; }
  [[nodiscard]] constexpr ByteSpan written() const noexcept { return ByteSpan(buf_.data(), pos_); }
  [[nodiscard]] constexpr MutableByteSpan buffer() const noexcept { return buf_; }

  constexpr void u8(std::uint8_t v) noexcept {
    if (std::uint8_t* p = reserve(1)) {
      *p = v;
    }
  }
  constexpr void u16(std::uint16_t v) noexcept { be(v); }
  constexpr void u32(std::uint32_t v) noexcept { be(v); }
  constexpr void u64(std::uint64_t v) noexcept { be(v); }
  constexpr void bytes(ByteSpan b) noexcept {
    if (std::uint8_t* p = reserve(b.size())) {
      std::copy(b.begin(), b.end(), p);
    }
  }
  constexpr void fill(std::size_t n, std::uint8_t v) noexcept {
    if (std::uint8_t* p = reserve(n)) {
      std::fill_n(p, n, v);
    }
  }

  // Claims n bytes and returns where they start, or nullptr (and overflow) if they do not fit.
  constexpr std::uint8_t* reserve(std::size_t n) noexcept {
    if (overflow_ || n > remaining()) {
      overflow_ = true;
      return nullptr;
    }
    std::uint8_t* p = buf_.data() + pos_;
    pos_ += n;
    return p;
  }

  // Byte already written at `pos`, for patching a length or a checksum in place.
  constexpr std::uint8_t& at(std::size_t pos) noexcept { return buf_[pos]; }

  // Forget everything after `pos` (pos <= size()).
  constexpr void truncate(std::size_t pos) noexcept {
    if (pos <= pos_) {
      pos_ = pos;
    }
  }

 private:
  template <class U>
  constexpr void be(U v) noexcept {
    if (std::uint8_t* p = reserve(sizeof(U))) {
      for (std::size_t i = sizeof(U); i > 0; --i) {
        p[i - 1] = static_cast<std::uint8_t>(v & 0xFFU);
        v = static_cast<U>(v >> 8U);
      }
    }
  }

  MutableByteSpan buf_;
  std::size_t pos_ = 0;
  bool overflow_ = false;
};

}  // namespace dlms
