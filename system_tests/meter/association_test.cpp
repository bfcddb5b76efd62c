// Associations over each transport (wrapper, HDLC over TCP, optical port on a pty) with each
// security setup of the meter (public: none; reader: LLS; management: HLS-GMAC, suite 0,
// authenticated and encrypted), and refusals: a wrong password, a wrong key, what the public
// client may not read or write. Issue #8 "Must show", /work/notes/SESSION3-CONTRACT.md.
#include <algorithm>
#include <cctype>
#include <string>

#include <gtest/gtest.h>

#include "stack/codec/cosem_date_time.hpp"
#include "system_tests/meter/meter_fixture.hpp"
#include "system_tests/support/test_credentials.hpp"

namespace dlms::system_test {
namespace {

class AssociationTest : public MeterFixture, public ::testing::WithParamInterface<Transport> {
 protected:
  void SetUp() override {
    MeterOptions o;
    o.optical_pty = GetParam() == Transport::optical;
    start_meter(o);
  }
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

TEST_P(AssociationTest, EachSecuritySetupAssociatesAndReadsTheClock) {
  for (Association a : {Association::public_client, Association::reader, Association::management}) {
    SCOPED_TRACE(std::string(to_string(a)));
    const ProcessResult info = run_ok(GetParam(), a, {"associate"});
    EXPECT_FALSE(info.out.empty());
    if (a == Association::management) {
      // The client learns the meter's system title from the AARE.
      EXPECT_NE(upper(info.out).find(std::string(kMeterSystemTitle)), std::string::npos) << info.out;
    }
    const codec::Data clock = get(GetParam(), a, "8/0.0.1.0.0.255/2");
    ASSERT_EQ(clock.type(), codec::DataType::octet_string);
    ASSERT_EQ(clock.octets().size(), codec::CosemDateTime::kSize);
    const auto dt = codec::CosemDateTime::decode(ByteSpan(clock.octets().data(), clock.octets().size()));
    ASSERT_TRUE(dt);
    EXPECT_TRUE(dt->is_concrete());
  }
  // The public client reads the energy totals too.
  const codec::Data energy = get(GetParam(), Association::public_client, "3/1.0.1.8.0.255/2");
  EXPECT_EQ(energy.type(), codec::DataType::double_long_unsigned);
}

TEST_P(AssociationTest, WrongPasswordOrKeyIsRefusedWithExit1) {
  const std::vector<std::string> wrong_password = {"--client",   "32",       "--auth",   "lls",
                                                   "--password", "87654321", "associate"};
  std::vector<std::string> args = transport_args(meter(), GetParam());
  args.insert(args.end(), wrong_password.begin(), wrong_password.end());
  ProcessResult r = dlms().run_raw(args, std::chrono::seconds(25));
  EXPECT_EQ(r.status.code, 1) << r.describe();
  EXPECT_FALSE(r.err.empty()) << "a refusal says why on stderr";
  EXPECT_EQ(r.err.find("dlms: "), 0U) << r.err;

  // HLS-GMAC with a wrong authentication key: f(StoC) does not verify.
  args = transport_args(meter(), GetParam());
  auto management = association_args(Association::management);
  std::replace(management.begin(), management.end(), std::string(kAuthKey),
               std::string("00112233445566778899AABBCCDDEEFF"));
  args.insert(args.end(), management.begin(), management.end());
  args.emplace_back("associate");
  r = dlms().run_raw(args, std::chrono::seconds(25));
  EXPECT_NE(r.status.code, 0) << r.describe();
  EXPECT_TRUE(r.status.exited) << r.describe();

  // The meter still serves the right password afterwards.
  run_ok(GetParam(), Association::reader, {"associate"});
}

TEST_P(AssociationTest, PublicClientReadsOnlyItsObjectsAndWritesNothing) {
  // Voltage L1 is not in the public client's list: a data-access-result, exit 1.
  ProcessResult r = run(GetParam(), Association::public_client, {"get", "3/1.0.32.7.0.255/2"});
  EXPECT_EQ(r.status.code, 1) << r.describe();
  r = run(GetParam(), Association::public_client, {"get", "1/0.0.42.0.0.255/2"});
  EXPECT_EQ(r.status.code, 0) << r.describe();
  r = run(GetParam(), Association::public_client, {"clock", "--sync"});
  EXPECT_EQ(r.status.code, 1) << r.describe();
  // The reader reads it.
  r = run(GetParam(), Association::reader, {"get", "3/1.0.32.7.0.255/2"});
  EXPECT_EQ(r.status.code, 0) << r.describe();
}

INSTANTIATE_TEST_SUITE_P(Transports, AssociationTest,
                         ::testing::Values(Transport::wrapper, Transport::hdlc, Transport::optical),
                         transport_name);

}  // namespace
}  // namespace dlms::system_test
