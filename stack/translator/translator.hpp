#pragma once
// dlms::translator: xDLMS/ACSE APDUs and A-XDR `Data` values to and from XML and JSON.
//
// The XML follows the element names of the DLMS UA XML representation of APDUs as printed by
// common DLMS tools ("simple XML": <GetRequest><GetRequestNormal><InvokeIdAndPriority
// Value="C1" />...); the JSON mirrors the XML one to one. Both directions round-trip byte
// exactly: to_pdu(to_xml(bytes)) == bytes for every APDU in canonical encoding. The element
// names, value formats and the JSON shape are documented in stack/translator/README.md.
//
// Host-only (not part of the embeddable core): it allocates and uses pugixml/nlohmann_json.
// Untrusted input never crashes it: binary input is decoded under codec::Limits, XML/JSON
// input is bounded by the same limits (depth, counts, string lengths, APDU size).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/translator/failure.hpp"

namespace dlms::security {
class CryptoBackend;
}

namespace dlms::translator {

using Bytes = std::vector<std::uint8_t>;

// Keys for showing what ciphered APDUs carry (security suite 0): pdu_to_xml / pdu_to_json then
// add a <Deciphered> element under each glo-/ded-/general-glo/ded-ciphering element, holding
// the plain APDU's element. xml_to_pdu ignores <Deciphered> (the ciphered octets are what
// count). A content that does not decipher is a failure ("authentication failed ...").
struct Decipher {
  security::CryptoBackend* backend = nullptr;
  Bytes block_key;     // the encryption key the APDUs use (global or dedicated)
  Bytes auth_key;      // AK, for authenticated APDUs
  Bytes system_title;  // the sender's, for glo-/ded- APDUs (general-* carry theirs)
};

struct Options {
  codec::Limits limits = codec::kDefaultLimits;
  // XML: spaces per indentation level (0: everything on one line).
  unsigned indent = 2;
  // XML: add comments that help a human reader (OBIS codes as a.b.c.d.e.f, printable
  // octet-strings, dates). Comments are ignored on input.
  bool comments = false;
  // pdu_to_xml / pdu_to_json: decipher ciphered APDUs with these keys (nullptr: do not).
  const Decipher* decipher = nullptr;
};

// A whole APDU (xDLMS or ACSE, first byte is its tag).
Outcome<std::string> pdu_to_xml(ByteSpan apdu, const Options& options = {});
Outcome<std::string> pdu_to_json(ByteSpan apdu, const Options& options = {});
Outcome<Bytes> xml_to_pdu(std::string_view xml, const Options& options = {});
Outcome<Bytes> json_to_pdu(std::string_view json, const Options& options = {});

// One bare A-XDR Data value (tag first), nothing after it.
Outcome<std::string> data_to_xml(ByteSpan data, const Options& options = {});
Outcome<std::string> data_to_json(ByteSpan data, const Options& options = {});
Outcome<Bytes> xml_to_data(std::string_view xml, const Options& options = {});
Outcome<Bytes> json_to_data(std::string_view json, const Options& options = {});

// Hex text to bytes, white space ignored; a failure names the offending character's byte
// position ("invalid hex digit 'x' at byte 3", "odd number of hex digits at byte 5").
Outcome<Bytes> parse_hex(std::string_view text);

}  // namespace dlms::translator
