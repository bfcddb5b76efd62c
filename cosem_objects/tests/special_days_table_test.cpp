// Special days table (class 11), Blue Book 4.5.4: entries ::= array spec_day_entry;
// spec_day_entry ::= structure { index long-unsigned, specialday_date octet-string(5),
// day_id unsigned }. Dates per 4.1.6.1 (year 0xFFFF: every year; weekday 0xFF).
#include "cosem_objects/special_days_table.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

// 1: 25 December every year -> day 3; 2: 1 January every year -> day 3; 5: 2024-05-01 -> day 2.
constexpr const char* kChristmas = "02 03 12 00 01 09 05 FF FF 0C 19 FF 11 03";
constexpr const char* kNewYear = "02 03 12 00 02 09 05 FF FF 01 01 FF 11 03";
constexpr const char* kMayDay = "02 03 12 00 05 09 05 07 E8 05 01 03 11 02";

class Counter : public ChangeObserver {
 public:
  void attribute_changed(InterfaceClass& /*object*/, std::int8_t /*attribute_id*/) override { ++changes; }
  int changes = 0;
};

TEST(SpecialDaysTable, EntriesEncodeSortedByIndex) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  EXPECT_EQ(t.class_id(), 11);
  EXPECT_EQ(t.attribute_count(), 2);
  EXPECT_EQ(t.method_count(), 2);
  EXPECT_EQ(t.capacity(), 100);
  EXPECT_EQ(get_hex(t, 2), norm("01 00"));
  ASSERT_EQ(set_hex(t, 2, std::string("01 03 ") + kMayDay + kChristmas + kNewYear),
            DataAccessResult::success);
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 03 ") + kChristmas + kNewYear + kMayDay));
  ASSERT_EQ(t.entries().size(), 3U);
  EXPECT_EQ(t.entries()[0].date.month, 12);
}

TEST(SpecialDaysTable, InsertReplacesSameIndexOrDate) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  Counter c;
  t.set_observer(&c);
  EXPECT_EQ(invoke_hex(t, 1, kMayDay), ActionResult::success);
  EXPECT_EQ(invoke_hex(t, 1, kChristmas), ActionResult::success);
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 02 ") + kChristmas + kMayDay));
  // Same index 1, new date and day: replaces.
  EXPECT_EQ(invoke_hex(t, 1, "02 03 12 00 01 09 05 FF FF 0C 1A FF 11 04"), ActionResult::success);
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 02 02 03 12 00 01 09 05 FF FF 0C 1A FF 11 04 ") + kMayDay));
  // Same date as index 5 under index 7: replaces index 5.
  EXPECT_EQ(invoke_hex(t, 1, "02 03 12 00 07 09 05 07 E8 05 01 03 11 01"), ActionResult::success);
  EXPECT_EQ(
      get_hex(t, 2),
      norm("01 02 02 03 12 00 01 09 05 FF FF 0C 1A FF 11 04 02 03 12 00 07 09 05 07 E8 05 01 03 11 01"));
  EXPECT_EQ(c.changes, 4);
}

TEST(SpecialDaysTable, DeleteAndRejections) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  ASSERT_EQ(set_hex(t, 2, std::string("01 02 ") + kChristmas + kNewYear), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(t, 2, "12 00 01"), ActionResult::success);
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 01 ") + kNewYear));
  EXPECT_EQ(invoke_hex(t, 2, "12 00 01"), ActionResult::other_reason);  // gone
  EXPECT_EQ(invoke_hex(t, 2, "11 02"), ActionResult::type_unmatched);
  // insert: date of 4 octets, month 13, day_id as long-unsigned, two fields.
  EXPECT_EQ(invoke_hex(t, 1, "02 03 12 00 03 09 04 FF FF 0C 19 11 03"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(t, 1, "02 03 12 00 03 09 05 FF FF 0D 19 FF 11 03"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(t, 1, "02 03 12 00 03 09 05 FF FF 0C 19 FF 12 00 03"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(t, 1, "02 02 12 00 03 09 05 FF FF 0C 19 FF"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke_hex(t, 1), ActionResult::type_unmatched);
  // Set: duplicate index, duplicate date.
  EXPECT_EQ(set_hex(t, 2, std::string("01 02 ") + kChristmas + kChristmas), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(t, 2, std::string("01 02 ") + kChristmas + "02 03 12 00 09 09 05 FF FF 0C 19 FF 11 01"),
            DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 01 ") + kNewYear));
}

TEST(SpecialDaysTable, Capacity) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  t.set_capacity(2);
  EXPECT_EQ(set_hex(t, 2, std::string("01 03 ") + kChristmas + kNewYear + kMayDay),
            DataAccessResult::other_reason);
  ASSERT_EQ(set_hex(t, 2, std::string("01 02 ") + kChristmas + kNewYear), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(t, 1, kMayDay), ActionResult::other_reason);  // full
  EXPECT_EQ(invoke_hex(t, 1, "02 03 12 00 01 09 05 FF FF 0C 18 FF 11 02"),
            ActionResult::success);  // replaces
  EXPECT_EQ(t.entries().size(), 2U);
  // 100 entries fit the SM307 default capacity, 101 do not.
  SpecialDaysTable full(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  std::string entries = "01 64";
  for (int i = 1; i <= 100; ++i) {
    char e[64];
    std::snprintf(e, sizeof e, " 02 03 12 00 %02X 09 05 07 E8 %02X %02X FF 11 01", i, 1 + (i - 1) / 28,
                  1 + (i - 1) % 28);
    entries += e;
  }
  EXPECT_EQ(set_hex(full, 2, entries), DataAccessResult::success);
  EXPECT_EQ(invoke_hex(full, 1, "02 03 12 00 FF 09 05 07 E8 0C 01 FF 11 01"), ActionResult::other_reason);
}

TEST(SpecialDaysTable, TruncatedEntriesAreRefused) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  const auto full = hex(std::string("01 02 ") + kChristmas + kNewYear);
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_EQ(t.set_static(2, ByteSpan(full.data(), n)), DataAccessResult::type_unmatched) << n;
  }
  EXPECT_EQ(get_hex(t, 2), norm("01 00"));
}

TEST(SpecialDaysTable, SameDateIgnoresAnImpliedDayOfWeek) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  ASSERT_EQ(invoke_hex(t, 1, kMayDay), ActionResult::success);  // 2024-05-01, Wednesday (3)
  // The same concrete date without its weekday replaces it.
  ASSERT_EQ(invoke_hex(t, 1, "02 03 12 00 08 09 05 07 E8 05 01 FF 11 01"), ActionResult::success);
  EXPECT_EQ(get_hex(t, 2), norm("01 01 02 03 12 00 08 09 05 07 E8 05 01 FF 11 01"));
  // Every Sunday is not every day: with wildcards the weekday is part of the date.
  ASSERT_EQ(invoke_hex(t, 1, "02 03 12 00 01 09 05 FF FF FF FF 07 11 01"), ActionResult::success);
  ASSERT_EQ(invoke_hex(t, 1, "02 03 12 00 02 09 05 FF FF FF FF FF 11 01"), ActionResult::success);
  EXPECT_EQ(t.entries().size(), 3U);
  EXPECT_TRUE(
      SpecialDaysTable::same_date(codec::CosemDate{2024, 5, 1, 3}, codec::CosemDate{2024, 5, 1, 0xFF}));
  EXPECT_FALSE(SpecialDaysTable::same_date(codec::CosemDate{2024, 5, 1, 3}, codec::CosemDate{2024, 5, 1, 4}));
  EXPECT_FALSE(
      SpecialDaysTable::same_date(codec::CosemDate{0xFFFF, 5, 1, 3}, codec::CosemDate{0xFFFF, 5, 1, 0xFF}));
}

// A store holding the entries (a meter's TOU engine in the binding), refusing when told to.
class FakeStore : public SpecialDaysStore {
 public:
  bool load(std::vector<SpecialDayEntry>& out) override {
    ++loads;
    out = entries;
    return readable;
  }
  DataAccessResult store(const std::vector<SpecialDayEntry>& next) override {
    if (refuse) {
      return DataAccessResult::other_reason;
    }
    entries = next;
    return DataAccessResult::success;
  }
  std::vector<SpecialDayEntry> entries;
  int loads = 0;
  bool refuse = false;
  bool readable = true;
};

TEST(SpecialDaysTable, BoundStoreHoldsTheEntries) {
  SpecialDaysTable t(apdu::ObisCode(0, 0, 11, 0, 0, 255));
  FakeStore store;
  Counter c;
  t.set_observer(&c);
  t.bind_store(&store);
  ASSERT_EQ(invoke_hex(t, 1, kMayDay), ActionResult::success);
  ASSERT_EQ(invoke_hex(t, 1, kChristmas), ActionResult::success);
  ASSERT_EQ(store.entries.size(), 2U);
  EXPECT_EQ(store.entries[0].index, 1);  // sorted by index
  EXPECT_TRUE(t.entries().empty());      // the object's own list is not used
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 02 ") + kChristmas + kMayDay));
  // Changes made in the store are what the object shows.
  store.entries.pop_back();
  EXPECT_EQ(get_hex(t, 2), norm(std::string("01 01 ") + kChristmas));
  // Refusals change nothing and tell no one.
  store.refuse = true;
  EXPECT_EQ(invoke_hex(t, 1, kNewYear), ActionResult::other_reason);
  EXPECT_EQ(invoke_hex(t, 2, "12 00 01"), ActionResult::other_reason);
  EXPECT_EQ(set_hex(t, 2, "01 00"), DataAccessResult::other_reason);
  EXPECT_EQ(store.entries.size(), 1U);
  EXPECT_EQ(c.changes, 2);
  store.refuse = false;
  EXPECT_EQ(invoke_hex(t, 2, "12 00 01"), ActionResult::success);
  EXPECT_TRUE(store.entries.empty());
  // A store that cannot be read.
  store.readable = false;
  EXPECT_EQ(get_hex(t, 2, DataAccessResult::hardware_fault), "");
  EXPECT_EQ(invoke_hex(t, 1, kNewYear), ActionResult::hardware_fault);
}

}  // namespace
}  // namespace dlms::cosem
