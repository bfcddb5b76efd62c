// ConfiguredAssociation: a configured association as its own Association LN object shows it
// (Blue Book 4.4.4: 0-0:40.0.e.255 instances), and AssociationConfig::associated_now, kept by
// ServerAssociation (association_status associated while some connection holds it).
#include "stack/association/configured_association.hpp"

#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "stack/association/server_association.hpp"
#include "stack/association/tests/association_test_support.hpp"

namespace dlms::association {
namespace {

using apdu::ApplicationContextName;
using apdu::MechanismName;
using test::hex;
using test::hex_of;

std::vector<std::uint8_t> lls_aarq(std::string_view password_hex) {
  test::AarqSpec spec;
  spec.mechanism = MechanismName::low_level_security;
  spec.authentication_value = hex(password_hex);
  return test::make_aarq(spec);
}

apdu::AssociationResult result_of(ServerAssociation& a, const std::vector<std::uint8_t>& aarq) {
  std::array<std::uint8_t, 512> out{};
  Result<ByteSpan> r = a.on_aarq(aarq, out);
  EXPECT_TRUE(r);
  return r ? test::decode_aare(*r).result : apdu::AssociationResult::rejected_permanent;
}

class ConfiguredAssociationTest : public ::testing::Test {
 protected:
  ConfiguredAssociationTest() {
    config.client_sap = 0x20;
    config.server_sap = 1;
    config.mechanism = MechanismName::low_level_security;
    config.secret.assign(hex("3132333435363738"));  // "12345678"
    config.conformance = apdu::ConformanceBlock::from_u32(0x007E1F);
    config.max_receive_pdu_size = 0x0400;
  }
  AssociationConfig config;
  ConfiguredAssociation view{config};
};

TEST_F(ConfiguredAssociationTest, ShowsTheConfiguration) {
  const NegotiatedContext& n = view.negotiated();
  EXPECT_EQ(n.client_sap, 0x20);
  EXPECT_EQ(n.server_sap, 1);
  EXPECT_EQ(n.application_context, ApplicationContextName::logical_name);
  EXPECT_EQ(n.mechanism, MechanismName::low_level_security);
  EXPECT_EQ(n.conformance.to_u32(), 0x007E1FU);
  EXPECT_EQ(n.server_max_receive_pdu_size, 0x0400);
  EXPECT_EQ(n.client_max_receive_pdu_size, 0x0400);
  EXPECT_EQ(n.dlms_version, 6);
  EXPECT_EQ(&view.object_list(), &config.objects);
  EXPECT_EQ(view.security_setup_reference(), &config.security_setup_reference);
  EXPECT_TRUE(view.client_system_title().empty());
  EXPECT_TRUE(view.server_system_title().empty());
  EXPECT_EQ(view.status(), AssociationStatus::non_associated);
}

TEST_F(ConfiguredAssociationTest, CipheredConfigurationShowsTheCipheredContextAndServerTitle) {
  test::ScriptedBackend backend;
  SecurityContext security{backend};
  security.set_server_system_title(security::SystemTitle::from(hex(test::kTitle000001)).value());
  config.security = &security;
  config.mechanism = MechanismName::high_level_security_gmac;
  config.application_contexts = context_bit(ApplicationContextName::logical_name_with_ciphering);
  EXPECT_EQ(view.negotiated().application_context, ApplicationContextName::logical_name_with_ciphering);
  EXPECT_EQ(view.negotiated().mechanism, MechanismName::high_level_security_gmac);
  EXPECT_EQ(hex_of(view.server_system_title()), test::kTitle000001);
}

TEST_F(ConfiguredAssociationTest, StatusIsAssociatedWhileAnyConnectionHoldsIt) {
  auto first = std::make_unique<ServerAssociation>(config);
  auto second = std::make_unique<ServerAssociation>(config);
  EXPECT_EQ(config.associated_now, 0U);
  EXPECT_EQ(result_of(*first, lls_aarq("3132333435363738")), apdu::AssociationResult::accepted);
  EXPECT_EQ(config.associated_now, 1U);
  EXPECT_EQ(view.status(), AssociationStatus::associated);
  // A refused AARQ (wrong password) adds nothing.
  EXPECT_EQ(result_of(*second, lls_aarq("3132333435363739")), apdu::AssociationResult::rejected_permanent);
  EXPECT_EQ(config.associated_now, 1U);
  EXPECT_EQ(result_of(*second, lls_aarq("3132333435363738")), apdu::AssociationResult::accepted);
  EXPECT_EQ(config.associated_now, 2U);
  // An AARQ while associated changes nothing.
  EXPECT_EQ(result_of(*second, lls_aarq("3132333435363738")), apdu::AssociationResult::rejected_transient);
  EXPECT_EQ(config.associated_now, 2U);
  first->release();
  EXPECT_EQ(config.associated_now, 1U);
  first->release();  // twice: still counted once
  EXPECT_EQ(config.associated_now, 1U);
  EXPECT_EQ(view.status(), AssociationStatus::associated);
  second->release();  // the connection went away (ServerSession::on_disconnect)
  EXPECT_EQ(config.associated_now, 0U);
  EXPECT_EQ(view.status(), AssociationStatus::non_associated);
}

TEST_F(ConfiguredAssociationTest, RebindingLeavesThePreviousConfiguration) {
  AssociationConfig other;
  ServerAssociation a(config);
  ASSERT_EQ(result_of(a, lls_aarq("3132333435363738")), apdu::AssociationResult::accepted);
  EXPECT_EQ(config.associated_now, 1U);
  a.bind(other);
  EXPECT_EQ(config.associated_now, 0U);
  EXPECT_EQ(other.associated_now, 0U);
  other.pre_established = true;  // a pre-established association is associated once bound
  a.bind(other);
  EXPECT_EQ(other.associated_now, 1U);
  a.release();  // never released
  EXPECT_EQ(other.associated_now, 1U);
}

TEST_F(ConfiguredAssociationTest, SecretWritesApplyToLaterAssociations) {
  // Attribute 7 (LLS secret) through the configured association's object.
  EXPECT_EQ(view.set_lls_secret(hex("414243")), apdu::DataAccessResult::success);
  ServerAssociation later(config);
  EXPECT_EQ(result_of(later, lls_aarq("3132333435363738")), apdu::AssociationResult::rejected_permanent);
  EXPECT_EQ(result_of(later, lls_aarq("414243")), apdu::AssociationResult::accepted);
  // Method 2 change_HLS_secret writes the same configured secret.
  EXPECT_EQ(view.change_hls_secret(hex("01020304")), apdu::ActionResult::success);
  EXPECT_EQ(hex_of(config.secret.bytes()), "01020304");
  // Empty or too long: refused, nothing changed.
  EXPECT_EQ(view.change_hls_secret({}), apdu::ActionResult::type_unmatched);
  const std::vector<std::uint8_t> too_long(Secret::kMaxSize + 1, 0x41);
  EXPECT_EQ(view.set_lls_secret(too_long), apdu::DataAccessResult::type_unmatched);
  EXPECT_EQ(hex_of(config.secret.bytes()), "01020304");
}

TEST_F(ConfiguredAssociationTest, ReplyToHlsAuthenticationIsTheCurrentAssociationsOnly) {
  std::array<std::uint8_t, 32> buf{};
  ByteWriter w(buf);
  EXPECT_EQ(view.reply_to_hls_authentication(hex("AABB"), w), apdu::ActionResult::read_write_denied);
  EXPECT_EQ(w.size(), 0U);
}

TEST_F(ConfiguredAssociationTest, SameAssociationIsTheSameClientAndServerSap) {
  ServerAssociation live(config);
  EXPECT_TRUE(view.same_association(live));
  AssociationConfig other;
  other.client_sap = 0x10;
  ServerAssociation public_client(other);
  EXPECT_FALSE(view.same_association(public_client));
}

}  // namespace
}  // namespace dlms::association
