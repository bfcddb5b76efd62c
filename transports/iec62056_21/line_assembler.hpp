#pragma once
// Collects one sign-on message (ending in LF, or ETX + BCC for a data message) from
// received bytes; drops noise before a start character, overlong lines and lines broken
// by a gap longer than the inter-character time (IEC 62056-21 clause 6 timing). No allocation: the
// caller owns the buffer.

#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "transports/iec62056_21/characters.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::iec62056_21 {

class LineAssembler {
 public:
  enum class Kind { line, data_message };  // ends at LF / at the BCC after ETX

  explicit LineAssembler(MutableByteSpan buffer) noexcept : buf_(buffer) {}

  void reset(Kind kind = Kind::line) noexcept {
    kind_ = kind;
    size_ = 0;
    after_etx_ = false;
    overflowed_ = false;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  // A message was dropped because it did not fit the buffer (since the last reset()).
  [[nodiscard]] bool overflowed() const noexcept { return overflowed_; }

  // Takes one byte at `now`; true when a whole message is in message().
  bool push(std::uint8_t b, Millis now, Millis inter_character_timeout) noexcept {
    if (size_ > 0 && now - last_ > inter_character_timeout) {
      size_ = 0;
      after_etx_ = false;
    }
    last_ = now;
    if (size_ == 0) {
      const bool starts = kind_ == Kind::line ? (b == kStart || b == kAck) : b == kStx;
      if (!starts) {
        return false;  // noise between messages
      }
    }
    if (size_ >= buf_.size()) {
      size_ = 0;  // overlong: drop it and resynchronise on the next start character
      after_etx_ = false;
      overflowed_ = true;
      return false;
    }
    buf_[size_++] = b;
    if (kind_ == Kind::line) {
      return b == kLf;
    }
    if (after_etx_) {
      return true;  // this byte is the BCC
    }
    after_etx_ = b == kEtx;
    return false;
  }
  [[nodiscard]] ByteSpan message() const noexcept { return ByteSpan(buf_.data(), size_); }

 private:
  MutableByteSpan buf_;
  Kind kind_ = Kind::line;
  std::size_t size_ = 0;
  bool after_etx_ = false;
  bool overflowed_ = false;
  Millis last_{0};
};

}  // namespace dlms::iec62056_21
