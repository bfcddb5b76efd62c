// attribute_table() / method_table(): the builders of the classes' description tables.
#include "cosem_objects/description_table.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace dlms::cosem {
namespace {

using codec::DataType;
namespace access = association::access;

constexpr auto kAttributes = attribute_table({
    {"measured", DataType::dont_care, access::kRead, kDynamic},
    {"settings", DataType::structure, access::kReadWrite},
    {"buffer", DataType::array, access::kRead, kDynamic, 0b110},
});
constexpr auto kMethods = method_table({
    {"reset", DataType::integer, access::kAccess},
    {"capture", DataType::integer},
});
constexpr ClassDescription kDescription{7, 1, "Example", kAttributes, kMethods};

// The tables are built at compile time.
static_assert(kAttributes.size() == 4 && kMethods.size() == 2);
static_assert(kDescription.attribute(4) != nullptr && kDescription.attribute(4)->access_selectors == 0b110);
static_assert(kDescription.method(2) != nullptr && kDescription.method(3) == nullptr);

TEST(DescriptionTable, PutsLogicalNameFirstAndNumbersTheRowsFromTwo) {
  const AttributeDescription& ln = kAttributes[0];
  EXPECT_EQ(ln.id, 1);
  EXPECT_EQ(std::string_view(ln.name), "logical_name");
  EXPECT_EQ(ln.type, DataType::octet_string);
  EXPECT_EQ(ln.default_access, access::kRead);
  EXPECT_TRUE(ln.is_static);
  EXPECT_EQ(ln.access_selectors, 0);
  for (std::size_t i = 0; i < kAttributes.size(); ++i) {
    EXPECT_EQ(kAttributes[i].id, static_cast<std::int8_t>(i + 1));
  }
}

TEST(DescriptionTable, CopiesEachAttributeRow) {
  const AttributeDescription* measured = kDescription.attribute(2);
  ASSERT_NE(measured, nullptr);
  EXPECT_EQ(std::string_view(measured->name), "measured");
  EXPECT_EQ(measured->type, DataType::dont_care);
  EXPECT_EQ(measured->default_access, access::kRead);
  EXPECT_FALSE(measured->is_static);
  EXPECT_EQ(measured->access_selectors, 0);

  // Static and no selectors unless the row says otherwise.
  const AttributeDescription* settings = kDescription.attribute(3);
  ASSERT_NE(settings, nullptr);
  EXPECT_EQ(std::string_view(settings->name), "settings");
  EXPECT_EQ(settings->type, DataType::structure);
  EXPECT_EQ(settings->default_access, access::kReadWrite);
  EXPECT_TRUE(settings->is_static);
  EXPECT_EQ(settings->access_selectors, 0);

  const AttributeDescription* buffer = kDescription.attribute(4);
  ASSERT_NE(buffer, nullptr);
  EXPECT_FALSE(buffer->is_static);
  EXPECT_EQ(buffer->access_selectors, 0b110);
  EXPECT_EQ(kDescription.attribute(5), nullptr);
}

TEST(DescriptionTable, NumbersTheMethodsFromOne) {
  ASSERT_EQ(kDescription.methods.size(), 2U);
  EXPECT_EQ(kMethods[0].id, 1);
  EXPECT_EQ(std::string_view(kMethods[0].name), "reset");
  EXPECT_EQ(kMethods[0].parameter_type, DataType::integer);
  EXPECT_EQ(kMethods[0].default_access, access::kAccess);
  EXPECT_EQ(kMethods[1].id, 2);
  EXPECT_EQ(std::string_view(kMethods[1].name), "capture");
  EXPECT_EQ(kMethods[1].default_access, access::kNone);  // no access unless the row gives it
}

TEST(DescriptionTable, BuildsATableOfOneRow) {
  constexpr auto attributes = attribute_table({{"value", DataType::dont_care, access::kRead}});
  static_assert(attributes.size() == 2);
  EXPECT_EQ(attributes[1].id, 2);
  EXPECT_TRUE(attributes[1].is_static);
}

}  // namespace
}  // namespace dlms::cosem
