// Data (class 1) and the InterfaceClass plumbing every class shares.
#include "cosem_objects/data.hpp"

#include <gtest/gtest.h>

#include "cosem_objects/class_registry.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

std::vector<std::uint8_t> get(InterfaceClass& obj, std::int8_t attr, apdu::DataAccessResult expected) {
  std::array<std::uint8_t, 512> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  const server::RequestContext ctx;
  EXPECT_EQ(obj.get(ctx, attr, nullptr, cursor, out), expected);
  EXPECT_FALSE(cursor.more);
  auto w = out.written();
  return {w.begin(), w.end()};
}

TEST(Data, LogicalNameIsOctetStringOfSix) {
  Data d(apdu::ObisCode(0, 0, 42, 0, 0, 255));
  EXPECT_EQ(to_hex(get(d, 1, apdu::DataAccessResult::success)), "09 06 00 00 2A 00 00 FF");
  EXPECT_EQ(d.class_id(), 1);
  EXPECT_EQ(d.version(), 0);
  EXPECT_EQ(d.attribute_count(), 2);
  EXPECT_EQ(d.method_count(), 0);
}

TEST(Data, ValueDefaultsToNullDataAndTakesAnyType) {
  Data d(apdu::ObisCode(0, 0, 96, 1, 0, 255));
  EXPECT_EQ(to_hex(get(d, 2, apdu::DataAccessResult::success)), "00");
  // A malformed value (length past the end) is a type mismatch and changes nothing.
  EXPECT_EQ(d.set_static(2, from_hex("0a08534d").value()), apdu::DataAccessResult::type_unmatched);
  EXPECT_EQ(to_hex(get(d, 2, apdu::DataAccessResult::success)), "00");
  EXPECT_EQ(d.set_static(2, from_hex("0a08534d333037303031").value()), apdu::DataAccessResult::success);
  EXPECT_EQ(to_hex(get(d, 2, apdu::DataAccessResult::success)), "0A 08 53 4D 33 30 37 30 30 31");
}

TEST(Data, LogicalNameIsNotWritableAndIdsOutOfRangeAreUndefined) {
  Data d(apdu::ObisCode(0, 0, 42, 0, 0, 255));
  EXPECT_EQ(d.set_static(1, from_hex("0906000000000000").value()), apdu::DataAccessResult::read_write_denied);
  get(d, 3, apdu::DataAccessResult::object_undefined);
  get(d, 0, apdu::DataAccessResult::object_undefined);
  std::array<std::uint8_t, 8> buf{};
  ByteWriter out(buf);
  EXPECT_EQ(d.invoke({}, 1, nullptr, out).result, apdu::ActionResult::object_undefined);
}

class FixedSource : public ValueSource {
 public:
  apdu::DataAccessResult read(ByteWriter& out) override {
    out.bytes(from_hex("0600000539").value());
    return apdu::DataAccessResult::success;
  }
};

TEST(Data, BoundValueComesFromItsSource) {
  Data d(apdu::ObisCode(0, 0, 96, 7, 21, 255));
  FixedSource src;
  EXPECT_TRUE(d.bind(2, &src));
  EXPECT_FALSE(d.bind(1, &src));
  EXPECT_FALSE(d.bind(3, &src));
  EXPECT_EQ(to_hex(get(d, 2, apdu::DataAccessResult::success)), "06 00 00 05 39");
  // The default ValueSource::write refuses.
  EXPECT_EQ(d.set_static(2, from_hex("0600000001").value()), apdu::DataAccessResult::read_write_denied);
}

TEST(ClassRegistry, FindsAndCreatesData) {
  ASSERT_NE(find_class(1), nullptr);
  EXPECT_STREQ(find_class(1)->name, "Data");
  EXPECT_EQ(find_class(2), nullptr);
  auto obj = create_object(1, apdu::ObisCode(0, 0, 42, 0, 0, 255));
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->class_id(), 1);
  EXPECT_EQ(create_object(9999, apdu::ObisCode()), nullptr);
  for (std::size_t i = 1; i < all_classes().size(); ++i) {
    EXPECT_LT(all_classes()[i - 1]->class_id, all_classes()[i]->class_id);
  }
}

// Blue Book 4.1.3: selective access only where the class defines selectors. InterfaceClass
// answers scope-of-access-violated for every other attribute of every class, read or written,
// before the class sees the request; attribute 1 is answered as without selection.
TEST(InterfaceClass, RefusesSelectiveAccessToAttributesWithoutSelectors) {
  apdu::SelectiveAccessDescriptor descriptor;
  descriptor.access_selector = 1;
  const auto null_data = from_hex("00").value();
  const auto value = codec::read_data_exact(null_data).value();
  for (const ClassDescription* d : all_classes()) {
    SCOPED_TRACE(d->name);
    auto obj = create_object(d->class_id, apdu::ObisCode(0, 0, 99, 0, 0, 255));
    ASSERT_NE(obj, nullptr);
    const server::RequestContext ctx;
    std::array<std::uint8_t, 64> buf{};
    ByteWriter out(buf);
    server::GetCursor cursor;
    EXPECT_EQ(obj->get(ctx, 1, &descriptor, cursor, out), apdu::DataAccessResult::success);
    for (const AttributeDescription& a : d->attributes) {
      if (a.id == 1 || a.access_selectors != 0) {
        continue;
      }
      SCOPED_TRACE(a.name);
      ByteWriter w(buf);
      server::GetCursor c;
      EXPECT_EQ(obj->get(ctx, a.id, &descriptor, c, w), apdu::DataAccessResult::scope_of_access_violated);
      EXPECT_EQ(w.written().size(), 0U);
      EXPECT_EQ(obj->set(ctx, a.id, &descriptor, value), apdu::DataAccessResult::scope_of_access_violated);
    }
  }
}

}  // namespace
}  // namespace dlms::cosem
