#pragma once
// Helpers shared by the security tests.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stack/core/bytes.hpp"
#include "stack/core/hex.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::security::test {

inline std::vector<std::uint8_t> hex(std::string_view text) { return from_hex(text).value(); }

inline std::string hex_of(ByteSpan bytes) { return to_hex(bytes, '\0'); }

inline SystemTitle title(std::string_view text) {
  const auto b = hex(text);
  return SystemTitle::from(b).value();
}

inline Key key(std::string_view text) {
  const auto b = hex(text);
  return Key::from(b).value();
}

// Green Book Table 40 / Table 43 parameters (DLMS UA 1000-2), reproduced in public test
// suites (e.g. dlms-cosem test_security).
inline constexpr std::string_view kServerTitle = "4D4D4D0000BC614E";
inline constexpr std::string_view kClientTitle = "4D4D4D0000000001";
inline constexpr std::string_view kEk = "000102030405060708090A0B0C0D0E0F";
inline constexpr std::string_view kAk = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";
inline constexpr std::uint32_t kIc = 0x01234567;
// get-request-normal, invoke-id-and-priority 0x00, Clock 0-0:1.0.0.255 attribute 2.
inline constexpr std::string_view kPlainGet = "C0010000080000010000FF0200";

inline KeySet green_book_keys() {
  KeySet k;
  k[KeyId::global_unicast_encryption] = key(kEk);
  k[KeyId::authentication] = key(kAk);
  return k;
}

}  // namespace dlms::security::test
