// SecurityContext: Security setup (class 64) state, security_activate and key_transfer
// (Blue Book 4.4.7), staged until the response is sent.
#include "stack/association/security_context.hpp"

#include <array>
#include <vector>

#include <gtest/gtest.h>

#include "stack/association/tests/association_test_support.hpp"
#include "stack/security/key_transfer.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::association {
namespace {

using security::KeyId;
using security::security_errc;
using security::SecurityPolicy;
using test::hex;
using test::hex_of;

class SecurityContextTest : public ::testing::Test {
 protected:
  SecurityContextTest() {
    EXPECT_TRUE(ctx.set_key(KeyId::global_unicast_encryption, hex(test::kEk)));
    EXPECT_TRUE(ctx.set_key(KeyId::authentication, hex(test::kAk)));
    EXPECT_TRUE(ctx.set_key(KeyId::master, hex("000102030405060708090A0B0C0D0E0F")));
  }

  // A key_transfer parameter carrying `key` for `id`, wrapped with `kek`.
  std::vector<std::uint8_t> transfer(KeyId id, std::string_view key, std::string_view kek) {
    const security::Key k = security::Key::from(hex(key)).value();
    const security::Key w = security::Key::from(hex(kek)).value();
    Result<ByteSpan> wrapped = security::wrap_key(backend, w, k, wrapped_buf);
    EXPECT_TRUE(wrapped);
    const std::array<security::WrappedKey, 1> entries{security::WrappedKey{id, *wrapped}};
    std::vector<std::uint8_t> out(128);
    Result<ByteSpan> enc = security::encode_key_transfer(entries, out);
    EXPECT_TRUE(enc);
    out.resize(enc->size());
    return out;
  }

  test::ScriptedBackend backend;
  SecurityContext ctx{backend};
  std::array<std::uint8_t, 64> wrapped_buf{};
};

TEST_F(SecurityContextTest, SecurityActivateOnlyStrengthensAndWaitsForTheResponse) {
  ctx.set_policy(SecurityPolicy(SecurityPolicy::kAuthenticatedRequest));
  EXPECT_EQ(ctx.security_activate(SecurityPolicy(0)).error(), security_errc::policy_violation);
  EXPECT_EQ(ctx.security_activate(SecurityPolicy(SecurityPolicy::kEncryptedRequest)).error(),
            security_errc::policy_violation);
  EXPECT_FALSE(ctx.has_pending());
  const SecurityPolicy stronger(SecurityPolicy::kAuthenticatedRequest | SecurityPolicy::kEncryptedRequest);
  EXPECT_TRUE(ctx.security_activate(stronger));
  EXPECT_TRUE(ctx.has_pending());
  EXPECT_EQ(ctx.policy().bits(), SecurityPolicy::kAuthenticatedRequest);  // not yet
  EXPECT_TRUE(ctx.commit_pending());
  EXPECT_EQ(ctx.policy(), stronger);
  EXPECT_FALSE(ctx.has_pending());
  // Discarded changes never apply.
  EXPECT_TRUE(ctx.security_activate(
      SecurityPolicy(0xFC & ~SecurityPolicy::kSignedRequest & ~SecurityPolicy::kSignedResponse)));
  ctx.discard_pending();
  EXPECT_TRUE(ctx.commit_pending());
  EXPECT_EQ(ctx.policy(), stronger);
}

TEST_F(SecurityContextTest, KeyTransferIsStagedThenInstalledWithFreshCounters) {
  ASSERT_TRUE(ctx.counters().accept_received(KeyId::global_unicast_encryption, 100));
  ASSERT_TRUE(ctx.counters().next_send(KeyId::global_unicast_encryption));
  const auto param = transfer(KeyId::global_unicast_encryption, "FFEEDDCCBBAA99887766554433221100",
                              "000102030405060708090A0B0C0D0E0F");
  Result<std::size_t> n = ctx.key_transfer(param);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(*n, 1U);
  EXPECT_EQ(hex_of(ctx.keys()[KeyId::global_unicast_encryption].bytes()), test::kEk);  // not yet
  EXPECT_TRUE(ctx.commit_pending());
  EXPECT_EQ(hex_of(ctx.keys()[KeyId::global_unicast_encryption].bytes()), "FFEEDDCCBBAA99887766554433221100");
  EXPECT_FALSE(ctx.counters().last_received(KeyId::global_unicast_encryption).has_value());
  EXPECT_EQ(ctx.counters().peek_send(KeyId::global_unicast_encryption), 0U);
}

TEST_F(SecurityContextTest, KeyTransferWithTheWrongKekStagesNothing) {
  const auto param =
      transfer(KeyId::authentication, "FFEEDDCCBBAA99887766554433221100", "0F0E0D0C0B0A09080706050403020100");
  EXPECT_EQ(ctx.key_transfer(param).error(), security_errc::unwrap_failed);
  EXPECT_FALSE(ctx.has_pending());
  EXPECT_EQ(ctx.key_transfer(hex("01 00")).error(), security_errc::invalid_key_transfer);
  EXPECT_TRUE(ctx.commit_pending());
  EXPECT_EQ(hex_of(ctx.keys()[KeyId::authentication].bytes()), test::kAk);
  SecurityContext no_kek{backend};
  EXPECT_EQ(no_kek.key_transfer(param).error(), security_errc::key_not_set);
}

TEST_F(SecurityContextTest, SuiteAndTitles) {
  EXPECT_EQ(ctx.suite(), security::SecuritySuite::suite0);
  EXPECT_EQ(ctx.set_suite(security::SecuritySuite::suite1).error(), security_errc::unsupported);
  EXPECT_TRUE(ctx.set_suite(security::SecuritySuite::suite0));
  EXPECT_FALSE(ctx.client_system_title().has_value());
  ctx.set_client_system_title(security::SystemTitle::from(hex(test::kTitleBC614E)).value());
  EXPECT_EQ(hex_of(ctx.client_system_title()->bytes()), test::kTitleBC614E);
  EXPECT_EQ(ctx.set_key(KeyId::authentication, hex("0011")).error(), security_errc::invalid_key_length);
}

}  // namespace
}  // namespace dlms::association
