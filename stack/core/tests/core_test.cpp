#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/hex.hpp"
#include "stack/core/result.hpp"

#include <array>
#include <system_error>

#include <gtest/gtest.h>

namespace dlms {
namespace {

TEST(ByteReader, ReadsBigEndianAndStopsAtTheEnd) {
  const std::array<std::uint8_t, 7> data{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  ByteReader r{ByteSpan(data)};
  std::uint8_t a = 0;
  std::uint16_t b = 0;
  std::uint32_t c = 0;
  ASSERT_TRUE(r.u8(a));
  ASSERT_TRUE(r.u16(b));
  ASSERT_TRUE(r.u32(c));
  EXPECT_EQ(a, 0x01);
  EXPECT_EQ(b, 0x0203);
  EXPECT_EQ(c, 0x04050607U);
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.u8(a));
  EXPECT_EQ(r.offset(), 7U);
}

TEST(ByteReader, FailedReadConsumesNothing) {
  const std::array<std::uint8_t, 3> data{0xAA, 0xBB, 0xCC};
  ByteReader r{ByteSpan(data)};
  std::uint32_t v = 0;
  EXPECT_FALSE(r.u32(v));
  EXPECT_EQ(r.offset(), 0U);
  ByteSpan s;
  EXPECT_FALSE(r.bytes(4, s));
  EXPECT_TRUE(r.bytes(3, s));
  EXPECT_EQ(s.size(), 3U);
}

TEST(ByteWriter, OverflowIsStickyAndWritesNothing) {
  std::array<std::uint8_t, 3> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  w.u16(0x1234);
  EXPECT_TRUE(w.ok());
  w.u16(0x5678);
  EXPECT_FALSE(w.ok());
  w.u8(0x9A);
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.size(), 2U);
  EXPECT_EQ(buf[0], 0x12);
  EXPECT_EQ(buf[1], 0x34);
}

TEST(Hex, RoundTripsAndIgnoresWhiteSpace) {
  auto bytes = from_hex("c0 01\n c1 00");
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(to_hex(*bytes), "C0 01 C1 00");
  EXPECT_EQ(to_hex(*bytes, '\0'), "C001C100");
  EXPECT_FALSE(from_hex("C0 1").has_value());
  EXPECT_FALSE(from_hex("zz").has_value());
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good);
  EXPECT_EQ(*good, 42);
  Result<int> bad = std::make_error_code(std::errc::invalid_argument);
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error(), std::errc::invalid_argument);
  Status s = std::make_error_code(std::errc::message_size);
  EXPECT_FALSE(s);
  EXPECT_TRUE(ok());
}

}  // namespace
}  // namespace dlms
