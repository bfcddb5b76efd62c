// Register (class 3). Expected bytes follow the Blue Book types (4.3.2): value a simple CHOICE,
// scaler_unit structure { integer, enum } (02 02 0F ss 16 uu, as in the DLMS UA's worked
// Get-Response examples for energy registers: 1.0.1.8.0.255 with unit Wh = 30 = 0x1E).
#include "cosem_objects/register.hpp"

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

TEST(Register, IdentityAndDefaults) {
  Register r(apdu::ObisCode(1, 0, 1, 8, 0, 255));
  EXPECT_EQ(r.class_id(), 3);
  EXPECT_EQ(r.version(), 0);
  EXPECT_EQ(r.attribute_count(), 3);
  EXPECT_EQ(r.method_count(), 1);
  EXPECT_EQ(get_hex(r, 1), norm("09 06 01 00 01 08 00 FF"));
  EXPECT_EQ(get_hex(r, 2), norm("00"));
  EXPECT_EQ(get_hex(r, 3), norm("02 02 0F 00 16 FF"));
  get_hex(r, 4, DataAccessResult::object_undefined);
}

TEST(Register, ValueAndScalerUnitEncodeAsSet) {
  Register r(apdu::ObisCode(1, 0, 1, 8, 0, 255));
  EXPECT_EQ(set_hex(r, 2, "06 00 00 30 39", true), DataAccessResult::success);
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 30 39"));
  EXPECT_EQ(set_hex(r, 3, "02 02 0F 03 16 1E", true), DataAccessResult::success);  // kWh
  EXPECT_EQ(get_hex(r, 3), norm("02 02 0F 03 16 1E"));
  // Other numeric types: long64-unsigned, float32, negative double-long.
  Register v(apdu::ObisCode(1, 0, 32, 7, 0, 255));
  EXPECT_EQ(set_hex(v, 2, "17 43 66 80 00", true), DataAccessResult::success);
  EXPECT_EQ(get_hex(v, 2), norm("17 43 66 80 00"));
  EXPECT_EQ(set_hex(v, 2, "05 FF FF FF FE", true), DataAccessResult::success);
  EXPECT_EQ(get_hex(v, 2), norm("05 FF FF FF FE"));
}

TEST(Register, RefusedSetsChangeNothing) {
  Register r(apdu::ObisCode(1, 0, 1, 8, 0, 255));
  ASSERT_EQ(set_hex(r, 2, "06 00 00 30 39", true), DataAccessResult::success);
  // A client must keep the configured type; containers are never register values.
  EXPECT_EQ(set_hex(r, 2, "12 00 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 2, "01 01 06 00 00 00 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 2, "06 00 00 00 07"), DataAccessResult::success);
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 00 07"));
  // scaler_unit: wrong scaler type, wrong count, unit 0.
  EXPECT_EQ(set_hex(r, 3, "02 02 10 00 00 16 1E"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 3, "02 01 0F 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 3, "02 02 0F 00 16 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(r, 3, "02 02 0F 00 11 1E"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get_hex(r, 3), norm("02 02 0F 00 16 FF"));
  EXPECT_EQ(set_hex(r, 1, "09 06 00 00 00 00 00 00"), DataAccessResult::read_write_denied);
}

TEST(Register, ResetSetsTheValueToZeroOfItsType) {
  Register r(apdu::ObisCode(1, 0, 1, 8, 0, 255));
  ASSERT_EQ(set_hex(r, 2, "06 00 00 30 39", true), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get_hex(r, 2), norm("06 00 00 00 00"));
  ASSERT_EQ(set_hex(r, 2, "0A 03 41 42 43", true), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(r, 1), ActionResult::success);  // no parameter: taken as integer(0)
  EXPECT_EQ(get_hex(r, 2), norm("0A 00"));
  // data ::= integer(0): anything else is refused.
  ASSERT_EQ(set_hex(r, 2, "12 00 05", true), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(r, 1, "0F 01"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(r, 1, "11 00"), ActionResult::type_unmatched);
  EXPECT_EQ(get_hex(r, 2), norm("12 00 05"));
  EXPECT_EQ(invoke_hex(r, 2, "0F 00"), ActionResult::object_undefined);
}

TEST(Register, BoundValueReadsItsSourceAndResetsThroughItsSink) {
  Register r(apdu::ObisCode(1, 0, 1, 8, 0, 255));
  FakeSource src("06 00 01 E2 40");
  ASSERT_TRUE(r.bind(2, &src));
  EXPECT_EQ(get_hex(r, 2), norm("06 00 01 E2 40"));
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::object_unavailable);
  FakeSink sink;
  ASSERT_TRUE(r.bind_method(1, &sink));
  EXPECT_EQ(invoke_hex(r, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(sink.calls, 1);
}

TEST(Register, RegistryFindsTheClasses) {
  for (std::uint16_t id : {3, 4, 5, 6, 8, 9, 10, 11, 20, 21, 22}) {
    const auto* d = find_class(id);
    ASSERT_NE(d, nullptr) << id;
    EXPECT_EQ(d->version, 0) << id;
    auto obj = create_object(id, apdu::ObisCode(0, 0, 1, 0, 0, 255));
    ASSERT_NE(obj, nullptr) << id;
    EXPECT_EQ(obj->class_id(), id);
    // Every attribute of a fresh object encodes.
    for (int a = 1; a <= obj->attribute_count(); ++a) {
      get_hex(*obj, static_cast<std::int8_t>(a));
    }
  }
}

}  // namespace
}  // namespace dlms::cosem
