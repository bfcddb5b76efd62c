// The management client reads the clock through sm307-meter with each ciphering envelope of
// the dlms CLI (`--ciphering`, Green Book 9.2.7.2.4): glo- and ded- service APDUs,
// general-glo-ciphering [219], general-ded-ciphering [220], and general-ciphering [221] with
// identified-key and wrapped-key (security/general_ciphering.hpp). Two runs each: the second
// continues the invocation counters the first left in the client's state directory, which the
// meter must accept (ded-: a fresh dedicated key per association, so fresh counters).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/codec/cosem_date_time.hpp"
#include "system_tests/meter/meter_fixture.hpp"
#include "system_tests/support/data_json.hpp"
#include "system_tests/support/test_credentials.hpp"

namespace dlms::system_test {
namespace {

class CipheringTest : public MeterFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override { start_meter(); }
};

TEST_P(CipheringTest, ManagementReadsTheClock) {
  // The meter's test master key (KEK), SESSION3-CONTRACT.md.
  const std::vector<std::string> args = {
      "--ciphering", GetParam(), "--master-key", std::string(kMasterKey), "--verbose",
      "--format",    "json",     "get",          "8/0.0.1.0.0.255/2"};
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE(run);
    const ProcessResult r = run_ok(Transport::wrapper, Association::management, args);
    const codec::Data clock = decode_data_json(r.out);
    ASSERT_EQ(clock.type(), codec::DataType::octet_string);
    ASSERT_EQ(clock.octets().size(), codec::CosemDateTime::kSize);
    const auto dt = codec::CosemDateTime::decode(ByteSpan(clock.octets().data(), clock.octets().size()));
    ASSERT_TRUE(dt);
    EXPECT_TRUE(dt->is_concrete());
    // --verbose: the GET went out in the chosen envelope (its first octet after "dlms: > ").
    const std::string tag = GetParam() == "glo"           ? "C8"
                            : GetParam() == "ded"         ? "D0"
                            : GetParam() == "general-glo" ? "DB"
                            : GetParam() == "general-ded" ? "DC"
                                                          : "DD";
    EXPECT_NE(r.err.find("dlms: > " + tag + " "), std::string::npos) << r.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Envelopes, CipheringTest,
                         ::testing::Values("glo", "ded", "general-glo", "general-ded", "general",
                                           "general-wrapped"),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           std::string name = i.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace dlms::system_test
