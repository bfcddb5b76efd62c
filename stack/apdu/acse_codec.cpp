#include "stack/apdu/acse_codec.hpp"

namespace dlms::apdu::acse {

using codec::codec_errc;
using codec::ber::Tag;
using codec::ber::Tlv;

ByteReader window(const ByteReader& r, std::size_t length) noexcept {
  ByteReader w(r.whole().first(r.offset() + length));
  (void)w.skip(r.offset());
  return w;
}

void seek(ByteReader& r, std::size_t offset) noexcept {
  ByteReader w(r.whole());
  (void)w.skip(offset);
  r = w;
}

Result<ByteReader> open_apdu(ByteReader& in, std::uint32_t number, const codec::Limits& limits) noexcept {
  const std::size_t start = in.offset();
  ByteReader probe = in;
  auto header = codec::ber::read_header(probe);
  if (!header) {
    in = probe;
    return header.error();
  }
  if (!(header->tag == codec::ber::application_tag(number, true))) {
    return codec_errc::unexpected_tag;
  }
  if (probe.offset() - start + header->length > limits.max_apdu_size) {
    return xdlms_errc::apdu_too_large;
  }
  ByteReader contents = window(probe, header->length);
  (void)probe.skip(header->length);
  in = probe;
  return contents;
}

Result<std::optional<Tlv>> Components::next() noexcept {
  if (in_.empty()) {
    return std::optional<Tlv>{};
  }
  fault_ = in_.offset();
  auto tlv = codec::ber::read_tlv(in_);
  if (!tlv) {
    fault_ = in_.offset();
    return tlv.error();
  }
  if (tlv->tag.cls != codec::ber::TagClass::context) {
    return codec_errc::unexpected_tag;
  }
  if (static_cast<std::int64_t>(tlv->tag.number) <= last_) {
    return codec_errc::unexpected_tag;  // duplicate or out of order
  }
  last_ = tlv->tag.number;
  return std::optional<Tlv>{*tlv};
}

Status expect_form(const Tlv& tlv, bool constructed) noexcept {
  if (tlv.tag.constructed != constructed) {
    return codec_errc::unexpected_tag;
  }
  return ok();
}

Result<ByteSpan> explicit_contents(const Tlv& tlv, const Tag& inner) noexcept {
  if (auto s = expect_form(tlv, true); !s) {
    return s.error();
  }
  ByteReader r(tlv.contents);
  auto contents = codec::ber::read_expected(r, inner);
  if (!contents) {
    return contents.error();
  }
  if (!r.empty()) {
    return codec_errc::trailing_bytes;
  }
  return *contents;
}

Result<Tlv> explicit_choice(const Tlv& tlv) noexcept {
  if (auto s = expect_form(tlv, true); !s) {
    return s.error();
  }
  ByteReader r(tlv.contents);
  auto inner = codec::ber::read_tlv(r);
  if (!inner) {
    return inner.error();
  }
  if (!r.empty()) {
    return codec_errc::trailing_bytes;
  }
  return *inner;
}

Result<ByteSpan> decode_oid_explicit(const Tlv& tlv) noexcept {
  auto oid = explicit_contents(tlv, codec::ber::universal::object_identifier);
  if (!oid) {
    return oid;
  }
  if (auto s = codec::ber::validate_object_identifier(*oid); !s) {
    return s.error();
  }
  return oid;
}

Result<ByteSpan> decode_oid_implicit(const Tlv& tlv) noexcept {
  if (auto s = expect_form(tlv, false); !s) {
    return s.error();
  }
  if (auto s = codec::ber::validate_object_identifier(tlv.contents); !s) {
    return s.error();
  }
  return tlv.contents;
}

Result<ByteSpan> decode_octet_string_explicit(const Tlv& tlv, const codec::Limits& limits) noexcept {
  auto octets = explicit_contents(tlv, codec::ber::universal::octet_string);
  if (octets && octets->size() > limits.max_string_length) {
    return codec_errc::limit_exceeded;
  }
  return octets;
}

Result<std::int64_t> decode_integer_explicit(const Tlv& tlv) noexcept {
  auto contents = explicit_contents(tlv, codec::ber::universal::integer);
  if (!contents) {
    return contents.error();
  }
  return codec::ber::decode_integer(*contents);
}

Result<std::int64_t> decode_integer_implicit(const Tlv& tlv) noexcept {
  if (auto s = expect_form(tlv, false); !s) {
    return s.error();
  }
  return codec::ber::decode_integer(tlv.contents);
}

Result<AcseBitString> decode_bit_string_implicit(const Tlv& tlv) noexcept {
  if (auto s = expect_form(tlv, false); !s) {
    return s.error();
  }
  return codec::ber::decode_bit_string(tlv.contents);
}

Result<ByteSpan> decode_graphic_string_implicit(const Tlv& tlv, const codec::Limits& limits) noexcept {
  if (auto s = expect_form(tlv, false); !s) {
    return s.error();
  }
  if (tlv.contents.size() > limits.max_string_length) {
    return codec_errc::limit_exceeded;
  }
  return tlv.contents;
}

namespace {

// The contents of a constructed alternative: a series of complete TLVs (not interpreted).
Status validate_tlv_series(ByteSpan contents) noexcept {
  ByteReader r(contents);
  while (!r.empty()) {
    auto tlv = codec::ber::read_tlv(r);
    if (!tlv) {
      return tlv.error();
    }
  }
  return ok();
}

}  // namespace

Result<AuthenticationValue> decode_authentication_value(const Tlv& tlv,
                                                        const codec::Limits& limits) noexcept {
  auto inner = explicit_choice(tlv);
  if (!inner) {
    return inner.error();
  }
  if (inner->tag.cls != codec::ber::TagClass::context || inner->tag.number > 3) {
    return codec_errc::unknown_tag;
  }
  const auto choice = static_cast<AuthenticationValueChoice>(inner->tag.number);
  // charstring and bitstring are primitive, external and other constructed.
  const bool constructed = inner->tag.number >= 2;
  if (inner->tag.constructed != constructed) {
    return codec_errc::unexpected_tag;
  }
  if (inner->contents.size() > limits.max_string_length) {
    return codec_errc::limit_exceeded;
  }
  AuthenticationValue value{choice, inner->contents};
  if (auto s = check_authentication_value(value); !s) {
    return s.error();
  }
  return value;
}

Result<ByteSpan> decode_user_information(const Tlv& tlv, const codec::Limits& limits) noexcept {
  return decode_octet_string_explicit(tlv, limits);
}

void write_oid_explicit(ByteWriter& out, std::uint32_t number, ByteSpan oid) noexcept {
  const auto c = codec::ber::open(out, codec::ber::context_tag(number, true));
  codec::ber::write_tlv(out, codec::ber::universal::object_identifier, oid);
  codec::ber::close(out, c);
}

void write_oid_implicit(ByteWriter& out, std::uint32_t number, ByteSpan oid) noexcept {
  codec::ber::write_tlv(out, codec::ber::context_tag(number, false), oid);
}

void write_octet_string_explicit(ByteWriter& out, std::uint32_t number, ByteSpan octets) noexcept {
  const auto c = codec::ber::open(out, codec::ber::context_tag(number, true));
  codec::ber::write_tlv(out, codec::ber::universal::octet_string, octets);
  codec::ber::close(out, c);
}

void write_integer_explicit(ByteWriter& out, std::uint32_t number, std::int64_t value) noexcept {
  const auto c = codec::ber::open(out, codec::ber::context_tag(number, true));
  codec::ber::write_integer(out, codec::ber::universal::integer, value);
  codec::ber::close(out, c);
}

void write_integer_implicit(ByteWriter& out, std::uint32_t number, std::int64_t value) noexcept {
  codec::ber::write_integer(out, codec::ber::context_tag(number, false), value);
}

void write_bit_string_implicit(ByteWriter& out, std::uint32_t number, const AcseBitString& bits) noexcept {
  codec::ber::write_bit_string(out, codec::ber::context_tag(number, false), bits);
}

void write_graphic_string_implicit(ByteWriter& out, std::uint32_t number, ByteSpan chars) noexcept {
  codec::ber::write_tlv(out, codec::ber::context_tag(number, false), chars);
}

void write_authentication_value(ByteWriter& out, std::uint32_t number,
                                const AuthenticationValue& value) noexcept {
  const auto c = codec::ber::open(out, codec::ber::context_tag(number, true));
  const auto alt = static_cast<std::uint32_t>(value.choice);
  codec::ber::write_tlv(out, codec::ber::context_tag(alt, alt >= 2), value.contents);
  codec::ber::close(out, c);
}

void write_user_information(ByteWriter& out, ByteSpan octets) noexcept {
  write_octet_string_explicit(out, kUserInformation, octets);
}

Status check_oid(ByteSpan oid) noexcept { return codec::ber::validate_object_identifier(oid); }

Status check_bit_string(const AcseBitString& bits) noexcept {
  if (bits.unused_bits > 7 || (bits.bits.empty() && bits.unused_bits != 0)) {
    return codec_errc::invalid_value;
  }
  return ok();
}

Status check_authentication_value(const AuthenticationValue& value) noexcept {
  switch (value.choice) {
    case AuthenticationValueChoice::charstring: return ok();
    case AuthenticationValueChoice::bitstring: {
      auto bits = codec::ber::decode_bit_string(value.contents);
      if (!bits) {
        return bits.error();
      }
      return ok();
    }
    case AuthenticationValueChoice::external:
    case AuthenticationValueChoice::other: return validate_tlv_series(value.contents);
  }
  return codec_errc::invalid_value;
}

Status check_association_fields(ByteSpan application_context_name,
                                const std::optional<ByteSpan>& mechanism_name,
                                const std::optional<AcseBitString>& protocol_version,
                                const std::optional<AcseBitString>& acse_requirements,
                                const std::optional<AuthenticationValue>& authentication_value) noexcept {
  if (auto s = check_oid(application_context_name); !s) {
    return s;
  }
  if (mechanism_name) {
    if (auto s = check_oid(*mechanism_name); !s) {
      return s;
    }
  }
  for (const auto* bits : {&protocol_version, &acse_requirements}) {
    if (*bits) {
      if (auto s = check_bit_string(**bits); !s) {
        return s;
      }
    }
  }
  if (authentication_value) {
    return check_authentication_value(*authentication_value);
  }
  return ok();
}

void write_trailing_information(ByteWriter& out, const std::optional<ByteSpan>& implementation_information,
                                const std::optional<ByteSpan>& user_information) noexcept {
  if (implementation_information) {
    write_graphic_string_implicit(out, kImplementationInformation, *implementation_information);
  }
  if (user_information) {
    write_user_information(out, *user_information);
  }
}

Status finish(const ByteWriter& out) noexcept {
  if (!out.ok()) {
    return xdlms_errc::buffer_too_small;
  }
  return ok();
}

}  // namespace dlms::apdu::acse
