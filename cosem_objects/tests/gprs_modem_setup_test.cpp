// GSM/GPRS modem setup (class 45, version 0; Blue Book 4.7.7): APN, PIN_code and
// quality_of_service { default, requested } of five-unsigned qos_elements. Bytes by hand.
#include "cosem_objects/gprs_modem_setup.hpp"

#include <gtest/gtest.h>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;

const apdu::ObisCode kName(0, 0, 25, 4, 0, 255);

TEST(GprsModemSetup, IdentityAndDefaults) {
  GprsModemSetup g(kName);
  EXPECT_EQ(g.class_id(), 45);
  EXPECT_EQ(g.version(), 0);
  EXPECT_EQ(g.attribute_count(), 4);
  EXPECT_EQ(g.method_count(), 0);
  EXPECT_EQ(get(g, 1), "09 06 00 00 19 04 00 FF");
  EXPECT_EQ(get(g, 2), "09 00");
  EXPECT_EQ(get(g, 3), "12 00 00");
  EXPECT_EQ(get(g, 4), "02 02 02 05 11 00 11 00 11 00 11 00 11 00 02 05 11 00 11 00 11 00 11 00 11 00");
  get(g, 5, DataAccessResult::object_undefined);
  ASSERT_NE(create_object(45, kName), nullptr);
  EXPECT_EQ(GprsModemSetup::class_description().attribute(3)->default_access, association::access::kWrite);
}

TEST(GprsModemSetup, ApnPinAndQos) {
  GprsModemSetup g(kName);
  RecordingListener listener;
  g.set_observer(&listener);
  // "internet"
  EXPECT_EQ(set(g, 2, "09 08 69 6E 74 65 72 6E 65 74"), DataAccessResult::success);
  EXPECT_EQ(get(g, 2), "09 08 69 6E 74 65 72 6E 65 74");
  EXPECT_EQ(to_hex(g.apn()), "69 6E 74 65 72 6E 65 74");
  EXPECT_EQ(set(g, 2, "0A 01 61"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(g, 2, "09 65" + std::string(202, '6')), DataAccessResult::other_reason);  // 101 octets
  EXPECT_EQ(set(g, 3, "12 04 D2"), DataAccessResult::success);                            // 1234
  EXPECT_EQ(g.pin_code(), 1234);
  EXPECT_EQ(set(g, 3, "11 04"), DataAccessResult::type_unmatched);
  const char* qos = "02 02 02 05 11 01 11 02 11 03 11 04 11 05 02 05 11 00 11 04 11 03 11 09 11 1F";
  EXPECT_EQ(set(g, 4, qos), DataAccessResult::success);
  EXPECT_EQ(get(g, 4), "02 02 02 05 11 01 11 02 11 03 11 04 11 05 02 05 11 00 11 04 11 03 11 09 11 1F");
  EXPECT_EQ(g.qos_default().reliability, 3);
  EXPECT_EQ(g.qos_requested().mean_throughput, 31);
  // Wrong shapes change nothing.
  EXPECT_EQ(set(g, 4, "02 01 02 05 11 01 11 02 11 03 11 04 11 05"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(g, 4, "02 02 02 05 11 01 11 02 11 03 11 04 11 05 02 05 11 00 11 04 11 03 11 09 12 00 1F"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set(g, 4, "02 02 02 04 11 01 11 02 11 03 11 04 02 05 11 00 11 04 11 03 11 09 11 1F"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(g.qos_default().precedence, 1);
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{2, 3, 4}));
  expect_truncations_rejected(g, 4, qos);
}

}  // namespace
}  // namespace dlms::cosem
