// Every implemented class's ClassDescription (Blue Book attribute and method tables) against a
// reviewed dump in tests/data/class_descriptions.txt, so that a change to a table (an id, a
// type, a default access right) is always a deliberate one. After an intended change, rerun
// with DLMS_UPDATE_GOLDEN=1 in the environment to rewrite the file, and review its diff.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cosem_objects/class_registry.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {
namespace {

const char* const kGoldenPath = DLMS_TEST_DATA_DIR "/class_descriptions.txt";

// One line a class, attribute and method; types and access bits as numbers.
std::string dump(const ClassDescription& d) {
  std::ostringstream s;
  s << "class " << d.class_id << " v" << unsigned{d.version} << " \"" << d.name << "\"\n";
  for (const auto& a : d.attributes) {
    s << "  attribute " << int{a.id} << " " << a.name
      << " type=" << unsigned{static_cast<std::uint8_t>(a.type)} << " access=" << unsigned{a.default_access}
      << (a.is_static ? " static" : " dynamic") << " selectors=" << unsigned{a.access_selectors} << "\n";
  }
  for (const auto& m : d.methods) {
    s << "  method " << int{m.id} << " " << m.name
      << " parameter=" << unsigned{static_cast<std::uint8_t>(m.parameter_type)}
      << " access=" << unsigned{m.default_access} << "\n";
  }
  return s.str();
}

std::string dump_all() {
  std::string out;
  for (const ClassDescription* d : all_classes()) {
    out += dump(*d);
  }
  return out;
}

TEST(ClassDescriptions, MatchTheReviewedDump) {
  const std::string actual = dump_all();
  if (std::getenv("DLMS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(kGoldenPath, std::ios::binary) << actual;
  }
  std::ifstream in(kGoldenPath, std::ios::binary);
  ASSERT_TRUE(in.good()) << kGoldenPath;
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str());
}

// Blue Book 4.1.2: attribute 1 of every class is logical_name, octet-string, read-only and
// static; attributes and methods are numbered 1..n without gaps (the access rights lists and
// InterfaceClass's range checks rely on it).
TEST(ClassDescriptions, NumberAttributesAndMethodsFromOne) {
  for (const ClassDescription* d : all_classes()) {
    SCOPED_TRACE(d->name);
    ASSERT_FALSE(d->attributes.empty());
    const AttributeDescription& ln = d->attributes.front();
    EXPECT_STREQ(ln.name, "logical_name");
    EXPECT_EQ(ln.type, codec::DataType::octet_string);
    EXPECT_EQ(ln.default_access, association::access::kRead);
    EXPECT_TRUE(ln.is_static);
    EXPECT_EQ(ln.access_selectors, 0);
    for (std::size_t i = 0; i < d->attributes.size(); ++i) {
      EXPECT_EQ(d->attributes[i].id, static_cast<std::int8_t>(i + 1));
    }
    for (std::size_t i = 0; i < d->methods.size(); ++i) {
      EXPECT_EQ(d->methods[i].id, static_cast<std::int8_t>(i + 1));
    }
  }
}

}  // namespace
}  // namespace dlms::cosem
