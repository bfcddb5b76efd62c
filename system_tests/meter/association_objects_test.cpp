// Objects that describe and protect the associations, on the wire (sm307-meter driven by dlms
// over the wrapper):
//   - each association's own Association LN object 0-0:40.0.1/2/3.255 (Blue Book 4.4.4) shows
//     that association to every reader: partners, mechanism, object list, status (associated
//     only while a connection holds it), security setup; 0-0:40.0.0.255 is the reader's own;
//   - the management client writes the reader's LLS password (attribute 7 of 0-0:40.0.2.255,
//     never readable) and its own HLS secret (change_HLS_secret);
//   - the invocation counter 0-0:43.1.0.255 (DSMR 5 / IDIS; Gurux clients' `-v 0.0.43.1.0.255`):
//     the public client reads it, and a client that restarts its counter continues from it;
//   - Clock time_zone written by the management client is the meter's offset (Blue Book 4.5.1);
//   - the daily profile 1.0.99.2.0.255 holds the meter's midnight values.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/cosem_date_time.hpp"
#include "system_tests/meter/meter_fixture.hpp"
#include "system_tests/support/csv_fields.hpp"
#include "system_tests/support/test_credentials.hpp"

namespace dlms::system_test {
namespace {

constexpr Transport kW = Transport::wrapper;
constexpr Association kPublic = Association::public_client;
constexpr Association kReader = Association::reader;
constexpr Association kManagement = Association::management;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) lines.push_back(line);
      line.clear();
    } else {
      line.push_back(c);
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

class AssociationObjectsTest : public MeterFixture {
 protected:
  void SetUp() override { start_meter(); }

  // dlms as the management client with extra connection options (e.g. --invocation-counter).
  ProcessResult management_with(const std::vector<std::string>& options,
                                const std::vector<std::string>& args) {
    std::vector<std::string> all = transport_args(meter(), kW);
    const auto m = association_args(kManagement);
    all.insert(all.end(), m.begin(), m.end());
    all.insert(all.end(), options.begin(), options.end());
    all.insert(all.end(), args.begin(), args.end());
    return dlms().run_raw(all, std::chrono::seconds(25));
  }
  ProcessResult reader_with_password(const std::string& password, const std::vector<std::string>& args) {
    std::vector<std::string> all = transport_args(meter(), kW);
    const std::vector<std::string> r = {"--client", "32", "--auth", "lls", "--password", password};
    all.insert(all.end(), r.begin(), r.end());
    all.insert(all.end(), args.begin(), args.end());
    return dlms().run_raw(all, std::chrono::seconds(25));
  }
};

TEST_F(AssociationObjectsTest, EachAssociationObjectShowsItsOwnAssociation) {
  // associated_partners_id { client SAP, server SAP }.
  for (const auto& [object, client] :
       std::vector<std::pair<std::string, std::uint64_t>>{{"0.0.40.0.1.255", kPublicClientSap},
                                                          {"0.0.40.0.2.255", kReaderClientSap},
                                                          {"0.0.40.0.3.255", kManagementClientSap},
                                                          {"0.0.40.0.0.255", kReaderClientSap}}) {
    SCOPED_TRACE(object);
    const codec::Data partners = get(kW, kReader, "15/" + object + "/3");
    ASSERT_EQ(partners.type(), codec::DataType::structure);
    ASSERT_EQ(partners.elements().size(), 2U);
    EXPECT_EQ(static_cast<std::uint64_t>(partners.elements()[0].as_int64()), client);
    EXPECT_EQ(partners.elements()[1].as_uint64(), kLogicalDeviceSap);
  }
  // authentication_mechanism_name: ... 08 02 05 (HLS-GMAC) for the management's object.
  const codec::Data mechanism = get(kW, kReader, "15/0.0.40.0.3.255/6");
  ASSERT_EQ(mechanism.octets().size(), 7U);
  EXPECT_EQ(mechanism.octets().back(), 5);
  // association_status: the reader's own association is associated; nobody holds the management's.
  EXPECT_EQ(get_unsigned(kW, kReader, "15/0.0.40.0.2.255/8"), 2U);
  EXPECT_EQ(get_unsigned(kW, kReader, "15/0.0.40.0.0.255/8"), 2U);
  EXPECT_EQ(get_unsigned(kW, kReader, "15/0.0.40.0.3.255/8"), 0U);
  EXPECT_EQ(get_unsigned(kW, kReader, "15/0.0.40.0.1.255/8"), 0U);
  // security_setup_reference: the management's Security setup.
  const codec::Data setup = get(kW, kReader, "15/0.0.40.0.3.255/9");
  EXPECT_EQ(setup.octets(), (std::vector<std::uint8_t>{0, 0, 43, 0, 0, 255}));
  // object_list: the public association's 8 objects, whoever reads them.
  EXPECT_EQ(get(kW, kReader, "15/0.0.40.0.1.255/2").elements().size(), 8U);
  EXPECT_EQ(get(kW, kPublic, "15/0.0.40.0.0.255/2").elements().size(), 8U);
  EXPECT_GT(get(kW, kReader, "15/0.0.40.0.2.255/2").elements().size(), 8U);
  // The secret is write only.
  EXPECT_EQ(run(kW, kReader, {"get", "15/0.0.40.0.2.255/7"}).status.code, 1);
}

TEST_F(AssociationObjectsTest, ManagementChangesTheReadersPasswordAndItsOwnSecret) {
  run_ok(kW, kManagement, {"set", "15/0.0.40.0.2.255/7", "--hex", "0908414243444546474A"});
  EXPECT_EQ(run(kW, kManagement, {"get", "15/0.0.40.0.2.255/7"}).status.code, 1);  // never read
  // The reader cannot write it.
  EXPECT_EQ(run(kW, kReader, {"set", "15/0.0.40.0.2.255/7", "--hex", "0902 4142"}).status.code, 1);
  ProcessResult r = reader_with_password(std::string(kReaderPassword), {"associate"});
  EXPECT_EQ(r.status.code, 1) << r.describe();
  r = reader_with_password("ABCDEFGJ", {"get", "1/0.0.42.0.0.255/2"});
  EXPECT_EQ(r.status.code, 0) << r.describe();
  // change_HLS_secret on its own association object.
  run_ok(kW, kManagement, {"action", "15/0.0.40.0.3.255/2", "--hex", "090401020304"});
  // HLS-GMAC authenticates with the keys, not the secret: the management still associates.
  run_ok(kW, kManagement, {"associate"});
}

TEST_F(AssociationObjectsTest, InvocationCounterLetsAClientThatRestartsItsCounterContinue) {
  EXPECT_EQ(get_unsigned(kW, kPublic, "1/0.0.43.1.0.255/2"), 0U);
  run_ok(kW, kManagement, {"get", "8/0.0.1.0.0.255/2"});
  const std::uint64_t last = get_unsigned(kW, kPublic, "1/0.0.43.1.0.255/2");
  EXPECT_GT(last, 0U);
  // A client starting again at 1 replays counters the meter has seen: refused.
  ProcessResult r = management_with({"--invocation-counter", "1"}, {"associate"});
  EXPECT_NE(r.status.code, 0) << r.describe();
  // Continuing with value + 1, as Gurux's `-v 0.0.43.1.0.255` does: accepted.
  r = management_with({"--invocation-counter", std::to_string(last + 1)}, {"get", "8/0.0.1.0.0.255/2"});
  EXPECT_EQ(r.status.code, 0) << r.describe();
  EXPECT_GT(get_unsigned(kW, kPublic, "1/0.0.43.1.0.255/2"), last);
  // Read only, even for the management client.
  EXPECT_EQ(run(kW, kManagement, {"set", "1/0.0.43.1.0.255/2", "--hex", "0600000001"}).status.code, 1);
}

TEST_F(AssociationObjectsTest, ClockTimeZoneIsTheMetersOffset) {
  EXPECT_EQ(get(kW, kReader, "8/0.0.1.0.0.255/3").as_int64(), 0);
  // time_zone -60 (UTC+1, Blue Book sign: UTC - local): local time moves one hour ahead.
  run_ok(kW, kManagement, {"set", "8/0.0.1.0.0.255/3", "--hex", "10FFC4"});
  EXPECT_EQ(get(kW, kReader, "8/0.0.1.0.0.255/3").as_int64(), -60);
  const codec::Data time = get(kW, kReader, "8/0.0.1.0.0.255/2");
  const auto dt = codec::CosemDateTime::decode(ByteSpan(time.octets().data(), time.octets().size()));
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->deviation, -60);
  // The reader may not write it; a value outside -720..840 is refused.
  EXPECT_EQ(run(kW, kReader, {"set", "8/0.0.1.0.0.255/3", "--hex", "10FFC4"}).status.code, 1);
  EXPECT_EQ(run(kW, kManagement, {"set", "8/0.0.1.0.0.255/3", "--hex", "10FD20"}).status.code, 1);
  EXPECT_EQ(get(kW, kReader, "8/0.0.1.0.0.255/3").as_int64(), -60);
}

class DailyProfileTest : public MeterFixture {};

TEST_F(DailyProfileTest, DailyProfileHoldsTheMidnightValues) {
  MeterOptions o;
  o.backfill = "36h";  // at least one local midnight
  start_meter(o);
  EXPECT_GE(get_unsigned(kW, kReader, "7/1.0.99.2.0.255/7"), 1U);
  EXPECT_EQ(get_unsigned(kW, kReader, "7/1.0.99.2.0.255/8"), 100U);
  const ProcessResult r = run_ok(kW, kReader, {"--format", "csv", "profile", "1.0.99.2.0.255"});
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 2U) << r.out;
  EXPECT_EQ(split_csv_line(lines[0]).size(), 18U) << lines[0];  // clock, status, 16 energies
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = split_csv_line(lines[i]);
    ASSERT_EQ(fields.size(), 18U) << lines[i];
    EXPECT_NE(fields[0].find("00:00:00"), std::string::npos) << lines[i];  // captured at midnight
  }
}

}  // namespace
}  // namespace dlms::system_test
