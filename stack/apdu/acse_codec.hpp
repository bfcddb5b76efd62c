#pragma once
// Building blocks shared by the AARQ, AARE, RLRQ and RLRE codecs (Green Book ACSE ASN.1,
// BER per ITU-T X.690). Not a public API of its own: the APDU structs are.
//
// Decoding rules common to all ACSE APDUs:
//   - the APDU is one constructed [APPLICATION n] TLV, no larger than Limits::max_apdu_size;
//   - its components are context-specific TLVs in strictly increasing tag order: a duplicate
//     or out-of-order component is unexpected_tag, an undefined one unknown_tag (we reject
//     rather than guess which of two values counts);
//   - each component must have the form (primitive/constructed) its ASN.1 gives it, and an
//     EXPLICIT component holds exactly one TLV of the inner type (else unexpected_tag /
//     trailing_bytes);
//   - string lengths are bounded by Limits::max_string_length.
// On failure the caller's reader is moved to the offset of the offending TLV.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>

#include "stack/apdu/acse_types.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/ber_reader.hpp"
#include "stack/codec/ber_writer.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu::acse {

// A reader over the same input as `r`, positioned where `r` is and ending `length` bytes on
// (length <= r.remaining()), so that offsets stay absolute.
[[nodiscard]] ByteReader window(const ByteReader& r, std::size_t length) noexcept;
// Moves `r` to absolute offset `offset` of its input.
void seek(ByteReader& r, std::size_t offset) noexcept;

// Reads the APDU's identifier and length: the tag must be [APPLICATION number] constructed.
// Returns a reader over the contents and advances `in` past the whole APDU.
Result<ByteReader> open_apdu(ByteReader& in, std::uint32_t number, const codec::Limits& limits) noexcept;

// The components of an ACSE SEQUENCE, in strictly increasing context tag order.
class Components {
 public:
  explicit Components(ByteReader contents) noexcept : in_(contents) {}
  // The next component, or nullopt at the end of the contents.
  Result<std::optional<codec::ber::Tlv>> next() noexcept;
  // Offset of the last fault (or of the current component).
  [[nodiscard]] std::size_t fault() const noexcept { return fault_; }

 private:
  ByteReader in_;
  std::int64_t last_ = -1;
  std::size_t fault_ = 0;
};

// Decodes the components of the ACSE APDU [APPLICATION number] at `in`: `decode_component`
// takes each component TLV, stores it and returns its error (unknown_tag for a tag the APDU
// does not define). On failure `in` is moved to the offending TLV (see above); on success it
// is past the APDU.
template <class DecodeComponent>
Status decode_components(ByteReader& in, std::uint32_t number, const codec::Limits& limits,
                         DecodeComponent&& decode_component) {
  auto contents = open_apdu(in, number, limits);
  if (!contents) {
    return contents.error();
  }
  Components components(*contents);
  for (;;) {
    auto next = components.next();
    std::error_code ec;
    if (!next) {
      ec = next.error();
    } else if (!next->has_value()) {
      return ok();
    } else {
      ec = decode_component(**next);
    }
    if (ec) {
      seek(in, components.fault());
      return ec;
    }
  }
}

// Stores a decoded component in `field`, or returns the decoder's error.
template <class T, class Field>
std::error_code assign(const Result<T>& decoded, Field& field) {
  if (!decoded) {
    return decoded.error();
  }
  field = *decoded;
  return {};
}

// Checks the component's primitive/constructed form.
Status expect_form(const codec::ber::Tlv& tlv, bool constructed) noexcept;

// EXPLICIT wrapper: the contents are exactly one TLV with tag `inner`; returns its contents.
Result<ByteSpan> explicit_contents(const codec::ber::Tlv& tlv, const codec::ber::Tag& inner) noexcept;
// EXPLICIT CHOICE: the contents are exactly one TLV of any tag; returns it (the caller checks
// that its tag names an alternative).
Result<codec::ber::Tlv> explicit_choice(const codec::ber::Tlv& tlv) noexcept;

// Component decoders: each checks form, inner tags, value ranges and limits.
Result<ByteSpan> decode_oid_explicit(const codec::ber::Tlv& tlv) noexcept;  // [n] OBJECT IDENTIFIER
Result<ByteSpan> decode_oid_implicit(const codec::ber::Tlv& tlv) noexcept;  // [n] IMPLICIT OID
Result<ByteSpan> decode_octet_string_explicit(const codec::ber::Tlv& tlv,   // [n] OCTET STRING
                                              const codec::Limits& limits) noexcept;
Result<std::int64_t> decode_integer_explicit(const codec::ber::Tlv& tlv) noexcept;  // [n] INTEGER
Result<std::int64_t> decode_integer_implicit(const codec::ber::Tlv& tlv) noexcept;  // [n] IMPLICIT INTEGER
Result<AcseBitString> decode_bit_string_implicit(const codec::ber::Tlv& tlv) noexcept;
Result<ByteSpan> decode_graphic_string_implicit(const codec::ber::Tlv& tlv,
                                                const codec::Limits& limits) noexcept;
Result<AuthenticationValue> decode_authentication_value(const codec::ber::Tlv& tlv,
                                                        const codec::Limits& limits) noexcept;
// user-information [30] EXPLICIT Association-information (OCTET STRING): the octets.
Result<ByteSpan> decode_user_information(const codec::ber::Tlv& tlv, const codec::Limits& limits) noexcept;

// Encoders, in the same shapes.
void write_oid_explicit(ByteWriter& out, std::uint32_t number, ByteSpan oid) noexcept;
void write_oid_implicit(ByteWriter& out, std::uint32_t number, ByteSpan oid) noexcept;
void write_octet_string_explicit(ByteWriter& out, std::uint32_t number, ByteSpan octets) noexcept;
void write_integer_explicit(ByteWriter& out, std::uint32_t number, std::int64_t value) noexcept;
void write_integer_implicit(ByteWriter& out, std::uint32_t number, std::int64_t value) noexcept;
void write_bit_string_implicit(ByteWriter& out, std::uint32_t number, const AcseBitString& bits) noexcept;
void write_graphic_string_implicit(ByteWriter& out, std::uint32_t number, ByteSpan chars) noexcept;
void write_authentication_value(ByteWriter& out, std::uint32_t number,
                                const AuthenticationValue& value) noexcept;
void write_user_information(ByteWriter& out, ByteSpan octets) noexcept;

// Checks before encoding: an OID, bit string or authentication value the decoder would
// reject is not encoded either (codec invalid_value).
Status check_oid(ByteSpan oid) noexcept;
Status check_bit_string(const AcseBitString& bits) noexcept;
Status check_authentication_value(const AuthenticationValue& value) noexcept;
// The checks of the fields AARQ and AARE share: application-context-name, mechanism-name,
// protocol-version, the sender's / responder's acse-requirements and the calling / responding
// authentication-value.
Status check_association_fields(ByteSpan application_context_name,
                                const std::optional<ByteSpan>& mechanism_name,
                                const std::optional<AcseBitString>& protocol_version,
                                const std::optional<AcseBitString>& acse_requirements,
                                const std::optional<AuthenticationValue>& authentication_value) noexcept;
// implementation-information [29] and user-information [30], the two components AARQ and AARE
// end with.
void write_trailing_information(ByteWriter& out, const std::optional<ByteSpan>& implementation_information,
                                const std::optional<ByteSpan>& user_information) noexcept;

// Maps the writer's state to the result of an encode().
Status finish(const ByteWriter& out) noexcept;

inline constexpr std::uint32_t kImplementationInformation = 29;
inline constexpr std::uint32_t kUserInformation = 30;

}  // namespace dlms::apdu::acse
