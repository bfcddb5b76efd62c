#pragma once
// ByteReader: a bounded big-endian cursor over a ByteSpan. Every read checks the remaining
// length first and fails (returns false, consumes nothing) rather than reading past the end.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"

namespace dlms {

class ByteReader {
 public:
  constexpr ByteReader() noexcept = default;
  constexpr explicit ByteReader(ByteSpan data) noexcept : data_(data) {}

  [[nodiscard]] constexpr std::size_t offset() const noexcept { return pos_; }
  [[nodiscard]] constexpr std::size_t remaining() const noexcept { return data_.size() - pos_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return pos_ == data_.size(); }
  [[nodiscard]] constexpr ByteSpan rest() const noexcept { return data_.subspan(pos_); }
  [[nodiscard]] constexpr ByteSpan whole() const noexcept { return data_; }

  [[nodiscard]] constexpr bool peek_u8(std::uint8_t& out) const noexcept {
    if (pos_ >= data_.size()) {
      return false;
    }
    out = data_[pos_];
    return true;
  }
  [[nodiscard]] constexpr bool u8(std::uint8_t& out) noexcept {
    if (!peek_u8(out)) {
      return false;
    }
    ++pos_;
    return true;
  }
  [[nodiscard]] constexpr bool u16(std::uint16_t& out) noexcept { return be(out); }
  [[nodiscard]] constexpr bool u32(std::uint32_t& out) noexcept { return be(out); }
  [[nodiscard]] constexpr bool u64(std::uint64_t& out) noexcept { return be(out); }

  // A view of the next n bytes, consumed.
  [[nodiscard]] constexpr bool bytes(std::size_t n, ByteSpan& out) noexcept {
    if (n > remaining()) {
      return false;
    }
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  [[nodiscard]] constexpr bool skip(std::size_t n) noexcept {
    if (n > remaining()) {
      return false;
    }
    pos_ += n;
    return true;
  }

 private:
  template <class U>
  constexpr bool be(U& out) noexcept {
    if (sizeof(U) > remaining()) {
      return false;
    }
    U v = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) {
      v = static_cast<U>((v << 8U) | data_[pos_ + i]);
    }
    out = v;
    pos_ += sizeof(U);
    return true;
  }

  ByteSpan data_;
  std::size_t pos_ = 0;
};

}  // namespace dlms
