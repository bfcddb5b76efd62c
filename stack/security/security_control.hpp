#pragma once
// The security control byte (Green Book 9.2.7.2.4, "security header"): the first octet of
// every ciphered content.
//   bits 0-3 security suite id, bit 4 authentication (A), bit 5 encryption (E),
//   bit 6 key set (0 unicast, 1 broadcast), bit 7 compression (not supported: refused).

#include <cstdint>

#include "stack/core/result.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::security {

// Green Book 9.2.3.7: suite 0 AES-GCM-128; suite 1 AES-GCM-128 + ECDSA/ECDH P-256;
// suite 2 AES-GCM-256 + ECDSA/ECDH P-384.
enum class SecuritySuite : std::uint8_t { suite0 = 0, suite1 = 1, suite2 = 2 };

// Octets of the symmetric keys (block cipher and authentication keys) of a suite.
[[nodiscard]] constexpr std::size_t symmetric_key_size(SecuritySuite s) noexcept {
  return s == SecuritySuite::suite2 ? 32 : 16;
}

enum class KeySetKind : std::uint8_t { unicast = 0, broadcast = 1 };

class SecurityControl {
 public:
  static constexpr std::uint8_t kSuiteMask = 0x0F;
  static constexpr std::uint8_t kAuthentication = 0x10;
  static constexpr std::uint8_t kEncryption = 0x20;
  static constexpr std::uint8_t kBroadcastKey = 0x40;
  static constexpr std::uint8_t kCompression = 0x80;

  constexpr SecurityControl() noexcept = default;
  constexpr explicit SecurityControl(std::uint8_t byte) noexcept : byte_(byte) {}

  static constexpr SecurityControl make(SecuritySuite suite, bool authenticated, bool encrypted,
                                        KeySetKind key_set = KeySetKind::unicast) noexcept {
    return SecurityControl(static_cast<std::uint8_t>(
        static_cast<std::uint8_t>(suite) | (authenticated ? kAuthentication : 0U) |
        (encrypted ? kEncryption : 0U) | (key_set == KeySetKind::broadcast ? kBroadcastKey : 0U)));
  }

  [[nodiscard]] constexpr std::uint8_t byte() const noexcept { return byte_; }
  [[nodiscard]] constexpr std::uint8_t suite_id() const noexcept { return byte_ & kSuiteMask; }
  [[nodiscard]] constexpr SecuritySuite suite() const noexcept {
    return static_cast<SecuritySuite>(suite_id());
  }
  [[nodiscard]] constexpr bool authenticated() const noexcept { return (byte_ & kAuthentication) != 0; }
  [[nodiscard]] constexpr bool encrypted() const noexcept { return (byte_ & kEncryption) != 0; }
  [[nodiscard]] constexpr KeySetKind key_set() const noexcept {
    return (byte_ & kBroadcastKey) != 0 ? KeySetKind::broadcast : KeySetKind::unicast;
  }
  [[nodiscard]] constexpr bool compressed() const noexcept { return (byte_ & kCompression) != 0; }

  // Checks that this byte is usable for ciphering with `in_use`: no compression, a known
  // suite equal to `in_use`, and at least one of authentication / encryption.
  [[nodiscard]] Status validate(SecuritySuite in_use) const noexcept {
    if (compressed()) {
      return security_errc::compression_not_supported;
    }
    if (suite_id() > 2) {
      return security_errc::unknown_security_suite;
    }
    if (suite() != in_use) {
      return security_errc::suite_mismatch;
    }
    if (!authenticated() && !encrypted()) {
      return security_errc::invalid_security_control;
    }
    return {};
  }

  friend constexpr bool operator==(SecurityControl, SecurityControl) noexcept = default;

 private:
  std::uint8_t byte_ = 0;
};

}  // namespace dlms::security
