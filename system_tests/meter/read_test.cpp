// Reading: every object of the list (`dlms objects`, `dlms read-all` as the reader) over each
// transport, and the load profile by date range (`dlms profile --from --to`, CSV rows inside
// the range). Issue #8 "Must show".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stack/codec/cosem_date_time.hpp"
#include "system_tests/meter/meter_fixture.hpp"
#include "system_tests/support/csv_fields.hpp"

namespace dlms::system_test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// OBIS codes of the objects of meter_model/sm307/objects.xml (the <object> elements with a
// class: the associations' <object> entries carry rights instead).
std::set<std::string> object_list_obis() {
  std::ifstream in(std::string(DLMS_SOURCE_DIR) + "/meter_model/sm307/objects.xml");
  std::stringstream text;
  text << in.rdbuf();
  const std::string xml = text.str();
  static const std::regex object(R"re(<object obis="([0-9.]+)" class=)re");
  std::set<std::string> codes;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), object); it != std::sregex_iterator(); ++it) {
    codes.insert((*it)[1].str());
  }
  return codes;
}

// "2026-11-25T00:00:00" (the dlms command line's date-time, meter local time).
std::string format_local(sys_seconds t) {
  const auto dt = codec::CosemDateTime::from_utc(t, 0);
  char text[32];
  std::snprintf(text, sizeof text, "%04u-%02u-%02uT%02u:%02u:%02u", dt.year, dt.month, dt.day_of_month,
                dt.hour, dt.minute, dt.second);
  return text;
}

// The first date-time in a CSV field: "2026-11-25 00:15:00", "2026-11-25T00:15:00", with or
// without quotes or a zone suffix.
std::optional<sys_seconds> parse_csv_time(const std::string& field) {
  static const std::regex time(R"((\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?)");
  std::smatch m;
  if (!std::regex_search(field, m, time)) return std::nullopt;
  codec::CosemDateTime dt;
  dt.year = static_cast<std::uint16_t>(std::stoi(m[1]));
  dt.month = static_cast<std::uint8_t>(std::stoi(m[2]));
  dt.day_of_month = static_cast<std::uint8_t>(std::stoi(m[3]));
  dt.hour = static_cast<std::uint8_t>(std::stoi(m[4]));
  dt.minute = static_cast<std::uint8_t>(std::stoi(m[5]));
  dt.second = static_cast<std::uint8_t>(m[6].matched ? std::stoi(m[6]) : 0);
  auto t = dt.local_as_sys();
  if (!t) return std::nullopt;
  return *t;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class ReadTest : public MeterFixture, public ::testing::WithParamInterface<Transport> {
 protected:
  void SetUp() override {
    MeterOptions o;
    o.optical_pty = GetParam() == Transport::optical;
    start_meter(o);
  }
};

TEST_P(ReadTest, ObjectListHoldsEveryObjectOfTheXml) {
  const auto expected = object_list_obis();
  ASSERT_GT(expected.size(), 200U);
  const ProcessResult r = run_ok(GetParam(), Association::reader, {"objects"});
  for (const auto& obis : expected) EXPECT_NE(r.out.find(obis), std::string::npos) << obis << " missing";
}

TEST_P(ReadTest, ReadAllAnswersEveryObject) {
  // JSON: [{"attribute":"CLASS/OBIS/ATTR","name":...,"value":...} or {...,"error":...}, ...]
  const auto expected = object_list_obis();
  const ProcessResult r = run_ok(GetParam(), Association::reader, {"--format", "json", "read-all"});
  const auto entries = nlohmann::json::parse(r.out);
  ASSERT_TRUE(entries.is_array());
  std::set<std::string> read;
  std::size_t logical_names = 0;
  for (const auto& e : entries) {
    const std::string attribute = e.at("attribute").get<std::string>();
    EXPECT_FALSE(e.contains("error")) << e.dump();
    EXPECT_TRUE(e.contains("value")) << e.dump();
    const std::size_t slash = attribute.find('/');
    const std::size_t last = attribute.rfind('/');
    ASSERT_NE(slash, last) << attribute;
    read.insert(attribute.substr(slash + 1, last - slash - 1));
    if (attribute.substr(last) == "/1") ++logical_names;
  }
  for (const auto& obis : expected) EXPECT_TRUE(read.count(obis) == 1) << obis << " not read";
  EXPECT_EQ(read.size(), expected.size());
  EXPECT_EQ(logical_names, expected.size()) << "attribute 1 (logical_name) of every object";
  EXPECT_GT(entries.size(), 3 * expected.size());
}

INSTANTIATE_TEST_SUITE_P(Transports, ReadTest,
                         ::testing::Values(Transport::wrapper, Transport::hdlc, Transport::optical),
                         transport_name);

class ProfileTest : public MeterFixture {};

TEST_F(ProfileTest, LoadProfileByRangeGivesTheRowsInsideTheRange) {
  MeterOptions o;
  o.backfill = "1d";
  start_meter(o);
  // The range: two hours, ending 6 h before the meter's own time (local).
  const codec::Data clock = get(Transport::wrapper, Association::reader, "8/0.0.1.0.0.255/2");
  const auto now = codec::CosemDateTime::decode(ByteSpan(clock.octets().data(), clock.octets().size()));
  ASSERT_TRUE(now);
  const auto local_now = now->local_as_sys();
  ASSERT_TRUE(local_now);
  const sys_seconds to = std::chrono::floor<hours>(*local_now) - hours(6);
  const sys_seconds from = to - hours(2);
  for (Transport t : {Transport::wrapper, Transport::hdlc}) {
    SCOPED_TRACE(std::string(to_string(t)));
    const ProcessResult r = run_ok(t, Association::reader,
                                   {"--format", "csv", "profile", "1.0.99.1.0.255", "--from",
                                    format_local(from), "--to", format_local(to)});
    const auto lines = lines_of(r.out);
    ASSERT_GE(lines.size(), 2U) << r.out;
    // Header: the 18 capture objects (clock, status, 16 channels).
    EXPECT_EQ(split_csv_line(lines[0]).size(), 18U) << lines[0];
    std::vector<sys_seconds> times;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const auto fields = split_csv_line(lines[i]);
      EXPECT_EQ(fields.size(), 18U) << lines[i];
      const auto t0 = parse_csv_time(fields[0]);
      ASSERT_TRUE(t0) << "row without a date-time: " << lines[i];
      EXPECT_GE(*t0, from) << lines[i];
      EXPECT_LE(*t0, to) << lines[i];
      times.push_back(*t0);
    }
    // 15-minute capture period: 8 or 9 rows (the range ends are inclusive, Blue Book 4.3.6).
    EXPECT_GE(times.size(), 8U) << r.out;
    EXPECT_LE(times.size(), 9U) << r.out;
    for (std::size_t i = 1; i < times.size(); ++i) EXPECT_EQ(times[i] - times[i - 1], minutes(15));
  }
  // JSON of the same range parses.
  const ProcessResult j = run_ok(Transport::wrapper, Association::reader,
                                 {"--format", "json", "profile", "1.0.99.1.0.255", "--from",
                                  format_local(from), "--to", format_local(to)});
  EXPECT_FALSE(j.out.empty());
}

}  // namespace
}  // namespace dlms::system_test
