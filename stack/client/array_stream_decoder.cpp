#include "stack/client/array_stream_decoder.hpp"

#include <algorithm>
#include <cstring>

#include "stack/codec/axdr_length.hpp"
#include "stack/codec/codec_error.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/core/byte_reader.hpp"

namespace dlms::client {
namespace {

// Octets of a carried element tried first when the next piece arrives (doubled until the
// element is complete, so an element is copied at most about twice).
constexpr std::size_t kFirstTake = 64;

// The input ended inside the element: more octets may complete it.
bool incomplete(std::error_code ec) noexcept {
  return ec == codec::codec_errc::truncated || ec == codec::codec_errc::length_past_end;
}

}  // namespace

ArrayStreamDecoder::ArrayStreamDecoder(Handler& handler, Carry& carry, const codec::Limits& limits) noexcept
    : handler_(handler), carry_(carry), element_limits_(limits) {}

Status ArrayStreamDecoder::fail(std::error_code ec) noexcept {
  state_ = State::failed;
  error_ = ec;
  return ec;
}

Result<bool> ArrayStreamDecoder::read_header(ByteSpan& in) noexcept {
  while (!in.empty()) {
    if (header_size_ == 0 && in[0] != static_cast<std::uint8_t>(codec::DataType::array)) {
      whole_value_ = true;
      left_ = 1;
      return true;
    }
    header_[header_size_++] = in[0];
    in = in.subspan(1);
    if (header_size_ < 2) {
      continue;
    }
    codec::codec_errc error{};
    std::uint32_t count = 0;
    const std::uint8_t* end = header_.data() + header_size_;
    if (codec::axdr::decode_length(header_.data() + 1, end, count, error) == nullptr) {
      if (error != codec::codec_errc::truncated || header_size_ == header_.size()) {
        return std::error_code(error);
      }
      continue;
    }
    if (count > element_limits_.max_elements) {
      return std::error_code(codec::codec_errc::limit_exceeded);
    }
    // The array takes one level of nesting; its elements have the rest.
    if (element_limits_.max_depth == 0) {
      return std::error_code(codec::codec_errc::depth_exceeded);
    }
    --element_limits_.max_depth;
    left_ = count;
    return true;
  }
  return false;
}

Status ArrayStreamDecoder::deliver(codec::DataView element) noexcept {
  --left_;
  ++delivered_;
  Status s = whole_value_ ? handler_.on_value(element) : handler_.on_element(element);
  if (!s) {
    return fail(s.error());
  }
  return {};
}

Status ArrayStreamDecoder::carry_rest(ByteSpan in) noexcept {
  const MutableByteSpan buffer = carry_.reserve(in.size());
  if (buffer.size() < in.size()) {
    return fail(codec::codec_errc::limit_exceeded);
  }
  std::memcpy(buffer.data(), in.data(), in.size());
  carried_size_ = in.size();
  carry_peak_ = std::max(carry_peak_, carried_size_);
  return {};
}

Status ArrayStreamDecoder::complete_carried(ByteSpan& in) noexcept {
  std::size_t take = std::min(in.size(), std::max(carried_size_, kFirstTake));
  for (;;) {
    const std::size_t size = carried_size_ + take;
    const MutableByteSpan buffer = carry_.reserve(size);
    if (buffer.size() < size) {
      return fail(codec::codec_errc::limit_exceeded);
    }
    std::memcpy(buffer.data() + carried_size_, in.data(), take);
    carry_peak_ = std::max(carry_peak_, size);
    ByteReader reader(buffer.first(size));
    Result<codec::DataView> element = codec::read_data(reader, element_limits_);
    if (element) {
      in = in.subspan(element->encoded().size() - carried_size_);
      carried_size_ = 0;
      return deliver(*element);
    }
    if (!incomplete(element.error())) {
      return fail(element.error());
    }
    if (take == in.size()) {
      carried_size_ = size;
      in = {};
      return {};
    }
    take = std::min(in.size(), take * 2);
  }
}

Status ArrayStreamDecoder::append(ByteSpan octets) noexcept {
  if (state_ == State::failed) {
    return error_;
  }
  ByteSpan in = octets;
  if (state_ == State::header) {
    Result<bool> done = read_header(in);
    if (!done) {
      return fail(done.error());
    }
    if (!*done) {
      return {};
    }
    state_ = State::elements;
    if (!whole_value_) {
      if (Status s = handler_.on_array(left_); !s) {
        return fail(s.error());
      }
    }
  }
  while (!in.empty()) {
    if (left_ == 0) {
      return fail(codec::codec_errc::trailing_bytes);
    }
    if (carried_size_ != 0) {
      if (Status s = complete_carried(in); !s) {
        return s;
      }
      continue;
    }
    ByteReader reader(in);
    Result<codec::DataView> element = codec::read_data(reader, element_limits_);
    if (!element) {
      if (!incomplete(element.error())) {
        return fail(element.error());
      }
      return carry_rest(in);
    }
    in = in.subspan(element->encoded().size());
    if (Status s = deliver(*element); !s) {
      return s;
    }
  }
  return {};
}

Status ArrayStreamDecoder::finish() noexcept {
  if (state_ == State::failed) {
    return error_;
  }
  if (state_ == State::header || left_ != 0 || carried_size_ != 0) {
    return fail(codec::codec_errc::truncated);
  }
  return {};
}

}  // namespace dlms::client
