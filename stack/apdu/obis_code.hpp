#pragma once
// ObisCode: the six-octet logical name of a COSEM object (IEC 62056-6-1 OBIS, A.B.C.D.E.F;
// Cosem-Object-Instance-Id ::= OCTET STRING (SIZE(6)) in the Green Book xDLMS ASN.1).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dlms::apdu {

struct ObisCode {
  std::array<std::uint8_t, 6> bytes{};

  constexpr ObisCode() noexcept = default;
  constexpr ObisCode(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint8_t e,
                     std::uint8_t f) noexcept
      : bytes{a, b, c, d, e, f} {}

  [[nodiscard]] constexpr std::uint8_t a() const noexcept { return bytes[0]; }
  [[nodiscard]] constexpr std::uint8_t b() const noexcept { return bytes[1]; }
  [[nodiscard]] constexpr std::uint8_t c() const noexcept { return bytes[2]; }
  [[nodiscard]] constexpr std::uint8_t d() const noexcept { return bytes[3]; }
  [[nodiscard]] constexpr std::uint8_t e() const noexcept { return bytes[4]; }
  [[nodiscard]] constexpr std::uint8_t f() const noexcept { return bytes[5]; }

  friend constexpr bool operator==(const ObisCode&, const ObisCode&) noexcept = default;

  // Parses six decimal groups 0..255: "1.0.1.8.0.255", and also the IEC notation
  // "1-0:1.8.0*255" (any of . - : * separate groups). Nothing else is accepted.
  static constexpr std::optional<ObisCode> parse(std::string_view text) noexcept {
    ObisCode code;
    std::size_t group = 0;
    std::size_t i = 0;
    while (group < 6) {
      unsigned value = 0;
      std::size_t digits = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10U + static_cast<unsigned>(text[i] - '0');
        ++digits;
        ++i;
        if (digits > 3 || value > 255U) {
          return std::nullopt;
        }
      }
      if (digits == 0) {
        return std::nullopt;
      }
      code.bytes[group++] = static_cast<std::uint8_t>(value);
      if (group == 6) {
        break;
      }
      if (i >= text.size() || (text[i] != '.' && text[i] != '-' && text[i] != ':' && text[i] != '*')) {
        return std::nullopt;
      }
      ++i;
    }
    if (i != text.size()) {
      return std::nullopt;
    }
    return code;
  }

  // "A.B.C.D.E.F" in a fixed buffer (no allocation).
  struct Text {
    std::array<char, 24> chars{};
    std::size_t size = 0;
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars.data(), size}; }
  };

  [[nodiscard]] constexpr Text to_text() const noexcept {
    Text t;
    for (std::size_t g = 0; g < 6; ++g) {
      if (g != 0) {
        t.chars[t.size++] = '.';
      }
      const unsigned v = bytes[g];
      if (v >= 100U) {
        t.chars[t.size++] = static_cast<char>('0' + v / 100U);
      }
      if (v >= 10U) {
        t.chars[t.size++] = static_cast<char>('0' + (v / 10U) % 10U);
      }
      t.chars[t.size++] = static_cast<char>('0' + v % 10U);
    }
    return t;
  }

  [[nodiscard]] std::string to_string() const { return std::string(to_text().view()); }
};

}  // namespace dlms::apdu
