#include "transports/hdlc/hdlc_frame_reader.hpp"

#include <algorithm>
#include <cstring>

#include "stack/core/byte_reader.hpp"
#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_fcs.hpp"

namespace dlms::hdlc {
namespace {

// Shortest frame: format 2, two 1-octet addresses, control 1, FCS 2.
constexpr std::size_t kMinFrameLength = 7;

}  // namespace

bool HdlcFrameReader::check_header(std::error_code& error) noexcept {
  ByteReader in(ByteSpan(buf_.data(), size_));
  HdlcAddress a;
  if (!in.skip(2)) {
    return true;
  }
  for (int i = 0; i < 2; ++i) {
    // An address is complete at its first octet with the extension bit set.
    const ByteSpan rest = in.rest();
    const auto end = std::find_if(rest.begin(), rest.end(), [](std::uint8_t b) { return (b & 1U) != 0; });
    if (end == rest.end()) {
      if (rest.size() >= 4) {
        error = hdlc_errc::bad_address;
        return false;
      }
      return true;  // need more
    }
    if (!decode_address(in, a)) {
      error = hdlc_errc::bad_address;
      return false;
    }
  }
  if (!in.skip(1)) {
    return true;  // control not yet here
  }
  const std::size_t header = in.offset();
  if (length_ == header + 2) {
    header_checked_ = true;  // no information field, no HCS
    return true;
  }
  if (length_ < header + 5) {
    error = hdlc_errc::bad_length;
    return false;
  }
  if (size_ < header + 2) {
    return true;
  }
  const std::uint16_t hcs = static_cast<std::uint16_t>(buf_[header] | (buf_[header + 1] << 8U));
  if (fcs16(ByteSpan(buf_.data(), header)) != hcs) {
    error = hdlc_errc::bad_hcs;
    return false;
  }
  header_checked_ = true;
  return true;
}

HdlcFrameReader::PutResult HdlcFrameReader::put(ByteSpan data) noexcept {
  PutResult r;
  std::size_t i = 0;
  auto fail = [&](std::error_code e) {
    r.consumed = i;
    r.error = e;
    reset();
    return r;
  };
  while (i < data.size()) {
    switch (state_) {
      case State::hunt: {
        const auto* p =
            static_cast<const std::uint8_t*>(std::memchr(data.data() + i, kFlag, data.size() - i));
        if (p == nullptr) {
          i = data.size();
          break;
        }
        i = static_cast<std::size_t>(p - data.data()) + 1;
        state_ = State::flag;
        break;
      }
      case State::flag: {
        const std::uint8_t b = data[i];
        if (b == kFlag) {  // inter-frame fill
          ++i;
          break;
        }
        if ((b >> 4U) != 0xAU) {
          ++i;
          return fail(hdlc_errc::bad_format);
        }
        buf_[0] = b;
        size_ = 1;
        header_checked_ = false;
        state_ = State::header;
        ++i;
        break;
      }
      case State::header: {
        buf_[size_++] = data[i++];
        length_ = ((static_cast<std::size_t>(buf_[0]) & 0x07U) << 8U) | buf_[1];
        if (length_ < kMinFrameLength) {
          return fail(hdlc_errc::bad_length);
        }
        state_ = State::body;
        break;
      }
      case State::body: {
        const std::size_t want = length_ - size_;
        std::size_t take = std::min(want, data.size() - i);
        if (!header_checked_) {
          take = 1;  // byte by byte until the header has been checked (at most ~11 octets)
        }
        std::memcpy(buf_.data() + size_, data.data() + i, take);
        size_ += take;
        i += take;
        if (!header_checked_) {
          std::error_code e;
          if (!check_header(e)) {
            return fail(e);
          }
        }
        if (size_ == length_) {
          state_ = State::closing;
        }
        break;
      }
      case State::closing: {
        if (data[i] != kFlag) {
          ++i;
          return fail(hdlc_errc::missing_flag);
        }
        ++i;
        state_ = State::flag;  // the closing flag may open the next frame
        r.consumed = i;
        r.frame = true;
        return r;
      }
    }
  }
  r.consumed = i;
  return r;
}

}  // namespace dlms::hdlc
