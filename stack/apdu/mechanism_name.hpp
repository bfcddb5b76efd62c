#pragma once
// Authentication mechanism names (Green Book, "COSEM authentication mechanism names"): the
// object identifiers { 2 16 756 5 8 2 x }, carried IMPLICIT in the AARQ mechanism-name [11]
// (8B 07 60 85 74 05 08 02 x) and the AARE mechanism-name [9] (89 07 ...).

#include <cstdint>
#include <optional>

#include "stack/apdu/application_context.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::apdu {

enum class MechanismName : std::uint8_t {
  lowest_level_security = 0,  // no authentication
  low_level_security = 1,     // LLS, password
  high_level_security = 2,    // HLS, manufacturer specific
  high_level_security_md5 = 3,
  high_level_security_sha1 = 4,
  high_level_security_gmac = 5,
  high_level_security_sha256 = 6,
  high_level_security_ecdsa = 7,
};

inline constexpr std::uint8_t kMechanismNameArc = 2;

[[nodiscard]] constexpr DlmsUaOid oid_of(MechanismName name) noexcept {
  return dlms_ua_oid(kMechanismNameArc, static_cast<std::uint8_t>(name));
}

// The mechanism an OID names, if it is one of the COSEM mechanisms 0..7.
[[nodiscard]] constexpr std::optional<MechanismName> mechanism_name(ByteSpan oid) noexcept {
  const auto id = dlms_ua_oid_id(oid, kMechanismNameArc);
  if (!id || *id > 7) {
    return std::nullopt;
  }
  return static_cast<MechanismName>(*id);
}

}  // namespace dlms::apdu
