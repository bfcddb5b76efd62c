#include "stack/security/security_error.hpp"

#include <string>

namespace dlms::security {
namespace {

class SecurityCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "security"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<security_errc>(ev)) {
      case security_errc::truncated: return "ciphered APDU truncated";
      case security_errc::bad_length: return "bad length field";
      case security_errc::trailing_bytes: return "trailing bytes after the ciphered APDU";
      case security_errc::not_ciphered: return "not a ciphered APDU";
      case security_errc::not_cipherable: return "APDU has no glo-/ded- ciphered form";
      case security_errc::content_mismatch: return "deciphered APDU does not match the ciphered tag";
      case security_errc::compression_not_supported: return "compression not supported";
      case security_errc::unknown_security_suite: return "unknown security suite";
      case security_errc::suite_mismatch: return "security suite differs from the one in use";
      case security_errc::invalid_security_control: return "invalid security control byte";
      case security_errc::key_not_set: return "key not set";
      case security_errc::invalid_key_length: return "invalid key length";
      case security_errc::invalid_system_title: return "invalid system title";
      case security_errc::system_title_mismatch: return "system title mismatch";
      case security_errc::authentication_failed: return "authentication tag does not verify";
      case security_errc::replayed_invocation_counter: return "replayed or old invocation counter";
      case security_errc::invocation_counter_exhausted: return "invocation counter exhausted";
      case security_errc::counter_store_failed: return "invocation counter store failed";
      case security_errc::buffer_too_small: return "output buffer too small";
      case security_errc::invalid_challenge_length: return "challenge length outside 8..64";
      case security_errc::hls_verification_failed: return "HLS verification failed";
      case security_errc::unsupported_mechanism: return "authentication mechanism not supported";
      case security_errc::unwrap_failed: return "key unwrap integrity check failed";
      case security_errc::invalid_key_transfer: return "invalid key transfer data";
      case security_errc::policy_violation: return "security policy violation";
      case security_errc::backend_failure: return "crypto backend failure";
      case security_errc::unsupported: return "unsupported";
    }
    return "unknown security error";
  }
};

}  // namespace

const std::error_category& security_category() noexcept {
  static const SecurityCategory category;
  return category;
}

}  // namespace dlms::security
