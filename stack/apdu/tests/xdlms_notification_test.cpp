// ExceptionResponse, DataNotification, EventNotificationRequest, General-Block-Transfer,
// Invoke-Id-And-Priority and OBIS codes (vectors and sources in xdlms_vectors.hpp).
#include <gtest/gtest.h>

#include "stack/apdu/data_notification.hpp"
#include "stack/apdu/event_notification.hpp"
#include "stack/apdu/exception_response.hpp"
#include "stack/apdu/general_block_transfer.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/apdu/tests/xdlms_test_support.hpp"

namespace dlms::apdu::test {
namespace {

TEST(XdlmsException, StateAndServiceErrors) {
  const Bytes plain = hex("D8 01 02");
  const auto e = decode_as<ExceptionResponse>(plain);
  EXPECT_EQ(e.state_error, StateError::service_not_allowed);
  EXPECT_EQ(e.service_error, ServiceError::service_not_supported);

  ExceptionResponse counter{StateError::service_unknown, ServiceError::invocation_counter_error, 42};
  EXPECT_EQ(to_hex(encode_value(counter)), "D8 02 06 00 00 00 2A");
  const Bytes bytes = hex("D8 02 06 0000002A");
  EXPECT_EQ(decode_as<ExceptionResponse>(bytes).invocation_counter, 42U);

  ExceptionResponse bad{StateError::service_unknown, static_cast<ServiceError>(9), 0};
  Bytes buf(8);
  ByteWriter w(buf);
  EXPECT_EQ(bad.encode(w).error(), make_error_code(xdlms_errc::invalid_field));
}

TEST(XdlmsDataNotification, WithoutAndWithDateTime) {
  // [dlms-cosem] test_data_notification.py: long-invoke-id 0x1DB, no date-time, body an octet-string.
  const Bytes bytes =
      hex("0F 000001DB 00 0922 125A859136000000004900000011000000 0A5A8513D014800000000D0000000A0100");
  const auto n = decode_as<DataNotification>(bytes);
  EXPECT_EQ(n.long_invoke_id_and_priority.long_invoke_id(), 0x1DBU);
  EXPECT_FALSE(n.long_invoke_id_and_priority.confirmed());
  EXPECT_TRUE(n.date_time.empty());
  EXPECT_EQ(n.notification_body.type(), codec::DataType::octet_string);
  EXPECT_EQ(n.notification_body.encoded().size(), 36U);

  const Bytes timed = hex("0F 00000005 0C 07E60B18040C000000FFC400 0202 120001 0600000010");
  const auto t = decode_as<DataNotification>(timed);
  EXPECT_EQ(to_hex(span_bytes(t.date_time)), "07 E6 0B 18 04 0C 00 00 00 FF C4 00");
  EXPECT_EQ(t.notification_body.type(), codec::DataType::structure);
}

TEST(XdlmsEventNotification, OptionalTime) {
  const Bytes bytes = hex("C2 00 0001 0000600B00FF 02 12002A");
  const auto e = decode_as<EventNotificationRequest>(bytes);
  EXPECT_FALSE(e.time.has_value());
  EXPECT_EQ(e.cosem_attribute_descriptor.instance_id, ObisCode(0, 0, 96, 11, 0, 255));
  EXPECT_EQ(to_hex(span_bytes(e.attribute_value.encoded())), "12 00 2A");

  const Bytes timed = hex("C2 01 0C 07E60B18040C000000FFC400 0001 0000600B00FF 02 1105");
  const auto t = decode_as<EventNotificationRequest>(timed);
  ASSERT_TRUE(t.time.has_value());
  EXPECT_EQ(t.time->size(), 12U);
}

TEST(XdlmsGeneralBlockTransfer, BlockControlBits) {
  const Bytes bytes = hex("E0 81 0001 0000 09 C401C100 0600001391");
  const auto g = decode_as<GeneralBlockTransfer>(bytes);
  EXPECT_TRUE(g.block_control.last_block());
  EXPECT_FALSE(g.block_control.streaming());
  EXPECT_EQ(g.block_control.window(), 1);
  EXPECT_EQ(g.block_number, 1);
  EXPECT_EQ(g.block_number_ack, 0);
  EXPECT_EQ(g.block_data.size(), 9U);
  // The block data is itself an APDU here.
  auto inner = decode_apdu(g.block_data);
  ASSERT_TRUE(inner);
  EXPECT_STREQ(apdu_name(*inner), "get-response");

  GeneralBlockTransfer streaming{BlockControl::make(false, true, 2), 2, 1, ByteSpan()};
  EXPECT_EQ(to_hex(encode_value(streaming)), "E0 42 00 02 00 01 00");
  EXPECT_EQ(BlockControl::make(true, true, 63).value, 0xFF);
}

TEST(XdlmsInvokeId, Bits) {
  const auto c1 = InvokeIdAndPriority::make(1, true, true);
  EXPECT_EQ(c1.value, 0xC1);
  EXPECT_EQ(InvokeIdAndPriority::make(0, true, false).value, 0x40);
  EXPECT_EQ(InvokeIdAndPriority::make(15, false, true).value, 0x8F);
  // Reserved bits 4-5 are kept as received (an invoke-id of 0x31 decodes and re-encodes).
  const Bytes bytes = hex("C0 02 F1 00000001");
  const auto get = decode_as<GetRequest>(bytes);
  EXPECT_EQ(std::get<GetRequestNext>(get.request).invoke_id_and_priority.invoke_id(), 1);
  EXPECT_EQ(to_hex(encode_value(get)), "C0 02 F1 00 00 00 01");

  const auto l = LongInvokeIdAndPriority::make(0x123456, true, true, true, true);
  EXPECT_EQ(l.value, 0xF0123456U);
  EXPECT_TRUE(l.self_descriptive());
  EXPECT_TRUE(l.break_on_error());
  EXPECT_EQ(l.long_invoke_id(), 0x123456U);
}

TEST(XdlmsObisCode, ParseAndFormat) {
  EXPECT_EQ(ObisCode::parse("1.0.1.8.0.255"), ObisCode(1, 0, 1, 8, 0, 255));
  EXPECT_EQ(ObisCode::parse("1-0:1.8.0*255"), ObisCode(1, 0, 1, 8, 0, 255));
  EXPECT_EQ(ObisCode::parse("0.0.40.0.0.255"), ObisCode(0, 0, 40, 0, 0, 255));
  for (const char* bad : {"", "1.0.1.8.0", "1.0.1.8.0.256", "1.0.1.8.0.255.", "1..1.8.0.255", "a.0.1.8.0.255",
                          "1.0.1.8.0.0255", " 1.0.1.8.0.255", "1.0.1.8.0.255 "}) {
    EXPECT_FALSE(ObisCode::parse(bad).has_value()) << bad;
  }
  EXPECT_EQ(ObisCode(1, 0, 99, 1, 0, 255).to_string(), "1.0.99.1.0.255");
  static_assert(ObisCode(0, 0, 1, 0, 0, 255).to_text().view() == "0.0.1.0.0.255");
  static_assert(ObisCode::parse("255.255.255.255.255.255")->f() == 255);
}

}  // namespace
}  // namespace dlms::apdu::test
