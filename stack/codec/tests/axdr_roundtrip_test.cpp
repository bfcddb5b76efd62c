// Property tests: random Data trees encode, validate, walk and decode back to themselves.
#include "stack/codec/data.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"

namespace dlms::codec {
namespace {

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  Data value(int depth) {
    const int kind = pick(0, depth > 0 ? 24 : 21);
    switch (kind) {
      case 0: return Data::null_data();
      case 1: return Data::boolean(pick(0, 1) == 1);
      case 2: {
        const std::size_t bits = static_cast<std::size_t>(pick(0, 40));
        auto b = bytes((bits + 7) / 8);
        if (bits % 8 != 0) {
          b.back() = static_cast<std::uint8_t>(b.back() & (0xFF << (8 - bits % 8)));
        }
        return Data::bit_string(b, bits);
      }
      case 3: return Data::double_long(static_cast<std::int32_t>(rng_()));
      case 4: return Data::double_long_unsigned(static_cast<std::uint32_t>(rng_()));
      case 5: return Data::octet_string(bytes(static_cast<std::size_t>(pick(0, 300))));
      case 6: return Data::visible_string(text(static_cast<std::size_t>(pick(0, 40))));
      case 7: return Data::utf8_string(text(static_cast<std::size_t>(pick(0, 40))));
      case 8: return Data::bcd(static_cast<std::uint8_t>(rng_()));
      case 9: return Data::integer(static_cast<std::int8_t>(rng_()));
      case 10: return Data::long_(static_cast<std::int16_t>(rng_()));
      case 11: return Data::unsigned_(static_cast<std::uint8_t>(rng_()));
      case 12: return Data::long_unsigned(static_cast<std::uint16_t>(rng_()));
      case 13: return Data::long64(static_cast<std::int64_t>(wide()));
      case 14: return Data::long64_unsigned(wide());
      case 15: return Data::enum_(static_cast<std::uint8_t>(rng_()));
      case 16: return Data::float32(static_cast<float>(pick(-100000, 100000)) / 7.0F);
      case 17: return Data::float64(static_cast<double>(wide() >> 11U) / 3.0);
      case 18:
        return Data::date_time(CosemDateTime::from_utc(
            std::chrono::sys_seconds(std::chrono::seconds(wide() % 4000000000ULL)),
            static_cast<std::int16_t>(pick(-720, 720)), static_cast<std::uint8_t>(rng_())));
      case 19: return Data::date(CosemDate{static_cast<std::uint16_t>(pick(1990, 2100)), 2, 29, 0xFF});
      case 20: return Data::time(CosemTime{23, 59, 59, 99});
      case 21: return Data::dont_care();
      case 22:
        return Data::compact_array({0x02, 0x02, 0x12, 0x09}, {0x00, 0x05, 0x01, 0xAA, 0x00, 0x06, 0x00});
      default: {
        std::vector<Data> children;
        const int n = pick(0, 6);
        children.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
          children.push_back(value(depth - 1));
        }
        return kind == 23 ? Data::array(std::move(children)) : Data::structure(std::move(children));
      }
    }
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::uint64_t wide() { return (std::uint64_t{rng_()} << 32U) | rng_(); }
  std::vector<std::uint8_t> bytes(std::size_t n) {
    std::vector<std::uint8_t> b(n);
    for (auto& x : b) {
      x = static_cast<std::uint8_t>(rng_());
    }
    return b;
  }
  std::string text(std::size_t n) {
    std::string s(n, ' ');
    for (auto& c : s) {
      c = static_cast<char>(pick(0x20, 0x7E));
    }
    return s;
  }
  std::mt19937 rng_;
};

// Counts every node of a view tree by walking it (checks the iterators agree with size()).
std::size_t count_nodes(const DataView& v) {
  std::size_t n = 1;
  std::size_t children = 0;
  for (const DataView e : v.elements()) {
    n += count_nodes(e);
    ++children;
  }
  if (v.is_container()) {
    EXPECT_EQ(children, v.size());
  }
  return n;
}

std::size_t count_nodes(const Data& d) {
  std::size_t n = 1;
  for (const Data& e : d.elements()) {
    n += count_nodes(e);
  }
  return n;
}

TEST(AxdrRoundTrip, RandomTrees) {
  Generator gen(20260424);
  for (int i = 0; i < 2000; ++i) {
    const Data d = gen.value(4);
    const auto bytes = d.encode();
    ASSERT_EQ(bytes.size(), d.encoded_size());
    auto view = read_data_exact(bytes);
    ASSERT_TRUE(view) << i << ": " << view.error().message();
    EXPECT_EQ(view->encoded().size(), bytes.size());
    EXPECT_EQ(count_nodes(*view), count_nodes(d));
    auto back = Data::decode(*view);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, d) << i;
    EXPECT_EQ(back->encode(), bytes);
  }
}

// The low-level writer and the owning Data agree byte for byte.
TEST(AxdrRoundTrip, WriterMatchesData) {
  std::vector<std::uint8_t> buf(256);
  ByteWriter w(buf);
  axdr::begin_structure(w, 4);
  axdr::write_long64(w, -5);
  axdr::write_visible_string(w, "abc");
  axdr::begin_array(w, 2);
  axdr::write_float64(w, 0.25);
  axdr::write_boolean(w, true);
  axdr::write_date_time_octets(w, CosemDateTime{2024, 2, 29, 4, 12, 0, 0, 0, 0, 0});
  ASSERT_TRUE(w.ok());
  const Data d = Data::structure({
      Data::long64(-5),
      Data::visible_string("abc"),
      Data::array({Data::float64(0.25), Data::boolean(true)}),
      Data::octet_string(CosemDateTime{2024, 2, 29, 4, 12, 0, 0, 0, 0, 0}.encode()),
  });
  EXPECT_EQ(d.encode(), std::vector<std::uint8_t>(w.written().begin(), w.written().end()));
  EXPECT_EQ(*Data::decode(w.written()), d);
  EXPECT_EQ(d.elements()[2].elements()[0].as_double(), 0.25);
  EXPECT_EQ(d.elements()[0].as_int64(), -5);
  EXPECT_EQ(d.elements()[3].as_date_time()->day_of_month, 29);
}

}  // namespace
}  // namespace dlms::codec
