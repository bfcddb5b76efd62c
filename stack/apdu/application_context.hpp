#pragma once
// Application context names (Green Book, "COSEM application context names"): the object
// identifiers { joint-iso-ccitt(2) country(16) country-name(756) identified-organization(5)
// DLMS-UA(8) application-context(1) context_id(x) }, carried in the AARQ/AARE
// application-context-name field as a BER OBJECT IDENTIFIER: 06 07 60 85 74 05 08 01 x.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/core/bytes.hpp"

namespace dlms::apdu {

enum class ApplicationContextName : std::uint8_t {
  logical_name = 1,                 // Logical_Name_Referencing_No_Ciphering
  short_name = 2,                   // Short_Name_Referencing_No_Ciphering
  logical_name_with_ciphering = 3,  // Logical_Name_Referencing_With_Ciphering
  short_name_with_ciphering = 4,    // Short_Name_Referencing_With_Ciphering
};

// Contents octets of the OID 2.16.756.5.8 prefix (2*40+16 = 0x60; 756 = 0x85 0x74).
inline constexpr std::array<std::uint8_t, 5> kDlmsUaOidPrefix{0x60, 0x85, 0x74, 0x05, 0x08};

// Contents octets (no tag/length) of the OID 2.16.756.5.8.<arc>.<id>.
struct DlmsUaOid {
  std::array<std::uint8_t, 7> bytes{};
  [[nodiscard]] constexpr ByteSpan span() const noexcept { return ByteSpan(bytes); }
};

[[nodiscard]] constexpr DlmsUaOid dlms_ua_oid(std::uint8_t arc, std::uint8_t id) noexcept {
  return DlmsUaOid{{kDlmsUaOidPrefix[0], kDlmsUaOidPrefix[1], kDlmsUaOidPrefix[2], kDlmsUaOidPrefix[3],
                    kDlmsUaOidPrefix[4], arc, id}};
}

// If `oid` (contents octets) is 2.16.756.5.8.<arc>.<id> with id < 128, returns id.
[[nodiscard]] constexpr std::optional<std::uint8_t> dlms_ua_oid_id(ByteSpan oid, std::uint8_t arc) noexcept {
  if (oid.size() != 7 || oid[5] != arc || oid[6] >= 0x80U) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kDlmsUaOidPrefix.size(); ++i) {
    if (oid[i] != kDlmsUaOidPrefix[i]) {
      return std::nullopt;
    }
  }
  return oid[6];
}

inline constexpr std::uint8_t kApplicationContextArc = 1;

[[nodiscard]] constexpr DlmsUaOid oid_of(ApplicationContextName name) noexcept {
  return dlms_ua_oid(kApplicationContextArc, static_cast<std::uint8_t>(name));
}

// The application context an OID names, if it is one of the four COSEM contexts.
[[nodiscard]] constexpr std::optional<ApplicationContextName> application_context_name(
    ByteSpan oid) noexcept {
  const auto id = dlms_ua_oid_id(oid, kApplicationContextArc);
  if (!id || *id < 1 || *id > 4) {
    return std::nullopt;
  }
  return static_cast<ApplicationContextName>(*id);
}

}  // namespace dlms::apdu
