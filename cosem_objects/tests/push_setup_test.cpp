// Push setup (class 40, version 2; Blue Book 4.4.8): attribute encodings, push building the
// notification body from the push object list (IDIS-style: the push setup's own logical name
// first), and the rejections.
#include "cosem_objects/push_setup.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "cosem_objects/data.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

std::string get(InterfaceClass& obj, std::int8_t attr) {
  std::array<std::uint8_t, 256> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  EXPECT_EQ(obj.get({}, attr, nullptr, cursor, out), DataAccessResult::success);
  return to_hex(out.written());
}

ActionResult invoke(InterfaceClass& obj, std::int8_t method, std::string_view parameter) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  if (parameter.empty()) {
    return obj.invoke({}, method, nullptr, out).result;
  }
  const auto p = hex(parameter);
  return obj.invoke({}, method, &*codec::read_data_exact(p), out).result;
}

class FakeSender : public PushSender {
 public:
  std::array<std::uint8_t, 64> buffer{};
  std::size_t buffer_size = 64;
  std::vector<std::uint8_t> sent;
  std::string destination;
  int resets = 0;
  ActionResult result = ActionResult::success;
  MutableByteSpan body_buffer() noexcept override { return MutableByteSpan(buffer.data(), buffer_size); }
  ActionResult send(const PushSetup& setup, ByteSpan body) override {
    sent.assign(body.begin(), body.end());
    destination.assign(setup.destination().begin(), setup.destination().end());
    return result;
  }
  void reset(const PushSetup&) override { ++resets; }
};

constexpr std::string_view kNotSpecified = "FF FF FF FF FF FF FF FF FF 80 00 FF";

class PushSetupTest : public ::testing::Test {
 protected:
  PushSetupTest() : push(apdu::ObisCode(0, 0, 25, 9, 0, 255)), serial(apdu::ObisCode(0, 0, 96, 1, 0, 255)) {
    EXPECT_EQ(serial.set_static(2, hex("0A 04 53 4D 33 30")), DataAccessResult::success);
    objects[0] = &push;
    objects[1] = &serial;
    resolver.set_objects(objects);
    push.set_resolver(&resolver);
    push.bind_sender(&sender);
  }
  PushSetup push;
  Data serial;
  std::array<server::CosemObject*, 2> objects{};
  ObjectCaptureResolver resolver;
  FakeSender sender;
};

TEST_F(PushSetupTest, ClassIdentityAndDefaults) {
  EXPECT_EQ(push.class_id(), 40);
  EXPECT_EQ(push.version(), 2);
  EXPECT_EQ(push.attribute_count(), 13);
  EXPECT_EQ(push.method_count(), 2);
  EXPECT_EQ(get(push, 1), "09 06 00 00 19 09 00 FF");
  EXPECT_EQ(get(push, 2), "01 00");
  EXPECT_EQ(get(push, 3), "02 03 16 00 09 00 16 00");
  EXPECT_EQ(get(push, 4), "01 00");
  EXPECT_EQ(get(push, 5), "12 00 00");
  EXPECT_EQ(get(push, 6), "11 00");
  EXPECT_EQ(get(push, 7), "02 03 12 00 00 12 00 00 12 00 00");
  EXPECT_EQ(get(push, 8), "09 06 00 00 00 00 00 00");
  EXPECT_EQ(get(push, 9), "0F 00");
  EXPECT_EQ(get(push, 10), "01 00");
  EXPECT_EQ(get(push, 11), "16 00");
  EXPECT_EQ(get(push, 12), "02 02 19 " + std::string(kNotSpecified) + " 06 00 00 00 00");
  EXPECT_EQ(get(push, 13), "19 " + std::string(kNotSpecified));
}

TEST_F(PushSetupTest, AttributesRoundTrip) {
  // push setup logical name, then the serial number; the second in the v2 form with
  // restriction (none) and columns (all).
  const char* const push_object_list =
      "01 02 02 04 12 00 28 09 06 00 00 19 09 00 FF 0F 01 12 00 00 "
      "02 06 12 00 01 09 06 00 00 60 01 00 FF 0F 02 12 00 00 02 02 16 00 00 01 00";
  const char* values[] = {
      nullptr,
      nullptr,
      push_object_list,
      // TCP to "127.0.0.1:4059", A-XDR.
      "02 03 16 00 09 0E 31 32 37 2E 30 2E 30 2E 31 3A 34 30 35 39 16 00",
      "01 01 02 02 09 0C 07 EA 01 01 04 00 00 00 00 00 00 00 09 0C 07 EA 01 01 04 17 3B 3B 00 00 00 00",
      "12 00 3C",
      "11 03",
      "02 03 12 00 1E 12 00 02 12 0E 10",
      "09 06 00 00 19 00 00 FF",
      "0F 66",
      "01 00",
      "16 02",
      "02 02 19 07 EA 01 01 04 00 00 00 00 00 00 00 06 00 01 51 80",
  };
  for (std::int8_t a = 2; a <= 12; ++a) {
    ASSERT_EQ(push.set_static(a, hex(values[a])), DataAccessResult::success) << int(a);
    EXPECT_EQ(get(push, a), to_hex(hex(values[a]))) << int(a);
  }
  EXPECT_EQ(to_hex(push.destination()), "31 32 37 2E 30 2E 30 2E 31 3A 34 30 35 39");
  EXPECT_EQ(push.number_of_retries(), 3);
  EXPECT_EQ(push.repetition_delay_max(), 3600);
  EXPECT_EQ(push.push_client_sap(), 0x66);
  EXPECT_EQ(push.confirmation_interval(), 86400U);
  // The octet-string(12) form of a date-time is taken and shown as date-time.
  ASSERT_EQ(push.set_static(12, hex("02 02 09 0C 07 EA 01 01 04 00 00 00 00 00 00 00 06 00 00 00 3C")),
            DataAccessResult::success);
  EXPECT_EQ(get(push, 12), "02 02 19 07 EA 01 01 04 00 00 00 00 00 00 00 06 00 00 00 3C");
  push.set_last_confirmation(*codec::CosemDateTime::decode(hex("07 EA 01 01 04 0C 00 00 00 00 00 00")));
  EXPECT_EQ(get(push, 13), "19 07 EA 01 01 04 0C 00 00 00 00 00 00");
}

TEST_F(PushSetupTest, SetRejections) {
  EXPECT_EQ(push.set_static(2, hex("01 01 02 03 12 00 28 09 06 00 00 19 09 00 FF 0F 01")),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(2, hex("01 01 02 05 12 00 28 09 06 00 00 19 09 00 FF 0F 01 12 00 00 00")),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(3, hex("02 03 16 00 0A 00 16 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(
                4, hex("01 01 02 02 09 0B 07 EA 01 01 04 00 00 00 00 00 00 09 0C 07 EA 01 01 04 17 3B 3B "
                       "00 00 00 00")),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(5, hex("11 3C")), DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(7, hex("12 00 1E")), DataAccessResult::type_unmatched);  // the version 0 form
  EXPECT_EQ(push.set_static(8, hex("09 05 00 00 19 00 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(9, hex("11 66")), DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(10, hex("02 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(11, hex("16 03")), DataAccessResult::other_reason);
  EXPECT_EQ(push.set_static(12, hex("02 02 06 00 00 00 00 06 00 00 00 3C")),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(push.set_static(13, hex("19 " + std::string(kNotSpecified))),
            DataAccessResult::read_write_denied);
  std::string long_destination = "02 03 16 00 09 81 81";
  for (int i = 0; i < 129; ++i) {
    long_destination += " 41";
  }
  long_destination += " 16 00";
  EXPECT_EQ(push.set_static(3, hex(long_destination)), DataAccessResult::other_reason);
  EXPECT_EQ(get(push, 3), "02 03 16 00 09 00 16 00");
  EXPECT_EQ(get(push, 7), "02 03 12 00 00 12 00 00 12 00 00");
}

TEST_F(PushSetupTest, PushSendsTheValuesOfThePushObjects) {
  ASSERT_EQ(push.set_static(2, hex("01 03 02 04 12 00 28 09 06 00 00 19 09 00 FF 0F 01 12 00 00 "
                                   "02 04 12 00 01 09 06 00 00 60 01 00 FF 0F 02 12 00 00 "
                                   "02 04 12 00 01 09 06 00 00 60 01 01 FF 0F 02 12 00 00")),
            DataAccessResult::success);
  ASSERT_EQ(push.set_static(3, hex("02 03 16 00 09 02 41 42 16 00")), DataAccessResult::success);
  EXPECT_EQ(invoke(push, 1, "0F 00"), ActionResult::success);
  // The third object does not exist: null-data in its place.
  EXPECT_EQ(to_hex(sender.sent), "02 03 09 06 00 00 19 09 00 FF 0A 04 53 4D 33 30 00");
  EXPECT_EQ(sender.destination, "AB");
  sender.result = ActionResult::temporary_failure;
  EXPECT_EQ(push.push(), ActionResult::temporary_failure);
  // A body larger than the sender's buffer is not sent.
  sender.sent.clear();
  sender.buffer_size = 10;
  EXPECT_EQ(push.push(), ActionResult::other_reason);
  EXPECT_TRUE(sender.sent.empty());
}

TEST_F(PushSetupTest, ResetAndMethodRejections) {
  push.set_last_confirmation(*codec::CosemDateTime::decode(hex("07 EA 01 01 04 0C 00 00 00 00 00 00")));
  EXPECT_EQ(invoke(push, 2, "0F 00"), ActionResult::success);
  EXPECT_EQ(sender.resets, 1);
  EXPECT_EQ(get(push, 13), "19 " + std::string(kNotSpecified));
  EXPECT_EQ(invoke(push, 1, ""), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(push, 1, "16 00"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(push, 3, "0F 00"), ActionResult::object_undefined);
  push.bind_sender(nullptr);
  EXPECT_EQ(invoke(push, 1, "0F 00"), ActionResult::object_unavailable);
  EXPECT_FALSE(push.bind(2, nullptr));
}

}  // namespace
}  // namespace dlms::cosem
