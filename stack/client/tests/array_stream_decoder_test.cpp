// ArrayStreamDecoder: the elements of an A-XDR array decoded from pieces split anywhere (every
// split position of rows that straddle two blocks, single octets), values that are not arrays,
// and untrusted input rejected cleanly: truncated at every octet, unknown tags, bad length
// forms, counts and depths over the limits, elements longer than the carry, trailing octets.
// Encodings: Blue Book 4.1.5 / Green Book 9.5 A-XDR of Data (array [1] count, structure [2],
// double-long-unsigned [6], octet-string [9] length, visible-string [10], bit-string [4] bits).
#include "stack/client/array_stream_decoder.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/client/tests/client_test_support.hpp"
#include "stack/codec/codec_error.hpp"
#include "stack/codec/data.hpp"

namespace dlms::client {
namespace {

using codec::codec_errc;
using codec::Data;
using test::Bytes;
using test::hex;
using test::hex_of;

// Records what the decoder hands on (copies of the elements' octets).
class Recorder final : public ArrayStreamDecoder::Handler {
 public:
  Status on_array(std::size_t count) noexcept override {
    ++arrays;
    announced = count;
    return {};
  }
  Status on_element(codec::DataView element) noexcept override {
    elements.emplace_back(element.encoded().begin(), element.encoded().end());
    if (fail_at != 0 && elements.size() == fail_at) {
      return codec_errc::invalid_value;
    }
    return {};
  }
  Status on_value(codec::DataView value) noexcept override {
    values.emplace_back(value.encoded().begin(), value.encoded().end());
    return {};
  }
  int arrays = 0;
  std::size_t announced = 0;
  std::size_t fail_at = 0;
  std::vector<Bytes> elements;
  std::vector<Bytes> values;
};

// A profile-like buffer: rows of a date-time octet-string, double-long-unsigned values, a
// long octet-string (over 127 octets: long length form; over the first take of 64 octets),
// a visible-string, a bit-string and a nested array; the last row short.
Bytes sample_buffer(std::vector<Bytes>& rows) {
  std::vector<Data> elements;
  for (std::uint32_t i = 0; i < 5; ++i) {
    std::vector<Data> fields;
    fields.push_back(Data::octet_string(hex("07 EA 0B 19 03 00 0F 00 00 80 00 00")));
    fields.push_back(Data::double_long_unsigned(1000 + i));
    fields.push_back(Data::octet_string(Bytes(130 + i, static_cast<std::uint8_t>(i))));
    fields.push_back(Data::visible_string("row " + std::to_string(i)));
    fields.push_back(Data::bit_string({0xA5, 0x80}, 9));
    fields.push_back(Data::array({Data::long_unsigned(7), Data::long_unsigned(8)}));
    elements.push_back(Data::structure(std::move(fields)));
  }
  elements.push_back(Data::structure({Data::unsigned_(1)}));
  for (const Data& e : elements) {
    rows.push_back(e.encode());
  }
  return Data::array(std::move(elements)).encode();
}

struct Decoding {
  Recorder recorder;
  std::array<std::uint8_t, 4096> storage{};
  ArrayStreamDecoder::FixedCarry carry{storage};
  ArrayStreamDecoder decoder;
  explicit Decoding(const codec::Limits& limits = codec::kDefaultLimits) : decoder(recorder, carry, limits) {}
};

TEST(ArrayStreamDecoder, WholeBufferInOnePiece) {
  std::vector<Bytes> rows;
  const Bytes buffer = sample_buffer(rows);
  Decoding r;
  ASSERT_TRUE(r.decoder.append(buffer));
  ASSERT_TRUE(r.decoder.finish());
  EXPECT_EQ(r.recorder.arrays, 1);
  EXPECT_EQ(r.recorder.announced, rows.size());
  EXPECT_EQ(r.recorder.elements, rows);
  EXPECT_TRUE(r.recorder.values.empty());
  EXPECT_EQ(r.decoder.carry_peak(), 0U);  // nothing spanned a piece
}

TEST(ArrayStreamDecoder, RowsSplitAtEveryPositionAcrossTwoBlocks) {
  std::vector<Bytes> rows;
  const Bytes buffer = sample_buffer(rows);
  std::size_t largest_row = 0;
  for (const Bytes& row : rows) {
    largest_row = std::max(largest_row, row.size());
  }
  for (std::size_t split = 0; split <= buffer.size(); ++split) {
    Decoding r;
    ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).first(split))) << split;
    ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).subspan(split))) << split;
    ASSERT_TRUE(r.decoder.finish()) << split;
    EXPECT_EQ(r.recorder.elements, rows) << split;
    // One row at most, copied with up to as many octets more while its end is looked for.
    EXPECT_LE(r.decoder.carry_peak(), 2 * largest_row + 64) << split;
  }
}

TEST(ArrayStreamDecoder, ThreeBlocksAndSingleOctets) {
  std::vector<Bytes> rows;
  const Bytes buffer = sample_buffer(rows);
  for (std::size_t a = 0; a < buffer.size(); a += 7) {
    for (std::size_t b = a; b <= buffer.size(); b += 11) {
      Decoding r;
      ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).first(a)));
      ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).subspan(a, b - a)));
      ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).subspan(b)));
      ASSERT_TRUE(r.decoder.finish());
      EXPECT_EQ(r.recorder.elements, rows) << a << " " << b;
    }
  }
  Decoding r;
  for (const std::uint8_t octet : buffer) {
    ASSERT_TRUE(r.decoder.append(ByteSpan(&octet, 1)));
  }
  ASSERT_TRUE(r.decoder.finish());
  EXPECT_EQ(r.recorder.elements, rows);
}

TEST(ArrayStreamDecoder, LongFormCountSplitInsideTheHeader) {
  // array of 200 unsigned: 01 81 C8 then 200 x (11 nn).
  std::vector<Data> elements;
  elements.reserve(200);
  for (int i = 0; i < 200; ++i) {
    elements.push_back(Data::unsigned_(static_cast<std::uint8_t>(i)));
  }
  const Bytes buffer = Data::array(std::move(elements)).encode();
  ASSERT_EQ(hex_of(ByteSpan(buffer).first(5)), "01 81 C8 11 00");
  for (std::size_t split = 0; split <= 5; ++split) {
    Decoding r;
    ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).first(split)));
    ASSERT_TRUE(r.decoder.append(ByteSpan(buffer).subspan(split)));
    ASSERT_TRUE(r.decoder.finish());
    ASSERT_EQ(r.recorder.elements.size(), 200U);
    EXPECT_EQ(hex_of(r.recorder.elements[199]), "11 C7");
  }
}

TEST(ArrayStreamDecoder, ValueThatIsNotAnArrayIsHandedOnWhole) {
  // structure { octet-string "ABC", long-unsigned 258 }: 02 02 09 03 41 42 43 12 01 02.
  const Bytes value = hex("02 02 09 03 41 42 43 12 01 02");
  for (std::size_t split = 0; split <= value.size(); ++split) {
    Decoding r;
    ASSERT_TRUE(r.decoder.append(ByteSpan(value).first(split)));
    ASSERT_TRUE(r.decoder.append(ByteSpan(value).subspan(split)));
    ASSERT_TRUE(r.decoder.finish());
    EXPECT_EQ(r.recorder.arrays, 0);
    ASSERT_EQ(r.recorder.values.size(), 1U);
    EXPECT_EQ(r.recorder.values[0], value);
  }
}

TEST(ArrayStreamDecoder, EmptyArrayAndTrailingOctets) {
  Decoding empty;
  ASSERT_TRUE(empty.decoder.append(hex("01 00")));
  ASSERT_TRUE(empty.decoder.finish());
  EXPECT_EQ(empty.recorder.arrays, 1);
  EXPECT_TRUE(empty.recorder.elements.empty());

  Decoding trailing;
  EXPECT_EQ(trailing.decoder.append(hex("01 01 11 05 11 06")).error(), codec_errc::trailing_bytes);
  EXPECT_EQ(trailing.recorder.elements.size(), 1U);
  // An error is final.
  EXPECT_EQ(trailing.decoder.append(hex("11")).error(), codec_errc::trailing_bytes);
  EXPECT_EQ(trailing.decoder.finish().error(), codec_errc::trailing_bytes);

  Decoding after_value;
  EXPECT_EQ(after_value.decoder.append(hex("11 05 11")).error(), codec_errc::trailing_bytes);

  Decoding nothing;
  EXPECT_EQ(nothing.decoder.finish().error(), codec_errc::truncated);
}

TEST(ArrayStreamDecoder, TruncatedAtEveryOctetIsRejected) {
  std::vector<Bytes> rows;
  const Bytes buffer = sample_buffer(rows);
  for (std::size_t n = 0; n < buffer.size(); ++n) {
    Decoding r;
    Status s = r.decoder.append(ByteSpan(buffer).first(n));
    if (s) {
      s = r.decoder.finish();
    }
    ASSERT_FALSE(s) << n;
    EXPECT_EQ(s.error(), codec_errc::truncated) << n;
    ASSERT_LT(r.recorder.elements.size(), rows.size()) << n;
    for (std::size_t i = 0; i < r.recorder.elements.size(); ++i) {
      EXPECT_EQ(r.recorder.elements[i], rows[i]);
    }
  }
}

TEST(ArrayStreamDecoder, MalformedInputIsRejected) {
  struct Case {
    const char* hex;
    codec_errc error;
  };
  const Case cases[] = {
      {"01 02 11 05 0B", codec_errc::unknown_tag},                // no Data type 11 (0B)
      {"01 80", codec_errc::bad_length_encoding},                 // indefinite length
      {"01 85 00 00 00 00 01", codec_errc::bad_length_encoding},  // length of 5 octets
      {"01 81 05", codec_errc::bad_length_encoding},              // long form for a short count
      {"01 83 01 00 00", codec_errc::limit_exceeded},             // 65536 elements > max_elements
      {"01 01 02 83 01 00 00", codec_errc::limit_exceeded},       // a structure of 65536 fields
      {"01 01 02 82 FF FF", codec_errc::truncated},               // 65535 fields: allowed, never come
  };
  for (const Case& c : cases) {
    Decoding r;
    Status s = r.decoder.append(hex(c.hex));
    if (s) {
      s = r.decoder.finish();
    }
    ASSERT_FALSE(s) << c.hex;
    EXPECT_EQ(s.error(), c.error) << c.hex;
  }
}

TEST(ArrayStreamDecoder, DepthBombIsRejectedWithoutGrowingTheCarry) {
  // An array whose element is 100 arrays nested in each other (01 01 01 01 ...).
  Bytes bomb(2, 0x01);
  for (int i = 0; i < 100; ++i) {
    bomb.push_back(0x01);
    bomb.push_back(0x01);
  }
  bomb.push_back(0x11);
  bomb.push_back(0x00);
  Decoding r;
  EXPECT_EQ(r.decoder.append(bomb).error(), codec_errc::depth_exceeded);
  EXPECT_EQ(r.decoder.carry_peak(), 0U);

  // Depth counts the array itself: max_depth 1 allows scalars, not structures, as elements.
  codec::Limits limits;
  limits.max_depth = 1;
  Decoding scalars(limits);
  ASSERT_TRUE(scalars.decoder.append(hex("01 02 11 01 11 02")));
  ASSERT_TRUE(scalars.decoder.finish());
  Decoding nested(limits);
  EXPECT_EQ(nested.decoder.append(hex("01 01 02 01 11 01")).error(), codec_errc::depth_exceeded);
  limits.max_depth = 0;
  Decoding none(limits);
  EXPECT_EQ(none.decoder.append(hex("01 00")).error(), codec_errc::depth_exceeded);
}

TEST(ArrayStreamDecoder, ElementLongerThanTheCarryIsRejected) {
  // An octet-string claiming 65535 octets, sent in small pieces: the carry (16 octets) is full
  // long before; nothing is allocated.
  Recorder recorder;
  std::array<std::uint8_t, 16> storage{};
  ArrayStreamDecoder::FixedCarry carry(storage);
  ArrayStreamDecoder decoder(recorder, carry);
  ASSERT_TRUE(decoder.append(hex("01 01 09 82 FF FF")));
  Status s;
  for (int i = 0; i < 10 && s; ++i) {
    s = decoder.append(Bytes(4, 0x00));
  }
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), codec_errc::limit_exceeded);
  EXPECT_LE(decoder.carry_peak(), storage.size());

  // A string longer than max_string_length is refused as soon as its length is seen.
  Decoding r;
  EXPECT_EQ(r.decoder.append(hex("01 01 09 83 01 00 00")).error(), codec_errc::limit_exceeded);
}

TEST(ArrayStreamDecoder, HandlerErrorEndsTheDecoding) {
  std::vector<Bytes> rows;
  const Bytes buffer = sample_buffer(rows);
  Decoding r;
  r.recorder.fail_at = 2;
  EXPECT_EQ(r.decoder.append(buffer).error(), codec_errc::invalid_value);
  EXPECT_EQ(r.recorder.elements.size(), 2U);
  EXPECT_EQ(r.decoder.finish().error(), codec_errc::invalid_value);
}

}  // namespace
}  // namespace dlms::client
