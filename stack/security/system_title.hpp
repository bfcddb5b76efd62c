#pragma once
// System title (Green Book 4.3.4 / 9.2.4.8): 8 octets identifying a DLMS entity; the first
// three are the manufacturer's FLAG id. It is the first part of the GCM IV.

#include <algorithm>
#include <array>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::security {

class SystemTitle {
 public:
  static constexpr std::size_t kSize = 8;

  constexpr SystemTitle() noexcept = default;
  constexpr explicit SystemTitle(const std::array<std::uint8_t, kSize>& bytes) noexcept : bytes_(bytes) {}

  // security_errc::invalid_system_title unless exactly 8 octets.
  static Result<SystemTitle> from(ByteSpan bytes) noexcept {
    if (bytes.size() != kSize) {
      return security_errc::invalid_system_title;
    }
    SystemTitle t;
    std::copy(bytes.begin(), bytes.end(), t.bytes_.begin());
    return t;
  }

  [[nodiscard]] constexpr ByteSpan bytes() const noexcept { return ByteSpan(bytes_); }
  [[nodiscard]] constexpr const std::array<std::uint8_t, kSize>& array() const noexcept { return bytes_; }

  friend constexpr bool operator==(const SystemTitle&, const SystemTitle&) noexcept = default;

 private:
  std::array<std::uint8_t, kSize> bytes_{};
};

}  // namespace dlms::security
