#include "transports/wrapper/wrapper_stream.hpp"

#include <algorithm>

#include "stack/core/byte_reader.hpp"

namespace dlms::wrapper {

WrapperStreamParser::WrapperStreamParser(MutableByteSpan apdu_buffer, std::size_t max_apdu_size) noexcept
    : buffer_(apdu_buffer), max_apdu_size_(std::min(max_apdu_size, apdu_buffer.size())) {}

void WrapperStreamParser::release() noexcept {
  if (state_ == State::ready) {
    state_ = State::header;
    header_filled_ = 0;
    body_filled_ = 0;
    apdu_ = {};
  }
}

void WrapperStreamParser::reset() noexcept {
  state_ = State::header;
  header_filled_ = 0;
  body_filled_ = 0;
  apdu_ = {};
  failure_ = {};
}

std::error_code WrapperStreamParser::check_header() noexcept {
  ByteReader r{ByteSpan(header_bytes_)};
  auto h = WrapperHeader::decode(r);
  if (!h) {
    return h.error();
  }
  if (h->length == 0) {
    return wrapper_errc::empty_apdu;
  }
  if (h->length > max_apdu_size_) {
    return wrapper_errc::apdu_too_large;
  }
  header_ = *h;
  return {};
}

PutResult WrapperStreamParser::put(ByteSpan bytes) noexcept {
  PutResult result;
  if (state_ == State::failed) {
    result.error = failure_;
    return result;
  }
  if (state_ == State::ready) {
    // The caller has not released the previous WPDU: take nothing.
    return result;
  }
  std::size_t pos = 0;
  if (state_ == State::header) {
    const std::size_t n = std::min(WrapperHeader::kSize - header_filled_, bytes.size());
    std::copy_n(bytes.begin(), n, header_bytes_ + header_filled_);
    header_filled_ += n;
    pos += n;
    if (header_filled_ < WrapperHeader::kSize) {
      result.consumed = pos;
      result.error = wrapper_errc::need_more;
      return result;
    }
    if (auto ec = check_header()) {
      state_ = State::failed;
      failure_ = ec;
      result.consumed = pos;
      result.error = ec;
      return result;
    }
    state_ = State::body;
    body_filled_ = 0;
  }
  // State::body
  const std::size_t want = header_.length - body_filled_;
  const std::size_t avail = bytes.size() - pos;
  if (body_filled_ == 0 && avail >= want) {
    // Whole APDU inside this input: a view, no copy.
    apdu_ = bytes.subspan(pos, want);
    pos += want;
    state_ = State::ready;
    result.consumed = pos;
    return result;
  }
  const std::size_t n = std::min(want, avail);
  std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(pos), n,
              buffer_.begin() + static_cast<std::ptrdiff_t>(body_filled_));
  body_filled_ += n;
  pos += n;
  result.consumed = pos;
  if (body_filled_ == header_.length) {
    apdu_ = ByteSpan(buffer_.data(), body_filled_);
    state_ = State::ready;
  } else {
    result.error = wrapper_errc::need_more;
  }
  return result;
}

}  // namespace dlms::wrapper
