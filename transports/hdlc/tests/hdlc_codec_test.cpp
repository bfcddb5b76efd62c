#include "transports/hdlc/hdlc_frame.hpp"

#include <string>

#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_fcs.hpp"
#include "transports/hdlc/hdlc_frame_reader.hpp"
#include "transports/hdlc/hdlc_parameters.hpp"
#include "transports/hdlc/tests/hdlc_test_util.hpp"

#include <gtest/gtest.h>

namespace dlms::hdlc {
namespace {

using test::Bytes;
using test::hex;

// ---------------------------------------------------------------------------------------------
// CRC-16/X.25

TEST(HdlcFcs, CheckValueOf123456789Is906E) {
  const std::string s = "123456789";
  const Bytes b(s.begin(), s.end());
  EXPECT_EQ(fcs16(b), 0x906E);  // CRC-16/X-25 catalogue check value
}

TEST(HdlcFcs, FastPathMatchesTheBitwiseDefinition) {
  auto bitwise = [](ByteSpan data) {
    unsigned crc = 0xFFFF;
    for (std::uint8_t b : data) {
      crc ^= b;
      for (int i = 0; i < 8; ++i) {
        crc = (crc & 1U) != 0 ? (crc >> 1U) ^ 0x8408U : crc >> 1U;
      }
    }
    return static_cast<std::uint16_t>(crc ^ 0xFFFFU);
  };
  Bytes data(1000);
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<std::uint8_t>(i * 7919U >> 3U);
  }
  for (std::size_t n = 0; n <= 40; ++n) {
    EXPECT_EQ(fcs16(ByteSpan(data).first(n)), bitwise(ByteSpan(data).first(n))) << n;
  }
  EXPECT_EQ(fcs16(data), bitwise(data));
  // Split updates give the same register as one pass.
  const std::uint16_t a =
      fcs16_update(fcs16_update(kFcsInit, ByteSpan(data).first(13)), ByteSpan(data).subspan(13));
  EXPECT_EQ(a, fcs16_update(kFcsInit, data));
}

TEST(HdlcFcs, GoodFrameLeavesTheIso13239Remainder) {
  // SNRM from client 16 to server 1, quoted in many public DLMS tools (e.g. Gurux gxdlms-go
  // tests, DLMS_SPODES_communications tests): FCS 0F 01 over A0 07 03 21 93, low octet first.
  const Bytes content = hex("A0 07 03 21 93 0F 01");
  EXPECT_EQ(fcs16(ByteSpan(content).first(5)), 0x010F);
  EXPECT_EQ(fcs16_update(kFcsInit, content), kFcsGoodRemainder);
}

// ---------------------------------------------------------------------------------------------
// Addresses and control fields

TEST(HdlcAddress, EncodesOneTwoAndFourOctets) {
  auto enc = [](HdlcAddress a) {
    std::array<std::uint8_t, 4> buf{};
    ByteWriter w{MutableByteSpan(buf)};
    encode_address(a, w);
    return hex(w.written());
  };
  EXPECT_EQ(enc(HdlcAddress::client(16)), "21");
  EXPECT_EQ(enc(HdlcAddress::server(1)), "03");
  EXPECT_EQ(enc(HdlcAddress::server(1, 17, 2)), "02 23");
  // Green Book 4-octet form: upper 1, lower 17 -> 00 02 00 23.
  EXPECT_EQ(enc(HdlcAddress::server(1, 17, 4)), "00 02 00 23");
  EXPECT_EQ(enc(HdlcAddress::server(0x1234, 0x3FFF, 4)), "48 68 FE FF");
}

TEST(HdlcAddress, DecodeRejectsThreeAndFiveOctetsAndTruncation) {
  for (const char* text : {"02 04 07", "00 02 00 22 01", "00 02", ""}) {
    const Bytes b = hex(text);
    ByteReader r{ByteSpan(b)};
    HdlcAddress a;
    EXPECT_FALSE(decode_address(r, a)) << text;
    EXPECT_EQ(r.offset(), 0U);
  }
  EXPECT_FALSE((HdlcAddress{0x80, 0, 1}).valid());
  EXPECT_FALSE((HdlcAddress{1, 0x4000, 4}).valid());
  EXPECT_FALSE((HdlcAddress{1, 1, 3}).valid());
}

TEST(HdlcControl, EncodesEveryFrameTypeAsInGreenBook) {
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::SNRM, true)), 0x93);
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::DISC, true)), 0x53);
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::UA, true)), 0x73);
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::DM, true)), 0x1F);
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::FRMR, true)), 0x97);
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::UI, false)), 0x03);
  EXPECT_EQ(encode_control(HdlcControl::u(FrameType::UI, true)), 0x13);
  EXPECT_EQ(encode_control(HdlcControl::s(FrameType::RR, 1, true)), 0x31);
  EXPECT_EQ(encode_control(HdlcControl::s(FrameType::RNR, 2, true)), 0x55);
  EXPECT_EQ(encode_control(HdlcControl::i(0, 0, true)), 0x10);
  EXPECT_EQ(encode_control(HdlcControl::i(7, 0, true)), 0x1E);
  EXPECT_EQ(encode_control(HdlcControl::i(2, 1, false)), 0x24);
}

TEST(HdlcControl, DecodeRoundTripsEveryOctet) {
  for (unsigned v = 0; v < 256; ++v) {
    const HdlcControl c = decode_control(static_cast<std::uint8_t>(v));
    if (c.type == FrameType::unknown) {
      continue;
    }
    EXPECT_EQ(encode_control(c), v) << v;
  }
  EXPECT_EQ(decode_control(0x09).type, FrameType::unknown);  // REJ: not in IEC 62056-46
  EXPECT_EQ(decode_control(0x2F).type, FrameType::unknown);  // SABM
  const HdlcControl i = decode_control(0x98);
  EXPECT_EQ(i.type, FrameType::I);
  EXPECT_EQ(i.ns, 4);
  EXPECT_EQ(i.nr, 4);
  EXPECT_TRUE(i.pf);
}

// ---------------------------------------------------------------------------------------------
// Frames

Result<HdlcFrame> decode_hex(const Bytes& b) { return decode_frame(ByteSpan(b)); }

TEST(HdlcFrame, DecodesPublishedSnrmFromClient16ToServer1) {
  const Bytes b = hex("7E A0 07 03 21 93 0F 01 7E");
  auto f = decode_hex(b);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_FALSE(f->segmented);
  EXPECT_EQ(f->destination, HdlcAddress::server(1));
  EXPECT_EQ(f->source, HdlcAddress::client(16));
  EXPECT_EQ(f->control.type, FrameType::SNRM);
  EXPECT_TRUE(f->control.pf);
  EXPECT_TRUE(f->information.empty());
  // And encodes back to the same octets.
  std::array<std::uint8_t, 16> out{};
  auto n = encode_frame(*f, MutableByteSpan(out));
  ASSERT_TRUE(n);
  EXPECT_EQ(hex(ByteSpan(out).first(*n)), hex(b));
}

// Frames captured from meters and quoted in public code; every one decodes, with its HCS and
// FCS checked, and re-encodes byte for byte. (Their HCS/FCS were also checked by an independent
// CRC-16/X.25 script before being added.)
//  [1] ti-cortex-m4/tm4c1294ncpdt, .../sensors/sensor36/automatic36_2.c (client 1, server 1)
//  [2]-[5] quoted in other public DLMS code found by code search (an Android reader of client
//  32; a Qt tool's DM to client 16 from a 2-octet address; a C HDLC comment's SNRM to a 4-octet
//  address upper 1 lower 17; a Chinese DLMS note's SNRM/UA with address 48 68 FE FF)
TEST(HdlcFrame, PublishedFramesDecodeAndReencode) {
  struct Case {
    const char* wire;
    FrameType type;
    HdlcAddress destination;
    HdlcAddress source;
    bool segmented;
    std::size_t info;
  };
  const Case cases[] = {
      {"7E A0 1E 03 03 73 40 CC 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E",
       FrameType::UA, HdlcAddress::client(1), HdlcAddress::server(1), false, 21},  // [1]
      {"7E A0 20 03 03 93 FE C9 81 80 14 05 02 00 80 06 02 00 80 07 04 00 00 00 01 08 04 00 00 00 01 CE 6A "
       "7E",
       FrameType::SNRM, HdlcAddress::server(1), HdlcAddress::client(1), false, 23},  // [1]
      {"7E A0 07 03 03 31 94 97 7E", FrameType::RR, HdlcAddress::server(1), HdlcAddress::client(1), false,
       0},  // [1]
      {"7E A0 22 03 03 10 1B 46 04 FF 0F 02 12 00 00 02 04 12 00 01 09 06 00 00 80 01 00 FF 0F 02 12 00 00 "
       "EB 7D 7E",
       FrameType::I, HdlcAddress::client(1), HdlcAddress::server(1), false, 25},  // [1]
      {"7E A0 07 03 41 53 56 A2 7E", FrameType::DISC, HdlcAddress::server(1), HdlcAddress::client(32), false,
       0},  // [2]
      {"7E A0 07 03 41 93 5A 64 7E", FrameType::SNRM, HdlcAddress::server(1), HdlcAddress::client(32), false,
       0},  // [2]
      {"7E A0 08 21 00 41 1F 4D 09 7E", FrameType::DM, HdlcAddress::client(16), HdlcAddress::server(0, 32, 2),
       false, 0},  // [3]
      {"7E A0 0A 00 02 00 23 F1 93 23 2E 7E", FrameType::SNRM, HdlcAddress::server(1, 17, 4),
       HdlcAddress::client(120), false, 0},  // [4]
      {"7E A0 0A 48 68 FE FF 75 93 D8 F8 7E", FrameType::SNRM, HdlcAddress::server(0x1234, 0x3FFF, 4),
       HdlcAddress::client(58), false, 0},  // [5]
      {"7E A0 21 75 48 68 FE FF 73 7C 16 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 "
       "3B 7E",
       FrameType::UA, HdlcAddress::client(58), HdlcAddress::server(0x1234, 0x3FFF, 4), false, 21},  // [5]
  };
  for (const auto& c : cases) {
    const Bytes b = hex(c.wire);
    auto f = decode_hex(b);
    ASSERT_TRUE(f) << c.wire << ": " << f.error().message();
    EXPECT_EQ(f->control.type, c.type) << c.wire;
    EXPECT_EQ(f->destination, c.destination) << c.wire;
    EXPECT_EQ(f->source, c.source) << c.wire;
    EXPECT_EQ(f->segmented, c.segmented) << c.wire;
    EXPECT_EQ(f->information.size(), c.info) << c.wire;
    std::array<std::uint8_t, 64> out{};
    auto n = encode_frame(*f, MutableByteSpan(out));
    ASSERT_TRUE(n);
    EXPECT_EQ(hex(ByteSpan(out).first(*n)), hex(b));
  }
}

TEST(HdlcFrame, SegmentedFrameWith7EInsideTheInformationField) {
  // [1]: first segment (S=1, N(S)=7, F=1) of a 2-frame GET response, 128 octets of info.
  const Bytes b =
      hex("7E A8 89 03 03 1E 6D 97 E6 E7 00 C4 01 8D 00 01 08 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 "
          "12 00 00 02 04 "
          "12 00 01 09 06 00 00 60 0A 01 FF 0F 02 12 00 00 02 04 12 00 03 09 06 01 00 0F 08 00 FF 0F 02 12 "
          "00 00 02 04 12 "
          "00 03 09 06 01 00 0F 08 01 FF 0F 02 12 00 00 02 04 12 00 03 09 06 01 00 0F 08 02 FF 0F 02 12 00 "
          "00 02 04 12 00 "
          "03 09 06 01 00 0F 08 03 FF 0F 02 12 00 00 02 04 12 00 03 09 06 01 00 0F 08 35 E3 7E");
  auto f = decode_hex(b);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_TRUE(f->segmented);
  EXPECT_EQ(f->control.ns, 7);
  EXPECT_EQ(f->information.size(), 128U);
  // [1]: an AARQ whose conformance block holds 7E (00 7E 1F) inside the frame.
  const Bytes aarq = hex(
      "7E A0 44 03 03 10 65 94 E6 E6 00 60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 "
      "08 02 01 "
      "AC 0A 80 08 78 52 77 50 62 45 78 46 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 01 00 AF DF 7E");
  auto a = decode_hex(aarq);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->information.size(), 0x44U - 9U);
}

TEST(HdlcFrame, RejectsCorruptionCleanly) {
  const Bytes good =
      hex("7E A0 1E 03 03 73 40 CC 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E");
  ASSERT_TRUE(decode_hex(good));
  // Any single flipped bit between the flags is caught (format, length, HCS or FCS).
  for (std::size_t i = 1; i + 1 < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes b = good;
      b[i] ^= static_cast<std::uint8_t>(1U << bit);
      EXPECT_FALSE(decode_hex(b)) << i << ":" << bit;
    }
  }
  auto err = [&](const char* text) { return decode_hex(hex(text)).error(); };
  EXPECT_EQ(
      err("7E A0 1E 03 03 73 40 CD 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3B 7E"),
      hdlc_errc::bad_hcs);
  EXPECT_EQ(
      err("7E A0 1E 03 03 73 40 CC 81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01 53 3C 7E"),
      hdlc_errc::bad_fcs);
  EXPECT_EQ(err("7E B0 07 03 21 93 0F 01 7E"), hdlc_errc::bad_format);
  EXPECT_EQ(err("7E A0 08 03 21 93 0F 01 7E"), hdlc_errc::bad_length);
  EXPECT_EQ(err("7E A0 07 03 21 93 0F 01"), hdlc_errc::missing_flag);
  // Truncated at every length: never accepted.
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_frame(ByteSpan(good).first(n))) << n;
  }
  for (std::size_t n = 0; n < good.size() - 2; ++n) {
    EXPECT_FALSE(decode_frame_content(ByteSpan(good).subspan(1, n))) << n;
  }
}

TEST(HdlcFrame, EncodeChecksItsLimits) {
  HdlcFrame f;
  f.destination = HdlcAddress::client(16);
  f.source = HdlcAddress::server(1);
  f.control = HdlcControl::u(FrameType::UA, true);
  std::array<std::uint8_t, 8> small{};
  EXPECT_EQ(encode_frame(f, MutableByteSpan(small)).error(), hdlc_errc::buffer_too_small);
  std::vector<std::uint8_t> big(2100);
  Bytes info(2039, 0x55);  // length field would be 2048
  f.information = info;
  EXPECT_EQ(encode_frame(f, MutableByteSpan(big)).error(), hdlc_errc::frame_too_long);
  info.resize(2037);  // 2 + 1 + 1 + 1 + 2 + 2037 + 2 = 2046
  f.information = info;
  EXPECT_TRUE(encode_frame(f, MutableByteSpan(big)));
  f.destination = HdlcAddress{0x90, 0, 1};
  EXPECT_EQ(encode_frame(f, MutableByteSpan(big)).error(), hdlc_errc::bad_address);
}

// ---------------------------------------------------------------------------------------------
// Parameter negotiation

TEST(HdlcParameters, DefaultsWhenAbsent) {
  auto p = decode_parameters({});
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_default());
}

TEST(HdlcParameters, DecodesOneTwoAndFourOctetValues) {
  // [1] SNRM field: 2-octet info lengths, 4-octet windows.
  auto p = decode_parameters(hex("81 80 14 05 02 00 80 06 02 00 80 07 04 00 00 00 01 08 04 00 00 00 01"));
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_default());
  auto q = decode_parameters(hex("81 80 0D 05 02 07 EE 06 01 F0 07 01 07 08 01 03"));
  ASSERT_TRUE(q);
  EXPECT_EQ(q->max_info_tx, 2030);
  EXPECT_EQ(q->max_info_rx, 240);
  EXPECT_EQ(q->window_tx, 7);
  EXPECT_EQ(q->window_rx, 3);
  // Only some parameters: the others keep their defaults; unknown ones are skipped.
  auto r = decode_parameters(hex("81 80 07 06 02 01 00 0A 01 01"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->max_info_rx, 256);
  EXPECT_EQ(r->max_info_tx, 128);
  // Above the limits: clamped.
  auto s = decode_parameters(hex("81 80 0E 05 02 FF FF 06 02 08 00 07 01 09 08 01 08"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->max_info_tx, 2030);
  EXPECT_EQ(s->window_tx, 7);
}

TEST(HdlcParameters, RejectsMalformedFields) {
  for (const char* text :
       {"80", "81 81 03 05 01 80", "81 80 05 05 01 80", "81 80 03 05 00", "81 80 07 05 05 00 00 00 00 80",
        "81 80 03 05 01 10", "81 80 03 07 01 00", "81 80 02 05 01"}) {
    EXPECT_EQ(decode_parameters(hex(text)).error(), hdlc_errc::bad_parameters) << text;
  }
  // Truncated at every octet.
  const Bytes full = hex("81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01");
  for (std::size_t n = 1; n < full.size(); ++n) {
    EXPECT_FALSE(decode_parameters(ByteSpan(full).first(n))) << n;
  }
}

TEST(HdlcParameters, EncodesTheGreenBookLayout) {
  std::array<std::uint8_t, kMaxParametersSize> buf{};
  auto n = encode_parameters(HdlcParameters{}, MutableByteSpan(buf));
  ASSERT_TRUE(n);
  // As in the UA of [1] and [5].
  EXPECT_EQ(hex(ByteSpan(buf).first(*n)), "81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01");
  n = encode_parameters(HdlcParameters{2030, 512, 7, 7}, MutableByteSpan(buf));
  ASSERT_TRUE(n);
  EXPECT_EQ(hex(ByteSpan(buf).first(*n)),
            "81 80 14 05 02 07 EE 06 02 02 00 07 04 00 00 00 07 08 04 00 00 00 07");
  std::array<std::uint8_t, 10> small{};
  EXPECT_EQ(encode_parameters(HdlcParameters{}, MutableByteSpan(small)).error(), hdlc_errc::buffer_too_small);
}

TEST(HdlcParameters, NegotiationTakesTheSmallerOfEachDirection) {
  // Client: sends up to 1000, receives up to 300, window tx 7, rx 2.
  const HdlcParameters proposal{1000, 300, 7, 2};
  // Server limits: sends up to 2030, receives up to 512, windows 7/3.
  const HdlcParameters own{2030, 512, 7, 3};
  const HdlcParameters r = negotiate(proposal, own);
  EXPECT_EQ(r.max_info_tx, 300);  // server sends what the client can receive
  EXPECT_EQ(r.max_info_rx, 512);  // server receives min(client tx 1000, own rx 512)
  EXPECT_EQ(r.window_tx, 2);
  EXPECT_EQ(r.window_rx, 3);
}

// ---------------------------------------------------------------------------------------------
// Frame reader

struct ReaderRun {
  std::vector<Bytes> frames;
  std::vector<std::error_code> errors;
};

ReaderRun read_all(HdlcFrameReader& reader, ByteSpan data) {
  ReaderRun run;
  while (!data.empty()) {
    auto r = reader.put(data);
    if (r.frame) {
      run.frames.emplace_back(reader.content().begin(), reader.content().end());
    }
    if (r.error) {
      run.errors.push_back(r.error);
    }
    EXPECT_TRUE(r.consumed > 0 || data.empty());
    if (r.consumed == 0) {
      break;
    }
    data = data.subspan(r.consumed);
  }
  return run;
}

const char* const kStream =
    // noise, an idle flag, a frame, a shared flag between two frames, a frame with 7E in its data
    "00 FF 7E 7E 7E A0 07 03 21 93 0F 01 7E A0 07 03 03 31 94 97 7E"
    " 7E A0 44 03 03 10 65 94 E6 E6 00 60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 "
    "08 02 01"
    " AC 0A 80 08 78 52 77 50 62 45 78 46 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 01 00 AF DF 7E";

TEST(HdlcFrameReader, FindsFramesByLengthWithSharedFlagsAnd7EInside) {
  const Bytes stream = hex(kStream);
  HdlcFrameReader reader;
  const ReaderRun run = read_all(reader, stream);
  ASSERT_EQ(run.frames.size(), 3U);
  EXPECT_TRUE(run.errors.empty());
  EXPECT_EQ(hex(run.frames[0]), "A0 07 03 21 93 0F 01");
  EXPECT_EQ(run.frames[2].size(), 0x44U);
  for (const auto& f : run.frames) {
    EXPECT_TRUE(decode_frame_content(f));
  }
}

TEST(HdlcFrameReader, SameFramesWhateverTheSplit) {
  const Bytes stream = hex(kStream);
  HdlcFrameReader whole;
  const ReaderRun expected = read_all(whole, stream);
  // Split at every byte boundary into two pieces, and also fed byte by byte.
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    HdlcFrameReader reader;
    ReaderRun a = read_all(reader, ByteSpan(stream).first(cut));
    ReaderRun b = read_all(reader, ByteSpan(stream).subspan(cut));
    a.frames.insert(a.frames.end(), b.frames.begin(), b.frames.end());
    EXPECT_EQ(a.frames, expected.frames) << cut;
  }
  HdlcFrameReader reader;
  std::vector<Bytes> frames;
  for (std::uint8_t byte : stream) {
    auto r = reader.put(ByteSpan(&byte, 1));
    EXPECT_EQ(r.consumed, 1U);
    if (r.frame) {
      frames.emplace_back(reader.content().begin(), reader.content().end());
    }
  }
  EXPECT_EQ(frames, expected.frames);
}

TEST(HdlcFrameReader, FrameWith7EInItsFcsAndHcs) {
  // Search I frames (client 16 -> server 1) for one whose HCS and one whose FCS hold 7E.
  HdlcFrame f;
  f.destination = HdlcAddress::server(1);
  f.source = HdlcAddress::client(16);
  Bytes info = {0xE6, 0xE6, 0x00, 0xC0, 0x01, 0xC1, 0x00, 0x00};
  f.information = info;
  std::vector<Bytes> found;
  bool fcs_found = false;
  bool hcs_found = false;
  for (unsigned v = 0; v < 65536 && !(fcs_found && hcs_found); ++v) {
    info[6] = static_cast<std::uint8_t>(v >> 8);
    info[7] = static_cast<std::uint8_t>(v);
    f.control =
        HdlcControl::i(static_cast<std::uint8_t>(v & 7U), static_cast<std::uint8_t>((v >> 3) & 7U), true);
    f.source = HdlcAddress::client(static_cast<std::uint8_t>(1 + (v >> 6) % 127));
    std::array<std::uint8_t, 32> buf{};
    auto n = encode_frame(f, MutableByteSpan(buf));
    ASSERT_TRUE(n);
    const bool in_fcs = buf[*n - 3] == kFlag || buf[*n - 2] == kFlag;
    const bool in_hcs = buf[6] == kFlag || buf[7] == kFlag;
    if ((in_fcs && !fcs_found) || (in_hcs && !hcs_found)) {
      fcs_found = fcs_found || in_fcs;
      hcs_found = hcs_found || in_hcs;
      found.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
    }
  }
  ASSERT_TRUE(fcs_found && hcs_found);
  Bytes stream;
  for (const auto& b : found) {
    stream.insert(stream.end(), b.begin(), b.end());
  }
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    HdlcFrameReader reader;
    ReaderRun a = read_all(reader, ByteSpan(stream).first(cut));
    ReaderRun b = read_all(reader, ByteSpan(stream).subspan(cut));
    a.frames.insert(a.frames.end(), b.frames.begin(), b.frames.end());
    ASSERT_EQ(a.frames.size(), found.size()) << cut;
    for (std::size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(a.frames[i], Bytes(found[i].begin() + 1, found[i].end() - 1));
      EXPECT_TRUE(decode_frame_content(a.frames[i]));
    }
  }
}

TEST(HdlcFrameReader, ResynchronisesAfterBadFrames) {
  HdlcFrameReader reader;
  // Bad format type, a corrupted length whose HCS check fails early, a missing closing flag,
  // then a good frame.
  const Bytes stream =
      hex("7E 10 7E"
          " 7E A0 40 03 03 10 65 95 E6 E6 00 7E"
          " 7E A0 07 03 21 93 0F 01 55 7E"
          " 7E A0 07 03 21 93 0F 01 7E");
  const ReaderRun run = read_all(reader, stream);
  ASSERT_EQ(run.frames.size(), 1U);
  EXPECT_EQ(hex(run.frames[0]), "A0 07 03 21 93 0F 01");
  ASSERT_EQ(run.errors.size(), 3U);
  EXPECT_EQ(run.errors[0], hdlc_errc::bad_format);
  EXPECT_EQ(run.errors[1], hdlc_errc::bad_hcs);
  EXPECT_EQ(run.errors[2], hdlc_errc::missing_flag);
}

TEST(HdlcFrameReader, RejectsImpossibleLengthsAndAddresses) {
  for (const char* text : {"7E A0 03 7E", "7E A0 09 00 00 00 00 00 7E", "7E A0 09 03 21 93 0F 01 00 00 7E"}) {
    HdlcFrameReader reader;
    const ReaderRun run = read_all(reader, hex(text));
    EXPECT_TRUE(run.frames.empty()) << text;
    EXPECT_FALSE(run.errors.empty()) << text;
  }
}

}  // namespace
}  // namespace dlms::hdlc
