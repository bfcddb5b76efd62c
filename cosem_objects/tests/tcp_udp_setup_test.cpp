// TCP-UDP setup (class 41, version 0; Blue Book 4.9.1). Defaults: port 4059 (IANA dlms/cosem),
// MSS 576 (range 40..65535), one connection, inactivity 180 s. Bytes by hand.
#include "cosem_objects/tcp_udp_setup.hpp"

#include <gtest/gtest.h>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;

const apdu::ObisCode kName(0, 0, 25, 0, 0, 255);

TEST(TcpUdpSetup, IdentityAndDefaults) {
  TcpUdpSetup t(kName);
  EXPECT_EQ(t.class_id(), 41);
  EXPECT_EQ(t.version(), 0);
  EXPECT_EQ(t.attribute_count(), 6);
  EXPECT_EQ(t.method_count(), 0);
  EXPECT_EQ(get(t, 1), "09 06 00 00 19 00 00 FF");
  EXPECT_EQ(get(t, 2), "12 0F DB");  // 4059
  EXPECT_EQ(get(t, 3), "09 06 00 00 19 01 00 FF");
  EXPECT_EQ(get(t, 4), "12 02 40");  // 576
  EXPECT_EQ(get(t, 5), "11 01");
  EXPECT_EQ(get(t, 6), "12 00 B4");  // 180
  get(t, 7, DataAccessResult::object_undefined);
  EXPECT_EQ(t.port(), 4059);
  EXPECT_EQ(t.ip_reference(), apdu::ObisCode(0, 0, 25, 1, 0, 255));
  ASSERT_NE(create_object(41, kName), nullptr);
}

TEST(TcpUdpSetup, SetAndValidate) {
  TcpUdpSetup t(kName);
  RecordingListener listener;
  t.set_observer(&listener);
  EXPECT_EQ(set(t, 2, "12 11 5B"), DataAccessResult::success);  // 4443
  EXPECT_EQ(t.port(), 4443);
  EXPECT_EQ(set(t, 2, "06 00 00 11 5B"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(t, 3, "09 06 00 00 19 07 00 FF"), DataAccessResult::success);  // IPv6 setup
  EXPECT_EQ(t.ip_reference(), apdu::ObisCode(0, 0, 25, 7, 0, 255));
  EXPECT_EQ(set(t, 3, "09 05 00 00 19 07 00"), DataAccessResult::other_reason);  // not a logical name
  EXPECT_EQ(set(t, 4, "12 00 27"), DataAccessResult::other_reason);              // MSS 39
  EXPECT_EQ(set(t, 4, "12 00 28"), DataAccessResult::success);                   // MSS 40
  EXPECT_EQ(set(t, 4, "12 FF FF"), DataAccessResult::success);
  EXPECT_EQ(t.mss(), 65535);
  EXPECT_EQ(set(t, 5, "11 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set(t, 5, "11 04"), DataAccessResult::success);
  EXPECT_EQ(t.nb_of_sim_conn(), 4);
  EXPECT_EQ(set(t, 6, "12 00 00"), DataAccessResult::success);  // 0: never closed
  EXPECT_EQ(t.inactivity_time_out_s(), 0);
  EXPECT_EQ(get(t, 3), "09 06 00 00 19 07 00 FF");
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{2, 3, 4, 4, 5, 6}));
  expect_truncations_rejected(t, 3, "09 06 00 00 19 01 00 FF");
}

}  // namespace
}  // namespace dlms::cosem
