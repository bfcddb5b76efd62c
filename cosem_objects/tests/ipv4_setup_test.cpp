// IPv4 setup (class 42, version 0; Blue Book 4.9.2): attributes and the multicast methods
// add_mc_IP_address (1), delete_mc_IP_address (2), get_nbof_mc_IP_addresses (3). Addresses are
// double-long-unsigned, most significant octet first. Bytes by hand.
#include "cosem_objects/ipv4_setup.hpp"

#include <gtest/gtest.h>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/tests/classes3_support.hpp"

namespace dlms::cosem {
namespace {

using namespace classes3_test;

const apdu::ObisCode kName(0, 0, 25, 1, 0, 255);

TEST(Ipv4Setup, IdentityAndDefaults) {
  Ipv4Setup s(kName);
  EXPECT_EQ(s.class_id(), 42);
  EXPECT_EQ(s.version(), 0);
  EXPECT_EQ(s.attribute_count(), 10);
  EXPECT_EQ(s.method_count(), 3);
  EXPECT_EQ(get(s, 1), "09 06 00 00 19 01 00 FF");
  EXPECT_EQ(get(s, 2), "09 06 00 00 00 00 00 00");
  EXPECT_EQ(get(s, 3), "06 00 00 00 00");
  EXPECT_EQ(get(s, 4), "01 00");
  EXPECT_EQ(get(s, 5), "01 00");
  EXPECT_EQ(get(s, 6), "06 00 00 00 00");
  EXPECT_EQ(get(s, 7), "06 00 00 00 00");
  EXPECT_EQ(get(s, 8), "03 00");
  EXPECT_EQ(get(s, 9), "06 00 00 00 00");
  EXPECT_EQ(get(s, 10), "06 00 00 00 00");
  get(s, 11, DataAccessResult::object_undefined);
  ASSERT_NE(create_object(42, kName), nullptr);
  EXPECT_EQ(find_class(42)->method(3)->parameter_type, codec::DataType::integer);
}

TEST(Ipv4Setup, AddressesAndFlags) {
  Ipv4Setup s(kName);
  RecordingListener listener;
  s.set_observer(&listener);
  EXPECT_EQ(set(s, 2, "09 06 00 00 19 04 00 FF"), DataAccessResult::success);  // GPRS modem setup
  EXPECT_EQ(set(s, 3, "06 C0 A8 01 0A"), DataAccessResult::success);           // 192.168.1.10
  EXPECT_EQ(set(s, 6, "06 FF FF FF 00"), DataAccessResult::success);           // /24
  EXPECT_EQ(set(s, 6, "06 FF 00 FF 00"), DataAccessResult::other_reason);      // not contiguous
  EXPECT_EQ(set(s, 6, "06 00 00 00 00"), DataAccessResult::success);           // /0
  EXPECT_EQ(set(s, 6, "06 FF FF FF FF"), DataAccessResult::success);           // /32
  EXPECT_EQ(set(s, 7, "06 C0 A8 01 01"), DataAccessResult::success);
  EXPECT_EQ(set(s, 8, "03 01"), DataAccessResult::success);
  EXPECT_EQ(set(s, 8, "11 01"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(s, 9, "06 08 08 08 08"), DataAccessResult::success);
  EXPECT_EQ(set(s, 10, "06 01 01 01 01"), DataAccessResult::success);
  EXPECT_EQ(set(s, 3, "12 C0 A8"), DataAccessResult::type_unmatched);
  EXPECT_EQ(get(s, 3), "06 C0 A8 01 0A");
  EXPECT_EQ(get(s, 6), "06 FF FF FF FF");
  EXPECT_EQ(get(s, 8), "03 01");
  EXPECT_EQ(s.ip_address(), 0xC0A8010AU);
  EXPECT_EQ(s.gateway_ip_address(), 0xC0A80101U);
  EXPECT_TRUE(s.use_dhcp());
  EXPECT_EQ(s.primary_dns_address(), 0x08080808U);
  EXPECT_EQ(s.secondary_dns_address(), 0x01010101U);
  EXPECT_EQ(s.dl_reference(), apdu::ObisCode(0, 0, 25, 4, 0, 255));
  s.update_ip_address(0x0A000001);
  EXPECT_EQ(get(s, 3), "06 0A 00 00 01");
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{2, 3, 6, 6, 6, 7, 8, 9, 10, 3}));
}

TEST(Ipv4Setup, MulticastList) {
  Ipv4Setup s(kName);
  // 224.0.0.251 and 239.255.255.250; a duplicate counts once; 192.168.0.1 is not class D.
  EXPECT_EQ(set(s, 4, "01 03 06 E0 00 00 FB 06 EF FF FF FA 06 E0 00 00 FB"), DataAccessResult::success);
  EXPECT_EQ(get(s, 4), "01 02 06 E0 00 00 FB 06 EF FF FF FA");
  EXPECT_EQ(set(s, 4, "01 01 06 C0 A8 00 01"), DataAccessResult::other_reason);
  EXPECT_EQ(set(s, 4, "01 01 12 E0 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(s, 4, "02 01 06 E0 00 00 FB"), DataAccessResult::type_unmatched);
  std::string nine = "01 09";
  for (int i = 0; i < 9; ++i) {
    nine += " 06 E0 00 00 0" + std::to_string(i);
  }
  EXPECT_EQ(set(s, 4, nine), DataAccessResult::other_reason);  // more than kMaxMulticast
  EXPECT_EQ(get(s, 4), "01 02 06 E0 00 00 FB 06 EF FF FF FA");
  EXPECT_EQ(s.multicast_ip_addresses().size(), 2U);
  expect_truncations_rejected(s, 4, "01 01 06 E0 00 00 01");
}

TEST(Ipv4Setup, MulticastMethods) {
  Ipv4Setup s(kName);
  RecordingListener listener;
  s.set_observer(&listener);
  EXPECT_EQ(invoke(s, 3, "0F 00").return_hex, "12 00 00");
  EXPECT_EQ(invoke(s, 3, "").return_hex, "12 00 00");  // absent parameter taken as integer(0)
  EXPECT_EQ(invoke(s, 3, "11 00").result, ActionResult::type_unmatched);
  EXPECT_EQ(invoke(s, 3, "0F 01").result, ActionResult::type_unmatched);

  EXPECT_EQ(invoke(s, 1, "06 E0 00 00 FB").result, ActionResult::success);
  EXPECT_EQ(invoke(s, 1, "06 E0 00 00 FC").result, ActionResult::success);
  EXPECT_EQ(invoke(s, 1, "06 E0 00 00 FB").result, ActionResult::success);       // already there
  EXPECT_EQ(invoke(s, 1, "06 C0 A8 00 01").result, ActionResult::other_reason);  // not multicast
  EXPECT_EQ(invoke(s, 1, "12 00 01").result, ActionResult::type_unmatched);
  EXPECT_EQ(invoke(s, 1, "").result, ActionResult::type_unmatched);
  EXPECT_EQ(get(s, 4), "01 02 06 E0 00 00 FB 06 E0 00 00 FC");
  const auto n = invoke(s, 3, "0F 00");
  EXPECT_EQ(n.result, ActionResult::success);
  EXPECT_EQ(n.return_hex, "12 00 02");

  EXPECT_EQ(invoke(s, 2, "06 E0 00 00 FB").result, ActionResult::success);
  EXPECT_EQ(invoke(s, 2, "06 E0 00 00 FB").result, ActionResult::other_reason);  // not in the list
  EXPECT_EQ(invoke(s, 2, "05 E0 00 00 FC").result, ActionResult::type_unmatched);
  EXPECT_EQ(get(s, 4), "01 01 06 E0 00 00 FC");
  EXPECT_EQ(invoke(s, 3, "0F 00").return_hex, "12 00 01");
  EXPECT_EQ(listener.changed, (std::vector<std::int8_t>{4, 4, 4}));

  // A full list refuses one more.
  for (std::uint8_t i = 0; s.multicast_ip_addresses().size() < Ipv4Setup::kMaxMulticast; ++i) {
    char p[32];
    std::snprintf(p, sizeof p, "06 E1 00 00 %02X", i);
    ASSERT_EQ(invoke(s, 1, p).result, ActionResult::success);
  }
  EXPECT_EQ(invoke(s, 1, "06 EE 00 00 01").result, ActionResult::temporary_failure);
  EXPECT_EQ(invoke(s, 4, "0F 00").result, ActionResult::object_undefined);
}

TEST(Ipv4Setup, IpOptions) {
  Ipv4Setup s(kName);
  // One Internet timestamp option (type 0x44, length 4, data 01 02).
  const char* one = "01 01 02 03 11 44 11 04 09 02 01 02";
  EXPECT_EQ(set(s, 5, one), DataAccessResult::success);
  EXPECT_EQ(get(s, 5), "01 01 02 03 11 44 11 04 09 02 01 02");
  EXPECT_EQ(to_hex(s.ip_options_encoding()), "01 01 02 03 11 44 11 04 09 02 01 02");
  EXPECT_EQ(set(s, 5, "01 01 02 02 11 44 11 04"), DataAccessResult::type_unmatched);  // two fields
  EXPECT_EQ(set(s, 5, "01 01 02 03 12 00 44 11 04 09 00"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set(s, 5, "01 01 02 03 11 44 11 28 09 27" + std::string(78, '0')),
            DataAccessResult::other_reason);  // 39 data octets
  EXPECT_EQ(set(s, 5, "01 00"), DataAccessResult::success);
  EXPECT_EQ(get(s, 5), "01 00");
  expect_truncations_rejected(s, 5, one);
}

}  // namespace
}  // namespace dlms::cosem
