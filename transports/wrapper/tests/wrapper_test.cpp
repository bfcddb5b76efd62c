#include "transports/wrapper/wrapper_frame.hpp"
#include "transports/wrapper/wrapper_header.hpp"
#include "transports/wrapper/wrapper_stream.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"

namespace dlms::wrapper {
namespace {

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

// jDLMS (openmuc.org) JdlmsClientOverTcpTest: GET clock (0-0:1.0.0.255 attr 2) from client
// wPort 16 to server wPort 1 (the management logical device), and the server's answer.
const std::string kGetClock = "00 01 00 10 00 01 00 0d c0 01 02 00 08 00 00 01 00 00 ff 02 00";
const std::string kGetClockResponse =
    "00 01 00 01 00 10 00 12 c4 01 02 00 09 0c 07 d0 01 10 07 01 32 05 ff 80 00 01";
// Same source: RLRQ over the wrapper.
const std::string kReleaseRequest = "00 01 00 10 00 01 00 05 62 03 80 01 00";

TEST(WrapperHeader, DecodesJdlmsGetRequest) {
  const auto bytes = hex(kGetClock);
  ByteReader r{ByteSpan(bytes)};
  auto h = WrapperHeader::decode(r);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->version, 1);
  EXPECT_EQ(h->source_wport, 16);
  EXPECT_EQ(h->destination_wport, 1);
  EXPECT_EQ(h->length, 13);
  EXPECT_EQ(r.remaining(), 13U);
}

TEST(WrapperHeader, EncodesExactBytes) {
  std::array<std::uint8_t, 8> out{};
  ByteWriter w{MutableByteSpan(out)};
  WrapperHeader{1, 0x0001, 0x0010, 0x0012}.encode(w);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(to_hex(w.written()), "00 01 00 01 00 10 00 12");
}

TEST(WrapperHeader, RejectsBadVersionAndTruncation) {
  const auto bad = hex("00 02 00 10 00 01 00 01 C0");
  ByteReader r{ByteSpan(bad)};
  EXPECT_EQ(WrapperHeader::decode(r).error(), wrapper_errc::bad_version);
  const auto full = hex(kGetClock);
  for (std::size_t n = 0; n < WrapperHeader::kSize; ++n) {
    ByteReader rn{ByteSpan(full).first(n)};
    EXPECT_EQ(WrapperHeader::decode(rn).error(), wrapper_errc::truncated) << n;
  }
}

TEST(WrapperFrame, EncodeMatchesJdlmsResponse) {
  const auto expected = hex(kGetClockResponse);
  const auto apdu = ByteSpan(expected).subspan(8);
  std::array<std::uint8_t, 64> out{};
  auto n = encode_frame(out, 1, 16, apdu);
  ASSERT_TRUE(n);
  EXPECT_EQ(to_hex(ByteSpan(out).first(*n)), to_hex(expected));
  // Too small a buffer: refused, nothing claimed.
  std::array<std::uint8_t, 20> small{};
  EXPECT_EQ(encode_frame(small, 1, 16, apdu).error(), wrapper_errc::buffer_too_small);
  EXPECT_EQ(encode_frame(out, 1, 16, {}).error(), wrapper_errc::empty_apdu);
}

TEST(WrapperFrame, HeaderInPlaceBeforeEncodedApdu) {
  const auto expected = hex(kReleaseRequest);
  std::vector<std::uint8_t> buf(8 + 5);
  std::copy(expected.begin() + 8, expected.end(), buf.begin() + 8);
  ASSERT_TRUE(encode_header_in_place(buf, 16, 1, 5));
  EXPECT_EQ(buf, expected);
}

TEST(WrapperDatagram, DecodesExactlyOneWpdu) {
  const auto bytes = hex(kGetClock);
  auto f = decode_datagram(bytes, 1024);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->header.source_wport, 16);
  EXPECT_EQ(f->header.destination_wport, 1);
  EXPECT_EQ(to_hex(f->apdu), "C0 01 02 00 08 00 00 01 00 00 FF 02 00");
  // Truncated at every byte.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_datagram(ByteSpan(bytes).first(n), 1024)) << n;
  }
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(decode_datagram(longer, 1024).error(), wrapper_errc::trailing_bytes);
  EXPECT_EQ(decode_datagram(bytes, 12).error(), wrapper_errc::apdu_too_large);
  EXPECT_EQ(decode_datagram(hex("00 01 00 10 00 01 00 00"), 1024).error(), wrapper_errc::empty_apdu);
  EXPECT_EQ(decode_datagram(hex("01 00 00 10 00 01 00 01 00"), 1024).error(), wrapper_errc::bad_version);
}

struct Delivered {
  WrapperHeader header;
  std::vector<std::uint8_t> apdu;
};

// Feeds `stream` in the given chunks; collects every delivered WPDU; returns the first
// fatal error, if any.
std::error_code feed(WrapperStreamParser& p, ByteSpan stream, std::size_t first_chunk,
                     std::vector<Delivered>& out) {
  std::size_t pos = 0;
  std::size_t chunk = first_chunk;
  while (pos < stream.size()) {
    const ByteSpan in = stream.subspan(pos, std::min(chunk, stream.size() - pos));
    chunk = stream.size();  // the rest in one go
    std::size_t used = 0;
    while (used < in.size()) {
      auto r = p.put(in.subspan(used));
      used += r.consumed;
      if (r.error && r.error != wrapper_errc::need_more) {
        return r.error;
      }
      if (p.ready()) {
        out.push_back({p.header(), std::vector<std::uint8_t>(p.apdu().begin(), p.apdu().end())});
        p.release();
      } else if (r.consumed == 0) {
        return wrapper_errc::truncated;  // would loop: must not happen
      }
    }
    pos += in.size();
  }
  return {};
}

TEST(WrapperStream, ReassemblesSplitAtEveryByte) {
  // Three WPDUs back to back, as a TCP stream may deliver them.
  const auto stream = hex(kGetClock + kGetClockResponse + kReleaseRequest);
  for (std::size_t split = 1; split <= stream.size(); ++split) {
    std::vector<std::uint8_t> buffer(256);
    WrapperStreamParser p(buffer, 256);
    std::vector<Delivered> got;
    ASSERT_FALSE(feed(p, stream, split, got)) << split;
    ASSERT_EQ(got.size(), 3U) << split;
    EXPECT_EQ(got[0].header.source_wport, 16);
    EXPECT_EQ(to_hex(got[0].apdu), "C0 01 02 00 08 00 00 01 00 00 FF 02 00");
    EXPECT_EQ(got[1].header.source_wport, 1);
    EXPECT_EQ(got[1].header.destination_wport, 16);
    EXPECT_EQ(got[1].apdu.size(), 18U);
    EXPECT_EQ(to_hex(got[2].apdu), "62 03 80 01 00");
    EXPECT_EQ(p.buffered(), 0U);
  }
}

TEST(WrapperStream, ByteByByteReportsNeedMore) {
  const auto stream = hex(kReleaseRequest);
  std::vector<std::uint8_t> buffer(16);
  WrapperStreamParser p(buffer, 16);
  for (std::size_t i = 0; i + 1 < stream.size(); ++i) {
    auto r = p.put(ByteSpan(stream).subspan(i, 1));
    EXPECT_EQ(r.consumed, 1U);
    EXPECT_EQ(r.error, wrapper_errc::need_more);
    EXPECT_FALSE(p.ready());
  }
  auto r = p.put(ByteSpan(stream).last(1));
  EXPECT_FALSE(r.error);
  ASSERT_TRUE(p.ready());
  EXPECT_EQ(to_hex(p.apdu()), "62 03 80 01 00");
  // Not released: the next put takes nothing.
  EXPECT_EQ(p.put(stream).consumed, 0U);
}

TEST(WrapperStream, WholeWpduInOneChunkIsAViewWithoutCopy) {
  const auto stream = hex(kGetClock);
  std::vector<std::uint8_t> buffer(64);
  WrapperStreamParser p(buffer, 64);
  auto r = p.put(stream);
  ASSERT_TRUE(p.ready());
  EXPECT_EQ(r.consumed, stream.size());
  EXPECT_EQ(p.apdu().data(), stream.data() + 8);
}

TEST(WrapperStream, OversizeAndBadVersionAreFatal) {
  std::vector<std::uint8_t> buffer(12);
  {
    WrapperStreamParser p(buffer, 1024);  // the buffer caps the limit at 12
    EXPECT_EQ(p.max_apdu_size(), 12U);
    auto r = p.put(hex(kGetClock));
    EXPECT_EQ(r.error, wrapper_errc::apdu_too_large);
    EXPECT_EQ(r.consumed, 8U);
    EXPECT_EQ(p.put(hex(kReleaseRequest)).error, wrapper_errc::apdu_too_large);  // sticky
    p.reset();
    auto ok = p.put(hex(kReleaseRequest));
    EXPECT_FALSE(ok.error);
    EXPECT_TRUE(p.ready());
  }
  {
    WrapperStreamParser p(buffer, 12);
    auto r = p.put(hex("00 02 00 10 00 01 00 05 62 03 80 01 00"));
    EXPECT_EQ(r.error, wrapper_errc::bad_version);
  }
  {
    WrapperStreamParser p(buffer, 12);
    EXPECT_EQ(p.put(hex("00 01 00 10 00 01 00 00")).error, wrapper_errc::empty_apdu);
  }
  {
    // The limit is checked when the header is complete, before any body byte arrives.
    WrapperStreamParser p(buffer, 4);
    EXPECT_EQ(p.put(hex("00 01 00 10 00 01 00 05")).error, wrapper_errc::apdu_too_large);
  }
}

TEST(WrapperError, CategoryNameAndMessages) {
  std::error_code ec = wrapper_errc::bad_version;
  EXPECT_STREQ(ec.category().name(), "wrapper");
  EXPECT_FALSE(ec.message().empty());
}

}  // namespace
}  // namespace dlms::wrapper
