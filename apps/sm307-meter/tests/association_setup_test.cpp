// AssociationSetup over the generated SM307 object list: each association's own Association LN
// object (0-0:40.0.1/2/3.255; Blue Book 4.4.4) shows that association to every client (object
// list, partners, context, mechanism, status, security setup) while 0-0:40.0.0.255 stays the
// current association; secrets written through them change the configured secret; the
// invocation counter 0-0:43.1.0.255 (Blue Book OBIS 0-0:43.1.e.255 of Security setup e; DSMR 5 /
// IDIS) shows the last counter accepted under the management association's global unicast key.
// A-XDR per Blue Book 4.1.5; OIDs 2.16.756.5.8.1.x / 2.16.756.5.8.2.x per the Green Book.
#include "apps/sm307-meter/association_setup.hpp"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>

#include "codegen/sm307/sm307_objects.hpp"
#include "meter_model/meter.hpp"
#include "stack/association/server_association.hpp"
#include "stack/association/tests/association_test_support.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/openssl/openssl_backend.hpp"

namespace dlms::meter_app {
namespace {

using apdu::DataAccessResult;
using apdu::ObisCode;
using association::AssociationConfig;
using association::ServerAssociation;

constexpr ObisCode kCurrent{0, 0, 40, 0, 0, 255};
constexpr ObisCode kPublic{0, 0, 40, 0, 1, 255};
constexpr ObisCode kReader{0, 0, 40, 0, 2, 255};
constexpr ObisCode kManagement{0, 0, 40, 0, 3, 255};
constexpr ObisCode kInvocationCounter{0, 0, 43, 1, 0, 255};

std::string hex_of(std::string_view h) { return to_hex(*from_hex(h)); }

std::vector<std::uint8_t> lls_aarq(std::string_view password) {
  association::test::AarqSpec spec;
  spec.mechanism = apdu::MechanismName::low_level_security;
  spec.authentication_value = std::vector<std::uint8_t>(password.begin(), password.end());
  return association::test::make_aarq(spec);
}

class AssociationSetupTest : public ::testing::Test {
 protected:
  AssociationConfig& config_for(std::uint16_t client_sap) {
    for (auto& a : setup.devices()[0].associations) {
      if (a.client_sap == client_sap) {
        return a;
      }
    }
    ADD_FAILURE() << "no association for client " << client_sap;
    return setup.devices()[0].associations[0];
  }
  cosem::InterfaceClass& object(const ObisCode& ln) {
    auto* o = list->logical_devices()[0]->find(ln);
    EXPECT_NE(o, nullptr) << ln.to_string();
    return *o;
  }
  // Associates `a` (LLS or none) and returns the AARE's result.
  apdu::AssociationResult associate(ServerAssociation& a, const std::vector<std::uint8_t>& aarq) {
    std::array<std::uint8_t, 512> out{};
    Result<ByteSpan> r = a.on_aarq(aarq, out);
    EXPECT_TRUE(r);
    return r ? association::test::decode_aare(*r).result : apdu::AssociationResult::rejected_permanent;
  }
  static std::string get(cosem::InterfaceClass& o, association::AssociationContext* through, std::int8_t attr,
                         DataAccessResult expected = DataAccessResult::success) {
    std::vector<std::uint8_t> all;
    std::array<std::uint8_t, 2048> buf{};
    server::GetCursor cursor;
    server::RequestContext ctx;
    ctx.association = through;
    do {
      ByteWriter w(buf);
      const DataAccessResult r = o.get(ctx, attr, nullptr, cursor, w);
      EXPECT_EQ(r, expected) << o.logical_name().to_string() << " " << int(attr);
      if (r != DataAccessResult::success) {
        return {};
      }
      all.insert(all.end(), w.written().begin(), w.written().end());
    } while (cursor.more);
    return to_hex(all);
  }

  meter::ManualClock clock{meter::ms_from_civil(2025, 1, 1)};
  meter::Meter meter{clock, meter::Scenario::default_daily()};
  std::unique_ptr<binding::ObjectList> list = sm307::build_sm307_objects(meter);
  MeterConfig config;
  security::OpenSslBackend backend;
  AssociationSetup setup{*list, config, backend, nullptr};
};

TEST_F(AssociationSetupTest, EachAssociationObjectShowsItsOwnAssociation) {
  ServerAssociation pub(config_for(16));
  ASSERT_EQ(associate(pub, association::test::make_aarq({})), apdu::AssociationResult::accepted);
  // associated_partners_id: client SAP (integer) and server SAP (long-unsigned).
  EXPECT_EQ(get(object(kPublic), &pub, 3), hex_of("02 02 0F 10 12 00 01"));
  EXPECT_EQ(get(object(kReader), &pub, 3), hex_of("02 02 0F 20 12 00 01"));
  EXPECT_EQ(get(object(kManagement), &pub, 3), hex_of("02 02 0F 01 12 00 01"));
  EXPECT_EQ(get(object(kCurrent), &pub, 3), hex_of("02 02 0F 10 12 00 01"));
  // application_context_name: LN (1) for public and reader, LN with ciphering (3) for management.
  EXPECT_EQ(get(object(kReader), &pub, 4), hex_of("09 07 60 85 74 05 08 01 01"));
  EXPECT_EQ(get(object(kManagement), &pub, 4), hex_of("09 07 60 85 74 05 08 01 03"));
  // authentication_mechanism_name: none (0), LLS (1), HLS-GMAC (5).
  EXPECT_EQ(get(object(kPublic), &pub, 6), hex_of("09 07 60 85 74 05 08 02 00"));
  EXPECT_EQ(get(object(kReader), &pub, 6), hex_of("09 07 60 85 74 05 08 02 01"));
  EXPECT_EQ(get(object(kManagement), &pub, 6), hex_of("09 07 60 85 74 05 08 02 05"));
  // xDLMS_context_info: what the meter grants (conformance 60 7E 1F, 0xFFFF both ways, DLMS 6).
  EXPECT_EQ(get(object(kReader), &pub, 5),
            hex_of("02 06 04 18 60 7E 1F 12 FF FF 12 FF FF 11 06 0F 00 09 00"));
  // security_setup_reference: the management's Security setup; none (zeros) for the others.
  EXPECT_EQ(get(object(kManagement), &pub, 9), hex_of("09 06 00 00 2B 00 00 FF"));
  EXPECT_EQ(get(object(kReader), &pub, 9), hex_of("09 06 00 00 00 00 00 00"));
  EXPECT_EQ(get(object(kCurrent), &pub, 9), hex_of("09 06 00 00 00 00 00 00"));
  // The secret is never read.
  get(object(kReader), &pub, 7, DataAccessResult::read_write_denied);
  // object_list: each association's own (reader: every object; public: its 8 objects).
  const std::size_t objects = list->logical_devices()[0]->objects().size();
  ASSERT_LT(objects, 0x10000U);
  const std::string reader_list = get(object(kReader), &pub, 2);
  const std::array<std::uint8_t, 4> count{0x01, 0x82, static_cast<std::uint8_t>(objects >> 8U),
                                          static_cast<std::uint8_t>(objects)};
  EXPECT_EQ(reader_list.substr(0, 11), to_hex(count));
  EXPECT_EQ(get(object(kPublic), &pub, 2).substr(0, 5), "01 08");
  EXPECT_EQ(get(object(kCurrent), &pub, 2).substr(0, 5), "01 08");
  pub.release();
}

TEST_F(AssociationSetupTest, StatusIsAssociatedWhileAConnectionHoldsTheAssociation) {
  ServerAssociation pub(config_for(16));
  ASSERT_EQ(associate(pub, association::test::make_aarq({})), apdu::AssociationResult::accepted);
  EXPECT_EQ(get(object(kReader), &pub, 8), hex_of("16 00"));
  EXPECT_EQ(get(object(kPublic), &pub, 8), hex_of("16 02"));
  EXPECT_EQ(get(object(kCurrent), &pub, 8), hex_of("16 02"));

  ServerAssociation reader(config_for(32));
  ASSERT_EQ(associate(reader, lls_aarq(config.lls_password)), apdu::AssociationResult::accepted);
  EXPECT_EQ(get(object(kReader), &pub, 8), hex_of("16 02"));
  ServerAssociation reader2(config_for(32));
  ASSERT_EQ(associate(reader2, lls_aarq(config.lls_password)), apdu::AssociationResult::accepted);
  reader.release();
  EXPECT_EQ(get(object(kReader), &pub, 8), hex_of("16 02"));  // the second connection holds it
  reader2.release();
  EXPECT_EQ(get(object(kReader), &pub, 8), hex_of("16 00"));
  EXPECT_EQ(get(object(kManagement), &pub, 8), hex_of("16 00"));
  pub.release();
}

TEST_F(AssociationSetupTest, SecretWrittenThroughTheReadersObjectIsItsNextPassword) {
  ServerAssociation pub(config_for(16));
  ASSERT_EQ(associate(pub, association::test::make_aarq({})), apdu::AssociationResult::accepted);
  const auto secret = *from_hex("09 08 41 42 43 44 45 46 47 48");  // "ABCDEFGH"
  server::RequestContext ctx;
  ctx.association = &pub;
  ASSERT_EQ(object(kReader).set(ctx, 7, nullptr, *codec::read_data_exact(secret)), DataAccessResult::success);
  ServerAssociation reader(config_for(32));
  EXPECT_EQ(associate(reader, lls_aarq(config.lls_password)), apdu::AssociationResult::rejected_permanent);
  EXPECT_EQ(associate(reader, lls_aarq("ABCDEFGH")), apdu::AssociationResult::accepted);
  reader.release();
  // change_HLS_secret (method 2) on the management's object changes the management's secret.
  const auto hls = *from_hex("09 04 01 02 03 04");
  std::array<std::uint8_t, 16> buf{};
  ByteWriter w(buf);
  EXPECT_EQ(object(kManagement).invoke(ctx, 2, &*codec::read_data_exact(hls), w).result,
            apdu::ActionResult::success);
  EXPECT_EQ(to_hex(config_for(1).secret.bytes()), "01 02 03 04");
  // reply_to_HLS_authentication through another association's object: refused.
  const auto f = *from_hex("09 02 AA BB");
  EXPECT_EQ(object(kManagement).invoke(ctx, 1, &*codec::read_data_exact(f), w).result,
            apdu::ActionResult::read_write_denied);
  pub.release();
}

TEST_F(AssociationSetupTest, InvocationCounterIsTheLastAcceptedFromTheClient) {
  cosem::InterfaceClass& counter = object(kInvocationCounter);
  EXPECT_EQ(counter.class_id(), 1);
  EXPECT_EQ(get(counter, nullptr, 2), hex_of("06 00 00 00 00"));
  association::SecurityContext* ctx = setup.security_context(0);
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(ctx->counters().accept_received(security::KeyId::global_unicast_encryption, 0x1234));
  EXPECT_EQ(get(counter, nullptr, 2), hex_of("06 00 00 12 34"));
  // Read only.
  const auto v = *from_hex("06 00 00 00 01");
  EXPECT_EQ(counter.set({}, 2, nullptr, *codec::read_data_exact(v)), DataAccessResult::read_write_denied);
}

TEST(MechanismLabel, EveryMechanism) {
  EXPECT_STREQ(mechanism_label(apdu::MechanismName::lowest_level_security), "none");
  EXPECT_STREQ(mechanism_label(apdu::MechanismName::low_level_security), "lls");
  EXPECT_STREQ(mechanism_label(apdu::MechanismName::high_level_security_gmac), "hls-gmac");
  EXPECT_STREQ(mechanism_label(apdu::MechanismName::high_level_security_ecdsa), "hls-ecdsa");
}

}  // namespace
}  // namespace dlms::meter_app
