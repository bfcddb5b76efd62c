#include "stack/security/key_transfer.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/security/openssl/openssl_backend.hpp"
#include "test_util.hpp"

namespace dlms::security {
namespace {

using test::hex;
using test::hex_of;

// RFC 3394 section 4.1: 128 bits of key data wrapped with a 128-bit KEK.
constexpr std::string_view kKek = "000102030405060708090A0B0C0D0E0F";
constexpr std::string_view kKeyData = "00112233445566778899AABBCCDDEEFF";
constexpr std::string_view kWrapped = "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5";

std::string transfer_entry(int key_id, std::string_view wrapped) {
  const char* id_hex = "0123";
  return std::string("020216") + "0" + id_hex[key_id] + "0918" + std::string(wrapped);
}

class KeyTransferTest : public ::testing::Test {
 protected:
  void SetUp() override { keys[KeyId::master] = test::key(kKek); }
  OpenSslBackend backend;
  KeySet keys;
};

TEST_F(KeyTransferTest, Rfc3394Section41) {
  std::array<std::uint8_t, 40> out{};
  Result<ByteSpan> w = wrap_key(backend, keys[KeyId::master], test::key(kKeyData), out);
  ASSERT_TRUE(w);
  EXPECT_EQ(hex_of(*w), kWrapped);
  const auto wrapped = hex(kWrapped);
  Result<Key> k = unwrap_key(backend, keys[KeyId::master], wrapped);
  ASSERT_TRUE(k);
  EXPECT_EQ(hex_of(k->bytes()), kKeyData);
}

TEST_F(KeyTransferTest, UnwrapWithTheWrongKekFails) {
  auto wrapped = hex(kWrapped);
  EXPECT_EQ(unwrap_key(backend, test::key("000102030405060708090A0B0C0D0E0E"), wrapped).error(),
            security_errc::unwrap_failed);
  wrapped[5] ^= 0x80;
  EXPECT_EQ(unwrap_key(backend, keys[KeyId::master], wrapped).error(), security_errc::unwrap_failed);
  EXPECT_EQ(unwrap_key(backend, Key(), wrapped).error(), security_errc::key_not_set);
  const auto odd = hex("1FA68B0A8112B447AEF34BD8FB5A7B82");
  EXPECT_EQ(unwrap_key(backend, keys[KeyId::master], odd).error(), security_errc::invalid_key_length);
}

TEST_F(KeyTransferTest, InstallsEveryKeyAndResetsTheirCounters) {
  InvocationCounters counters;
  ASSERT_TRUE(counters.accept_received(KeyId::global_unicast_encryption, 77));
  ASSERT_TRUE(counters.next_send(KeyId::global_unicast_encryption));
  const auto data = hex("0102" + transfer_entry(0, kWrapped) + transfer_entry(2, kWrapped));
  Result<std::size_t> n = apply_key_transfer(backend, data, keys, &counters);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(*n, 2U);
  EXPECT_EQ(hex_of(keys[KeyId::global_unicast_encryption].bytes()), kKeyData);
  EXPECT_EQ(hex_of(keys[KeyId::authentication].bytes()), kKeyData);
  EXPECT_FALSE(keys[KeyId::global_broadcast_encryption].is_set());
  EXPECT_FALSE(counters.last_received(KeyId::global_unicast_encryption).has_value());
  EXPECT_EQ(counters.peek_send(KeyId::global_unicast_encryption), 0U);
}

TEST_F(KeyTransferTest, AllOrNothing) {
  std::string bad(kWrapped);
  bad[3] = bad[3] == '0' ? '1' : '0';
  const auto data = hex("0102" + transfer_entry(0, kWrapped) + transfer_entry(1, bad));
  EXPECT_EQ(apply_key_transfer(backend, data, keys, nullptr).error(), security_errc::unwrap_failed);
  EXPECT_FALSE(keys[KeyId::global_unicast_encryption].is_set());
  EXPECT_FALSE(keys[KeyId::global_broadcast_encryption].is_set());
}

TEST_F(KeyTransferTest, MalformedParameters) {
  const std::string one = transfer_entry(0, kWrapped);
  const std::vector<std::pair<std::string, security_errc>> cases = {
      {"", security_errc::truncated},
      {"0100", security_errc::invalid_key_transfer},                                      // empty array
      {"0201" + one, security_errc::invalid_key_transfer},                                // not an array
      {"0102" + one + transfer_entry(0, kWrapped), security_errc::invalid_key_transfer},  // repeated key_id
      {"0101020216040918" + std::string(kWrapped), security_errc::invalid_key_transfer},  // key_id 4
      {"0101" + one + "00", security_errc::invalid_key_transfer},                         // trailing
      {"0101020216000910" + std::string(kKeyData), security_errc::invalid_key_transfer},  // 16-octet "wrap"
      {"0105" + one + one + one + one + one, security_errc::invalid_key_transfer},        // too many
      {"01810102" + one, security_errc::bad_length},  // non-canonical count
  };
  for (const auto& [text, expected] : cases) {
    const auto data = hex(text);
    EXPECT_EQ(apply_key_transfer(backend, data, keys, nullptr).error(), make_error_code(expected)) << text;
  }
  // Truncated at every octet.
  const auto full = hex("0101" + one);
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(apply_key_transfer(backend, cut, keys, nullptr)) << n;
  }
  EXPECT_FALSE(keys[KeyId::global_unicast_encryption].is_set());
}

TEST_F(KeyTransferTest, EncodeParsesBack) {
  const auto wrapped = hex(kWrapped);
  const std::array<WrappedKey, 2> in{WrappedKey{KeyId::global_broadcast_encryption, wrapped},
                                     WrappedKey{KeyId::master, wrapped}};
  std::array<std::uint8_t, 128> buf{};
  Result<ByteSpan> e = encode_key_transfer(in, buf);
  ASSERT_TRUE(e);
  EXPECT_EQ(hex_of(*e), "0102" + transfer_entry(1, kWrapped) + transfer_entry(3, kWrapped));
  std::array<WrappedKey, 4> parsed{};
  Result<std::size_t> n = parse_key_transfer(*e, parsed);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2U);
  EXPECT_EQ(parsed[1].id, KeyId::master);
  std::array<std::uint8_t, 10> small{};
  EXPECT_EQ(encode_key_transfer(in, small).error(), security_errc::buffer_too_small);
}

}  // namespace
}  // namespace dlms::security
