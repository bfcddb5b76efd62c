#pragma once
// Helpers for the xDLMS APDU tests: hex vectors, encode into a vector, typed access.

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "stack/apdu/apdu.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/hex.hpp"

namespace dlms::apdu::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes hex(std::string_view text) {
  auto v = from_hex(text);
  EXPECT_TRUE(v.has_value()) << "bad hex in test: " << text;
  return v.value_or(Bytes{});
}

// Encodes anything with `Status encode(ByteWriter&) const`.
template <class T>
Bytes encode_value(const T& value, std::size_t capacity = 1U << 17U) {
  Bytes buf(capacity);
  ByteWriter w(buf);
  auto s = value.encode(w);
  EXPECT_TRUE(s) << s.error().message();
  buf.resize(s ? w.size() : 0);
  return buf;
}

inline Bytes encode(const Apdu& apdu, std::size_t capacity = 1U << 17U) {
  Bytes buf(capacity);
  ByteWriter w(buf);
  auto s = encode_apdu(apdu, w);
  EXPECT_TRUE(s) << s.error().message();
  buf.resize(s ? w.size() : 0);
  return buf;
}

// Decodes `bytes` (which must outlive the result: it holds views) and returns alternative T.
template <class T>
T decode_as(const Bytes& bytes) {
  auto r = decode_apdu(bytes);
  EXPECT_TRUE(r) << r.error().message();
  if (!r) {
    return T{};
  }
  const T* p = std::get_if<T>(&*r);
  EXPECT_NE(p, nullptr) << "decoded as " << apdu_name(*r);
  return p != nullptr ? *p : T{};
}

inline Bytes span_bytes(ByteSpan s) { return Bytes(s.begin(), s.end()); }

}  // namespace dlms::apdu::test
