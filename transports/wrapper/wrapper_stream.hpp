#pragma once
// WrapperStreamParser: reassembles WPDUs from a TCP byte stream (IEC 62056-47 clause 7: over
// TCP the WPDUs follow each other with no delimiter, the header's length field finds the end).
//
// Pure, Beast-style: put(bytes) -> {consumed, error}. It consumes at most one WPDU per call;
// when one is complete, ready() is true and header()/apdu() describe it until release().
// error == wrapper_errc::need_more is not fatal: all bytes were taken, send more. Any other
// error (bad version, length above the configured maximum, zero length) is fatal: the stream
// cannot resynchronise, the connection must be closed; later put() calls repeat the error.
//
// No allocation: a WPDU split across put() calls is gathered in the caller's buffer (which
// must hold max_apdu_size bytes); a WPDU wholly inside one put() is returned as a view into
// that input, with no copy, valid as long as the caller keeps that input alive.

#include <cstddef>
#include <cstdint>
#include <system_error>

#include "stack/core/bytes.hpp"
#include "transports/wrapper/wrapper_error.hpp"
#include "transports/wrapper/wrapper_header.hpp"

namespace dlms::wrapper {

struct PutResult {
  std::size_t consumed = 0;
  std::error_code error;
};

class WrapperStreamParser {
 public:
  // `apdu_buffer` must outlive the parser; max APDU size = min(max_apdu_size, buffer size).
  WrapperStreamParser(MutableByteSpan apdu_buffer, std::size_t max_apdu_size) noexcept;

  PutResult put(ByteSpan bytes) noexcept;

  [[nodiscard]] bool ready() const noexcept { return state_ == State::ready; }
  [[nodiscard]] const WrapperHeader& header() const noexcept { return header_; }
  [[nodiscard]] ByteSpan apdu() const noexcept { return apdu_; }
  [[nodiscard]] std::size_t max_apdu_size() const noexcept { return max_apdu_size_; }
  // Bytes of an incomplete WPDU held so far (0 between WPDUs).
  [[nodiscard]] std::size_t buffered() const noexcept { return header_filled_ + body_filled_; }

  // Forget the delivered WPDU and wait for the next one.
  void release() noexcept;
  // Back to the initial state (also clears a fatal error).
  void reset() noexcept;

 private:
  enum class State { header, body, ready, failed };

  std::error_code check_header() noexcept;

  MutableByteSpan buffer_;
  std::size_t max_apdu_size_;
  State state_ = State::header;
  std::uint8_t header_bytes_[WrapperHeader::kSize] = {};
  std::size_t header_filled_ = 0;
  std::size_t body_filled_ = 0;
  WrapperHeader header_;
  ByteSpan apdu_;
  std::error_code failure_;
};

}  // namespace dlms::wrapper
