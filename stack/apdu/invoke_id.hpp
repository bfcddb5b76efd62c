#pragma once
// Invoke-Id-And-Priority (Unsigned8) and Long-Invoke-Id-And-Priority (Unsigned32), Green Book
// xDLMS ASN.1. Both keep the raw value, so reserved bits survive a decode/encode round trip.

#include <cstdint>

namespace dlms::apdu {

// Bits 0-3 invoke-id, 4-5 reserved, 6 service-class (1 = confirmed), 7 priority (1 = high).
struct InvokeIdAndPriority {
  std::uint8_t value = 0;

  static constexpr InvokeIdAndPriority make(std::uint8_t invoke_id, bool confirmed = true,
                                            bool high_priority = false) noexcept {
    return {static_cast<std::uint8_t>((invoke_id & 0x0FU) | (confirmed ? 0x40U : 0U) |
                                      (high_priority ? 0x80U : 0U))};
  }
  [[nodiscard]] constexpr std::uint8_t invoke_id() const noexcept { return value & 0x0FU; }
  [[nodiscard]] constexpr bool confirmed() const noexcept { return (value & 0x40U) != 0; }
  [[nodiscard]] constexpr bool high_priority() const noexcept { return (value & 0x80U) != 0; }

  friend constexpr bool operator==(InvokeIdAndPriority, InvokeIdAndPriority) noexcept = default;
};

// Bits 0-23 long-invoke-id, 24-27 reserved, 28 self-descriptive, 29 processing-option
// (1 = break on error), 30 service-class (1 = confirmed), 31 priority (1 = high). Used by
// DataNotification (and Access / General-Block-Transfer contexts).
struct LongInvokeIdAndPriority {
  std::uint32_t value = 0;

  static constexpr LongInvokeIdAndPriority make(std::uint32_t long_invoke_id, bool confirmed = false,
                                                bool high_priority = false, bool self_descriptive = false,
                                                bool break_on_error = false) noexcept {
    return {(long_invoke_id & 0x00FFFFFFU) | (self_descriptive ? (1U << 28U) : 0U) |
            (break_on_error ? (1U << 29U) : 0U) | (confirmed ? (1U << 30U) : 0U) |
            (high_priority ? (1U << 31U) : 0U)};
  }
  [[nodiscard]] constexpr std::uint32_t long_invoke_id() const noexcept { return value & 0x00FFFFFFU; }
  [[nodiscard]] constexpr bool self_descriptive() const noexcept { return (value & (1U << 28U)) != 0; }
  [[nodiscard]] constexpr bool break_on_error() const noexcept { return (value & (1U << 29U)) != 0; }
  [[nodiscard]] constexpr bool confirmed() const noexcept { return (value & (1U << 30U)) != 0; }
  [[nodiscard]] constexpr bool high_priority() const noexcept { return (value & (1U << 31U)) != 0; }

  friend constexpr bool operator==(LongInvokeIdAndPriority, LongInvokeIdAndPriority) noexcept = default;
};

}  // namespace dlms::apdu
