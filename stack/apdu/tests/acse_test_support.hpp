#pragma once
// Helpers for the ACSE APDU tests: hex in, decode, re-encode, hex out.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/hex.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu::test {

inline std::vector<std::uint8_t> hex(std::string_view text) {
  auto v = from_hex(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(std::vector<std::uint8_t>{});
}

inline std::string hex_of(std::string_view text) { return to_hex(hex(text)); }

template <class T>
std::string encode_hex(const T& apdu) {
  std::array<std::uint8_t, 2048> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  const auto status = apdu.encode(w);
  EXPECT_TRUE(status) << status.error().message();
  return to_hex(w.written());
}

// Decodes all of `bytes` as one T (and checks nothing is left over).
template <class T>
Result<T> decode_all(const std::vector<std::uint8_t>& bytes) {
  ByteReader r{ByteSpan(bytes)};
  auto v = T::decode(r);
  if (v) {
    EXPECT_TRUE(r.empty()) << "decode stopped at " << r.offset() << " of " << bytes.size();
  }
  return v;
}

// Decodes `bytes`, re-encodes, and expects the same bytes. The result views into `bytes`.
template <class T>
T round_trip(const std::vector<std::uint8_t>& bytes) {
  auto v = decode_all<T>(bytes);
  EXPECT_TRUE(v) << to_hex(bytes) << ": " << v.error().message();
  if (!v) {
    return T{};
  }
  EXPECT_EQ(encode_hex(*v), to_hex(bytes));
  return *v;
}

// Every proper prefix of `text` must be rejected, with the reader left inside the input.
template <class T>
void expect_every_truncation_rejected(std::string_view text) {
  const auto bytes = hex(text);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    ByteReader r{ByteSpan(bytes.data(), n)};
    auto v = T::decode(r);
    EXPECT_FALSE(v) << "accepted a prefix of " << n << " bytes of " << text;
    EXPECT_LE(r.offset(), n);
  }
}

// Decoding `text` fails with `want`.
template <class T>
void expect_rejected(std::string_view text, std::error_code want) {
  const auto bytes = hex(text);
  ByteReader r{ByteSpan(bytes)};
  auto v = T::decode(r);
  ASSERT_FALSE(v) << text;
  EXPECT_EQ(v.error(), want) << text << ": " << v.error().message();
}

// A too-small output buffer is reported, at every size below the needed one.
template <class T>
void expect_small_buffers_rejected(const T& apdu) {
  const auto full = hex(encode_hex(apdu));
  for (std::size_t n = 0; n < full.size(); ++n) {
    std::vector<std::uint8_t> buf(n);
    ByteWriter w{MutableByteSpan(buf)};
    EXPECT_FALSE(apdu.encode(w)) << "fit in " << n << " of " << full.size();
  }
}

}  // namespace dlms::apdu::test
