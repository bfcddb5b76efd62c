#pragma once
// Tags of the ciphered xDLMS APDUs and their plain counterparts (Green Book 9.5, xDLMS
// ASN.1 "XDLMS-APDU"): service-specific global ciphering (glo-) and dedicated ciphering (ded-)
// for the SN/initiate services and the LN services, plus general-glo-ciphering [219] and
// general-ded-ciphering [220]. Plain APDUs without a service-specific form (data-notification,
// exception-response, access-request, ...) can be protected only by the general APDUs.

#include <array>
#include <cstdint>
#include <optional>

namespace dlms::security {

namespace tag {
// Plain
inline constexpr std::uint8_t initiate_request = 1;
inline constexpr std::uint8_t read_request = 5;
inline constexpr std::uint8_t write_request = 6;
inline constexpr std::uint8_t initiate_response = 8;
inline constexpr std::uint8_t read_response = 12;
inline constexpr std::uint8_t write_response = 13;
inline constexpr std::uint8_t confirmed_service_error = 14;
inline constexpr std::uint8_t data_notification = 15;
inline constexpr std::uint8_t unconfirmed_write_request = 22;
inline constexpr std::uint8_t information_report_request = 24;
inline constexpr std::uint8_t get_request = 192;
inline constexpr std::uint8_t set_request = 193;
inline constexpr std::uint8_t event_notification_request = 194;
inline constexpr std::uint8_t action_request = 195;
inline constexpr std::uint8_t get_response = 196;
inline constexpr std::uint8_t set_response = 197;
inline constexpr std::uint8_t action_response = 199;
// Global ciphering
inline constexpr std::uint8_t glo_initiate_request = 33;
inline constexpr std::uint8_t glo_read_request = 37;
inline constexpr std::uint8_t glo_write_request = 38;
inline constexpr std::uint8_t glo_initiate_response = 40;
inline constexpr std::uint8_t glo_read_response = 44;
inline constexpr std::uint8_t glo_write_response = 45;
inline constexpr std::uint8_t glo_confirmed_service_error = 46;
inline constexpr std::uint8_t glo_unconfirmed_write_request = 54;
inline constexpr std::uint8_t glo_information_report_request = 56;
inline constexpr std::uint8_t glo_get_request = 200;
inline constexpr std::uint8_t glo_set_request = 201;
inline constexpr std::uint8_t glo_event_notification_request = 202;
inline constexpr std::uint8_t glo_action_request = 203;
inline constexpr std::uint8_t glo_get_response = 204;
inline constexpr std::uint8_t glo_set_response = 205;
inline constexpr std::uint8_t glo_action_response = 207;
// Dedicated ciphering
inline constexpr std::uint8_t ded_initiate_request = 65;
inline constexpr std::uint8_t ded_read_request = 69;
inline constexpr std::uint8_t ded_write_request = 70;
inline constexpr std::uint8_t ded_initiate_response = 72;
inline constexpr std::uint8_t ded_read_response = 76;
inline constexpr std::uint8_t ded_write_response = 77;
inline constexpr std::uint8_t ded_confirmed_service_error = 78;
inline constexpr std::uint8_t ded_unconfirmed_write_request = 86;
inline constexpr std::uint8_t ded_information_report_request = 88;
inline constexpr std::uint8_t ded_get_request = 208;
inline constexpr std::uint8_t ded_set_request = 209;
inline constexpr std::uint8_t ded_event_notification_request = 210;
inline constexpr std::uint8_t ded_action_request = 211;
inline constexpr std::uint8_t ded_get_response = 212;
inline constexpr std::uint8_t ded_set_response = 213;
inline constexpr std::uint8_t ded_action_response = 215;
// General
inline constexpr std::uint8_t general_glo_ciphering = 219;
inline constexpr std::uint8_t general_ded_ciphering = 220;
inline constexpr std::uint8_t general_ciphering = 221;
}  // namespace tag

struct CipheredTagMapping {
  std::uint8_t plain;
  std::uint8_t glo;
  std::uint8_t ded;
};

inline constexpr std::array<CipheredTagMapping, 16> kCipheredTagMappings{{
    {tag::initiate_request, tag::glo_initiate_request, tag::ded_initiate_request},
    {tag::read_request, tag::glo_read_request, tag::ded_read_request},
    {tag::write_request, tag::glo_write_request, tag::ded_write_request},
    {tag::initiate_response, tag::glo_initiate_response, tag::ded_initiate_response},
    {tag::read_response, tag::glo_read_response, tag::ded_read_response},
    {tag::write_response, tag::glo_write_response, tag::ded_write_response},
    {tag::confirmed_service_error, tag::glo_confirmed_service_error, tag::ded_confirmed_service_error},
    {tag::unconfirmed_write_request, tag::glo_unconfirmed_write_request, tag::ded_unconfirmed_write_request},
    {tag::information_report_request, tag::glo_information_report_request,
     tag::ded_information_report_request},
    {tag::get_request, tag::glo_get_request, tag::ded_get_request},
    {tag::set_request, tag::glo_set_request, tag::ded_set_request},
    {tag::event_notification_request, tag::glo_event_notification_request,
     tag::ded_event_notification_request},
    {tag::action_request, tag::glo_action_request, tag::ded_action_request},
    {tag::get_response, tag::glo_get_response, tag::ded_get_response},
    {tag::set_response, tag::glo_set_response, tag::ded_set_response},
    {tag::action_response, tag::glo_action_response, tag::ded_action_response},
}};

[[nodiscard]] constexpr std::optional<std::uint8_t> glo_tag_for(std::uint8_t plain) noexcept {
  for (const auto& m : kCipheredTagMappings) {
    if (m.plain == plain) {
      return m.glo;
    }
  }
  return std::nullopt;
}

[[nodiscard]] constexpr std::optional<std::uint8_t> ded_tag_for(std::uint8_t plain) noexcept {
  for (const auto& m : kCipheredTagMappings) {
    if (m.plain == plain) {
      return m.ded;
    }
  }
  return std::nullopt;
}

// The plain tag a glo- or ded- tag carries, or nullopt for any other tag.
[[nodiscard]] constexpr std::optional<std::uint8_t> plain_tag_for(std::uint8_t ciphered) noexcept {
  for (const auto& m : kCipheredTagMappings) {
    if (m.glo == ciphered || m.ded == ciphered) {
      return m.plain;
    }
  }
  return std::nullopt;
}

[[nodiscard]] constexpr bool is_glo_tag(std::uint8_t t) noexcept {
  for (const auto& m : kCipheredTagMappings) {
    if (m.glo == t) {
      return true;
    }
  }
  return false;
}

[[nodiscard]] constexpr bool is_ded_tag(std::uint8_t t) noexcept {
  for (const auto& m : kCipheredTagMappings) {
    if (m.ded == t) {
      return true;
    }
  }
  return false;
}

// True for every tag unprotect() handles: glo-, ded-, general-glo- and general-ded-ciphering.
[[nodiscard]] constexpr bool is_ciphered_tag(std::uint8_t t) noexcept {
  return is_glo_tag(t) || is_ded_tag(t) || t == tag::general_glo_ciphering || t == tag::general_ded_ciphering;
}

}  // namespace dlms::security
