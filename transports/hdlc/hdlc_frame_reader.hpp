#pragma once
// HdlcFrameReader: finds HDLC frames (type 3, IEC 62056-46 / Green Book 8.4.1) in a byte stream.
// A pure state machine in the style of Beast's basic_parser: put(bytes) consumes input and
// stops after each complete frame; the frame stays readable through content() until the next
// put(). Bytes before an opening flag are skipped. The end of a frame is found from its length
// field (never by scanning for 7E, which may appear inside a frame), then a closing flag must
// follow; that flag may also open the next frame (Green Book 8.4.1.1). As soon as the header
// is complete its HCS is checked, so a corrupted length field does not swallow later frames.
// Storage is a fixed array of 2047 octets inside the object: nothing is allocated.

#include <array>
#include <cstddef>
#include <cstdint>
#include <system_error>

#include "stack/core/bytes.hpp"
#include "transports/hdlc/hdlc_frame.hpp"

namespace dlms::hdlc {

class HdlcFrameReader {
 public:
  struct PutResult {
    std::size_t consumed = 0;  // octets of the input used
    std::error_code error;     // a candidate frame was dropped (non-fatal; the reader resynchronises)
    bool frame = false;        // a complete frame is in content()
  };

  // Consumes input until one frame is complete, one candidate frame is dropped, or the input is
  // used up ("need more": consumed == data.size(), no frame, no error).
  [[nodiscard]] PutResult put(ByteSpan data) noexcept;

  // The octets between the flags of the last complete frame (format .. FCS); pass them to
  // decode_frame_content(). Valid until the next put() or reset().
  [[nodiscard]] ByteSpan content() const noexcept { return ByteSpan(buf_.data(), size_); }

  // True while part of a frame is buffered (for the inter-octet time-out).
  [[nodiscard]] bool in_frame() const noexcept {
    return state_ == State::header || state_ == State::body || state_ == State::closing;
  }

  // Drops a partial frame and waits for a flag.
  void reset() noexcept {
    state_ = State::hunt;
    size_ = 0;
  }

 private:
  enum class State : std::uint8_t { hunt, flag, header, body, closing };

  // Checks the header once enough of it is buffered; false if the frame must be dropped.
  bool check_header(std::error_code& error) noexcept;

  std::array<std::uint8_t, kMaxFrameLength> buf_{};
  std::size_t size_ = 0;
  std::size_t length_ = 0;  // from the format field
  bool header_checked_ = false;
  State state_ = State::hunt;
};

}  // namespace dlms::hdlc
