// IEC HDLC setup (class 23, version 1; Blue Book 4.7.2): ranges and defaults of the Blue Book
// attribute table (comm_speed 0..9 def. 5, windows 1..7 def. 1, info field 32..2030 def. 128,
// inter_octet_time_out 20..6000 ms def. 25, inactivity_time_out def. 120 s). Bytes by hand.
#include "cosem_objects/iec_hdlc_setup.hpp"

#include <gtest/gtest.h>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;

const apdu::ObisCode kName(0, 0, 22, 0, 0, 255);

TEST(IecHdlcSetup, IdentityAndDefaults) {
  IecHdlcSetup h(kName);
  EXPECT_EQ(h.class_id(), 23);
  EXPECT_EQ(h.version(), 1);
  EXPECT_EQ(h.attribute_count(), 9);
  EXPECT_EQ(h.method_count(), 0);
  EXPECT_EQ(get(h, 1), "09 06 00 00 16 00 00 FF");
  EXPECT_EQ(get(h, 2), "16 05");
  EXPECT_EQ(get(h, 3), "11 01");
  EXPECT_EQ(get(h, 4), "11 01");
  EXPECT_EQ(get(h, 5), "12 00 80");
  EXPECT_EQ(get(h, 6), "12 00 80");
  EXPECT_EQ(get(h, 7), "12 00 19");
  EXPECT_EQ(get(h, 8), "12 00 78");
  EXPECT_EQ(get(h, 9), "12 00 10");
  EXPECT_EQ(h.comm_speed_baud(), 9600U);
  EXPECT_EQ(h.window_size_transmit(), 1);
  EXPECT_EQ(h.max_info_field_length_receive(), 128);
  EXPECT_EQ(h.inter_octet_time_out_ms(), 25);
  EXPECT_EQ(h.inactivity_time_out_s(), 120);
  EXPECT_EQ(h.device_address(), 0x10);
  ASSERT_NE(create_object(23, kName), nullptr);
  EXPECT_EQ(find_class(23)->attribute(5)->type, codec::DataType::long_unsigned);  // version 1
}

TEST(IecHdlcSetup, RangesAreEnforcedAtTheirBounds) {
  IecHdlcSetup h(kName);
  struct Case {
    std::int8_t attribute;
    const char* value;
    DataAccessResult result;
  };
  const Case cases[] = {
      {2, "16 00", DataAccessResult::success},
      {2, "16 09", DataAccessResult::success},
      {2, "16 0A", DataAccessResult::other_reason},
      {2, "11 05", DataAccessResult::type_unmatched},
      {3, "11 00", DataAccessResult::other_reason},
      {3, "11 01", DataAccessResult::success},
      {3, "11 07", DataAccessResult::success},
      {3, "11 08", DataAccessResult::other_reason},
      {3, "12 00 07", DataAccessResult::type_unmatched},
      {4, "11 00", DataAccessResult::other_reason},
      {4, "11 07", DataAccessResult::success},
      {4, "11 08", DataAccessResult::other_reason},
      {5, "12 00 1F", DataAccessResult::other_reason},
      {5, "12 00 20", DataAccessResult::success},
      {5, "12 07 EE", DataAccessResult::success},
      {5, "12 07 EF", DataAccessResult::other_reason},
      {5, "11 80", DataAccessResult::type_unmatched},  // version 0's unsigned
      {6, "12 00 1F", DataAccessResult::other_reason},
      {6, "12 07 EE", DataAccessResult::success},
      {6, "12 07 EF", DataAccessResult::other_reason},
      {7, "12 00 13", DataAccessResult::other_reason},
      {7, "12 00 14", DataAccessResult::success},
      {7, "12 17 70", DataAccessResult::success},
      {7, "12 17 71", DataAccessResult::other_reason},
      {8, "12 00 00", DataAccessResult::success},
      {8, "12 FF FF", DataAccessResult::success},
      {8, "06 00 00 00 78", DataAccessResult::type_unmatched},
      {9, "12 00 0F", DataAccessResult::other_reason},
      {9, "12 00 10", DataAccessResult::success},
      {9, "12 3F FD", DataAccessResult::success},
      {9, "12 3F FE", DataAccessResult::other_reason},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(set(h, c.attribute, c.value), c.result) << int(c.attribute) << " " << c.value;
  }
  // The last accepted value of each attribute.
  EXPECT_EQ(get(h, 2), "16 09");
  EXPECT_EQ(get(h, 3), "11 07");
  EXPECT_EQ(get(h, 4), "11 07");
  EXPECT_EQ(get(h, 5), "12 07 EE");
  EXPECT_EQ(get(h, 6), "12 07 EE");
  EXPECT_EQ(get(h, 7), "12 17 70");
  EXPECT_EQ(get(h, 8), "12 FF FF");
  EXPECT_EQ(get(h, 9), "12 3F FD");
  EXPECT_EQ(h.comm_speed_baud(), 115200U);
  EXPECT_EQ(h.window_size_receive(), 7);
  EXPECT_EQ(h.max_info_field_length_transmit(), 2030);
  EXPECT_EQ(h.inter_octet_time_out_ms(), 6000);
  EXPECT_EQ(h.device_address(), 0x3FFD);
}

TEST(IecHdlcSetup, ListenerSeesOnlyAcceptedChanges) {
  IecHdlcSetup h(kName);
  RecordingListener listener;
  h.set_observer(&listener);
  EXPECT_EQ(set(h, 3, "11 08"), DataAccessResult::other_reason);
  EXPECT_EQ(set(h, 3, "11 04"), DataAccessResult::success);
  EXPECT_EQ(set(h, 5, "12 01 00"), DataAccessResult::success);
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{3, 5}));
  EXPECT_EQ(h.window_size_transmit(), 4);
  EXPECT_EQ(h.max_info_field_length_transmit(), 256);
  expect_truncations_rejected(h, 5, "12 01 00");
}

}  // namespace
}  // namespace dlms::cosem
