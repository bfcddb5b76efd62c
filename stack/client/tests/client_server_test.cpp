// The client against the server of this stack (stack/server ServerSession), in process: every
// authentication mechanism, suite-0 ciphering, every service choice, block transfer of a
// 100 kB response both service-specific and general (GBT), long SET and ACTION parameters in
// blocks, access denied, a wrong password and a wrong HLS secret.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/association/access_rights.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/security_context.hpp"
#include "stack/client/array_stream_decoder.hpp"
#include "stack/client/client.hpp"
#include "stack/client/client_engine.hpp"
#include "stack/client/tests/client_test_support.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/server/cosem_object.hpp"
#include "stack/server/server_session.hpp"
#include "stack/server/service_engine.hpp"
#include "stack/server/testing/green_book_security.hpp"
#include "stack/server/testing/object_entry.hpp"
#include "stack/server/testing/test_objects.hpp"

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

using server::test_support::kValueLn;
using server::test_support::object_entry;
constexpr ObisCode kProfileLn{1, 0, 99, 1, 0, 255};
constexpr std::size_t kRows = 1000;  // 1000 x 102 octets: about 100 kB
constexpr std::size_t kRowSize = 100;

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

// One session of the server, reached through ClientChannel.
class InProcessChannel : public ClientChannel {
 public:
  InProcessChannel(server::ServerSession& session, std::uint16_t client_sap)
      : session_(session), sap_(client_sap) {}
  Result<ByteSpan> exchange(ByteSpan request) override {
    ++exchanges;
    Result<ByteSpan> r = session_.on_apdu(sap_, 1, request, out_);
    requests.emplace_back(request.begin(), request.end());
    responses.emplace_back(r ? std::vector<std::uint8_t>(r->begin(), r->end()) : std::vector<std::uint8_t>());
    return r;
  }
  int exchanges = 0;
  std::vector<std::vector<std::uint8_t>> requests;   // as sent, in order
  std::vector<std::vector<std::uint8_t>> responses;  // as answered (empty: no answer)

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
    EXPECT_TRUE(server::test_support::use_green_book_keys(security));  // server title kTitleA

    read_only = {object_entry(value, kRead), object_entry(profile, kRead, kNone),
                 object_entry(association_ln, kRead9, kNone)};
    read_write = {object_entry(value, kReadWrite), object_entry(profile, kReadWrite, kMethod),
                  object_entry(association_ln, kRead9, kMethod)};
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
  server::test_support::LongUnsignedData value;
  ProfileObject profile;
  server::test_support::HlsAssociationLn association_ln;
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

// Every ciphering the client offers against the server's (Green Book 9.2.7.2.4): glo- and
// ded- service APDUs, general-glo- [219] and general-ded-ciphering [220], and general-ciphering
// [221] with identified-key and wrapped-key (security/general_ciphering.hpp), with HLS-GMAC.
// Every request after the AARQ and every answer travel in the chosen envelope.
struct CipheringMode {
  const char* name;
  security::CipheringKind kind;
  std::optional<GeneralCipheringKey> general;
  std::uint8_t request_tag;   // GET requests (the other services have their own glo-/ded- tags)
  std::uint8_t response_tag;  // GET responses
};

class ClientServerCipheringTest : public ClientServerTest,
                                  public ::testing::WithParamInterface<CipheringMode> {
 protected:
  ClientConfig config() {
    configs[2].mechanism = MechanismName::high_level_security_gmac;
    EXPECT_TRUE(security.set_key(security::KeyId::master, hex(test::kEk)));
    ClientConfig c = management_config(AuthenticationMechanism::hls_gmac);
    c.ciphering->kind = GetParam().kind;
    c.ciphering->general = GetParam().general;
    EXPECT_TRUE(c.keys.set(security::KeyId::master, hex(test::kEk)));
    if (security::is_dedicated(GetParam().kind)) {
      EXPECT_TRUE(c.keys.set(security::KeyId::dedicated, hex("00112233445566778899AABBCCDDEEFF")));
      c.use_dedicated_key = true;
    }
    return c;
  }
};

TEST_P(ClientServerCipheringTest, GetSetActionAndBlocks) {
  InProcessChannel channel(storage.session(), kManagement);
  Client c(channel, config(), &client_backend);
  auto info = c.associate();
  ASSERT_TRUE(info) << info.error().message();
  ASSERT_TRUE(info->associated) << info->outcome.describe().view();
  EXPECT_TRUE(info->initiate_response_ciphered);

  const std::size_t first = channel.requests.size();
  auto v = c.get({1, kValueLn, 2});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->value.as_uint64(), 42U);
  ASSERT_EQ(channel.requests.size(), first + 1);
  EXPECT_EQ(channel.requests.back()[0], GetParam().request_tag);
  EXPECT_EQ(channel.responses.back()[0], GetParam().response_tag);
  if (GetParam().general) {
    // general-ciphering: the answer echoes the transaction-id (the request's IC as 8 octets)
    // and names the client as recipient.
    const auto& rq = channel.requests.back();
    const auto& rs = channel.responses.back();
    EXPECT_EQ(std::vector<std::uint8_t>(rq.begin() + 1, rq.begin() + 10),
              std::vector<std::uint8_t>(rs.begin() + 1, rs.begin() + 10));
    EXPECT_EQ(std::vector<std::uint8_t>(rs.begin() + 19, rs.begin() + 28),
              hex("08" + std::string(test::kTitleB)));
    // key-info: identified-key global-unicast (01 00 00) or wrapped-key master-key (01 01 00 18).
    const std::size_t key_info = 30;
    EXPECT_EQ(rq[key_info], 0x01);
    EXPECT_EQ(rq[key_info + 1], *GetParam().general == GeneralCipheringKey::wrapped ? 0x01 : 0x00);
    EXPECT_EQ(rs[key_info + 1], rq[key_info + 1]);
  }

  auto s = c.set({1, kValueLn, 2}, codec::Data::long_unsigned(7));
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_TRUE(s->ok());
  EXPECT_EQ(value.value, 7);
  auto a = c.action({7, kProfileLn, 1}, codec::Data::long_unsigned(9));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_TRUE(a->outcome.ok()) << a->outcome.describe().view();
  // The long response, ciphered block by block.
  auto p = c.get({7, kProfileLn, 2});
  ASSERT_TRUE(p) << p.error().message();
  expect_profile(p->value);
  for (std::size_t i = first; i < channel.requests.size(); ++i) {
    const std::uint8_t t = channel.requests[i][0];
    if (GetParam().general) {
      EXPECT_EQ(t, GetParam().request_tag) << i;
      EXPECT_EQ(channel.responses[i][0], GetParam().response_tag) << i;
    }
  }
  ASSERT_TRUE(c.release());
}

TEST_P(ClientServerCipheringTest, TamperedOrReplayedAnswersAreRejected) {
  InProcessChannel channel(storage.session(), kManagement);
  ClientConfig cfg = config();
  security::OpenSslBackend b;
  std::array<std::uint8_t, 0x10100> rq{};
  std::array<std::uint8_t, 0x10100> s1{};
  std::array<std::uint8_t, 0x10100> s2{};
  std::array<std::uint8_t, 0x10100> s3{};
  std::array<std::uint8_t, 0x10100> res{};
  ClientEngine e(cfg, &b, EngineBuffers{s1, s2, s3});
  ASSERT_TRUE(e.begin_associate());
  // Drive the association (AARQ, then HLS pass 3/4).
  while (e.operation() != Operation::none) {
    Result<ByteSpan> r = e.next_request(rq);
    ASSERT_TRUE(r) << r.error().message();
    Result<ByteSpan> a = channel.exchange(*r);
    ASSERT_TRUE(a);
    ASSERT_TRUE(e.on_response(*a));
  }
  ASSERT_TRUE(e.associated());
  // One GET: keep the server's answer, then feed a tampered copy and a replay.
  ASSERT_TRUE(e.begin_get({1, kValueLn, 2}, std::nullopt, res));
  Result<ByteSpan> r = e.next_request(rq);
  ASSERT_TRUE(r);
  Result<ByteSpan> a = channel.exchange(*r);
  ASSERT_TRUE(a);
  const std::vector<std::uint8_t> answer(a->begin(), a->end());
  auto tampered = answer;
  tampered.back() ^= 0x01;
  EXPECT_FALSE(e.on_response(tampered));
  EXPECT_EQ(e.operation(), Operation::none);
  // The next GET is answered; the same answer to the GET after it is a replay (an old
  // invocation counter; for general-ciphering also another transaction-id): refused.
  ASSERT_TRUE(e.begin_get({1, kValueLn, 2}, std::nullopt, res));
  r = e.next_request(rq);
  ASSERT_TRUE(r);
  a = channel.exchange(*r);
  ASSERT_TRUE(a);
  const std::vector<std::uint8_t> second(a->begin(), a->end());
  Result<Progress> done = e.on_response(second);
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(*done, Progress::complete);
  ASSERT_TRUE(e.begin_get({1, kValueLn, 2}, std::nullopt, res));
  ASSERT_TRUE(e.next_request(rq));
  EXPECT_FALSE(e.on_response(second));
  EXPECT_EQ(e.operation(), Operation::none);
}

// Without authentication, with the configuration of fuzz/client_engine_fuzz.cpp's ciphering
// flag (bits 4-6 = the envelope's index below): the client reads Data 0.0.96.1.0.255. With
// DLMS_WRITE_FUZZ_SEEDS=DIR the AARE and the GET response are written as that target's seed
// DIR/cipher_<name> (operation 0, flags 0x08 | index << 4, then the two records).
TEST_P(ClientServerCipheringTest, WithoutAuthenticationAsTheClientFuzzTargetDoes) {
  configs[2].mechanism = MechanismName::lowest_level_security;
  ASSERT_TRUE(security.set_key(security::KeyId::master, hex(test::kEk)));
  ClientConfig c;
  c.proposed_conformance = apdu::ConformanceBlock::from_u32(0x20FFFF);
  c.max_blocks = 64;
  c.system_title = test::title(test::kTitleB);
  c.keys = test::green_book_keys();
  ASSERT_TRUE(c.keys.set(security::KeyId::master, hex(test::kEk)));
  CipheringConfig cc;
  cc.kind = GetParam().kind;
  cc.general = GetParam().general;
  if (security::is_dedicated(cc.kind)) {
    ASSERT_TRUE(c.keys.set(security::KeyId::dedicated, hex("00112233445566778899AABBCCDDEEFF")));
    c.use_dedicated_key = true;
  }
  c.ciphering = cc;
  InProcessChannel channel(storage.session(), kManagement);
  Client client(channel, c, &client_backend);
  auto info = client.associate();
  ASSERT_TRUE(info) << info.error().message();
  ASSERT_TRUE(info->associated) << info->outcome.describe().view();
  auto v = client.get({1, kValueLn, 2});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->value.as_uint64(), 42U);
  ASSERT_EQ(channel.responses.size(), 2U);
  if (const char* dir = std::getenv("DLMS_WRITE_FUZZ_SEEDS")) {
    static constexpr std::array<const char*, 6> kOrder{
        "glo", "ded", "general_glo", "general_ded", "general_identified", "general_wrapped"};
    const auto index = static_cast<std::uint8_t>(
        std::find(kOrder.begin(), kOrder.end(), std::string(GetParam().name)) - kOrder.begin());
    std::vector<std::uint8_t> seed{0x00, static_cast<std::uint8_t>(0x08U | (index << 4U))};
    for (const auto& r : channel.responses) {
      seed.push_back(static_cast<std::uint8_t>(r.size() >> 8U));
      seed.push_back(static_cast<std::uint8_t>(r.size()));
      seed.insert(seed.end(), r.begin(), r.end());
    }
    std::ofstream(std::string(dir) + "/cipher_" + GetParam().name, std::ios::binary)
        .write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, ClientServerCipheringTest,
    ::testing::Values(
        CipheringMode{"glo", security::CipheringKind::global, std::nullopt, 0xC8, 0xCC},
        CipheringMode{"ded", security::CipheringKind::dedicated, std::nullopt, 0xD0, 0xD4},
        CipheringMode{"general_glo", security::CipheringKind::general_global, std::nullopt, 0xDB, 0xDB},
        CipheringMode{"general_ded", security::CipheringKind::general_dedicated, std::nullopt, 0xDC, 0xDC},
        CipheringMode{"general_identified", security::CipheringKind::global, GeneralCipheringKey::identified,
                      0xDD, 0xDD},
        CipheringMode{"general_wrapped", security::CipheringKind::global, GeneralCipheringKey::wrapped, 0xDD,
                      0xDD}),
    [](const ::testing::TestParamInfo<CipheringMode>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace dlms::client

namespace dlms::client {
namespace {

// Rows handed on by an ArrayStreamDecoder (copies of their octets).
class RowRecorder final : public ArrayStreamDecoder::Handler {
 public:
  Status on_array(std::size_t count) noexcept override {
    announced = count;
    return {};
  }
  Status on_element(codec::DataView row) noexcept override {
    rows.emplace_back(row.encoded().begin(), row.encoded().end());
    return {};
  }
  Status on_value(codec::DataView value) noexcept override {
    values.emplace_back(value.encoded().begin(), value.encoded().end());
    return {};
  }
  std::size_t announced = 0;
  std::vector<Bytes> rows;
  std::vector<Bytes> values;
};

// The 100 kB profile read with get_streamed(): its rows come as the blocks arrive (rows cut
// by block boundaries carried over), the same rows as a whole get_encoded(), with
// service-specific blocks and with general-block-transfer (whose blocks the engine still
// reassembles into one APDU before the value is handed on).
TEST_F(ClientServerTest, StreamedGetHandsTheRowsOnBlockByBlock) {
  for (const bool gbt : {false, true}) {
    InProcessChannel channel(storage.session(), kPublic);
    ClientConfig config = public_config();
    config.use_general_block_transfer = gbt;
    Client c(channel, config, &client_backend);
    ASSERT_TRUE(c.associate().value().associated);

    RowRecorder recorder;
    std::array<std::uint8_t, 512> carry_storage{};
    ArrayStreamDecoder::FixedCarry carry(carry_storage);
    ArrayStreamDecoder decoder(recorder, carry, config.limits);
    Result<DlmsOutcome> r = c.get_streamed({7, kProfileLn, 2}, std::nullopt, decoder);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_TRUE(r->ok()) << r->describe().view();
    ASSERT_TRUE(decoder.finish());
    EXPECT_TRUE(c.engine().result().empty());  // nothing held whole
    EXPECT_EQ(recorder.announced, kRows);
    ASSERT_EQ(recorder.rows.size(), kRows);
    if (!gbt) {
      EXPECT_GT(c.engine().blocks_received(), 90U);
      EXPECT_GT(decoder.carry_peak(), 0U);  // some rows spanned two blocks
    }

    Result<EncodedValue> whole = c.get_encoded({7, kProfileLn, 2});
    ASSERT_TRUE(whole) << whole.error().message();
    std::size_t i = 0;
    for (const codec::DataView row : codec::DataView::from_validated(whole->encoded).elements()) {
      ASSERT_EQ(Bytes(row.encoded().begin(), row.encoded().end()), recorder.rows[i]) << i;
      ++i;
    }
    EXPECT_EQ(i, kRows);
    ASSERT_TRUE(c.release());
  }
}

TEST_F(ClientServerTest, StreamedGetRefusalsAndLimits) {
  InProcessChannel channel(storage.session(), kPublic);
  ClientConfig config = public_config();
  config.max_response_size = 10000;  // less than the profile
  Client c(channel, config, &client_backend);
  ASSERT_TRUE(c.associate().value().associated);
  RowRecorder recorder;
  std::array<std::uint8_t, 512> carry_storage{};
  ArrayStreamDecoder::FixedCarry carry(carry_storage);

  // An object the server does not have: the outcome says so, nothing was handed on.
  ArrayStreamDecoder missing(recorder, carry, config.limits);
  Result<DlmsOutcome> r = c.get_streamed({1, ObisCode{0, 0, 99, 99, 99, 255}, 2}, std::nullopt, missing);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_FALSE(r->ok());
  EXPECT_TRUE(recorder.rows.empty());

  // A value in one get-response-normal, not an array: handed on whole.
  ArrayStreamDecoder small(recorder, carry, config.limits);
  r = c.get_streamed({1, kValueLn, 2}, std::nullopt, small);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_TRUE(r->ok());
  ASSERT_TRUE(small.finish());
  ASSERT_EQ(recorder.values.size(), 1U);
  EXPECT_EQ(test::hex_of(recorder.values[0]), "12 00 2A");  // long-unsigned 42

  // Longer than max_response_size: an error after the rows of the first blocks.
  ArrayStreamDecoder decoder(recorder, carry, config.limits);
  r = c.get_streamed({7, kProfileLn, 2}, std::nullopt, decoder);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_errc::response_too_large);
  EXPECT_GT(recorder.rows.size(), 0U);
  EXPECT_LT(recorder.rows.size(), kRows);

  // A small value through the growing result of get(): the buffers grow with what is read.
  Result<GetValue> v = c.get({1, kValueLn, 2});
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->value.as_uint64(), 42U);
}

}  // namespace
}  // namespace dlms::client
