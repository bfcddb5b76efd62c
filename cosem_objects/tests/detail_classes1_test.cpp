// detail1::check_table: the type and capacity check that starts a set of a table attribute
// (Schedule entries, Script table scripts, Register activation, Register monitor actions,
// Single action schedule execution_time, Activity calendar profiles).
#include "cosem_objects/detail_classes1.hpp"

#include <gtest/gtest.h>

#include "stack/codec/data_view.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem::detail1 {
namespace {

constexpr Shape kIndex{.type = DataType::long_unsigned, .min = 1};
constexpr Shape kIndices{.type = DataType::array, .inner = &kIndex};

DataAccessResult check(std::string_view hex, std::size_t capacity) {
  const auto bytes = from_hex(hex).value();
  const auto v = codec::read_data_exact(bytes, codec::kDefaultLimits);
  EXPECT_TRUE(v.has_value()) << hex;
  return check_table(*v, kIndices, capacity);
}

TEST(CheckTable, AcceptsAnArrayOfTheShapeUpToTheCapacity) {
  EXPECT_EQ(check("01 00", 0), DataAccessResult::success);
  EXPECT_EQ(check("01 02 12 00 01 12 00 02", 2), DataAccessResult::success);
}

TEST(CheckTable, RefusesMoreEntriesThanTheCapacityWithOtherReason) {
  EXPECT_EQ(check("01 02 12 00 01 12 00 02", 1), DataAccessResult::other_reason);
  EXPECT_EQ(check("01 01 12 00 01", 0), DataAccessResult::other_reason);
}

TEST(CheckTable, RefusesAnotherShapeWithTypeUnmatchedBeforeTheCapacity) {
  EXPECT_EQ(check("12 00 01", 5), DataAccessResult::type_unmatched);        // not an array
  EXPECT_EQ(check("01 01 11 01", 5), DataAccessResult::type_unmatched);     // unsigned, not long-unsigned
  EXPECT_EQ(check("01 01 12 00 00", 5), DataAccessResult::type_unmatched);  // index 0 below the range
  EXPECT_EQ(check("01 02 12 00 01 11 01", 1), DataAccessResult::type_unmatched);  // both wrong: the type wins
}

}  // namespace
}  // namespace dlms::cosem::detail1
