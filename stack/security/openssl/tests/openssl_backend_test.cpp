#include "stack/security/openssl/openssl_backend.hpp"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"

namespace dlms::security {
namespace {

std::vector<std::uint8_t> hex(std::string_view t) { return from_hex(t).value(); }
std::string hex_of(ByteSpan b) { return to_hex(b, '\0'); }

// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 4 (AES-128, 60-octet
// plaintext, 20-octet AAD), as used in NIST GCM validation.
constexpr std::string_view kK = "FEFFE9928665731C6D6A8F9467308308";
constexpr std::string_view kIv = "CAFEBABEFACEDBADDECAF888";
constexpr std::string_view kP =
    "D9313225F88406E5A55909C5AFF5269A86A7A9531534F7DA2E4C303D8A318A721C3C0C95956809532FCF0E2449A6B525B16AEDF5"
    "AA0DE657BA637B39";
constexpr std::string_view kA = "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2";
constexpr std::string_view kC =
    "42831EC2217774244B7221B784D0D49CE3AA212F2C02A4E035C17E2329ACA12E21D514B25466931C7D8F6A5AAC84AA051BA30B39"
    "6A0AAC973D58E091";
constexpr std::string_view kT = "5BC94FBC3221A5DB94FAE95AE7121A47";

TEST(OpenSslBackend, GcmTestCase4WithSplitAad) {
  OpenSslBackend b;
  const auto k = hex(kK), iv = hex(kIv), p = hex(kP), a = hex(kA);
  const std::array<ByteSpan, 2> aad{ByteSpan(a).first(7), ByteSpan(a).subspan(7)};
  std::vector<std::uint8_t> c(p.size());
  std::array<std::uint8_t, 16> t{};
  ASSERT_TRUE(b.gcm_encrypt(k, iv, aad, p, c, t));
  EXPECT_EQ(hex_of(c), kC);
  EXPECT_EQ(hex_of(t), kT);
  // 12-octet tag (DLMS): the first 12 octets of the full tag.
  std::array<std::uint8_t, 12> t12{};
  ASSERT_TRUE(b.gcm_encrypt(k, iv, aad, p, c, t12));
  EXPECT_EQ(hex_of(t12), std::string(kT.substr(0, 24)));

  std::vector<std::uint8_t> back(c.size());
  ASSERT_TRUE(b.gcm_decrypt(k, iv, aad, c, t12, back));
  EXPECT_EQ(back, p);
  t12[11] ^= 1;
  EXPECT_EQ(b.gcm_decrypt(k, iv, aad, c, t12, back).error(), security_errc::authentication_failed);
  // In place.
  std::vector<std::uint8_t> inplace = p;
  ASSERT_TRUE(b.gcm_encrypt(k, iv, aad, inplace, inplace, t));
  EXPECT_EQ(hex_of(inplace), kC);
}

TEST(OpenSslBackend, GcmRejectsBadSizes) {
  OpenSslBackend b;
  const auto k = hex(kK), iv = hex(kIv), p = hex(kP);
  std::vector<std::uint8_t> c(p.size());
  std::array<std::uint8_t, 12> t{};
  const auto k15 = hex("FEFFE9928665731C6D6A8F94673083");
  EXPECT_EQ(b.gcm_encrypt(k15, iv, {}, p, c, t).error(), security_errc::invalid_key_length);
  std::vector<std::uint8_t> small(p.size() - 1);
  EXPECT_FALSE(b.gcm_encrypt(k, iv, {}, p, small, t));
  EXPECT_FALSE(b.gcm_encrypt(k, ByteSpan(iv).first(11), {}, p, c, t));
}

// FIPS-197 appendix C.1 (AES-128) and C.3 (AES-256).
TEST(OpenSslBackend, AesBlock) {
  OpenSslBackend b;
  const auto in = hex("00112233445566778899AABBCCDDEEFF");
  std::array<std::uint8_t, 16> out{};
  ASSERT_TRUE(b.aes_encrypt_block(hex("000102030405060708090A0B0C0D0E0F"), in, out));
  EXPECT_EQ(hex_of(out), "69C4E0D86A7B0430D8CDB78070B4C55A");
  ASSERT_TRUE(
      b.aes_encrypt_block(hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"), in, out));
  EXPECT_EQ(hex_of(out), "8EA2B7CA516745BFEAFC49904B496089");
}

// RFC 3394 sections 4.1 and 4.6.
TEST(OpenSslBackend, KeyWrapRfc3394) {
  OpenSslBackend b;
  std::array<std::uint8_t, 24> w1{};
  ASSERT_TRUE(
      b.aes_key_wrap(hex("000102030405060708090A0B0C0D0E0F"), hex("00112233445566778899AABBCCDDEEFF"), w1));
  EXPECT_EQ(hex_of(w1), "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
  const auto kek256 = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  std::array<std::uint8_t, 40> w6{};
  ASSERT_TRUE(
      b.aes_key_wrap(kek256, hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F"), w6));
  EXPECT_EQ(hex_of(w6), "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
  std::array<std::uint8_t, 32> k6{};
  ASSERT_TRUE(b.aes_key_unwrap(kek256, w6, k6));
  EXPECT_EQ(hex_of(k6), "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  w6[0] ^= 1;
  EXPECT_EQ(b.aes_key_unwrap(kek256, w6, k6).error(), security_errc::unwrap_failed);
  // The context is reusable after a failure.
  std::array<std::uint8_t, 16> k1{};
  ASSERT_TRUE(b.aes_key_unwrap(hex("000102030405060708090A0B0C0D0E0F"), w1, k1));
  EXPECT_EQ(hex_of(k1), "00112233445566778899AABBCCDDEEFF");
}

// FIPS 180-2 / RFC 1321 "abc" vectors, fed in two parts.
TEST(OpenSslBackend, Digests) {
  OpenSslBackend b;
  const std::string ab = "ab";
  const std::string c = "c";
  const std::array<ByteSpan, 2> parts{ByteSpan(reinterpret_cast<const std::uint8_t*>(ab.data()), ab.size()),
                                      ByteSpan(reinterpret_cast<const std::uint8_t*>(c.data()), c.size())};
  const std::pair<HashAlgorithm, std::string_view> cases[] = {
      {HashAlgorithm::md5, "900150983CD24FB0D6963F7D28E17F72"},
      {HashAlgorithm::sha1, "A9993E364706816ABA3E25717850C26C9CD0D89D"},
      {HashAlgorithm::sha256, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"},
      {HashAlgorithm::sha384,
       "CB00753F45A35E8BB5A03D699AC65007272C32AB0EDED1631A8B605A43FF5BED8086072BA1E7CC2358BAECA134C825A7"},
  };
  for (const auto& [alg, expected] : cases) {
    std::vector<std::uint8_t> out(digest_size(alg));
    ASSERT_TRUE(b.digest(alg, parts, out));
    EXPECT_EQ(hex_of(out), expected);
    std::vector<std::uint8_t> wrong(digest_size(alg) + 1);
    EXPECT_FALSE(b.digest(alg, parts, wrong));
  }
}

TEST(OpenSslBackend, RandomAndUnimplementedSuite12) {
  OpenSslBackend b;
  std::array<std::uint8_t, 32> r1{}, r2{};
  ASSERT_TRUE(b.random(r1));
  ASSERT_TRUE(b.random(r2));
  EXPECT_NE(r1, r2);
  std::array<std::uint8_t, 64> sig{};
  EXPECT_EQ(b.ecdsa_sign(EcCurve::p256, r1, {}, sig).error(), security_errc::unsupported);
}

}  // namespace
}  // namespace dlms::security
