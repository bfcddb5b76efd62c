// Profile generic (class 7, version 1; Blue Book 4.3.6). Expected bytes are derived from the
// A-XDR type rules: capture_object_definition = structure {long-unsigned, octet-string(6),
// integer, long-unsigned}; buffer = array of structure, one per entry.
#include "cosem_objects/profile_generic.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

#include "stack/codec/axdr_encoder.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;

const apdu::ObisCode kClock(0, 0, 1, 0, 0, 255);
const apdu::ObisCode kEnergy(1, 0, 1, 8, 0, 255);

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

// A whole attribute, one piece of at most `piece` octets at a time; the pieces concatenated.
std::vector<std::uint8_t> read(InterfaceClass& obj, std::int8_t attr,
                               const apdu::SelectiveAccessDescriptor* access,
                               DataAccessResult expected = DataAccessResult::success,
                               std::size_t piece = 1 << 20, std::size_t* calls = nullptr) {
  std::vector<std::uint8_t> all;
  std::vector<std::uint8_t> buf(piece);
  server::GetCursor cursor;
  const server::RequestContext ctx;
  std::size_t n = 0;
  do {
    ByteWriter out(buf);
    const auto r = obj.get(ctx, attr, access, cursor, out);
    ++n;
    if (r != DataAccessResult::success) {
      EXPECT_EQ(r, expected);
      return all;
    }
    all.insert(all.end(), out.written().begin(), out.written().end());
  } while (cursor.more);
  EXPECT_EQ(expected, DataAccessResult::success);
  if (calls != nullptr) {
    *calls = n;
  }
  return all;
}

std::string read_hex(InterfaceClass& obj, std::int8_t attr,
                     const apdu::SelectiveAccessDescriptor* access = nullptr) {
  return to_hex(read(obj, attr, access));
}

struct Access {
  std::vector<std::uint8_t> bytes;
  apdu::SelectiveAccessDescriptor descriptor;
  Access(std::uint8_t selector, std::string_view parameters) : bytes(hex(parameters)) {
    descriptor.access_selector = selector;
    descriptor.access_parameters = codec::read_data_exact(bytes).value();
  }
};

codec::CosemDateTime at_minute(std::int64_t minutes) {
  // 2026-01-01 00:00:00 UTC is 1767225600 s after the epoch.
  return codec::CosemDateTime::from_utc(
      std::chrono::sys_seconds(std::chrono::seconds(1767225600 + minutes * 60)), 0, 0);
}

// Clock time (minute counter) and an energy counter, as a meter's objects would give them.
class FakeResolver : public CaptureResolver {
 public:
  std::int64_t minute = 0;
  std::uint32_t energy = 0;
  apdu::DataAccessResult read(const CaptureObjectDefinition& d, ByteWriter& out) override {
    if (d.class_id == 8 && d.logical_name == kClock && d.attribute_index == 2) {
      codec::axdr::write_date_time_octets(out, at_minute(minute));
      return DataAccessResult::success;
    }
    if (d.class_id == 3 && d.logical_name == kEnergy && d.attribute_index == 2) {
      codec::axdr::write_double_long_unsigned(out, energy);
      return DataAccessResult::success;
    }
    return DataAccessResult::object_undefined;
  }
};

constexpr std::string_view kClockDef = "02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00";
constexpr std::string_view kEnergyDef = "02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00";

class ProfileGenericTest : public ::testing::Test {
 protected:
  ProfileGenericTest() : pg(apdu::ObisCode(0, 0, 99, 98, 0, 255)) {
    pg.set_resolver(&resolver);
    EXPECT_EQ(
        pg.set_static(3, hex(std::string("01 02 ") + std::string(kClockDef) + " " + std::string(kEnergyDef))),
        DataAccessResult::success);
    EXPECT_EQ(pg.set_static(8, hex("06 00 00 00 03")), DataAccessResult::success);
  }
  ActionResult capture(std::int64_t minute, std::uint32_t energy) {
    resolver.minute = minute;
    resolver.energy = energy;
    std::array<std::uint8_t, 8> buf{};
    ByteWriter out(buf);
    const auto p = hex("0F 00");
    return pg.invoke({}, 2, &*codec::read_data_exact(p), out).result;
  }
  FakeResolver resolver;
  ProfileGeneric pg;
};

TEST_F(ProfileGenericTest, ClassIdentity) {
  EXPECT_EQ(pg.class_id(), 7);
  EXPECT_EQ(pg.version(), 1);
  EXPECT_EQ(pg.attribute_count(), 8);
  EXPECT_EQ(pg.method_count(), 2);
  EXPECT_EQ(pg.access_selectors(2), 0b110);
  EXPECT_EQ(pg.access_selectors(3), 0);
  EXPECT_STREQ(ProfileGeneric::class_description().name, "Profile generic");
}

TEST_F(ProfileGenericTest, StaticAttributesEncode) {
  EXPECT_EQ(read_hex(pg, 1), "09 06 00 00 63 62 00 FF");
  EXPECT_EQ(read_hex(pg, 3), "01 02 " + std::string(kClockDef) + " " + std::string(kEnergyDef));
  EXPECT_EQ(read_hex(pg, 4), "06 00 00 00 00");
  EXPECT_EQ(pg.set_static(4, hex("06 00 00 03 84")), DataAccessResult::success);
  EXPECT_EQ(read_hex(pg, 4), "06 00 00 03 84");  // 900 s
  EXPECT_EQ(read_hex(pg, 5), "16 01");           // fifo
  EXPECT_EQ(read_hex(pg, 6), "02 04 12 00 00 09 06 00 00 00 00 00 00 0F 00 12 00 00");
  EXPECT_EQ(pg.set_static(6, hex(kClockDef)), DataAccessResult::success);
  EXPECT_EQ(read_hex(pg, 6), kClockDef);
  EXPECT_EQ(read_hex(pg, 7), "06 00 00 00 00");
  EXPECT_EQ(read_hex(pg, 8), "06 00 00 00 03");
  EXPECT_EQ(read_hex(pg, 2), "01 00");  // empty buffer
}

TEST_F(ProfileGenericTest, CaptureFillsTheFifoAndEvictsTheOldest) {
  EXPECT_EQ(capture(0, 100), ActionResult::success);
  EXPECT_EQ(read_hex(pg, 7), "06 00 00 00 01");
  // 2026-01-01 00:00:00, Thursday (4), deviation 0, status 0.
  EXPECT_EQ(read_hex(pg, 2), "01 01 02 02 09 0C 07 EA 01 01 04 00 00 00 00 00 00 00 06 00 00 00 64");
  EXPECT_EQ(capture(15, 101), ActionResult::success);
  EXPECT_EQ(capture(30, 102), ActionResult::success);
  EXPECT_EQ(capture(45, 103), ActionResult::success);
  EXPECT_EQ(read_hex(pg, 7), "06 00 00 00 03");
  EXPECT_EQ(read_hex(pg, 2),
            "01 03 "
            "02 02 09 0C 07 EA 01 01 04 00 0F 00 00 00 00 00 06 00 00 00 65 "
            "02 02 09 0C 07 EA 01 01 04 00 1E 00 00 00 00 00 06 00 00 00 66 "
            "02 02 09 0C 07 EA 01 01 04 00 2D 00 00 00 00 00 06 00 00 00 67");
}

TEST_F(ProfileGenericTest, UnreadableCaptureObjectLeavesNullData) {
  const auto defs =
      hex("01 02 " + std::string(kClockDef) + " 02 04 12 00 01 09 06 00 00 60 01 00 FF 0F 02 12 00 00");
  ASSERT_EQ(pg.set_static(3, defs), DataAccessResult::success);
  EXPECT_EQ(capture(0, 1), ActionResult::success);
  EXPECT_EQ(read_hex(pg, 2), "01 01 02 02 09 0C 07 EA 01 01 04 00 00 00 00 00 00 00 00");
}

TEST_F(ProfileGenericTest, ResetEmptiesTheBuffer) {
  EXPECT_EQ(capture(0, 1), ActionResult::success);
  std::array<std::uint8_t, 8> buf{};
  ByteWriter out(buf);
  const auto p = hex("0F 00");
  EXPECT_EQ(pg.invoke({}, 1, &*codec::read_data_exact(p), out).result, ActionResult::success);
  EXPECT_EQ(read_hex(pg, 7), "06 00 00 00 00");
  EXPECT_EQ(read_hex(pg, 2), "01 00");
}

TEST_F(ProfileGenericTest, MethodRejections) {
  std::array<std::uint8_t, 8> buf{};
  ByteWriter out(buf);
  EXPECT_EQ(pg.invoke({}, 2, nullptr, out).result, ActionResult::type_unmatched);
  const auto p = hex("12 00 00");
  EXPECT_EQ(pg.invoke({}, 1, &*codec::read_data_exact(p), out).result, ActionResult::type_unmatched);
  EXPECT_EQ(pg.invoke({}, 3, nullptr, out).result, ActionResult::object_undefined);
  pg.set_resolver(nullptr);
  EXPECT_EQ(capture(0, 1), ActionResult::object_unavailable);
  EXPECT_EQ(read_hex(pg, 7), "06 00 00 00 00");
}

TEST_F(ProfileGenericTest, ChangingCaptureObjectsClearsTheBuffer) {
  EXPECT_EQ(capture(0, 1), ActionResult::success);
  // Even a local write clears the object's own FIFO (Blue Book 4.3.6).
  EXPECT_EQ(pg.set_static(3, hex("01 01 " + std::string(kEnergyDef))), DataAccessResult::success);
  EXPECT_EQ(read_hex(pg, 7), "06 00 00 00 00");
  EXPECT_EQ(capture(15, 7), ActionResult::success);
  EXPECT_EQ(read_hex(pg, 2), "01 01 02 01 06 00 00 00 07");
}

TEST_F(ProfileGenericTest, SetRejections) {
  EXPECT_EQ(pg.set_static(2, hex("01 00")), DataAccessResult::read_write_denied);
  EXPECT_EQ(pg.set_static(7, hex("06 00 00 00 00")), DataAccessResult::read_write_denied);
  EXPECT_EQ(pg.set_static(3, hex("02 00")), DataAccessResult::type_unmatched);
  // logical name of 5 octets
  EXPECT_EQ(pg.set_static(3, hex("01 01 02 04 12 00 08 09 05 00 00 01 00 00 0F 02 12 00 00")),
            DataAccessResult::type_unmatched);
  // attribute_index as unsigned instead of integer
  EXPECT_EQ(pg.set_static(3, hex("01 01 02 04 12 00 08 09 06 00 00 01 00 00 FF 11 02 12 00 00")),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(pg.set_static(4, hex("12 03 84")), DataAccessResult::type_unmatched);
  EXPECT_EQ(pg.set_static(5, hex("16 02")), DataAccessResult::other_reason);  // lifo: refused
  EXPECT_EQ(pg.set_static(5, hex("16 07")), DataAccessResult::other_reason);
  EXPECT_EQ(pg.set_static(5, hex("11 01")), DataAccessResult::type_unmatched);
  EXPECT_EQ(pg.set_static(6, hex("02 03 12 00 08 09 06 00 00 01 00 00 FF 0F 02")),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(pg.set_static(8, hex("06 FF FF FF FF")), DataAccessResult::other_reason);  // storage guard
  EXPECT_EQ(read_hex(pg, 8), "06 00 00 00 03");
  // Unchanged after every refusal.
  EXPECT_EQ(read_hex(pg, 3), "01 02 " + std::string(kClockDef) + " " + std::string(kEnergyDef));
  EXPECT_EQ(read_hex(pg, 5), "16 01");
  EXPECT_FALSE(pg.bind(2, nullptr));
  EXPECT_TRUE(pg.bind(4, nullptr));
}

TEST_F(ProfileGenericTest, EntryDescriptorSelectsRowsAndColumns) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(capture(i * 15, static_cast<std::uint32_t>(i)), ActionResult::success);
  }
  // from_entry 2, to_entry 3, columns 2..2 (the energy).
  Access a(2, "02 04 06 00 00 00 02 06 00 00 00 03 12 00 02 12 00 02");
  EXPECT_EQ(read_hex(pg, 2, &a.descriptor), "01 02 02 01 06 00 00 00 01 02 01 06 00 00 00 02");
  // to_entry 0 = to the last, to_selected_value 0 = to the last column.
  Access b(2, "02 04 06 00 00 00 03 06 00 00 00 00 12 00 01 12 00 00");
  EXPECT_EQ(read_hex(pg, 2, &b.descriptor),
            "01 01 02 02 09 0C 07 EA 01 01 04 00 1E 00 00 00 00 00 06 00 00 00 02");
  // Past the last entry: empty array; to_entry past the end is clamped.
  Access c(2, "02 04 06 00 00 00 04 06 00 00 00 09 12 00 00 12 00 00");
  EXPECT_EQ(read_hex(pg, 2, &c.descriptor), "01 00");
  Access d(2, "02 04 06 00 00 00 03 06 00 00 00 09 12 00 02 12 00 00");
  EXPECT_EQ(read_hex(pg, 2, &d.descriptor), "01 01 02 01 06 00 00 00 02");
  // Rejections: to < from, a column past the end, columns reversed, wrong types, selector 3.
  Access e(2, "02 04 06 00 00 00 03 06 00 00 00 02 12 00 00 12 00 00");
  read(pg, 2, &e.descriptor, DataAccessResult::scope_of_access_violated);
  Access f(2, "02 04 06 00 00 00 01 06 00 00 00 00 12 00 01 12 00 03");
  read(pg, 2, &f.descriptor, DataAccessResult::scope_of_access_violated);
  Access g(2, "02 04 06 00 00 00 01 06 00 00 00 00 12 00 02 12 00 01");
  read(pg, 2, &g.descriptor, DataAccessResult::scope_of_access_violated);
  Access h(2, "02 04 12 00 01 06 00 00 00 00 12 00 02 12 00 01");
  read(pg, 2, &h.descriptor, DataAccessResult::type_unmatched);
  Access i(2, "02 03 06 00 00 00 01 06 00 00 00 00 12 00 02");
  read(pg, 2, &i.descriptor, DataAccessResult::type_unmatched);
  Access j(3, "00");
  read(pg, 2, &j.descriptor, DataAccessResult::scope_of_access_violated);
  // Selective access on another attribute.
  read(pg, 3, &b.descriptor, DataAccessResult::scope_of_access_violated);
}

TEST_F(ProfileGenericTest, RangeDescriptorSelectsByClock) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(capture(i * 15, static_cast<std::uint32_t>(i)), ActionResult::success);
  }
  // restricting_object: the clock; from 00:10 to 00:30 (both included); all columns.
  Access a(1, "02 04 " + std::string(kClockDef) +
                  " 09 0C 07 EA 01 01 04 00 0A 00 00 00 00 00"
                  " 09 0C 07 EA 01 01 04 00 1E 00 00 00 00 00 01 00");
  EXPECT_EQ(read_hex(pg, 2, &a.descriptor),
            "01 02 "
            "02 02 09 0C 07 EA 01 01 04 00 0F 00 00 00 00 00 06 00 00 00 01 "
            "02 02 09 0C 07 EA 01 01 04 00 1E 00 00 00 00 00 06 00 00 00 02");
  // Only the energy column; the bounds as date-time [25] values compare the same way.
  Access b(1, "02 04 " + std::string(kClockDef) +
                  " 19 07 EA 01 01 04 00 00 00 00 00 00 00"
                  " 19 07 EA 01 01 04 00 0F 00 00 00 00 00 01 01 " +
                  std::string(kEnergyDef));
  EXPECT_EQ(read_hex(pg, 2, &b.descriptor), "01 02 02 01 06 00 00 00 00 02 01 06 00 00 00 01");
  // Restricting on the energy column by value.
  Access c(1, "02 04 " + std::string(kEnergyDef) + " 06 00 00 00 02 06 00 00 00 09 01 00");
  EXPECT_EQ(read_hex(pg, 2, &c.descriptor),
            "01 01 02 02 09 0C 07 EA 01 01 04 00 1E 00 00 00 00 00 06 00 00 00 02");
  // No entry in range.
  Access d(1, "02 04 " + std::string(kEnergyDef) + " 06 00 00 00 07 06 00 00 00 09 01 00");
  EXPECT_EQ(read_hex(pg, 2, &d.descriptor), "01 00");
  // Rejections: restricting object not captured, selected column not captured, bounds of an
  // incomparable type, malformed descriptor.
  Access e(1,
           "02 04 02 04 12 00 01 09 06 00 00 60 01 00 FF 0F 02 12 00 00 06 00 00 00 02 06 00 00 00 09 01 00");
  read(pg, 2, &e.descriptor, DataAccessResult::scope_of_access_violated);
  Access f(1,
           "02 04 " + std::string(kEnergyDef) +
               " 06 00 00 00 02 06 00 00 00 09 01 01 02 04 12 00 01 09 06 00 00 60 01 00 FF 0F 02 12 00 00");
  read(pg, 2, &f.descriptor, DataAccessResult::scope_of_access_violated);
  Access g(1, "02 04 " + std::string(kEnergyDef) + " 03 01 03 00 01 00");
  read(pg, 2, &g.descriptor, DataAccessResult::scope_of_access_violated);
  Access h(1, "02 03 " + std::string(kEnergyDef) + " 06 00 00 00 02 06 00 00 00 09");
  read(pg, 2, &h.descriptor, DataAccessResult::type_unmatched);
}

// A 9,600-entry, 16-channel load profile (100 days at 15 min), computed on demand like the
// meter's: column 0 is the clock, columns 1..15 double-long-unsigned counters.
class LoadProfileSource : public ProfileSource {
 public:
  static constexpr std::uint32_t kDepth = 9600;
  std::uint64_t first = 5000;
  std::uint32_t count = kDepth;
  std::uint32_t entries_in_use() const noexcept override { return count; }
  std::uint32_t profile_entries() const noexcept override { return kDepth; }
  std::uint64_t first_sequence() const noexcept override { return first; }
  bool encode_value(std::uint64_t seq, std::size_t column, ByteWriter& out) override {
    if (seq < first || seq >= first + count || column >= 16) {
      return false;
    }
    if (column == 0) {
      codec::axdr::write_date_time_octets(out, at_minute(static_cast<std::int64_t>(seq) * 15));
    } else {
      codec::axdr::write_double_long_unsigned(out, static_cast<std::uint32_t>(seq * 16 + column));
    }
    return true;
  }
  ActionResult capture(std::span<const CaptureObjectDefinition>) override {
    ++first;  // full: the oldest goes, one more at the end
    return ActionResult::success;
  }
  ActionResult reset() override { return ActionResult::success; }
};

class LoadProfileTest : public ::testing::Test {
 protected:
  LoadProfileTest() : pg(apdu::ObisCode(1, 0, 99, 1, 0, 255)) {
    std::string defs = "01 10 " + std::string(kClockDef);
    for (int c = 1; c < 16; ++c) {
      char ln[64];
      std::snprintf(ln, sizeof ln, " 02 04 12 00 03 09 06 01 00 %02X 08 00 FF 0F 02 12 00 00", c);
      defs += ln;
    }
    pg.bind_source(&source);
    EXPECT_EQ(pg.set_static(3, hex(defs)), DataAccessResult::success);
  }
  LoadProfileSource source;
  ProfileGeneric pg;
};

TEST_F(LoadProfileTest, PiecewiseReadEqualsOneShot) {
  std::size_t calls = 0;
  const auto whole = read(pg, 2, nullptr, DataAccessResult::success, 1 << 20, &calls);
  EXPECT_EQ(calls, 1U);
  // array of 9600 (01 82 25 80), each entry 02 10 + clock (14) + 15 x 5 octets.
  ASSERT_EQ(whole.size(), 4U + 9600U * 91U);
  EXPECT_EQ(to_hex(ByteSpan(whole).first(4)), "01 82 25 80");
  auto decoded = codec::read_data_exact(whole);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size(), 9600U);
  for (std::size_t piece : {91U, 100U, 200U, 1000U, 4096U}) {
    const auto pieces = read(pg, 2, nullptr, DataAccessResult::success, piece, &calls);
    EXPECT_EQ(pieces, whole) << piece;
    EXPECT_GE(calls, whole.size() / piece) << piece;
  }
  // A buffer too small for one entry cannot make progress: an error, not a loop.
  read(pg, 2, nullptr, DataAccessResult::other_reason, 50);
}

// The meter's source answers false when the writer is full (it cannot tell a full writer from
// a missing entry by itself): the block must end there, not abort the long GET (regression:
// every profile read needing more than one block got long-get-aborted).
class FullWriterReportingSource final : public LoadProfileSource {
 public:
  bool encode_value(std::uint64_t seq, std::size_t column, ByteWriter& out) override {
    return LoadProfileSource::encode_value(seq, column, out) && out.ok();
  }
};

TEST(LoadProfileFullWriter, PiecewiseReadEndsTheBlockInsteadOfAborting) {
  ProfileGeneric pg(apdu::ObisCode(1, 0, 99, 1, 0, 255));
  FullWriterReportingSource source;
  pg.bind_source(&source);
  ASSERT_EQ(pg.set_static(3, hex("01 02 " + std::string(kClockDef) +
                                 " 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00")),
            DataAccessResult::success);
  const auto whole = read(pg, 2, nullptr, DataAccessResult::success, 1 << 20);
  for (std::size_t piece : {30U, 100U, 1000U}) {
    EXPECT_EQ(read(pg, 2, nullptr, DataAccessResult::success, piece), whole) << piece;
  }
}

TEST_F(LoadProfileTest, CapturesDuringAPiecewiseReadDoNotShiftIt) {
  std::vector<std::uint8_t> buf(4096);
  server::GetCursor cursor;
  const server::RequestContext ctx;
  // Entries 9599..9600 (the newest two) by entry_descriptor.
  Access a(2, "02 04 06 00 00 25 7F 06 00 00 00 00 12 00 01 12 00 02");
  const auto expected = read(pg, 2, &a.descriptor);
  ASSERT_EQ(expected.size(), 2U + 2U * (2U + 14U + 5U));
  std::vector<std::uint8_t> got;
  std::vector<std::uint8_t> small(30);
  ByteWriter first(small);
  ASSERT_EQ(pg.get(ctx, 2, &a.descriptor, cursor, first), DataAccessResult::success);
  ASSERT_TRUE(cursor.more);
  got.insert(got.end(), first.written().begin(), first.written().end());
  source.capture({});  // one entry in, the oldest out: the selection stays on the same entries
  while (cursor.more) {
    ByteWriter out(buf);
    ASSERT_EQ(pg.get(ctx, 2, &a.descriptor, cursor, out), DataAccessResult::success);
    got.insert(got.end(), out.written().begin(), out.written().end());
  }
  EXPECT_EQ(got, expected);

  // An entry evicted before it was sent aborts the read.
  Access oldest(2, "02 04 06 00 00 00 01 06 00 00 00 03 12 00 01 12 00 01");
  server::GetCursor c2;
  ByteWriter piece(small);
  ASSERT_EQ(pg.get(ctx, 2, &oldest.descriptor, c2, piece), DataAccessResult::success);
  ASSERT_TRUE(c2.more);
  source.capture({});
  source.capture({});
  source.capture({});
  ByteWriter next(buf);
  EXPECT_EQ(pg.get(ctx, 2, &oldest.descriptor, c2, next), DataAccessResult::long_get_aborted);
  EXPECT_FALSE(c2.more);
}

TEST_F(LoadProfileTest, RangeByClockAndColumnsPiecewise) {
  // seq s is at minute 15 * s; first = 5000. From minute 75,060 (entry seq 5004) to 75,120
  // (seq 5008): 5 entries; columns clock and channel 3.
  const auto from = at_minute(5004 * 15).encode();
  const auto to = at_minute(5008 * 15).encode();
  Access a(1, "02 04 " + std::string(kClockDef) + " 09 0C " + to_hex(from) + " 09 0C " + to_hex(to) +
                  " 01 02 " + std::string(kClockDef) +
                  " 02 04 12 00 03 09 06 01 00 03 08 00 FF 0F 02 12 00 00");
  const auto whole = read(pg, 2, &a.descriptor);
  std::string expected = "01 05";
  for (std::uint64_t s = 5004; s <= 5008; ++s) {
    char v[32];
    std::snprintf(v, sizeof v, "%08X", static_cast<unsigned>(s * 16 + 3));
    expected += " 02 02 09 0C " + to_hex(at_minute(static_cast<std::int64_t>(s) * 15).encode()) + " 06 " +
                to_hex(hex(v));
  }
  EXPECT_EQ(to_hex(whole), expected);
  EXPECT_EQ(read(pg, 2, &a.descriptor, DataAccessResult::success, 25), whole);
}

TEST(ObjectCaptureResolver, ReadsAttributesAndElementsOfObjects) {
  ProfileGeneric other(apdu::ObisCode(0, 0, 99, 98, 1, 255));
  ASSERT_EQ(other.set_static(4, hex("06 00 00 03 84")), DataAccessResult::success);
  ASSERT_EQ(other.set_static(3, hex("01 02 " + std::string(kClockDef) + " " + std::string(kEnergyDef))),
            DataAccessResult::success);
  server::CosemObject* objects[] = {&other};
  ObjectCaptureResolver r(objects);
  std::array<std::uint8_t, 64> buf{};
  ByteWriter out(buf);
  EXPECT_EQ(r.read({7, other.logical_name(), 4, 0}, out), DataAccessResult::success);
  EXPECT_EQ(to_hex(out.written()), "06 00 00 03 84");
  ByteWriter out2(buf);
  EXPECT_EQ(r.read({7, other.logical_name(), 3, 2}, out2), DataAccessResult::success);
  EXPECT_EQ(to_hex(out2.written()), kEnergyDef);
  ByteWriter out3(buf);
  EXPECT_EQ(r.read({7, other.logical_name(), 3, 3}, out3), DataAccessResult::object_unavailable);
  EXPECT_EQ(r.read({3, other.logical_name(), 2, 0}, out3), DataAccessResult::object_undefined);
  EXPECT_EQ(r.read({7, other.logical_name(), 0, 0}, out3), DataAccessResult::scope_of_access_violated);
}

}  // namespace
}  // namespace dlms::cosem
