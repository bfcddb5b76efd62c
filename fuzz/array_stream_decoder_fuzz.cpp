// Fuzz target: ArrayStreamDecoder (stack/client) fed an A-XDR value in pieces. The first input
// octet seeds the piece lengths (1..64 octets, or all at once); the rest is the value. The
// decoder must agree with whole-value validation (codec::read_data_exact with the same
// limits): it succeeds exactly when the value is valid, and then hands on exactly the array's
// elements (or the value itself when it is not an array), octet for octet; its carry never
// holds more than about twice the longest element.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "stack/client/array_stream_decoder.hpp"
#include "stack/codec/data_view.hpp"

namespace {

using dlms::ByteSpan;
using dlms::Status;
using dlms::client::ArrayStreamDecoder;
using dlms::codec::DataView;

std::array<std::uint8_t, 1 << 17> carry_storage;

// Checks each element handed on against the next element of the validated whole value.
class Checker final : public ArrayStreamDecoder::Handler {
 public:
  Status on_array(std::size_t count) noexcept override {
    count_ = count;
    ++arrays_;
    return {};
  }
  Status on_element(DataView element) noexcept override {
    if (whole_ != nullptr) {
      if (next_ == end_ || !((*next_) == element)) {
        __builtin_trap();
      }
      ++next_;
    }
    ++elements_;
    return {};
  }
  Status on_value(DataView value) noexcept override {
    if (whole_ != nullptr && !(*whole_ == value)) {
      __builtin_trap();
    }
    ++values_;
    return {};
  }
  void expect(const DataView* whole) noexcept {
    whole_ = whole;
    if (whole != nullptr) {
      next_ = whole->elements().begin();
      end_ = whole->elements().end();
    }
  }
  std::size_t count_ = 0;
  std::size_t arrays_ = 0;
  std::size_t elements_ = 0;
  std::size_t values_ = 0;

 private:
  const DataView* whole_ = nullptr;
  dlms::codec::DataElementIterator next_;
  dlms::codec::DataElementIterator end_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size - 1 > carry_storage.size() / 2) {
    return 0;
  }
  std::uint32_t seed = data[0];
  const ByteSpan value(data + 1, size - 1);
  const dlms::codec::Limits limits = dlms::codec::kDefaultLimits;
  const auto whole = dlms::codec::read_data_exact(value, limits);

  Checker checker;
  checker.expect(whole ? &*whole : nullptr);
  ArrayStreamDecoder::FixedCarry carry(carry_storage);
  ArrayStreamDecoder decoder(checker, carry, limits);
  Status s;
  std::size_t at = 0;
  while (s && at < value.size()) {
    std::size_t n = value.size() - at;
    if (seed != 0) {
      seed = seed * 1103515245U + 12345U;
      n = std::min<std::size_t>(n, 1 + (seed >> 16U) % 64U);
    }
    s = decoder.append(value.subspan(at, n));
    at += n;
  }
  if (s) {
    s = decoder.finish();
  }
  if (static_cast<bool>(s) != static_cast<bool>(whole)) {
    __builtin_trap();  // streamed and whole validation disagree
  }
  if (whole) {
    const bool array = whole->type() == dlms::codec::DataType::array;
    if (array ? (checker.arrays_ != 1 || checker.count_ != whole->size() ||
                 checker.elements_ != whole->size() || checker.values_ != 0)
              : (checker.values_ != 1 || checker.arrays_ != 0)) {
      __builtin_trap();
    }
  }
  if (decoder.carry_peak() > 2 * value.size() + 64) {
    __builtin_trap();
  }
  return 0;
}
