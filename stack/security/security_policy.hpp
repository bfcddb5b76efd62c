#pragma once
// Security policy of Security setup (class 64) version 1, attribute 2 (Blue Book 4.4.7):
// bit-flags; bits 0 and 1 unused, bit 2 authenticated request, 3 encrypted request,
// 4 digitally signed request, 5 authenticated response, 6 encrypted response,
// 7 digitally signed response. Version 0's enum (0 nothing, 1 all authenticated,
// 2 all encrypted, 3 all authenticated and encrypted) converts with from_version0().

#include <cstdint>

#include "stack/core/result.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::security {

class SecurityPolicy {
 public:
  static constexpr std::uint8_t kAuthenticatedRequest = 0x04;
  static constexpr std::uint8_t kEncryptedRequest = 0x08;
  static constexpr std::uint8_t kSignedRequest = 0x10;
  static constexpr std::uint8_t kAuthenticatedResponse = 0x20;
  static constexpr std::uint8_t kEncryptedResponse = 0x40;
  static constexpr std::uint8_t kSignedResponse = 0x80;

  constexpr SecurityPolicy() noexcept = default;
  constexpr explicit SecurityPolicy(std::uint8_t bits) noexcept : bits_(bits) {}

  // Version 0 enum -> the equivalent version 1 flags (requests and responses alike).
  static Result<SecurityPolicy> from_version0(std::uint8_t value) noexcept {
    switch (value) {
      case 0: return SecurityPolicy(0);
      case 1: return SecurityPolicy(kAuthenticatedRequest | kAuthenticatedResponse);
      case 2: return SecurityPolicy(kEncryptedRequest | kEncryptedResponse);
      case 3:
        return SecurityPolicy(kAuthenticatedRequest | kEncryptedRequest | kAuthenticatedResponse |
                              kEncryptedResponse);
      default: return security_errc::policy_violation;
    }
  }

  [[nodiscard]] constexpr std::uint8_t bits() const noexcept { return bits_; }
  [[nodiscard]] constexpr bool authenticated_request() const noexcept {
    return (bits_ & kAuthenticatedRequest) != 0;
  }
  [[nodiscard]] constexpr bool encrypted_request() const noexcept { return (bits_ & kEncryptedRequest) != 0; }
  [[nodiscard]] constexpr bool signed_request() const noexcept { return (bits_ & kSignedRequest) != 0; }
  [[nodiscard]] constexpr bool authenticated_response() const noexcept {
    return (bits_ & kAuthenticatedResponse) != 0;
  }
  [[nodiscard]] constexpr bool encrypted_response() const noexcept {
    return (bits_ & kEncryptedResponse) != 0;
  }
  [[nodiscard]] constexpr bool signed_response() const noexcept { return (bits_ & kSignedResponse) != 0; }

  // A received request protected with `sc` (nullopt: it came in plain) meets the policy?
  // Signing is suite 1/2 (general-signing), not expressible in a security control byte: a
  // policy demanding it is not met here. security_errc::policy_violation if not met.
  [[nodiscard]] Status check_request(const SecurityControl* sc) const noexcept {
    return check(sc, authenticated_request(), encrypted_request(), signed_request());
  }

  // The weakest protection a response must carry (authentication / encryption flags), for
  // the engine building it. Suite taken from `suite`.
  [[nodiscard]] constexpr SecurityControl response_protection(
      SecuritySuite suite, KeySetKind key_set = KeySetKind::unicast) const noexcept {
    return SecurityControl::make(suite, authenticated_response(), encrypted_response(), key_set);
  }
  [[nodiscard]] constexpr bool response_needs_protection() const noexcept {
    return authenticated_response() || encrypted_response();
  }

  // Security setup security_activate: a new policy may only strengthen the current one
  // (Blue Book 4.4.7: no flag that is set may be cleared).
  [[nodiscard]] constexpr bool is_strengthening(SecurityPolicy next) const noexcept {
    return (bits_ & ~next.bits_ & 0xFC) == 0 && (next.bits_ & 0x03) == 0;
  }

  friend constexpr bool operator==(SecurityPolicy, SecurityPolicy) noexcept = default;

 private:
  static Status check(const SecurityControl* sc, bool need_auth, bool need_enc, bool need_sign) noexcept {
    if (need_sign) {
      return security_errc::policy_violation;
    }
    if (!need_auth && !need_enc) {
      return {};
    }
    if (sc == nullptr || (need_auth && !sc->authenticated()) || (need_enc && !sc->encrypted())) {
      return security_errc::policy_violation;
    }
    return {};
  }

  std::uint8_t bits_ = 0;
};

}  // namespace dlms::security
