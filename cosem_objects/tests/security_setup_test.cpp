// Security setup (class 64, version 1; Blue Book 4.4.7) over a live association::SecurityContext.
// The key wrap here is a stand-in backend (RFC 3394 itself is tested with its published
// vectors in stack/security); what is tested is the object's flow: all keys or none, staged
// until the session commits.
#include "cosem_objects/security_setup.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "stack/association/association_context.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using security::KeyId;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

// "Wraps" by prefixing A6 x 8 and xoring the key with the KEK; unwrap checks the prefix.
class StandInBackend : public security::CryptoBackend {
 public:
  Status gcm_encrypt(ByteSpan, ByteSpan, security::ByteSpanList, ByteSpan, MutableByteSpan,
                     MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status gcm_decrypt(ByteSpan, ByteSpan, security::ByteSpanList, ByteSpan, ByteSpan,
                     MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status aes_encrypt_block(ByteSpan, ByteSpan, MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status aes_key_wrap(ByteSpan kek, ByteSpan key, MutableByteSpan wrapped) override {
    for (std::size_t i = 0; i < 8; ++i) {
      wrapped[i] = 0xA6;
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
      wrapped[8 + i] = static_cast<std::uint8_t>(key[i] ^ kek[i % kek.size()]);
    }
    return {};
  }
  Status aes_key_unwrap(ByteSpan kek, ByteSpan wrapped, MutableByteSpan key) override {
    for (std::size_t i = 0; i < 8; ++i) {
      if (wrapped[i] != 0xA6) {
        return security::security_errc::unwrap_failed;
      }
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
      key[i] = static_cast<std::uint8_t>(wrapped[8 + i] ^ kek[i % kek.size()]);
    }
    return {};
  }
  Status digest(security::HashAlgorithm, security::ByteSpanList, MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status random(MutableByteSpan) override { return security::security_errc::unsupported; }
};

class SomeAssociation : public association::AssociationContext {
 public:
  association::NegotiatedContext n;
  association::AssociationObjectList list;
  association::AssociationStatus status() const noexcept override {
    return association::AssociationStatus::associated;
  }
  const association::NegotiatedContext& negotiated() const noexcept override { return n; }
  const association::AssociationObjectList& object_list() const noexcept override { return list; }
  ByteSpan client_system_title() const noexcept override { return {}; }
  ByteSpan server_system_title() const noexcept override { return {}; }
  ActionResult reply_to_hls_authentication(ByteSpan, ByteWriter&) override {
    return ActionResult::other_reason;
  }
  ActionResult change_hls_secret(ByteSpan) override { return ActionResult::other_reason; }
  DataAccessResult set_lls_secret(ByteSpan) override { return DataAccessResult::other_reason; }
};

std::string get(InterfaceClass& obj, std::int8_t attr,
                DataAccessResult expected = DataAccessResult::success) {
  std::array<std::uint8_t, 64> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  EXPECT_EQ(obj.get({}, attr, nullptr, cursor, out), expected);
  return to_hex(out.written());
}

ActionResult invoke(InterfaceClass& obj, std::int8_t method, std::string_view parameter) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  if (parameter.empty()) {
    return obj.invoke({}, method, nullptr, out).result;
  }
  const auto p = hex(parameter);
  return obj.invoke({}, method, &*codec::read_data_exact(p), out).result;
}

class SecuritySetupTest : public ::testing::Test {
 protected:
  SecuritySetupTest() : context(backend), setup(apdu::ObisCode(0, 0, 43, 0, 0, 255)) {
    setup.bind_security(&context);
    context.set_server_system_title(security::SystemTitle({0x4D, 0x4D, 0x4D, 0x00, 0x00, 0xBC, 0x61, 0x4E}));
  }
  StandInBackend backend;
  association::SecurityContext context;
  SecuritySetup setup;
};

TEST_F(SecuritySetupTest, ClassIdentity) {
  EXPECT_EQ(setup.class_id(), 64);
  EXPECT_EQ(setup.version(), 1);
  EXPECT_EQ(setup.attribute_count(), 6);
  EXPECT_EQ(setup.method_count(), 8);
  EXPECT_EQ(setup.security(), &context);
}

TEST_F(SecuritySetupTest, Attributes) {
  EXPECT_EQ(get(setup, 1), "09 06 00 00 2B 00 00 FF");
  EXPECT_EQ(get(setup, 2), "16 00");
  EXPECT_EQ(setup.set_static(2, hex("16 24")),
            DataAccessResult::success);  // authenticated request + response
  EXPECT_EQ(get(setup, 2), "16 24");
  EXPECT_EQ(context.policy().bits(), 0x24);
  EXPECT_EQ(get(setup, 3), "16 00");
  EXPECT_EQ(get(setup, 4), "09 00");
  EXPECT_EQ(setup.set_static(4, hex("09 08 47 52 58 00 00 00 00 01")), DataAccessResult::success);
  EXPECT_EQ(get(setup, 4), "09 08 47 52 58 00 00 00 00 01");
  EXPECT_EQ(get(setup, 5), "09 08 4D 4D 4D 00 00 BC 61 4E");
  EXPECT_EQ(setup.set_static(5, hex("09 08 4D 4D 4D 00 00 00 00 07")), DataAccessResult::success);
  EXPECT_EQ(get(setup, 5), "09 08 4D 4D 4D 00 00 00 00 07");
  EXPECT_EQ(get(setup, 6), "01 00");
  get(setup, 7, DataAccessResult::object_undefined);
}

TEST_F(SecuritySetupTest, AttributeRejections) {
  EXPECT_EQ(setup.set_static(2, hex("11 24")), DataAccessResult::type_unmatched);
  EXPECT_EQ(setup.set_static(2, hex("16 25")), DataAccessResult::other_reason);  // bit 0 unused
  EXPECT_EQ(setup.set_static(3, hex("16 01")), DataAccessResult::other_reason);  // suite 1: not yet
  EXPECT_EQ(setup.set_static(3, hex("16 03")), DataAccessResult::other_reason);
  EXPECT_EQ(setup.set_static(3, hex("16 00")), DataAccessResult::success);
  EXPECT_EQ(setup.set_static(4, hex("09 07 47 52 58 00 00 00 00")), DataAccessResult::other_reason);
  EXPECT_EQ(setup.set_static(5, hex("0A 08 4D 4D 4D 00 00 00 00 07")), DataAccessResult::type_unmatched);
  EXPECT_EQ(setup.set_static(6, hex("01 00")), DataAccessResult::read_write_denied);
  // A client writes neither the policy nor the server system title.
  SomeAssociation a;
  server::RequestContext remote;
  remote.association = &a;
  const auto policy = hex("16 60");
  EXPECT_EQ(setup.set(remote, 2, nullptr, *codec::read_data_exact(policy)),
            DataAccessResult::read_write_denied);
  const auto title = hex("09 08 00 00 00 00 00 00 00 01");
  EXPECT_EQ(setup.set(remote, 5, nullptr, *codec::read_data_exact(title)),
            DataAccessResult::read_write_denied);
  EXPECT_EQ(get(setup, 2), "16 00");
  EXPECT_EQ(get(setup, 5), "09 08 4D 4D 4D 00 00 BC 61 4E");
}

TEST_F(SecuritySetupTest, SecurityActivateOnlyStrengthens) {
  ASSERT_EQ(setup.set_static(2, hex("16 24")), DataAccessResult::success);
  EXPECT_EQ(invoke(setup, 1, "16 6C"), ActionResult::success);
  EXPECT_TRUE(context.has_pending());
  EXPECT_EQ(get(setup, 2), "16 24");  // staged until the response went out
  ASSERT_TRUE(context.commit_pending());
  EXPECT_EQ(get(setup, 2), "16 6C");
  EXPECT_EQ(invoke(setup, 1, "16 2C"), ActionResult::other_reason);  // clears encrypted response
  EXPECT_EQ(invoke(setup, 1, "16 6D"), ActionResult::other_reason);  // unused bit
  EXPECT_EQ(invoke(setup, 1, "11 6C"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(setup, 1, ""), ActionResult::type_unmatched);
  EXPECT_FALSE(context.has_pending());
  EXPECT_EQ(get(setup, 2), "16 6C");
}

TEST_F(SecuritySetupTest, KeyTransferInstallsAllKeysOrNone) {
  const auto kek = hex("00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
  ASSERT_TRUE(context.set_key(KeyId::master, kek));
  // GUEK 00 11 .. FF wrapped with the KEK by the stand-in: A6 x 8, then key xor KEK.
  const std::string guek_wrapped = "A6 A6 A6 A6 A6 A6 A6 A6 00 10 20 30 40 50 60 70 80 90 A0 B0 C0 D0 E0 F0";
  const std::string ak_wrapped = "A6 A6 A6 A6 A6 A6 A6 A6 D0 D0 D0 D0 D4 D4 D4 D4 D8 D8 D8 D8 DC DC DC DC";
  EXPECT_EQ(invoke(setup, 2, "01 02 02 02 16 00 09 18 " + guek_wrapped + " 02 02 16 02 09 18 " + ak_wrapped),
            ActionResult::success);
  EXPECT_FALSE(context.keys()[KeyId::global_unicast_encryption].is_set());
  ASSERT_TRUE(context.commit_pending());
  EXPECT_EQ(to_hex(context.keys()[KeyId::global_unicast_encryption].bytes()),
            "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF");
  EXPECT_EQ(to_hex(context.keys()[KeyId::authentication].bytes()),
            "D0 D1 D2 D3 D0 D1 D2 D3 D0 D1 D2 D3 D0 D1 D2 D3");

  // One entry fails its integrity check: nothing is staged.
  const std::string bad = "A6 A6 A6 A6 A6 A6 A6 A7 00 10 20 30 40 50 60 70 80 90 A0 B0 C0 D0 E0 F0";
  EXPECT_EQ(invoke(setup, 2, "01 02 02 02 16 01 09 18 " + guek_wrapped + " 02 02 16 00 09 18 " + bad),
            ActionResult::other_reason);
  EXPECT_FALSE(context.has_pending());
  // Malformed: unknown key id, wrapped length 16, not an array, no parameter.
  EXPECT_EQ(invoke(setup, 2, "01 01 02 02 16 05 09 18 " + guek_wrapped), ActionResult::other_reason);
  EXPECT_EQ(invoke(setup, 2, "01 01 02 02 16 00 09 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"),
            ActionResult::other_reason);
  EXPECT_EQ(invoke(setup, 2, "02 02 16 00 09 18 " + guek_wrapped), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(setup, 2, ""), ActionResult::type_unmatched);
  EXPECT_FALSE(context.has_pending());
}

TEST_F(SecuritySetupTest, KeyTransferWithoutMasterKeyFails) {
  const std::string guek_wrapped = "A6 A6 A6 A6 A6 A6 A6 A6 00 10 20 30 40 50 60 70 80 90 A0 B0 C0 D0 E0 F0";
  EXPECT_EQ(invoke(setup, 2, "01 01 02 02 16 00 09 18 " + guek_wrapped), ActionResult::other_reason);
  EXPECT_FALSE(context.has_pending());
}

TEST_F(SecuritySetupTest, PublicKeyMethodsAreNotSupported) {
  for (std::int8_t m = 3; m <= 8; ++m) {
    EXPECT_EQ(invoke(setup, m, "16 00"), ActionResult::object_unavailable) << int(m);
  }
  EXPECT_EQ(invoke(setup, 9, ""), ActionResult::object_undefined);
}

TEST(SecuritySetupUnbound, AnswersObjectUnavailable) {
  SecuritySetup setup(apdu::ObisCode(0, 0, 43, 0, 1, 255));
  get(setup, 2, DataAccessResult::object_unavailable);
  EXPECT_EQ(get(setup, 6), "01 00");
  EXPECT_EQ(setup.set_static(2, hex("16 24")), DataAccessResult::object_unavailable);
  EXPECT_EQ(invoke(setup, 1, "16 24"), ActionResult::object_unavailable);
  EXPECT_FALSE(setup.bind(2, nullptr));
}

}  // namespace
}  // namespace dlms::cosem
