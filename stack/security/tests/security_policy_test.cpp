#include "stack/security/security_policy.hpp"

#include <gtest/gtest.h>

namespace dlms::security {
namespace {

// Blue Book 4.4.7, Security setup version 1 security_policy bits 2..7.
TEST(SecurityPolicy, Bits) {
  const SecurityPolicy p(0xFC);
  EXPECT_TRUE(p.authenticated_request());
  EXPECT_TRUE(p.encrypted_request());
  EXPECT_TRUE(p.signed_request());
  EXPECT_TRUE(p.authenticated_response());
  EXPECT_TRUE(p.encrypted_response());
  EXPECT_TRUE(p.signed_response());
  EXPECT_EQ(SecurityPolicy(0x04 | 0x20).bits(), 0x24);
  EXPECT_EQ(SecurityPolicy::from_version0(3)->bits(), 0x6C);
  EXPECT_EQ(SecurityPolicy::from_version0(1)->bits(), 0x24);
  EXPECT_FALSE(SecurityPolicy::from_version0(4));
}

TEST(SecurityPolicy, RequestChecks) {
  const SecurityControl ae(0x30);
  const SecurityControl a(0x10);
  const SecurityControl e(0x20);
  EXPECT_TRUE(SecurityPolicy(0).check_request(nullptr));
  const SecurityPolicy auth_enc(SecurityPolicy::kAuthenticatedRequest | SecurityPolicy::kEncryptedRequest);
  EXPECT_TRUE(auth_enc.check_request(&ae));
  EXPECT_EQ(auth_enc.check_request(&a).error(), security_errc::policy_violation);
  EXPECT_EQ(auth_enc.check_request(&e).error(), security_errc::policy_violation);
  EXPECT_EQ(auth_enc.check_request(nullptr).error(), security_errc::policy_violation);
  const SecurityPolicy auth(SecurityPolicy::kAuthenticatedRequest);
  EXPECT_TRUE(auth.check_request(&a));
  EXPECT_TRUE(auth.check_request(&ae));
  EXPECT_EQ(auth.check_request(&e).error(), security_errc::policy_violation);
  EXPECT_EQ(SecurityPolicy(SecurityPolicy::kSignedRequest).check_request(&ae).error(),
            security_errc::policy_violation);
}

TEST(SecurityPolicy, ResponseProtectionAndActivation) {
  const SecurityPolicy p(SecurityPolicy::kAuthenticatedResponse | SecurityPolicy::kEncryptedResponse);
  EXPECT_TRUE(p.response_needs_protection());
  EXPECT_EQ(p.response_protection(SecuritySuite::suite0).byte(), 0x30);
  EXPECT_FALSE(SecurityPolicy(0x0C).response_needs_protection());
  EXPECT_TRUE(SecurityPolicy(0x04).is_strengthening(SecurityPolicy(0x0C)));
  EXPECT_FALSE(SecurityPolicy(0x0C).is_strengthening(SecurityPolicy(0x04)));
  EXPECT_FALSE(SecurityPolicy(0x00).is_strengthening(SecurityPolicy(0x01)));
}

}  // namespace
}  // namespace dlms::security
