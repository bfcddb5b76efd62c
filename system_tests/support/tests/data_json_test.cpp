// decode_data_json: translator JSON (stack/translator/README.md "JSON") back to typed values.
#include "system_tests/support/data_json.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dlms::system_test {
namespace {

TEST(DataJson, ScalarsAndOctetStrings) {
  EXPECT_EQ(decode_data_json(R"({"UInt32":"0000012C"})").as_uint64(), 300U);
  EXPECT_EQ(decode_data_json(R"({"Enum":"02"})").as_uint64(), 2U);
  EXPECT_TRUE(decode_data_json(R"({"Boolean":"true"})").as_bool());
  const auto dt = decode_data_json(R"({"OctetString":"07EA0B1903000000FF000000"})");
  EXPECT_EQ(dt.type(), codec::DataType::octet_string);
  EXPECT_EQ(dt.octets().size(), 12U);
}

TEST(DataJson, StructuresKeepTheirElements) {
  const auto s = decode_data_json(R"({"Structure":[{"UInt16":"0001"},{"Array":[]}]})");
  ASSERT_EQ(s.type(), codec::DataType::structure);
  ASSERT_EQ(s.elements().size(), 2U);
  EXPECT_EQ(s.elements()[0].as_uint64(), 1U);
}

TEST(DataJson, GarbageThrows) {
  EXPECT_THROW(decode_data_json("not json"), std::runtime_error);
  EXPECT_THROW(decode_data_json(R"({"NoSuchType":"00"})"), std::runtime_error);
}

}  // namespace
}  // namespace dlms::system_test
