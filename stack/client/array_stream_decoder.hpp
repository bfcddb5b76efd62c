#pragma once
// ArrayStreamDecoder: the elements of an encoded A-XDR array decoded as the value's octets
// arrive in pieces, e.g. the blocks of a GET of a profile buffer (Blue Book 4.3.6: buffer is
// an array of structures; Green Book 9.3.8: each get-response-with-datablock carries the next
// raw-data octets of the value). Each element is validated (codec::read_data with the
// limits, one level of depth taken by the array) and handed on as a DataView as soon as it is
// complete, so a long value is never held whole: memory is the unfinished tail of the last
// piece (one element, with at most as many octets more of the next piece while its end is
// looked for), kept in a Carry the caller provides.
//
//   ArrayStreamDecoder decoder(handler, carry, limits);
//   client.get_streamed(attribute, access, decoder);    // a ResultSink
//   decoder.finish();                                    // truncated if elements are missing
//
// A value that is not an array is handed on whole (Handler::on_value), held in the carry.
// Untrusted octets: every length is checked against the limits; an element longer than the
// carry can hold is codec_errc::limit_exceeded; bytes after the last element are
// codec_errc::trailing_bytes; an error is final (later pieces return it again).

#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/client/result_sink.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::client {

class ArrayStreamDecoder final : public ResultSink {
 public:
  // What the decoder finds, in order: on_array once, then on_element per element; or on_value
  // once for a value of any other type. An error returned ends the decoding with it.
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual Status on_array(std::size_t count) noexcept = 0;
    virtual Status on_element(codec::DataView element) noexcept = 0;
    virtual Status on_value(codec::DataView value) noexcept = 0;
  };

  // Room for an element that spans pieces: a fixed span, or storage that grows.
  class Carry {
   public:
    virtual ~Carry() = default;
    // At least `size` octets, the first ones as they were; empty when that much cannot be had.
    virtual MutableByteSpan reserve(std::size_t size) noexcept = 0;
  };

  // A Carry over a caller's fixed buffer.
  class FixedCarry final : public Carry {
   public:
    explicit FixedCarry(MutableByteSpan buffer) noexcept : buffer_(buffer) {}
    MutableByteSpan reserve(std::size_t size) noexcept override {
      return size <= buffer_.size() ? buffer_ : MutableByteSpan();
    }

   private:
    MutableByteSpan buffer_;
  };

  ArrayStreamDecoder(Handler& handler, Carry& carry,
                     const codec::Limits& limits = codec::kDefaultLimits) noexcept;

  // The next octets of the value (any split, down to single octets).
  Status append(ByteSpan octets) noexcept override;
  // The value has ended: Ok when it was complete (every element of the array came), else
  // codec_errc::truncated (or the error met before).
  Status finish() noexcept;

  // Elements handed on so far.
  [[nodiscard]] std::size_t elements() const noexcept { return delivered_; }
  // The largest number of octets held in the carry at once.
  [[nodiscard]] std::size_t carry_peak() const noexcept { return carry_peak_; }

 private:
  enum class State : std::uint8_t { header, elements, failed };

  Status fail(std::error_code ec) noexcept;
  // Reads the array header from `in` (octets kept across pieces); false when more are needed.
  Result<bool> read_header(ByteSpan& in) noexcept;
  Status deliver(codec::DataView element) noexcept;
  // Completes the carried element with the first octets of `in` (consumed), or carries all of
  // `in` when the element still goes on.
  Status complete_carried(ByteSpan& in) noexcept;
  Status carry_rest(ByteSpan in) noexcept;

  Handler& handler_;
  Carry& carry_;
  codec::Limits element_limits_;
  State state_ = State::header;
  std::error_code error_;
  bool whole_value_ = false;              // not an array: one "element", the value itself
  std::array<std::uint8_t, 6> header_{};  // tag, length (up to 1 + 4 octets)
  std::size_t header_size_ = 0;
  std::size_t left_ = 0;  // elements still to come
  std::size_t delivered_ = 0;
  MutableByteSpan carried_;  // the carry's storage while an element is carried
  std::size_t carried_size_ = 0;
  std::size_t carry_peak_ = 0;
};

}  // namespace dlms::client
