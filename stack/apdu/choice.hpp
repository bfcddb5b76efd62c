#pragma once
// CHOICE dispatch for the xDLMS service APDUs: a std::variant whose alternatives each carry
// `static constexpr std::uint8_t kChoice` (the A-XDR CHOICE tag), `static Result<Alt>
// decode_body(ByteReader&, const codec::Limits&)` and `std::error_code encode_body(ByteWriter&)
// const` (what follows the tag). Unknown tags are xdlms_errc::unknown_choice.

#include <cstddef>
#include <cstdint>
#include <system_error>
#include <utility>
#include <variant>

#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/limits.hpp"

namespace dlms::apdu::detail {

template <class Variant, std::size_t I = 0>
constexpr bool has_choice(std::uint8_t choice) noexcept {
  if constexpr (I == std::variant_size_v<Variant>) {
    return false;
  } else {
    return std::variant_alternative_t<I, Variant>::kChoice == choice || has_choice<Variant, I + 1>(choice);
  }
}

template <class Variant, std::size_t I = 0>
std::error_code decode_alternative(std::uint8_t choice, ByteReader& in, const codec::Limits& limits,
                                   Variant& out) {
  if constexpr (I == std::variant_size_v<Variant>) {
    return make_error_code(xdlms_errc::unknown_choice);
  } else {
    using Alt = std::variant_alternative_t<I, Variant>;
    if (choice == Alt::kChoice) {
      auto r = Alt::decode_body(in, limits);
      if (!r) {
        return r.error();
      }
      out.template emplace<I>(std::move(*r));
      return {};
    }
    return decode_alternative<Variant, I + 1>(choice, in, limits, out);
  }
}

// Reads the CHOICE tag and the chosen alternative.
template <class Variant>
std::error_code decode_choice(ByteReader& in, const codec::Limits& limits, Variant& out) {
  std::uint8_t choice = 0;
  if (!in.peek_u8(choice)) {
    return make_error_code(xdlms_errc::truncated);
  }
  if (!has_choice<Variant>(choice)) {
    return make_error_code(xdlms_errc::unknown_choice);
  }
  (void)in.skip(1);
  return decode_alternative<Variant>(choice, in, limits, out);
}

template <class Variant>
std::error_code encode_choice(ByteWriter& out, const Variant& v) {
  return std::visit(
      [&out](const auto& alt) -> std::error_code {
        out.u8(alt.kChoice);
        return alt.encode_body(out);
      },
      v);
}

// Checks and consumes the APDU tag (the reader stays on it if it is not `tag`).
[[nodiscard]] inline std::error_code read_apdu_tag(ByteReader& in, std::uint8_t tag) noexcept {
  std::uint8_t t = 0;
  if (!in.peek_u8(t)) {
    return make_error_code(xdlms_errc::truncated);
  }
  if (t != tag) {
    return make_error_code(xdlms_errc::unknown_apdu);
  }
  (void)in.skip(1);
  return {};
}

// APDU tag + CHOICE (GET/SET/ACTION requests and responses).
template <class Variant>
std::error_code decode_apdu_choice(ByteReader& in, const codec::Limits& limits, std::uint8_t tag,
                                   Variant& out) {
  if (auto ec = read_apdu_tag(in, tag)) {
    return ec;
  }
  return decode_choice(in, limits, out);
}

template <class Variant>
std::error_code encode_apdu_choice(ByteWriter& out, std::uint8_t tag, const Variant& v) {
  out.u8(tag);
  if (auto ec = encode_choice(out, v)) {
    return ec;
  }
  return finish(out);
}

}  // namespace dlms::apdu::detail
