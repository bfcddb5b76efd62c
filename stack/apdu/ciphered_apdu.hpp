#pragma once
// Ciphered xDLMS APDUs as containers (Green Book, IEC 62056-5-3 clause 9.2.7 and the COSEMpdu
// CHOICE): protection itself is stack/security's job. Here only the envelopes:
//   glo-xxx / ded-xxx  [33..88, 200..215] IMPLICIT OCTET STRING
//   general-glo-ciphering [219], general-ded-ciphering [220]:
//       SEQUENCE { system-title OCTET STRING, ciphered-content OCTET STRING }
//   general-ciphering [221]: SEQUENCE { transaction-id, originator-system-title,
//       recipient-system-title, date-time, other-information OCTET STRING,
//       key-info Key-Info OPTIONAL, ciphered-content OCTET STRING }
// Every ciphered content starts with the security header: security control (1 octet) and
// invocation counter (Unsigned32), then the ciphered text (with the authentication tag, if any).

#include <cstdint>
#include <optional>

#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

// The COSEMpdu tags of the service-specific glo- and ded- ciphered APDUs.
enum class CipheredApduTag : std::uint8_t {
  glo_initiate_request = 0x21,
  glo_read_request = 0x25,
  glo_write_request = 0x26,
  glo_initiate_response = 0x28,
  glo_read_response = 0x2C,
  glo_write_response = 0x2D,
  glo_confirmed_service_error = 0x2E,
  glo_unconfirmed_write_request = 0x36,
  glo_information_report_request = 0x38,
  ded_initiate_request = 0x41,
  ded_read_request = 0x45,
  ded_write_request = 0x46,
  ded_initiate_response = 0x48,
  ded_read_response = 0x4C,
  ded_write_response = 0x4D,
  ded_confirmed_service_error = 0x4E,
  ded_unconfirmed_write_request = 0x56,
  ded_information_report_request = 0x58,
  glo_get_request = 0xC8,
  glo_set_request = 0xC9,
  glo_event_notification_request = 0xCA,
  glo_action_request = 0xCB,
  glo_get_response = 0xCC,
  glo_set_response = 0xCD,
  glo_action_response = 0xCF,
  ded_get_request = 0xD0,
  ded_set_request = 0xD1,
  ded_event_notification_request = 0xD2,
  ded_action_request = 0xD3,
  ded_get_response = 0xD4,
  ded_set_response = 0xD5,
  ded_action_response = 0xD7,
};

// The ASN.1 name ("glo-get-request"), or nullptr if `tag` is not a glo-/ded- APDU tag.
const char* ciphered_apdu_name(std::uint8_t tag) noexcept;
inline bool is_ciphered_apdu_tag(std::uint8_t tag) noexcept { return ciphered_apdu_name(tag) != nullptr; }

// Security header + ciphered text: the contents of a ciphered OCTET STRING.
struct CipheredContent {
  std::uint8_t security_control =
      0;  // bits 0-3 suite, 4 authentication, 5 encryption, 6 key set, 7 compression
  std::uint32_t invocation_counter = 0;
  ByteSpan ciphered_text;  // ciphertext (or plaintext) followed by the authentication tag, if any

  [[nodiscard]] std::size_t size() const noexcept { return 5 + ciphered_text.size(); }
  // Reads one A-XDR OCTET STRING and splits it (at least 5 octets: xdlms_errc::invalid_field).
  static Result<CipheredContent> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  // Writes the OCTET STRING (length, security header, ciphered text).
  Status encode(ByteWriter& out) const;
};

struct CipheredApdu {
  CipheredApduTag tag = CipheredApduTag::glo_get_request;
  CipheredContent content;

  static Result<CipheredApdu> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct GeneralGloCiphering {
  static constexpr std::uint8_t kTag = 0xDB;
  ByteSpan system_title;
  CipheredContent ciphered_content;

  static Result<GeneralGloCiphering> decode(ByteReader& in,
                                            const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct GeneralDedCiphering {
  static constexpr std::uint8_t kTag = 0xDC;
  ByteSpan system_title;
  CipheredContent ciphered_content;

  static Result<GeneralDedCiphering> decode(ByteReader& in,
                                            const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

// Key-Info ::= CHOICE { identified-key [0] SEQUENCE { key-id ENUMERATED },
//                       wrapped-key [1] SEQUENCE { kek-id ENUMERATED, key-ciphered-data OCTET STRING },
//                       agreed-key [2] SEQUENCE { key-parameters OCTET STRING, key-ciphered-data OCTET STRING
//                       } }
struct KeyInfo {
  enum class Kind : std::uint8_t { identified_key = 0, wrapped_key = 1, agreed_key = 2 };
  Kind kind = Kind::identified_key;
  std::uint8_t key_id =
      0;  // identified-key: key-id (0 global unicast, 1 global broadcast); wrapped-key: kek-id
  ByteSpan key_parameters;     // agreed-key only
  ByteSpan key_ciphered_data;  // wrapped-key and agreed-key

  static Result<KeyInfo> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

struct GeneralCiphering {
  static constexpr std::uint8_t kTag = 0xDD;
  ByteSpan transaction_id;
  ByteSpan originator_system_title;
  ByteSpan recipient_system_title;
  ByteSpan date_time;
  ByteSpan other_information;
  std::optional<KeyInfo> key_info;
  CipheredContent ciphered_content;

  static Result<GeneralCiphering> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;
};

}  // namespace dlms::apdu
