// The client against the server of this stack (stack/server ServerSession), in process: every
// authentication mechanism, suite-0 ciphering, every service choice, block transfer of a
// 100 kB response both service-specific and general (GBT), long SET and ACTION parameters in
// blocks, access denied, a wrong password and a wrong HLS secret.
#include <array>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "stack/association/access_rights.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/security_context.hpp"
#include "stack/client/client.hpp"
#include "stack/client/tests/client_test_support.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/server/cosem_object.hpp"
#include "stack/server/server_session.hpp"
#include "stack/server/service_engine.hpp"

namespace dlms::client {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using apdu::MechanismName;
using apdu::ObisCode;
using association::AssociationConfig;
using association::ObjectAccessRights;
using security::AuthenticationMechanism;
using server::CosemObject;
using server::GetCursor;
using server::InvokeOutcome;
using server::RequestContext;
using test::Bytes;
using test::hex;
namespace access = association::access;

constexpr ObisCode kValueLn{0, 0, 96, 1, 0, 255};
constexpr ObisCode kProfileLn{1, 0, 99, 1, 0, 255};
constexpr std::size_t kRows = 1000;  // 1000 x 102 octets: about 100 kB
constexpr std::size_t kRowSize = 100;

// Data (class 1): attribute 2 a long-unsigned.
class ValueObject final : public CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 1; }
  std::uint8_t version() const noexcept override { return 0; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 2; }
  std::uint8_t method_count() const noexcept override { return 0; }
  DataAccessResult get(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       GetCursor&, ByteWriter& out) override {
    if (id == 1) {
      codec::axdr::write_octet_string(out, ln_.bytes);
    } else {
      codec::axdr::write_long_unsigned(out, value);
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView& v) override {
    if (v.type() != codec::DataType::long_unsigned) {
      return DataAccessResult::type_unmatched;
    }
    value = v.as<std::uint16_t>().value();
    return DataAccessResult::success;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t, const codec::DataView*, ByteWriter&) override {
    return {ActionResult::object_undefined, false};
  }
  std::uint16_t value = 42;

 private:
  ObisCode ln_ = kValueLn;
};

// A profile-like object (class 7): attribute 2 an array of kRows octet-strings, written
// piecewise; attribute 4 takes any value (kept); method 1 echoes its parameter.
class ProfileObject final : public CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 7; }
  std::uint8_t version() const noexcept override { return 1; }
  const ObisCode& logical_name() const noexcept override { return ln_; }
  std::uint8_t attribute_count() const noexcept override { return 4; }
  std::uint8_t method_count() const noexcept override { return 1; }
  static std::uint8_t cell(std::size_t row, std::size_t j) { return static_cast<std::uint8_t>(row * 3 + j); }

  DataAccessResult get(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       GetCursor& cursor, ByteWriter& out) override {
    if (id == 1) {
      codec::axdr::write_octet_string(out, ln_.bytes);
      return DataAccessResult::success;
    }
    if (id == 4) {
      out.bytes(kept);
      return DataAccessResult::success;
    }
    if (id != 2) {
      return DataAccessResult::object_undefined;
    }
    if (!cursor.started) {
      codec::axdr::begin_array(out, kRows);
      if (!out.ok()) {
        return DataAccessResult::success;
      }
      cursor.started = true;
    }
    std::array<std::uint8_t, kRowSize> row{};
    while (cursor.position < kRows) {
      if (out.remaining() < kRowSize + 2) {
        cursor.more = true;
        return DataAccessResult::success;
      }
      for (std::size_t j = 0; j < kRowSize; ++j) {
        row[j] = cell(cursor.position, j);
      }
      codec::axdr::write_octet_string(out, row);
      ++cursor.position;
    }
    cursor.more = false;
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView& value) override {
    if (id != 4) {
      return DataAccessResult::read_write_denied;
    }
    kept.assign(value.encoded().begin(), value.encoded().end());
    return DataAccessResult::success;
  }
  InvokeOutcome invoke(const RequestContext&, std::int8_t, const codec::DataView* parameter,
                       ByteWriter& out) override {
    if (parameter == nullptr) {
      return {ActionResult::success, false};
    }
    out.bytes(parameter->encoded());
    return {ActionResult::success, true};
  }
  std::vector<std::uint8_t> kept = {0x12, 0x00, 0x00};

 private:
  ObisCode ln_ = kProfileLn;
};

// Association LN (class 15): attribute 2 object_list, method 1 reply_to_HLS_authentication.
class AssociationObject final : public CosemObject {
 public:
  std::uint16_t class_id() const noexcept override { return 15; }
  std::uint8_t version() const noexcept override { return 3; }
  const ObisCode& logical_name() const noexcept override { return kCurrentAssociation; }
  std::uint8_t attribute_count() const noexcept override { return 9; }
  std::uint8_t method_count() const noexcept override { return 2; }
  DataAccessResult get(const RequestContext& ctx, std::int8_t id, const apdu::SelectiveAccessDescriptor*,
                       GetCursor&, ByteWriter& out) override {
    if (id != 2 || ctx.association == nullptr) {
      codec::axdr::write_octet_string(out, kCurrentAssociation.bytes);
      return DataAccessResult::success;
    }
    const auto entries = ctx.association->object_list().entries();
    codec::axdr::begin_array(out, entries.size());
    for (const ObjectAccessRights& e : entries) {
      codec::axdr::begin_structure(out, 4);
      codec::axdr::write_long_unsigned(out, e.class_id);
      codec::axdr::write_unsigned(out, e.object->version());
      codec::axdr::write_octet_string(out, e.logical_name.bytes);
      codec::axdr::begin_structure(out, 2);
      codec::axdr::begin_array(out, 0);
      codec::axdr::begin_array(out, 0);
    }
    return DataAccessResult::success;
  }
  DataAccessResult set(const RequestContext&, std::int8_t, const apdu::SelectiveAccessDescriptor*,
                       const codec::DataView&) override {
    return DataAccessResult::read_write_denied;
  }
  InvokeOutcome invoke(const RequestContext& ctx, std::int8_t id, const codec::DataView* parameter,
                       ByteWriter& out) override {
    if (id != 1 || parameter == nullptr || ctx.association == nullptr) {
      return {ActionResult::type_unmatched, false};
    }
    Result<ByteSpan> f_stoc = parameter->as_octets();
    if (!f_stoc) {
      return {ActionResult::type_unmatched, false};
    }
    const ActionResult r = ctx.association->reply_to_hls_authentication(*f_stoc, out);
    return {r, r == ActionResult::success};
  }
};

// One session of the server, reached through ClientChannel.
class InProcessChannel : public ClientChannel {
 public:
  InProcessChannel(server::ServerSession& session, std::uint16_t client_sap)
      : session_(session), sap_(client_sap) {}
  Result<ByteSpan> exchange(ByteSpan request) override {
    ++exchanges;
    return session_.on_apdu(sap_, 1, request, out_);
  }
  int exchanges = 0;

 private:
  server::ServerSession& session_;
  std::uint16_t sap_;
  std::array<std::uint8_t, 4096> out_{};
};

constexpr std::uint16_t kPublic = 16;
constexpr std::uint16_t kReader = 32;
constexpr std::uint16_t kManagement = 1;
const Bytes kPassword = hex("3132333435363738");
const Bytes kSecret = hex("31323334353637383930313233343536");

class ClientServerTest : public ::testing::Test {
 protected:
  ClientServerTest() {
    EXPECT_TRUE(security.set_key(security::KeyId::global_unicast_encryption, hex(test::kEk)));
    EXPECT_TRUE(security.set_key(security::KeyId::authentication, hex(test::kAk)));
    security.set_server_system_title(test::title(test::kTitleA));

    read_only = {entry(&value, 1, kValueLn, kRead, {}), entry(&profile, 7, kProfileLn, kRead, kNone),
                 entry(&association_ln, 15, kCurrentAssociation, kRead9, kNone)};
    read_write = {entry(&value, 1, kValueLn, kReadWrite, {}),
                  entry(&profile, 7, kProfileLn, kReadWrite, kMethod),
                  entry(&association_ln, 15, kCurrentAssociation, kRead9, kMethod)};
    association::sort_object_list(read_only);
    association::sort_object_list(read_write);
    const auto conformance = apdu::ConformanceBlock::from_u32(0x207E1F);  // with GBT
    for (AssociationConfig& c : configs) {
      c.conformance = conformance;
      c.max_receive_pdu_size = 500;
    }
    configs[0].client_sap = kPublic;
    configs[0].objects = association::AssociationObjectList(read_only);
    configs[1].client_sap = kReader;
    configs[1].mechanism = MechanismName::low_level_security;
    configs[1].secret.assign(kPassword);
    configs[1].objects = association::AssociationObjectList(read_write);
    configs[2].client_sap = kManagement;
    configs[2].application_contexts =
        association::context_bit(apdu::ApplicationContextName::logical_name_with_ciphering);
    configs[2].security = &security;
    configs[2].secret.assign(kSecret);
    configs[2].objects = association::AssociationObjectList(read_write);
    device.server_sap = 1;
    device.associations = configs;
  }

  static ObjectAccessRights entry(CosemObject* o, std::uint16_t class_id, ObisCode ln,
                                  const std::vector<std::uint8_t>& attrs,
                                  const std::vector<std::uint8_t>& methods) {
    ObjectAccessRights e;
    e.object = o;
    e.class_id = class_id;
    e.logical_name = ln;
    e.attribute_access = attrs;
    e.method_access = methods;
    return e;
  }

  ClientConfig public_config() const {
    ClientConfig c;
    c.max_receive_pdu_size = 1024;
    c.proposed_conformance = apdu::ConformanceBlock::from_u32(0x207E1F);
    return c;
  }
  ClientConfig management_config(AuthenticationMechanism m) const {
    ClientConfig c = public_config();
    c.mechanism = m;
    c.hls_secret = kSecret;
    c.system_title = test::title(test::kTitleB);
    c.keys = test::green_book_keys();
    c.ciphering = CipheringConfig{};
    return c;
  }

  inline static const std::vector<std::uint8_t> kRead{access::kRead, access::kRead, access::kRead,
                                                      access::kRead};
  inline static const std::vector<std::uint8_t> kRead9 = std::vector<std::uint8_t>(9, access::kRead);
  inline static const std::vector<std::uint8_t> kReadWrite{access::kRead, access::kReadWrite, access::kRead,
                                                           access::kReadWrite};
  inline static const std::vector<std::uint8_t> kNone{access::kNone, access::kNone};
  inline static const std::vector<std::uint8_t> kMethod{access::kAccess, access::kNone};

  security::OpenSslBackend backend;
  association::SecurityContext security{backend};
  ValueObject value;
  ProfileObject profile;
  AssociationObject association_ln;
  std::vector<ObjectAccessRights> read_only;
  std::vector<ObjectAccessRights> read_write;
  std::array<AssociationConfig, 3> configs;
  server::LogicalDevice device;
  server::ServiceEngine engine;
  server::ServerSessionStorage<8192, 2048> storage{std::span<server::LogicalDevice>(&device, 1), engine};
  security::OpenSslBackend client_backend;
};

void expect_profile(const codec::Data& v) {
  ASSERT_EQ(v.type(), codec::DataType::array);
  ASSERT_EQ(v.elements().size(), kRows);
  for (std::size_t i = 0; i < kRows; i += 97) {
    const auto& row = v.elements()[i].octets();
    ASSERT_EQ(row.size(), kRowSize);
    EXPECT_EQ(row[5], ProfileObject::cell(i, 5));
  }
}

TEST_F(ClientServerTest, PublicClientReadsAndIsDeniedWrites) {
  InProcessChannel channel(storage.session(), kPublic);
  Client c(channel, public_config(), &client_backend);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  ASSERT_TRUE(info->associated) << info->outcome.describe().view();
  EXPECT_EQ(info->server_max_receive_pdu_size, 500);
  EXPECT_EQ(info->negotiated_conformance.to_u32(), 0x207E1FU);

  auto v = c.get({1, kValueLn, 2});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->value.as_uint64(), 42U);

  // About 100 kB in get-response-with-datablock blocks of the negotiated 1024 octets.
  auto p = c.get({7, kProfileLn, 2});
  ASSERT_TRUE(p) << p.error().message();
  ASSERT_TRUE(p->outcome.ok()) << p->outcome.describe().view();
  expect_profile(p->value);
  EXPECT_GT(c.engine().blocks_received(), 90U);

  auto list = c.read_object_list();
  ASSERT_TRUE(list) << list.error().message();
  ASSERT_EQ(list->objects.size(), 3U);

  auto s = c.set({1, kValueLn, 2}, codec::Data::long_unsigned(7));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->data_access_result(), DataAccessResult::read_write_denied);
  EXPECT_EQ(value.value, 42);
  auto a = c.action({7, kProfileLn, 1}, codec::Data::integer(0));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->outcome.action_result(), ActionResult::read_write_denied);

  auto r = c.release();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_FALSE(c.engine().release_deviation());
}

TEST_F(ClientServerTest, GeneralBlockTransferOfTheLongResponse) {
  InProcessChannel channel(storage.session(), kPublic);
  ClientConfig config = public_config();
  config.use_general_block_transfer = true;
  Client c(channel, config, &client_backend);
  ASSERT_TRUE(c.associate().value().associated);
  auto p = c.get({7, kProfileLn, 2});
  ASSERT_TRUE(p) << p.error().message();
  ASSERT_TRUE(p->outcome.ok()) << p->outcome.describe().view();
  expect_profile(p->value);
  auto v = c.get({1, kValueLn, 2});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->value.as_uint64(), 42U);
}

TEST_F(ClientServerTest, LowLevelSecurityWritesActsAndUsesBlocksBothWays) {
  InProcessChannel channel(storage.session(), kReader);
  ClientConfig config = public_config();
  config.mechanism = AuthenticationMechanism::lls;
  config.password = kPassword;
  Client c(channel, config, &client_backend);
  ASSERT_TRUE(c.associate().value().associated);

  auto s = c.set({1, kValueLn, 2}, codec::Data::long_unsigned(7));
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_TRUE(s->ok()) << s->describe().view();
  EXPECT_EQ(value.value, 7);
  EXPECT_EQ(c.set({1, kValueLn, 2}, codec::Data::boolean(true)).value().data_access_result(),
            DataAccessResult::type_unmatched);

  // A 3000-octet value: set-request-with-datablock (server max receive PDU 500).
  std::vector<std::uint8_t> big(3000);
  for (std::size_t i = 0; i < big.size(); ++i) {
    big[i] = static_cast<std::uint8_t>(i * 13);
  }
  auto sb = c.set({7, kProfileLn, 4}, codec::Data::octet_string(big));
  ASSERT_TRUE(sb) << sb.error().message();
  EXPECT_TRUE(sb->ok()) << sb->describe().view();
  EXPECT_GT(c.engine().blocks_sent(), 5U);
  EXPECT_EQ(profile.kept, codec::Data::octet_string(big).encode());

  // The same as ACTION parameters: pblocks out, and the echo back in pblocks.
  auto a = c.action({7, kProfileLn, 1}, codec::Data::octet_string(big));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_TRUE(a->outcome.ok()) << a->outcome.describe().view();
  ASSERT_TRUE(a->return_value);
  EXPECT_EQ(a->return_value->octets(), big);

  // With-list services.
  const std::array<AttributeRequest, 2> items{
      {{{1, kValueLn, 2}, std::nullopt}, {{7, kProfileLn, 1}, std::nullopt}}};
  auto values = c.get_list(items);
  ASSERT_TRUE(values) << values.error().message();
  ASSERT_EQ(values->size(), 2U);
  EXPECT_EQ((*values)[0].value.as_uint64(), 7U);
  EXPECT_EQ((*values)[1].value.octets().size(), 6U);
  const std::array<codec::Data, 2> set_values{codec::Data::long_unsigned(9), codec::Data::long_unsigned(1)};
  auto outcomes = c.set_list(items, set_values);
  ASSERT_TRUE(outcomes) << outcomes.error().message();
  ASSERT_EQ(outcomes->size(), 2U);
  EXPECT_TRUE((*outcomes)[0].ok());
  EXPECT_FALSE((*outcomes)[1].ok());
  EXPECT_EQ(value.value, 9);
}

TEST_F(ClientServerTest, WrongPasswordIsRejected) {
  InProcessChannel channel(storage.session(), kReader);
  ClientConfig config = public_config();
  config.mechanism = AuthenticationMechanism::lls;
  const Bytes wrong = hex("3132333435363739");
  config.password = wrong;
  Client c(channel, config, &client_backend);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_FALSE(info->associated);
  EXPECT_EQ(info->outcome.kind, DlmsOutcome::Kind::association_rejected);
  EXPECT_EQ(info->outcome.diagnostic,
            apdu::ResultSourceDiagnostic::user(apdu::AcseServiceUser::authentication_failure));
}

class ClientServerHlsTest : public ClientServerTest,
                            public ::testing::WithParamInterface<AuthenticationMechanism> {};

TEST_P(ClientServerHlsTest, CipheredManagementAssociation) {
  configs[2].mechanism = static_cast<MechanismName>(GetParam());
  InProcessChannel channel(storage.session(), kManagement);
  Client c(channel, management_config(GetParam()), &client_backend);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  ASSERT_TRUE(info->associated) << info->outcome.describe().view();
  EXPECT_TRUE(info->hls_completed);
  EXPECT_TRUE(info->initiate_response_ciphered);
  EXPECT_EQ(info->server_system_title, test::title(test::kTitleA));

  auto v = c.get({1, kValueLn, 2});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->value.as_uint64(), 42U);
  auto s = c.set({1, kValueLn, 2}, codec::Data::long_unsigned(5));
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_TRUE(s->ok());
  EXPECT_EQ(value.value, 5);
  // The long response, ciphered block by block.
  auto p = c.get({7, kProfileLn, 2});
  ASSERT_TRUE(p) << p.error().message();
  expect_profile(p->value);
  ASSERT_TRUE(c.release());
}

TEST_P(ClientServerHlsTest, WrongSecretLeavesTheAssociationClosed) {
  configs[2].mechanism = static_cast<MechanismName>(GetParam());
  InProcessChannel channel(storage.session(), kManagement);
  ClientConfig config = management_config(GetParam());
  const Bytes wrong = hex("00000000000000000000000000000000");
  config.hls_secret = wrong;
  if (GetParam() == AuthenticationMechanism::hls_gmac) {
    ASSERT_TRUE(config.keys.set(security::KeyId::authentication, wrong));  // GMAC uses AK, not the secret
  }
  Client c(channel, config, &client_backend);
  auto info = c.associate();
  if (info) {
    EXPECT_FALSE(info->associated);
    EXPECT_FALSE(info->outcome.ok());
  }
  EXPECT_FALSE(c.association().associated);
  EXPECT_EQ(c.get({1, kValueLn, 2}).error(), client_errc::not_associated);
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, ClientServerHlsTest,
                         ::testing::Values(AuthenticationMechanism::hls_md5,
                                           AuthenticationMechanism::hls_sha1,
                                           AuthenticationMechanism::hls_gmac,
                                           AuthenticationMechanism::hls_sha256));

}  // namespace
}  // namespace dlms::client
