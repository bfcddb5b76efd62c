// IEC local port setup (class 19, version 1; Blue Book 4.7.1). Expected bytes are derived by
// hand from the attribute types (enum = 16 xx, octet-string = 09 len ...).
#include "cosem_objects/iec_local_port_setup.hpp"

#include <gtest/gtest.h>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;

const apdu::ObisCode kName(0, 0, 20, 0, 0, 255);

TEST(IecLocalPortSetup, IdentityAndDefaults) {
  IecLocalPortSetup p(kName);
  EXPECT_EQ(p.class_id(), 19);
  EXPECT_EQ(p.version(), 1);
  EXPECT_EQ(p.attribute_count(), 9);
  EXPECT_EQ(p.method_count(), 0);
  EXPECT_EQ(get(p, 1), "09 06 00 00 14 00 00 FF");
  EXPECT_EQ(get(p, 2), "16 00");  // IEC 62056-21 modes A..E
  EXPECT_EQ(get(p, 3), "16 00");  // 300 Bd opening
  EXPECT_EQ(get(p, 4), "16 05");  // 9600 Bd proposed
  EXPECT_EQ(get(p, 5), "16 00");  // 20 ms
  for (std::int8_t a = 6; a <= 9; ++a) {
    EXPECT_EQ(get(p, a), "09 00");
  }
  get(p, 10, DataAccessResult::object_undefined);
  EXPECT_EQ(p.default_mode(), IecLocalPortSetup::Mode::iec62056_21);
  EXPECT_EQ(p.default_baud_rate(), 300U);
  EXPECT_EQ(p.prop_baud_rate(), 9600U);
  EXPECT_EQ(p.response_time_ms(), 20);
}

TEST(IecLocalPortSetup, DescriptionTypesAndAccess) {
  const auto& d = IecLocalPortSetup::class_description();
  EXPECT_STREQ(d.name, "IEC local port setup");
  EXPECT_EQ(d.attribute(2)->type, codec::DataType::enum_);
  EXPECT_EQ(d.attribute(6)->type, codec::DataType::octet_string);
  EXPECT_EQ(d.attribute(7)->default_access, association::access::kWrite);  // passwords are not read back
  ASSERT_NE(find_class(19), nullptr);
  auto obj = create_object(19, kName);
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->version(), 1);
}

TEST(IecLocalPortSetup, EnumsAreValidated) {
  IecLocalPortSetup p(kName);
  RecordingListener listener;
  p.set_observer(&listener);
  EXPECT_EQ(set(p, 2, "16 01"), DataAccessResult::success);
  EXPECT_EQ(set(p, 2, "16 02"), DataAccessResult::success);
  EXPECT_EQ(set(p, 2, "16 03"), DataAccessResult::other_reason);
  EXPECT_EQ(set(p, 2, "11 01"), DataAccessResult::type_unmatched);  // unsigned is not enum
  EXPECT_EQ(get(p, 2), "16 02");
  EXPECT_EQ(set(p, 3, "16 09"), DataAccessResult::success);
  EXPECT_EQ(p.default_baud_rate(), 115200U);
  EXPECT_EQ(set(p, 3, "16 0A"), DataAccessResult::other_reason);
  EXPECT_EQ(set(p, 4, "16 06"), DataAccessResult::success);
  EXPECT_EQ(p.prop_baud_rate(), 19200U);
  EXPECT_EQ(set(p, 4, "16 FF"), DataAccessResult::other_reason);
  EXPECT_EQ(set(p, 5, "16 01"), DataAccessResult::success);
  EXPECT_EQ(p.response_time_ms(), 200);
  EXPECT_EQ(set(p, 5, "16 02"), DataAccessResult::other_reason);
  EXPECT_EQ(get(p, 3), "16 09");
  EXPECT_EQ(get(p, 4), "16 06");
  EXPECT_EQ(get(p, 5), "16 01");
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{2, 2, 3, 4, 5}));
}

TEST(IecLocalPortSetup, StringsAndPasswords) {
  IecLocalPortSetup p(kName);
  EXPECT_EQ(set(p, 6, "09 08 3132333435363738"), DataAccessResult::success);
  EXPECT_EQ(get(p, 6), "09 08 31 32 33 34 35 36 37 38");
  EXPECT_EQ(to_hex(p.device_addr()), "31 32 33 34 35 36 37 38");
  EXPECT_EQ(set(p, 7, "09 08 3030303030303030"), DataAccessResult::success);
  EXPECT_EQ(set(p, 8, "09 02 4142"), DataAccessResult::success);
  EXPECT_EQ(set(p, 9, "09 01 57"), DataAccessResult::success);
  EXPECT_EQ(to_hex(p.pass_p1()), "30 30 30 30 30 30 30 30");
  EXPECT_EQ(get(p, 8), "09 02 41 42");
  EXPECT_EQ(get(p, 9), "09 01 57");
  // visible-string is not octet-string; 33 octets are past the 32-octet limit.
  EXPECT_EQ(set(p, 6, "0A 01 31"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(p, 6, "09 21" + std::string(66, '3')), DataAccessResult::other_reason);
  EXPECT_EQ(set(p, 6, "09 20" + std::string(64, '3')), DataAccessResult::success);
  EXPECT_EQ(p.device_addr().size(), 32U);
  expect_truncations_rejected(p, 7, "09 03 414243");
  EXPECT_EQ(set(p, 1, "09 06 000000000000"), DataAccessResult::read_write_denied);
}

TEST(IecLocalPortSetup, SelectiveAccessIsRefused) {
  IecLocalPortSetup p(kName);
  apdu::SelectiveAccessDescriptor sel;
  sel.access_selector = 1;
  std::array<std::uint8_t, 8> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  EXPECT_EQ(p.get({}, 2, &sel, cursor, out), DataAccessResult::scope_of_access_violated);
  const auto v = hex("16 01");
  EXPECT_EQ(p.set({}, 2, &sel, codec::read_data_exact(v).value()),
            DataAccessResult::scope_of_access_violated);
}

}  // namespace
}  // namespace dlms::cosem
