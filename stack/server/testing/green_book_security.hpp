#pragma once
// The suite-0 test keys of the Green Book (DLMS UA 1000-2, Table 40 / 43: global unicast
// encryption key 00..0F, authentication key D0..DF) and its system titles, set on a server's
// SecurityContext the way the tests and benchmarks of the server's users need them.

#include <array>
#include <cstdint>

#include "stack/association/security_context.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::server::test_support {

inline constexpr std::array<std::uint8_t, 16> kGreenBookEk = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                                              0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};
inline constexpr std::array<std::uint8_t, 16> kGreenBookAk = {0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
                                                              0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};
// "MMM" 0000BC614E (Table 40's sender) and "MMM" 0000000001.
inline constexpr std::array<std::uint8_t, 8> kTitleBC614E = {0x4D, 0x4D, 0x4D, 0x00, 0x00, 0xBC, 0x61, 0x4E};
inline constexpr std::array<std::uint8_t, 8> kTitle000001 = {0x4D, 0x4D, 0x4D, 0x00, 0x00, 0x00, 0x00, 0x01};

inline security::SystemTitle system_title(const std::array<std::uint8_t, 8>& bytes) {
  return *security::SystemTitle::from(bytes);
}

// EK and AK of the Green Book, and the server's system title; false if a key is refused.
inline bool use_green_book_keys(association::SecurityContext& security,
                                const std::array<std::uint8_t, 8>& server_title = kTitleBC614E) {
  const bool ek =
      static_cast<bool>(security.set_key(security::KeyId::global_unicast_encryption, kGreenBookEk));
  const bool ak = static_cast<bool>(security.set_key(security::KeyId::authentication, kGreenBookAk));
  security.set_server_system_title(system_title(server_title));
  return ek && ak;
}

}  // namespace dlms::server::test_support
