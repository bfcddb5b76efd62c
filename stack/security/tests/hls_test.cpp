#include "stack/security/hls.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <gtest/gtest.h>

#include "stack/security/openssl/openssl_backend.hpp"
#include "test_util.hpp"

namespace dlms::security {
namespace {

using test::hex;
using test::hex_of;

// Green Book Table 43 (HLS example using authentication-mechanism 5 with GMAC).
constexpr std::string_view kCtoS = "4B35366956616759";                    // "K56iVagY"
constexpr std::string_view kStoC = "503677524A323146";                    // "P6wRJ21F"
constexpr std::string_view kSecret = "31323334353637383930313233343536";  // "1234567890123456"

class HlsTest : public ::testing::Test {
 protected:
  HlsExchange client() const {
    return HlsExchange{ctos, stoc, test::title(test::kClientTitle), test::title(test::kServerTitle)};
  }
  HlsExchange server() const {
    return HlsExchange{stoc, ctos, test::title(test::kServerTitle), test::title(test::kClientTitle)};
  }
  std::string answer(AuthenticationMechanism m, const HlsExchange& e, std::uint32_t ic = 0) {
    Result<std::size_t> n = hls_answer(backend, m, keys, e, ic, out);
    EXPECT_TRUE(n) << n.error().message();
    return n ? hex_of(ByteSpan(out.data(), *n)) : std::string();
  }

  OpenSslBackend backend;
  std::vector<std::uint8_t> ctos = hex(kCtoS);
  std::vector<std::uint8_t> stoc = hex(kStoC);
  std::vector<std::uint8_t> secret = hex(kSecret);
  std::vector<std::uint8_t> ek = hex(test::kEk);
  std::vector<std::uint8_t> ak = hex(test::kAk);
  HlsKeys keys{secret, ek, ak, SecuritySuite::suite0};
  std::array<std::uint8_t, kMaxHlsAnswerSize> out{};
};

TEST_F(HlsTest, GreenBookTable43GmacBothPasses) {
  // Pass 3: the client answers StoC with its title and IC 1.
  const std::string f_stoc = answer(AuthenticationMechanism::hls_gmac, client(), 0x00000001);
  EXPECT_EQ(f_stoc, "10000000011A52FE7DD3E72748973C1E28");
  // Pass 4: the server answers CtoS with its title and IC 0x01234567.
  const std::string f_ctos = answer(AuthenticationMechanism::hls_gmac, server(), 0x01234567);
  EXPECT_EQ(f_ctos, "1001234567FE1466AFB3DBCD4F9389E2B7");

  const auto a = hex(f_stoc);
  Result<HlsCheckResult> r = hls_check(backend, AuthenticationMechanism::hls_gmac, keys, server(), a);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->invocation_counter, 1U);
  EXPECT_EQ(r->security_control.byte(), 0x10);
  const auto b = hex(f_ctos);
  r = hls_check(backend, AuthenticationMechanism::hls_gmac, keys, client(), b);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->invocation_counter, 0x01234567U);
}

TEST_F(HlsTest, GmacRejectsTamperedAnswers) {
  auto a = hex("10000000011A52FE7DD3E72748973C1E28");
  a.back() ^= 1;
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_gmac, keys, server(), a).error(),
            security_errc::hls_verification_failed);
  auto ic = hex("10000000021A52FE7DD3E72748973C1E28");  // another IC, same tag
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_gmac, keys, server(), ic).error(),
            security_errc::hls_verification_failed);
  auto sc = hex("30000000011A52FE7DD3E72748973C1E28");
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_gmac, keys, server(), sc).error(),
            security_errc::hls_verification_failed);
  auto short_answer = hex("10000000011A52FE7DD3E72748973C1E");
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_gmac, keys, server(), short_answer).error(),
            security_errc::hls_verification_failed);
  // Verified against the wrong peer title (the client's answer checked as if from the server).
  auto good = hex("10000000011A52FE7DD3E72748973C1E28");
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_gmac, keys, client(), good).error(),
            security_errc::hls_verification_failed);
}

// Expected values computed independently (Python hashlib) from the definitions in hls.hpp.
TEST_F(HlsTest, Md5Sha1Sha256Answers) {
  EXPECT_EQ(answer(AuthenticationMechanism::hls_md5, client()), "89108F15DBF220D2AC37189EBF780563");
  EXPECT_EQ(answer(AuthenticationMechanism::hls_md5, server()), "CF2F701C90A792440204096C912BF9F8");
  EXPECT_EQ(answer(AuthenticationMechanism::hls_sha1, client()), "10CB1E5E1E7C2DCA8E1556D174EFA8EC69A577C3");
  EXPECT_EQ(answer(AuthenticationMechanism::hls_sha1, server()), "BADB0692D059653CEBEF9181D59C3C6E43BFEBC9");
  EXPECT_EQ(answer(AuthenticationMechanism::hls_sha256, client()),
            "92DEB97233354DD629CE8651147DA71550FE7B780911A3801EA1B270F9499924");
  EXPECT_EQ(answer(AuthenticationMechanism::hls_sha256, server()),
            "1D139C81D35349ADD4C43CBA4AC87C01774E3A1477E4B3AAC40EB5D1ED97E0AD");
}

TEST_F(HlsTest, EachSideVerifiesTheOthersAnswer) {
  for (auto m : {AuthenticationMechanism::hls_md5, AuthenticationMechanism::hls_sha1,
                 AuthenticationMechanism::hls_sha256, AuthenticationMechanism::hls_gmac}) {
    const auto from_client = hex(answer(m, client(), 5));
    EXPECT_TRUE(hls_check(backend, m, keys, server(), from_client)) << static_cast<int>(m);
    const auto from_server = hex(answer(m, server(), 9));
    EXPECT_TRUE(hls_check(backend, m, keys, client(), from_server)) << static_cast<int>(m);
    // The client's answer is not a valid server answer (no reflection).
    EXPECT_EQ(hls_check(backend, m, keys, client(), from_client).error(),
              security_errc::hls_verification_failed)
        << static_cast<int>(m);
    auto wrong = from_client;
    wrong[0] ^= 0x01;
    EXPECT_EQ(hls_check(backend, m, keys, server(), wrong).error(), security_errc::hls_verification_failed);
  }
  // Another secret fails.
  const auto a = hex(answer(AuthenticationMechanism::hls_sha256, client()));
  const auto other = hex("31323334353637383930313233343537");
  HlsKeys k2 = keys;
  k2.secret = other;
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_sha256, k2, server(), a).error(),
            security_errc::hls_verification_failed);
}

TEST_F(HlsTest, ChallengeLengthAndMechanismChecks) {
  std::vector<std::uint8_t> short_challenge(7, 0x41);
  std::vector<std::uint8_t> long_challenge(65, 0x41);
  HlsExchange e = client();
  e.peer_challenge = short_challenge;
  EXPECT_EQ(hls_answer(backend, AuthenticationMechanism::hls_md5, keys, e, 0, out).error(),
            security_errc::invalid_challenge_length);
  e.peer_challenge = long_challenge;
  EXPECT_EQ(hls_answer(backend, AuthenticationMechanism::hls_md5, keys, e, 0, out).error(),
            security_errc::invalid_challenge_length);
  EXPECT_EQ(hls_answer(backend, AuthenticationMechanism::hls_ecdsa, keys, client(), 0, out).error(),
            security_errc::unsupported_mechanism);
  EXPECT_EQ(hls_answer(backend, AuthenticationMechanism::hls_manufacturer, keys, client(), 0, out).error(),
            security_errc::unsupported_mechanism);
  HlsKeys no_secret = keys;
  no_secret.secret = {};
  EXPECT_EQ(hls_answer(backend, AuthenticationMechanism::hls_sha1, no_secret, client(), 0, out).error(),
            security_errc::key_not_set);
  std::array<std::uint8_t, 16> small{};
  EXPECT_EQ(hls_answer(backend, AuthenticationMechanism::hls_gmac, keys, client(), 0, small).error(),
            security_errc::buffer_too_small);

  std::array<std::uint8_t, 7> c7{};
  std::array<std::uint8_t, 64> c64{};
  EXPECT_EQ(generate_challenge(backend, c7).error(), security_errc::invalid_challenge_length);
  ASSERT_TRUE(generate_challenge(backend, c64));
  std::array<std::uint8_t, 64> c64b{};
  ASSERT_TRUE(generate_challenge(backend, c64b));
  EXPECT_NE(c64, c64b);
}

// Mechanism 2: the manufacturer's algorithm (here: challenge reversed).
class ReversingHls final : public ManufacturerHls {
 public:
  Result<std::size_t> answer(const HlsKeys&, const HlsExchange& e, MutableByteSpan out) override {
    if (out.size() < e.peer_challenge.size()) {
      return security_errc::buffer_too_small;
    }
    std::reverse_copy(e.peer_challenge.begin(), e.peer_challenge.end(), out.begin());
    return e.peer_challenge.size();
  }
  Status check(const HlsKeys&, const HlsExchange& e, ByteSpan answer) override {
    return std::equal(e.own_challenge.rbegin(), e.own_challenge.rend(), answer.begin(), answer.end())
               ? Status()
               : Status(security_errc::hls_verification_failed);
  }
};

TEST_F(HlsTest, ManufacturerHook) {
  ReversingHls m2;
  Result<std::size_t> n =
      hls_answer(backend, AuthenticationMechanism::hls_manufacturer, keys, client(), 0, out, &m2);
  ASSERT_TRUE(n);
  EXPECT_EQ(hex_of(ByteSpan(out.data(), *n)), "4631324A52773650");
  const auto a = hex("4631324A52773650");
  EXPECT_TRUE(hls_check(backend, AuthenticationMechanism::hls_manufacturer, keys, server(), a, &m2));
  EXPECT_EQ(hls_check(backend, AuthenticationMechanism::hls_manufacturer, keys, client(), a, &m2).error(),
            security_errc::hls_verification_failed);
}

TEST(Lls, PasswordComparedWhole) {
  const auto pw = test::hex("3132333435363738");
  EXPECT_TRUE(lls_password_matches(pw, test::hex("3132333435363738")));
  EXPECT_FALSE(lls_password_matches(pw, test::hex("3132333435363739")));
  EXPECT_FALSE(lls_password_matches(pw, test::hex("31323334353637")));
  EXPECT_FALSE(lls_password_matches(pw, test::hex("313233343536373838")));
  EXPECT_FALSE(lls_password_matches(pw, ByteSpan()));
  EXPECT_TRUE(lls_password_matches(ByteSpan(), ByteSpan()));
}

}  // namespace
}  // namespace dlms::security
