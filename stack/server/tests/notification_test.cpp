#include "stack/server/notification.hpp"

#include <gtest/gtest.h>

#include "stack/apdu/apdu.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/server/tests/engine_fixture.hpp"

namespace dlms::server::testing {
namespace {

TEST(Notification, DataNotificationWithBody) {
  // Data-Notification: 0F, long-invoke-id-and-priority 00000001, date-time absent (00),
  // body double-long-unsigned 1234.
  std::array<std::uint8_t, 64> buf{};
  ByteWriter w(buf);
  const auto body = hex("06 00 00 04 D2");
  auto view = codec::read_data_exact(body);
  ASSERT_TRUE(view.has_value());
  ASSERT_TRUE(encode_data_notification(w, apdu::LongInvokeIdAndPriority{1}, {}, *view).has_value());
  EXPECT_EQ(to_hex(w.written()), "0F 00 00 00 01 00 06 00 00 04 D2");
}

TEST(Notification, DataNotificationOfPushedAttributes) {
  TestRegister reg{kEnergy, 1234};
  BigObject big{kProfile, 3, 10};
  RequestContext ctx;
  std::array<std::uint8_t, 512> buf{};
  ByteWriter w(buf);
  const auto time = hex("07 EA 0B 18 02 15 00 00 00 80 00 00");
  begin_data_notification(w, apdu::LongInvokeIdAndPriority::make(5), time);
  codec::axdr::begin_structure(w, 3);
  EXPECT_EQ(append_attribute_value(w, ctx, reg, 1), DataAccessResult::success);
  EXPECT_EQ(append_attribute_value(w, ctx, reg, 2), DataAccessResult::success);
  EXPECT_EQ(append_attribute_value(w, ctx, big, 2), DataAccessResult::success);  // piecewise
  ASSERT_TRUE(w.ok());
  auto decoded = apdu::decode_apdu(w.written());
  ASSERT_TRUE(decoded.has_value());
  const auto& n = std::get<apdu::DataNotification>(*decoded);
  EXPECT_EQ(n.long_invoke_id_and_priority.value, 5U);
  EXPECT_EQ(n.notification_body.size(), 3U);
  EXPECT_EQ(to_hex(w.written()).substr(0, 59), "0F 00 00 00 05 0C 07 EA 0B 18 02 15 00 00 00 80 00 00 02 03");
  // A refused attribute appends nothing.
  const std::size_t before = w.size();
  EXPECT_EQ(append_attribute_value(w, ctx, reg, 9), DataAccessResult::object_undefined);
  EXPECT_EQ(w.size(), before);
}

TEST(Notification, EventNotification) {
  TestRegister reg{kEnergy, 1234};
  RequestContext ctx;
  std::array<std::uint8_t, 64> buf{};
  ByteWriter w(buf);
  ASSERT_TRUE(encode_event_notification(w, ctx, reg, 2).has_value());
  // C2, time absent, class 3, 1.0.1.8.0.255, attribute 2, value.
  EXPECT_EQ(to_hex(w.written()), "C2 00 00 03 01 00 01 08 00 FF 02 06 00 00 04 D2");
  auto decoded = apdu::decode_apdu(w.written());
  ASSERT_TRUE(decoded.has_value());
  ByteWriter small(std::span<std::uint8_t>(buf.data(), 8));
  EXPECT_FALSE(encode_event_notification(small, ctx, reg, 2).has_value());
}

}  // namespace
}  // namespace dlms::server::testing
