// Activity calendar (class 20), Blue Book 4.5.5: season ::= structure { season_profile_name
// octet-string, season_start octet-string(12), week_name octet-string }; week_profile ::=
// structure { week_profile_name, monday..sunday unsigned }; day_profile ::= structure
// { day_id unsigned, day_schedule array structure { start_time octet-string(4),
// script_logical_name octet-string(6), script_selector long-unsigned } }. The example is a
// two-tariff SM307 calendar switching through the tariffication script table 0.0.10.0.100.255.
#include "cosem_objects/activity_calendar.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "cosem_objects/tests/classes1_support.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using namespace test1;

constexpr const char* kName = "09 05 53 4D 33 30 37";  // "SM307"
// One season "S1" from 1 January every year, week "W1".
constexpr const char* kSeasons =
    "01 01 02 03 09 02 53 31 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 02 57 31";
// W1: Monday..Friday day 1, weekend day 2.
constexpr const char* kWeeks = "01 01 02 08 09 02 57 31 11 01 11 01 11 01 11 01 11 01 11 02 11 02";
// Day 1: 06:00 tariff 1, 22:00 tariff 2; day 2: 00:00 tariff 2.
constexpr const char* kDays =
    "01 02"
    " 02 02 11 01 01 02"
    "  02 03 09 04 06 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01"
    "  02 03 09 04 16 00 00 00 09 06 00 00 0A 00 64 FF 12 00 02"
    " 02 02 11 02 01 01"
    "  02 03 09 04 00 00 00 00 09 06 00 00 0A 00 64 FF 12 00 02";
constexpr const char* kJuly1 = "09 0C 07 E8 07 01 FF 00 00 00 00 80 00 FF";

class Counter : public ChangeObserver {
 public:
  void attribute_changed(InterfaceClass& /*object*/, std::int8_t attribute_id) override {
    last = static_cast<int>(static_cast<unsigned char>(attribute_id));
    ++n;
  }
  int n = 0;
  int last = 0;
};

void configure_passive(ActivityCalendar& c) {
  ASSERT_EQ(set_hex(c, 6, kName), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 7, kSeasons), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 8, kWeeks), DataAccessResult::success);
  ASSERT_EQ(set_hex(c, 9, kDays), DataAccessResult::success);
}

TEST(ActivityCalendar, DefaultsEncodeTheirTypes) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  EXPECT_EQ(c.class_id(), 20);
  EXPECT_EQ(c.attribute_count(), 10);
  EXPECT_EQ(c.method_count(), 1);
  EXPECT_EQ(get_hex(c, 2), norm("09 00"));
  EXPECT_EQ(get_hex(c, 6), norm("09 00"));
  for (std::int8_t a : {3, 4, 5, 7, 8, 9}) {
    EXPECT_EQ(get_hex(c, a), norm("01 00")) << int(a);
  }
  EXPECT_EQ(get_hex(c, 10), norm("09 0C FF FF FF FF FF FF FF FF FF 80 00 FF"));
}

TEST(ActivityCalendar, PassiveCalendarActivates) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  Counter changes;
  c.set_observer(&changes);
  configure_passive(c);
  ASSERT_EQ(set_hex(c, 10, kJuly1), DataAccessResult::success);
  EXPECT_EQ(get_hex(c, 6), norm(kName));
  EXPECT_EQ(get_hex(c, 7), norm(kSeasons));
  EXPECT_EQ(get_hex(c, 8), norm(kWeeks));
  EXPECT_EQ(get_hex(c, 9), norm(kDays));
  EXPECT_EQ(get_hex(c, 10), norm(kJuly1));
  EXPECT_EQ(get_hex(c, 3), norm("01 00"));
  EXPECT_EQ(invoke_hex(c, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(get_hex(c, 2), norm(kName));
  EXPECT_EQ(get_hex(c, 3), norm(kSeasons));
  EXPECT_EQ(get_hex(c, 4), norm(kWeeks));
  EXPECT_EQ(get_hex(c, 5), norm(kDays));
  EXPECT_EQ(get_hex(c, 9), norm(kDays));  // the passive calendar stays
  EXPECT_EQ(changes.n, 5 + 4);
  EXPECT_EQ(changes.last, 5);
  EXPECT_EQ(invoke_hex(c, 1, "0F 01"), ActionResult::type_unmatched);
}

TEST(ActivityCalendar, ActivationChecksReferences) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  configure_passive(c);
  // The season names week "W2", which the table lacks.
  ASSERT_EQ(set_hex(c, 7, "01 01 02 03 09 02 53 31 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 02 57 32"),
            DataAccessResult::success);
  EXPECT_EQ(invoke_hex(c, 1, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(get_hex(c, 3), norm("01 00"));
  ASSERT_EQ(set_hex(c, 7, kSeasons), DataAccessResult::success);
  // The week names day 3, which the table lacks.
  ASSERT_EQ(set_hex(c, 8, "01 01 02 08 09 02 57 31 11 01 11 01 11 01 11 01 11 01 11 02 11 03"),
            DataAccessResult::success);
  EXPECT_EQ(invoke_hex(c, 1), ActionResult::other_reason);
  EXPECT_EQ(get_hex(c, 2), norm("09 00"));
  ASSERT_EQ(set_hex(c, 8, kWeeks), DataAccessResult::success);
  EXPECT_TRUE(c.activate());
}

TEST(ActivityCalendar, RejectionsAndLimits) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  configure_passive(c);
  // Season start of 11 octets; week with six days; start_time as a time [27] value.
  EXPECT_EQ(set_hex(c, 7, "01 01 02 03 09 02 53 31 09 0B FF FF 01 01 FF 00 00 00 00 80 00 09 02 57 31"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 8, "01 01 02 07 09 02 57 31 11 01 11 01 11 01 11 01 11 01 11 02"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 9, "01 01 02 02 11 01 01 01 02 03 1B 06 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01"),
            DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 10, "09 0C 07 E8 0D 01 FF 00 00 00 00 80 00 FF"), DataAccessResult::type_unmatched);
  EXPECT_EQ(set_hex(c, 6, "0A 02 53 31"), DataAccessResult::type_unmatched);
  // Duplicate season names, week names, day ids, start times within a day.
  EXPECT_EQ(set_hex(c, 7,
                    "01 02 02 03 09 02 53 31 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 02 57 31"
                    " 02 03 09 02 53 31 09 0C FF FF 06 01 FF 00 00 00 00 80 00 FF 09 02 57 31"),
            DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 8,
                    "01 02 02 08 09 02 57 31 11 01 11 01 11 01 11 01 11 01 11 02 11 02"
                    " 02 08 09 02 57 31 11 01 11 01 11 01 11 01 11 01 11 01 11 01"),
            DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 9, "01 02 02 02 11 01 01 00 02 02 11 01 01 00"), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 9,
                    "01 01 02 02 11 01 01 02"
                    " 02 03 09 04 06 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01"
                    " 02 03 09 04 06 00 00 00 09 06 00 00 0A 00 64 FF 12 00 02"),
            DataAccessResult::other_reason);
  // Limits: one switch per day, no seasons.
  c.set_limits({0, 12, 16, 1});
  EXPECT_EQ(set_hex(c, 9, kDays), DataAccessResult::other_reason);
  EXPECT_EQ(set_hex(c, 7, kSeasons), DataAccessResult::other_reason);
  EXPECT_EQ(get_hex(c, 7), norm(kSeasons));
  EXPECT_EQ(get_hex(c, 9), norm(kDays));
}

TEST(ActivityCalendar, SixteenSwitchesFit) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  auto day = [](int switches) {
    char h[8];
    std::snprintf(h, sizeof h, "%02X", switches);
    std::string s = std::string("01 01 02 02 11 01 01 ") + h;
    for (int i = 0; i < switches; ++i) {
      std::snprintf(h, sizeof h, "%02X", i);
      s += std::string(" 02 03 09 04 ") + h + " 00 00 00 09 06 00 00 0A 00 64 FF 12 00 01";
    }
    return s;
  };
  EXPECT_EQ(set_hex(c, 9, day(16)), DataAccessResult::success);
  EXPECT_EQ(set_hex(c, 9, day(17)), DataAccessResult::other_reason);
}

TEST(ActivityCalendar, TruncatedValuesAreRefused) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  configure_passive(c);
  for (const char* v : {kSeasons, kWeeks, kDays}) {
    const auto full = hex(v);
    for (std::size_t n = 0; n < full.size(); ++n) {
      EXPECT_NE(c.set_static(9, ByteSpan(full.data(), n)), DataAccessResult::success) << n;
    }
  }
  EXPECT_EQ(get_hex(c, 9), norm(kDays));
}

// A store holding attributes 2..10 as encodings (a meter's TOU engine in the binding), refusing
// what it is told to.
class FakeStore : public ActivityCalendarStore {
 public:
  DataAccessResult read(std::int8_t attribute_id, ByteWriter& out) override {
    const auto& v = values[static_cast<std::size_t>(attribute_id - 2)];
    if (v.empty()) {
      out.bytes(hex("01 00"));
    } else {
      out.bytes(v);
    }
    return DataAccessResult::success;
  }
  DataAccessResult write(std::int8_t attribute_id, const codec::DataView& value) override {
    ++writes;
    if (refuse_writes) {
      return DataAccessResult::other_reason;
    }
    const auto e = value.encoded();
    values[static_cast<std::size_t>(attribute_id - 2)].assign(e.begin(), e.end());
    return DataAccessResult::success;
  }
  ActionResult activate() override {
    ++activations;
    return refuse_activation ? ActionResult::other_reason : ActionResult::success;
  }
  std::array<std::vector<std::uint8_t>, 9> values;
  int writes = 0;
  int activations = 0;
  bool refuse_writes = false;
  bool refuse_activation = false;
};

TEST(ActivityCalendar, BoundStoreHoldsTheValuesTheClassChecked) {
  ActivityCalendar c(apdu::ObisCode(0, 0, 13, 0, 0, 255));
  FakeStore store;
  Counter changes;
  c.set_observer(&changes);
  c.bind_store(&store);
  configure_passive(c);
  EXPECT_EQ(store.writes, 4);
  EXPECT_EQ(to_hex(store.values[7]), norm(kDays));
  EXPECT_EQ(get_hex(c, 9), norm(kDays));
  EXPECT_EQ(get_hex(c, 5), norm("01 00"));
  // The class's checks come first: the store never sees a value of the wrong shape or beyond
  // the limits.
  EXPECT_EQ(set_hex(c, 6, "0A 02 53 31"), DataAccessResult::type_unmatched);
  c.set_limits({12, 12, 16, 1});
  EXPECT_EQ(set_hex(c, 9, kDays), DataAccessResult::other_reason);
  EXPECT_EQ(store.writes, 4);
  // The store's refusal is the result; the observer hears of successes only.
  store.refuse_writes = true;
  EXPECT_EQ(set_hex(c, 6, kName), DataAccessResult::other_reason);
  EXPECT_EQ(changes.n, 4);
  // Activation is the store's: refused, then done (the observer hears of 2..5).
  store.refuse_activation = true;
  EXPECT_EQ(invoke_hex(c, 1, "0F 00"), ActionResult::other_reason);
  EXPECT_FALSE(c.activate());
  store.refuse_activation = false;
  EXPECT_EQ(invoke_hex(c, 1, "0F 00"), ActionResult::success);
  EXPECT_EQ(invoke_hex(c, 1, "0F 01"), ActionResult::type_unmatched);
  EXPECT_EQ(store.activations, 3);
  EXPECT_EQ(changes.n, 8);
  EXPECT_EQ(changes.last, 5);
  c.bind_store(nullptr);
  EXPECT_EQ(get_hex(c, 9), norm("01 00"));  // the object's own (never written) value again
}

}  // namespace
}  // namespace dlms::cosem
