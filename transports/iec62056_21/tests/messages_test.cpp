#include "transports/iec62056_21/baud_rate.hpp"
#include "transports/iec62056_21/block_check.hpp"
#include "transports/iec62056_21/data_message.hpp"
#include "transports/iec62056_21/identification_message.hpp"
#include "transports/iec62056_21/option_select_message.hpp"
#include "transports/iec62056_21/request_message.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"

namespace dlms::iec62056_21 {
namespace {

ByteSpan text(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::string encoded(auto&& encode_fn) {
  std::array<std::uint8_t, 256> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  EXPECT_TRUE(encode_fn(w));
  return to_hex(w.written());
}

TEST(BaudRate, ModeCAndECharacters) {
  // IEC 62056-21 6.3.2, baud rate identification (modes C and E).
  EXPECT_EQ(baud_rate_from_char('0'), 300U);
  EXPECT_EQ(baud_rate_from_char('1'), 600U);
  EXPECT_EQ(baud_rate_from_char('2'), 1200U);
  EXPECT_EQ(baud_rate_from_char('3'), 2400U);
  EXPECT_EQ(baud_rate_from_char('4'), 4800U);
  EXPECT_EQ(baud_rate_from_char('5'), 9600U);
  EXPECT_EQ(baud_rate_from_char('6'), 19200U);
  EXPECT_EQ(baud_rate_from_char('7'), 0U);
  EXPECT_EQ(baud_rate_from_char('A'), 0U);  // mode B letters are not modes C/E
  EXPECT_EQ(baud_char_from_rate(9600), '5');
  EXPECT_EQ(baud_char_from_rate(1234), '\0');
  // 5 characters at 300 Bd, 10 bits each: 166.7 ms, rounded up.
  EXPECT_EQ(transmission_time(5, 300).count(), 167);
  EXPECT_EQ(transmission_time(96, 9600).count(), 100);
}

TEST(BlockCheck, PublishedVectors) {
  // pwitab/iec62056-21 tests/test_bcc.py: SOH "P0" STX "(1234567)" ETX has BCC 'P'; the BCC
  // covers the bytes after SOH up to and including ETX.
  EXPECT_EQ(block_check(text("P0\x02(1234567)\x03")), 'P');
  const auto write = from_hex("57 32 02 43 30 30 33 28 39 31 30 33 32 34 30 39 32 32 33 39 29 03").value();
  EXPECT_EQ(block_check(write), 0x1B);
}

TEST(RequestMessage, EncodeDecodeExactBytes) {
  EXPECT_EQ(encoded([](ByteWriter& w) { return RequestMessage{}.encode(w); }),
            "2F 3F 21 0D 0A");  // "/?!" CR LF
  EXPECT_EQ(encoded([](ByteWriter& w) { return RequestMessage{"12345678"}.encode(w); }),
            "2F 3F 31 32 33 34 35 36 37 38 21 0D 0A");
  auto r = RequestMessage::decode(text("/?12345678!\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->device_address, "12345678");
  auto general = RequestMessage::decode(text("/?!\r\n"));
  ASSERT_TRUE(general);
  EXPECT_TRUE(general->device_address.empty());
}

TEST(RequestMessage, RejectsMalformed) {
  const std::string good = "/?12345678!\r\n";
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(RequestMessage::decode(text(good).first(n))) << n;
  }
  EXPECT_FALSE(RequestMessage::decode(text("/?12#4!\r\n")));
  EXPECT_FALSE(RequestMessage::decode(text("/!?\r\n")));
  EXPECT_EQ(RequestMessage::decode(text("/?" + std::string(33, '1') + "!\r\n")).error(),
            iec62056_21_errc::message_too_long);
  EXPECT_TRUE(RequestMessage::decode(text("/?" + std::string(32, '1') + "!\r\n")));
  std::array<std::uint8_t, 4> small{};
  ByteWriter w{MutableByteSpan(small)};
  EXPECT_EQ(RequestMessage{}.encode(w).error(), iec62056_21_errc::buffer_too_small);
}

TEST(IdentificationMessage, ModeEWithEnhancedCharacter) {
  // "/" XXX Z "\2" ident CR LF; "\2" = binary mode (HDLC) available (DLMS UA, enhanced
  // identification character, IEC 62056-21 6.3.2 item 24).
  const std::string line = "/XYZ5\\2SM307\r\n";
  auto id = IdentificationMessage::decode(text(line));
  ASSERT_TRUE(id);
  EXPECT_EQ(id->manufacturer, "XYZ");
  EXPECT_EQ(id->baud_char, '5');
  EXPECT_EQ(id->enhanced_char, '2');
  EXPECT_TRUE(id->hdlc_capable());
  EXPECT_EQ(id->identification, "SM307");
  EXPECT_EQ(encoded([&](ByteWriter& w) { return id->encode(w); }),
            "2F 58 59 5A 35 5C 32 53 4D 33 30 37 0D 0A");
  for (std::size_t n = 0; n < line.size(); ++n) {
    EXPECT_FALSE(IdentificationMessage::decode(text(line).first(n))) << n;
  }
}

TEST(IdentificationMessage, ModeCWithoutEnhancedCharacter) {
  auto id = IdentificationMessage::decode(text("/ABc4METER01\r\n"));
  ASSERT_TRUE(id);
  EXPECT_EQ(id->manufacturer, "ABc");
  EXPECT_EQ(id->baud_char, '4');
  EXPECT_EQ(id->enhanced_char, '\0');
  EXPECT_FALSE(id->hdlc_capable());
  EXPECT_EQ(id->identification, "METER01");
  EXPECT_EQ(IdentificationMessage::decode(text("/ABC9X\r\n")).error(), iec62056_21_errc::bad_baud_rate);
  EXPECT_FALSE(IdentificationMessage::decode(text("/A1C5X\r\n")));
  EXPECT_FALSE(IdentificationMessage::decode(text("/ABC5\\xX\r\n")));
  EXPECT_FALSE(IdentificationMessage::decode(text("/ABC5X!Y\r\n")));
  EXPECT_EQ(IdentificationMessage::decode(text("/ABC5" + std::string(17, 'X') + "\r\n")).error(),
            iec62056_21_errc::message_too_long);
}

TEST(OptionSelectMessage, ModeEHdlcAndModeCReadoutBytes) {
  // ACK V Z Y CR LF (IEC 62056-21 6.3.3).
  EXPECT_EQ(encoded([](ByteWriter& w) {
              return OptionSelectMessage{'2', '5', '2'}.encode(w);
            }),
            "06 32 35 32 0D 0A");
  EXPECT_EQ(encoded([](ByteWriter& w) {
              return OptionSelectMessage{'0', '5', '0'}.encode(w);
            }),
            "06 30 35 30 0D 0A");
  auto m = OptionSelectMessage::decode(from_hex("06 32 36 32 0D 0A").value());
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->is_hdlc());
  EXPECT_FALSE(m->is_readout());
  EXPECT_EQ(m->baud_char, '6');
  EXPECT_EQ(OptionSelectMessage::decode(from_hex("06 32 39 32 0D 0A").value()).error(),
            iec62056_21_errc::bad_baud_rate);
  EXPECT_FALSE(OptionSelectMessage::decode(from_hex("15 32 35 32 0D 0A").value()));
  EXPECT_FALSE(OptionSelectMessage::decode(from_hex("06 32 35 32 0D").value()));
  EXPECT_FALSE(OptionSelectMessage::decode(from_hex("06 32 35 32 0D 0A 00").value()));
}

TEST(DataMessage, EncodeWithBccAndDecode) {
  const std::array<DataSet, 2> sets{DataSet{"1.8.0", "001234.5", "kWh"}, DataSet{"0.0.0", "12345678", ""}};
  std::array<std::uint8_t, 128> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  ASSERT_TRUE(DataMessage::encode(w, sets));
  const std::string body = "1.8.0(001234.5*kWh)\r\n0.0.0(12345678)\r\n!\r\n\x03";
  std::vector<std::uint8_t> expected{0x02};
  expected.insert(expected.end(), body.begin(), body.end());
  expected.push_back(block_check(ByteSpan(expected).subspan(1)));
  EXPECT_EQ(to_hex(w.written()), to_hex(expected));

  auto d = DataMessage::decode(w.written());
  ASSERT_TRUE(d);
  EXPECT_EQ(std::string(d->data_block.begin(), d->data_block.end()),
            "1.8.0(001234.5*kWh)\r\n0.0.0(12345678)\r\n");

  auto bad = expected;
  bad.back() ^= 0x01;
  EXPECT_EQ(DataMessage::decode(bad).error(), iec62056_21_errc::bad_bcc);
  for (std::size_t n = 0; n < expected.size(); ++n) {
    EXPECT_FALSE(DataMessage::decode(ByteSpan(expected).first(n))) << n;
  }
  const std::array<DataSet, 1> invalid{DataSet{"1.8.0", "1(2", ""}};
  ByteWriter w2{MutableByteSpan(buf)};
  EXPECT_FALSE(DataMessage::encode(w2, invalid));
}

}  // namespace
}  // namespace dlms::iec62056_21
