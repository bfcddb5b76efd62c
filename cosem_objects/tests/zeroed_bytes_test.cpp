// ZeroedBytes: the octet buffer behind ProfileFifo's slots.
#include "cosem_objects/zeroed_bytes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace dlms::cosem {
namespace {

TEST(ZeroedBytes, AssignGivesThatManyOctetsOfTheValue) {
  ZeroedBytes b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.data(), nullptr);
  b.assign(300, 0);
  ASSERT_EQ(b.size(), 300U);
  EXPECT_TRUE(std::all_of(b.begin(), b.end(), [](std::uint8_t v) { return v == 0; }));
  b.data()[7] = 0x5A;
  EXPECT_EQ(b.begin()[7], 0x5A);
  b.assign(20, 0xA5);
  ASSERT_EQ(b.size(), 20U);
  EXPECT_TRUE(std::all_of(b.begin(), b.end(), [](std::uint8_t v) { return v == 0xA5; }));
  b.assign(0, 0);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.data(), nullptr);
}

TEST(ZeroedBytes, ReassignDropsTheOldContents) {
  ZeroedBytes b;
  b.assign(64, 0);
  std::fill(b.begin(), b.end(), std::uint8_t{0xFF});
  b.assign(64, 0);
  EXPECT_TRUE(std::all_of(b.begin(), b.end(), [](std::uint8_t v) { return v == 0; }));
}

TEST(ZeroedBytes, MovesOwnership) {
  ZeroedBytes a;
  a.assign(16, 3);
  const std::uint8_t* p = a.data();
  ZeroedBytes b = std::move(a);
  EXPECT_EQ(b.data(), p);
  EXPECT_EQ(b.size(), 16U);
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__has_feature)
#define DLMS_ZEROED_BYTES_RSS_CHECK 1
#elif defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define DLMS_ZEROED_BYTES_RSS_CHECK 1
#endif
#endif

#if defined(DLMS_ZEROED_BYTES_RSS_CHECK) && defined(__linux__)
long resident_pages() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident;
}

// The point of the class: 16 MiB configured and not written stay out of the resident set
// (std::vector<std::uint8_t>::assign would make all of it resident).
TEST(ZeroedBytes, UnwrittenPagesAreNotResident) {
  const long before = resident_pages();
  ZeroedBytes b;
  b.assign(std::size_t{16} << 20U, 0);
  b.data()[0] = 1;  // one written page
  const long after = resident_pages();
  EXPECT_LT(after - before, 64) << "pages made resident by a 16 MiB ZeroedBytes";
}
#endif

}  // namespace
}  // namespace dlms::cosem
