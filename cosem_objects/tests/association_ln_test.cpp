// Association LN (class 15, version 3; Blue Book 4.4.3). Expected bytes follow the A-XDR type
// rules of each attribute; application context and mechanism names are the DLMS UA OIDs
// 2.16.756.5.8.1.x / 2.16.756.5.8.2.x (Green Book), whose BER contents are 60 85 74 05 08 01 x.
#include "cosem_objects/association_ln.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "cosem_objects/class_registry.hpp"
#include "cosem_objects/data.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
namespace access = association::access;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

class FakeAssociation : public association::AssociationContext {
 public:
  association::AssociationStatus status_ = association::AssociationStatus::associated;
  association::NegotiatedContext negotiated_;
  association::AssociationObjectList list_;
  std::vector<std::uint8_t> lls_secret;
  std::vector<std::uint8_t> hls_secret;

  association::AssociationStatus status() const noexcept override { return status_; }
  const association::NegotiatedContext& negotiated() const noexcept override { return negotiated_; }
  const association::AssociationObjectList& object_list() const noexcept override { return list_; }
  ByteSpan client_system_title() const noexcept override { return {}; }
  ByteSpan server_system_title() const noexcept override { return {}; }
  ActionResult reply_to_hls_authentication(ByteSpan f_stoc, ByteWriter& f_ctos) override {
    if (to_hex(f_stoc) != "AA BB") {
      return ActionResult::other_reason;
    }
    status_ = association::AssociationStatus::associated;
    codec::axdr::write_octet_string(f_ctos, hex("CC DD"));
    return ActionResult::success;
  }
  ActionResult change_hls_secret(ByteSpan secret) override {
    hls_secret.assign(secret.begin(), secret.end());
    return ActionResult::success;
  }
  DataAccessResult set_lls_secret(ByteSpan secret) override {
    if (secret.empty()) {
      return DataAccessResult::other_reason;
    }
    lls_secret.assign(secret.begin(), secret.end());
    return DataAccessResult::success;
  }
};

struct Got {
  DataAccessResult result;
  std::string hex;
};

Got get(InterfaceClass& obj, const server::RequestContext& ctx, std::int8_t attr, std::size_t piece = 4096) {
  std::vector<std::uint8_t> all;
  std::vector<std::uint8_t> buf(piece);
  server::GetCursor cursor;
  do {
    ByteWriter out(buf);
    const auto r = obj.get(ctx, attr, nullptr, cursor, out);
    if (r != DataAccessResult::success) {
      return {r, ""};
    }
    all.insert(all.end(), out.written().begin(), out.written().end());
  } while (cursor.more);
  return {DataAccessResult::success, to_hex(all)};
}

class AssociationLnTest : public ::testing::Test {
 protected:
  AssociationLnTest()
      : current(apdu::ObisCode(0, 0, 40, 0, 0, 255)),
        name(apdu::ObisCode(0, 0, 42, 0, 0, 255)),
        load(apdu::ObisCode(1, 0, 99, 1, 0, 255)) {
    entries[0] = {&load, 7, load.logical_name(), kLoadAttrs, kLoadMethods};
    entries[1] = {&name, 1, name.logical_name(), kNameAttrs, {}};
    entries[2] = {&current, 15, current.logical_name(), kAssocAttrs, kAssocMethods};
    association::sort_object_list(entries);
    assoc.list_ = association::AssociationObjectList(entries);
    assoc.negotiated_.client_sap = 1;
    assoc.negotiated_.server_sap = 1;
    assoc.negotiated_.application_context = apdu::ApplicationContextName::logical_name_with_ciphering;
    assoc.negotiated_.mechanism = apdu::MechanismName::high_level_security_gmac;
    assoc.negotiated_.conformance = apdu::ConformanceBlock::from_u32(0x00601D);
    assoc.negotiated_.client_max_receive_pdu_size = 0x0400;
    assoc.negotiated_.server_max_receive_pdu_size = 0x0200;
    ctx.association = &assoc;
  }

  static constexpr std::uint8_t kNameAttrs[] = {access::kRead, access::kRead};
  static constexpr std::uint8_t kLoadAttrs[] = {
      access::kRead, access::kRead | access::kAuthenticatedRequest | access::kEncryptedRequest,
      access::kRead, access::kReadWrite,
      access::kRead, access::kRead,
      access::kRead, access::kRead};
  static constexpr std::uint8_t kLoadMethods[] = {access::kAccess,
                                                  access::kAccess | access::kAuthenticatedRequest};
  // Shorter than the class's 11 attributes / 6 methods: the rest has no access.
  static constexpr std::uint8_t kAssocAttrs[] = {access::kRead, access::kRead, access::kRead, access::kRead,
                                                 access::kRead, access::kRead, access::kWrite};
  static constexpr std::uint8_t kAssocMethods[] = {access::kAccess};

  AssociationLn current;
  Data name;
  ProfileGeneric load;
  std::array<association::ObjectAccessRights, 3> entries{};
  FakeAssociation assoc;
  server::RequestContext ctx;
};

TEST_F(AssociationLnTest, ClassIdentity) {
  EXPECT_EQ(current.class_id(), 15);
  EXPECT_EQ(current.version(), 3);
  EXPECT_EQ(current.attribute_count(), 11);
  EXPECT_EQ(current.method_count(), 6);
}

// The object list of three objects with version 3 (bit-flag) access modes.
TEST_F(AssociationLnTest, ObjectListOfThreeObjects) {
  const std::string assoc_element =
      "02 04 12 00 0F 11 03 09 06 00 00 28 00 00 FF 02 02 "
      "01 0B "
      "02 03 0F 01 16 01 00 02 03 0F 02 16 01 00 02 03 0F 03 16 01 00 02 03 0F 04 16 01 00 "
      "02 03 0F 05 16 01 00 02 03 0F 06 16 01 00 02 03 0F 07 16 02 00 02 03 0F 08 16 00 00 "
      "02 03 0F 09 16 00 00 02 03 0F 0A 16 00 00 02 03 0F 0B 16 00 00 "
      "01 06 "
      "02 02 0F 01 16 01 02 02 0F 02 16 00 02 02 0F 03 16 00 02 02 0F 04 16 00 02 02 0F 05 16 00 "
      "02 02 0F 06 16 00";
  const std::string name_element =
      "02 04 12 00 01 11 00 09 06 00 00 2A 00 00 FF 02 02 "
      "01 02 02 03 0F 01 16 01 00 02 03 0F 02 16 01 00 "
      "01 00";
  // buffer (attribute 2) is readable with authenticated and encrypted requests (0x0D) and
  // offers access selectors 1 and 2; capture_period read-write; capture with authentication.
  const std::string load_element =
      "02 04 12 00 07 11 01 09 06 01 00 63 01 00 FF 02 02 "
      "01 08 "
      "02 03 0F 01 16 01 00 02 03 0F 02 16 0D 01 02 0F 01 0F 02 02 03 0F 03 16 01 00 "
      "02 03 0F 04 16 03 00 02 03 0F 05 16 01 00 02 03 0F 06 16 01 00 02 03 0F 07 16 01 00 "
      "02 03 0F 08 16 01 00 "
      "01 02 02 02 0F 01 16 01 02 02 0F 02 16 05";
  const std::string expected = "01 03 " + assoc_element + " " + name_element + " " + load_element;
  const Got whole = get(current, ctx, 2);
  ASSERT_EQ(whole.result, DataAccessResult::success);
  EXPECT_EQ(whole.hex, expected);
  // Piecewise in buffers that hold one element at most: the same octets.
  EXPECT_EQ(get(current, ctx, 2, 160).hex, expected);
  // A buffer too small for one element: an error, not an endless loop.
  EXPECT_EQ(get(current, ctx, 2, 40).result, DataAccessResult::other_reason);
}

TEST_F(AssociationLnTest, ContextAttributes) {
  EXPECT_EQ(get(current, ctx, 1).hex, "09 06 00 00 28 00 00 FF");
  EXPECT_EQ(get(current, ctx, 3).hex, "02 02 0F 01 12 00 01");
  // Logical_Name_Referencing_With_Ciphering = 2.16.756.5.8.1.3.
  EXPECT_EQ(get(current, ctx, 4).hex, "09 07 60 85 74 05 08 01 03");
  // conformance 00 60 1D (bit-string of 24 bits), max receive 0x200, max send 0x400, DLMS 6.
  EXPECT_EQ(get(current, ctx, 5).hex, "02 06 04 18 00 60 1D 12 02 00 12 04 00 11 06 0F 00 09 00");
  // high_level_security_gmac = 2.16.756.5.8.2.5.
  EXPECT_EQ(get(current, ctx, 6).hex, "09 07 60 85 74 05 08 02 05");
  EXPECT_EQ(get(current, ctx, 7).result, DataAccessResult::read_write_denied);
  EXPECT_EQ(get(current, ctx, 8).hex, "16 02");
  assoc.status_ = association::AssociationStatus::association_pending;
  EXPECT_EQ(get(current, ctx, 8).hex, "16 01");
  EXPECT_EQ(get(current, ctx, 9).hex, "09 06 00 00 00 00 00 00");
  EXPECT_EQ(current.set_static(9, hex("09 06 00 00 2B 00 00 FF")), DataAccessResult::success);
  EXPECT_EQ(get(current, ctx, 9).hex, "09 06 00 00 2B 00 00 FF");
  EXPECT_EQ(get(current, ctx, 10).hex, "01 00");
  EXPECT_EQ(get(current, ctx, 11).hex, "02 02 11 00 0A 00");
  EXPECT_EQ(get(current, ctx, 12).result, DataAccessResult::object_undefined);
}

TEST_F(AssociationLnTest, CurrentAssociationNeedsARequestAssociation) {
  const server::RequestContext local;
  EXPECT_EQ(get(current, local, 2).result, DataAccessResult::object_unavailable);
  EXPECT_EQ(get(current, local, 8).result, DataAccessResult::object_unavailable);
  EXPECT_EQ(get(current, local, 1).result, DataAccessResult::success);
}

TEST_F(AssociationLnTest, DescribedAssociationIsShownToAnyReader) {
  AssociationLn reader(apdu::ObisCode(0, 0, 40, 0, 2, 255));
  FakeAssociation other;
  other.negotiated_.client_sap = 0x20;
  other.negotiated_.server_sap = 1;
  other.negotiated_.mechanism = apdu::MechanismName::low_level_security;
  other.status_ = association::AssociationStatus::non_associated;
  reader.describe(&other);
  EXPECT_EQ(reader.described(), &other);
  EXPECT_EQ(get(reader, ctx, 3).hex, "02 02 0F 20 12 00 01");
  EXPECT_EQ(get(reader, ctx, 6).hex, "09 07 60 85 74 05 08 02 01");
  EXPECT_EQ(get(reader, ctx, 8).hex, "16 00");
  EXPECT_EQ(get(reader, ctx, 2).hex, "01 00");
  // Its secret is written into the described association.
  const auto secret = hex("09 08 31 32 33 34 35 36 37 38");
  EXPECT_EQ(reader.set(ctx, 7, nullptr, *codec::read_data_exact(secret)), DataAccessResult::success);
  EXPECT_EQ(to_hex(other.lls_secret), "31 32 33 34 35 36 37 38");
  EXPECT_TRUE(assoc.lls_secret.empty());
  // HLS pass 3 of the current association through another association's object is refused.
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  const auto p = hex("09 02 AA BB");
  EXPECT_EQ(reader.invoke(ctx, 1, &*codec::read_data_exact(p), out).result, ActionResult::read_write_denied);
}

// An association's own object (0-0:40.0.e.255) read through that very association shows the
// live association, like 0-0:40.0.0.255; attribute 9 is the association's Security setup.
TEST_F(AssociationLnTest, OwnObjectThroughItsAssociationIsTheCurrentAssociation) {
  AssociationLn own(apdu::ObisCode(0, 0, 40, 0, 3, 255));
  FakeAssociation configured;  // the configuration's view: same SAPs, not associated
  configured.negotiated_.client_sap = 1;
  configured.negotiated_.server_sap = 1;
  configured.status_ = association::AssociationStatus::non_associated;
  own.describe(&configured);
  EXPECT_EQ(get(own, ctx, 8).hex, "16 02");  // the reader's live association
  EXPECT_EQ(get(own, ctx, 2).hex, get(current, ctx, 2).hex);
  EXPECT_EQ(get(own, ctx, 5).hex, get(current, ctx, 5).hex);
  // HLS pass 3 through its own object is allowed (Green Book 9.2.7.4: 0-0:40.0.e.255).
  assoc.status_ = association::AssociationStatus::association_pending;
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  const auto good = hex("09 02 AA BB");
  EXPECT_EQ(own.invoke(ctx, 1, &*codec::read_data_exact(good), out).result, ActionResult::success);
  // Another association (client 0x10) reading it sees the configuration instead.
  FakeAssociation public_client;
  public_client.negotiated_.client_sap = 0x10;
  public_client.negotiated_.server_sap = 1;
  server::RequestContext other_ctx;
  other_ctx.association = &public_client;
  EXPECT_EQ(get(own, other_ctx, 8).hex, "16 00");
  ByteWriter out2(buf);
  EXPECT_EQ(own.invoke(other_ctx, 1, &*codec::read_data_exact(good), out2).result,
            ActionResult::read_write_denied);
}

class AssociationWithSecuritySetup final : public FakeAssociation {
 public:
  apdu::ObisCode reference{0, 0, 43, 0, 2, 255};
  const apdu::ObisCode* security_setup_reference() const noexcept override { return &reference; }
};

TEST_F(AssociationLnTest, SecuritySetupReferenceComesFromTheAssociation) {
  // Without one from the association: the object's own value.
  ASSERT_EQ(current.set_static(9, hex("09 06 00 00 2B 00 01 FF")), DataAccessResult::success);
  EXPECT_EQ(get(current, ctx, 9).hex, "09 06 00 00 2B 00 01 FF");
  AssociationWithSecuritySetup with;
  server::RequestContext with_ctx;
  with_ctx.association = &with;
  EXPECT_EQ(get(current, with_ctx, 9).hex, "09 06 00 00 2B 00 02 FF");
  // A configured association's object shows its association's reference to every reader.
  AssociationLn other(apdu::ObisCode(0, 0, 40, 0, 2, 255));
  with.negotiated_.client_sap = 0x20;
  other.describe(&with);
  EXPECT_EQ(get(other, ctx, 9).hex, "09 06 00 00 2B 00 02 FF");
}

TEST_F(AssociationLnTest, SecretWriteAndRejections) {
  const auto secret = hex("09 03 41 42 43");
  EXPECT_EQ(current.set(ctx, 7, nullptr, *codec::read_data_exact(secret)), DataAccessResult::success);
  EXPECT_EQ(to_hex(assoc.lls_secret), "41 42 43");
  const auto empty = hex("09 00");
  EXPECT_EQ(current.set(ctx, 7, nullptr, *codec::read_data_exact(empty)), DataAccessResult::other_reason);
  const auto wrong = hex("0A 03 41 42 43");
  EXPECT_EQ(current.set(ctx, 7, nullptr, *codec::read_data_exact(wrong)), DataAccessResult::type_unmatched);
  EXPECT_EQ(current.set_static(7, secret), DataAccessResult::object_unavailable);  // no association
  EXPECT_EQ(current.set_static(9, hex("09 05 00 00 2B 00 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(current.set_static(8, hex("16 00")), DataAccessResult::read_write_denied);
  EXPECT_EQ(current.set_static(2, hex("01 00")), DataAccessResult::read_write_denied);
  EXPECT_EQ(to_hex(assoc.lls_secret), "41 42 43");
}

TEST_F(AssociationLnTest, ReplyToHlsAuthentication) {
  assoc.status_ = association::AssociationStatus::association_pending;
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  const auto good = hex("09 02 AA BB");
  const auto outcome = current.invoke(ctx, 1, &*codec::read_data_exact(good), out);
  EXPECT_EQ(outcome.result, ActionResult::success);
  EXPECT_TRUE(outcome.has_return_data);
  EXPECT_EQ(to_hex(out.written()), "09 02 CC DD");
  EXPECT_EQ(get(current, ctx, 8).hex, "16 02");

  ByteWriter out2(buf);
  const auto bad = hex("09 02 AA BC");
  const auto failed = current.invoke(ctx, 1, &*codec::read_data_exact(bad), out2);
  EXPECT_EQ(failed.result, ActionResult::other_reason);
  EXPECT_FALSE(failed.has_return_data);
  const auto wrong_type = hex("0A 02 AA BB");
  EXPECT_EQ(current.invoke(ctx, 1, &*codec::read_data_exact(wrong_type), out2).result,
            ActionResult::type_unmatched);
  EXPECT_EQ(current.invoke(ctx, 1, nullptr, out2).result, ActionResult::type_unmatched);
  EXPECT_EQ(current.invoke({}, 1, &*codec::read_data_exact(good), out2).result,
            ActionResult::object_unavailable);
}

TEST_F(AssociationLnTest, ChangeHlsSecretAndObjectListMethods) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  const auto secret = hex("09 04 01 02 03 04");
  EXPECT_EQ(current.invoke(ctx, 2, &*codec::read_data_exact(secret), out).result, ActionResult::success);
  EXPECT_EQ(to_hex(assoc.hls_secret), "01 02 03 04");
  const auto u = hex("11 01");
  EXPECT_EQ(current.invoke(ctx, 2, &*codec::read_data_exact(u), out).result, ActionResult::type_unmatched);
  // add_object / remove_object: the object list is configuration.
  const auto element = hex("02 04 12 00 01 11 00 09 06 00 00 2A 00 00 FF 02 02 01 00 01 00");
  EXPECT_EQ(current.invoke(ctx, 3, &*codec::read_data_exact(element), out).result,
            ActionResult::object_unavailable);
  EXPECT_EQ(current.invoke(ctx, 4, &*codec::read_data_exact(element), out).result,
            ActionResult::object_unavailable);
  EXPECT_EQ(current.invoke(ctx, 3, &*codec::read_data_exact(u), out).result, ActionResult::type_unmatched);
  EXPECT_EQ(current.invoke(ctx, 7, nullptr, out).result, ActionResult::object_undefined);
  EXPECT_FALSE(current.bind(2, nullptr));
}

TEST_F(AssociationLnTest, UserList) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  const auto alice = hex("02 02 11 05 0A 05 61 6C 69 63 65");
  const auto bob = hex("02 02 11 07 0A 03 62 6F 62");
  EXPECT_EQ(current.invoke(ctx, 5, &*codec::read_data_exact(alice), out).result, ActionResult::success);
  EXPECT_EQ(current.invoke(ctx, 5, &*codec::read_data_exact(bob), out).result, ActionResult::success);
  EXPECT_EQ(get(current, ctx, 10).hex, "01 02 02 02 11 05 0A 05 61 6C 69 63 65 02 02 11 07 0A 03 62 6F 62");
  EXPECT_EQ(current.invoke(ctx, 6, &*codec::read_data_exact(alice), out).result, ActionResult::success);
  EXPECT_EQ(get(current, ctx, 10).hex, "01 01 02 02 11 07 0A 03 62 6F 62");
  EXPECT_EQ(current.invoke(ctx, 6, &*codec::read_data_exact(alice), out).result, ActionResult::other_reason);
  const auto bad = hex("02 02 12 00 05 0A 00");
  EXPECT_EQ(current.invoke(ctx, 5, &*codec::read_data_exact(bad), out).result, ActionResult::type_unmatched);
  for (std::uint8_t id = 10; id < 20; ++id) {
    std::vector<std::uint8_t> p = hex("02 02 11 00 0A 01 78");
    p[3] = id;
    const auto r = current.invoke(ctx, 5, &*codec::read_data_exact(p), out).result;
    EXPECT_EQ(r, id < 17 ? ActionResult::success : ActionResult::other_reason);
  }
}

// The classes of this file set are in the registry with the versions SM307-OBJECTS.md lists.
TEST(ClassRegistryClasses2, FindsAndCreates) {
  const struct {
    std::uint16_t id;
    std::uint8_t version;
    std::size_t attributes;
    std::size_t methods;
  } expected[] = {{7, 1, 8, 2},  {12, 4, 6, 8},  {15, 3, 11, 6}, {17, 0, 2, 1},
                  {18, 0, 7, 4}, {40, 2, 13, 2}, {64, 1, 6, 8}};
  for (const auto& e : expected) {
    const ClassDescription* d = find_class(e.id);
    ASSERT_NE(d, nullptr) << e.id;
    EXPECT_EQ(d->version, e.version) << e.id;
    EXPECT_EQ(d->attributes.size(), e.attributes) << e.id;
    EXPECT_EQ(d->methods.size(), e.methods) << e.id;
    for (std::size_t i = 0; i < d->attributes.size(); ++i) {
      EXPECT_EQ(d->attributes[i].id, static_cast<std::int8_t>(i + 1)) << e.id;
    }
    for (std::size_t i = 0; i < d->methods.size(); ++i) {
      EXPECT_EQ(d->methods[i].id, static_cast<std::int8_t>(i + 1)) << e.id;
    }
    auto obj = create_object(e.id, apdu::ObisCode(0, 0, 1, 2, 3, 255));
    ASSERT_NE(obj, nullptr) << e.id;
    EXPECT_EQ(obj->class_id(), e.id);
    EXPECT_EQ(obj->version(), e.version);
  }
}

}  // namespace
}  // namespace dlms::cosem
