#pragma once
// HdlcAddress: an HDLC address field of IEC 62056-46 (Green Book 8.4.2.2). Each octet carries
// 7 address bits and, in its least significant bit, the extension bit (1 on the last octet).
// A client address is one octet. A server address is one octet (upper HDLC address only), two
// octets (upper and lower, 7 bits each) or four octets (upper and lower, 14 bits each). The
// upper HDLC address selects the logical device, the lower one the physical device.

#include <cstddef>
#include <cstdint>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"

namespace dlms::hdlc {

struct HdlcAddress {
  std::uint16_t upper = 0;  // client SAP for a client address; logical device for a server one
  std::uint16_t lower = 0;  // physical device; unused (0) when size == 1
  std::uint8_t size = 1;    // octets on the wire: 1, 2 or 4

  // All-station (broadcast) values, Green Book 8.4.2.2: 0x7F in one octet, 0x3FFF in two.
  static constexpr std::uint16_t kAllStation1 = 0x7F;
  static constexpr std::uint16_t kAllStation2 = 0x3FFF;

  [[nodiscard]] static constexpr HdlcAddress client(std::uint8_t sap) noexcept { return {sap, 0, 1}; }
  [[nodiscard]] static constexpr HdlcAddress server(std::uint16_t logical) noexcept {
    return {logical, 0, 1};
  }
  [[nodiscard]] static constexpr HdlcAddress server(std::uint16_t logical, std::uint16_t physical,
                                                    std::uint8_t size) noexcept {
    return {logical, physical, size};
  }

  // True if the values fit the octet count (7 bits a part in 1 and 2 octets, 14 in 4).
  [[nodiscard]] constexpr bool valid() const noexcept {
    switch (size) {
      case 1: return upper <= 0x7F && lower == 0;
      case 2: return upper <= 0x7F && lower <= 0x7F;
      case 4: return upper <= 0x3FFF && lower <= 0x3FFF;
      default: return false;
    }
  }
  [[nodiscard]] constexpr bool upper_is_all_station() const noexcept {
    return upper == (size == 4 ? kAllStation2 : kAllStation1);
  }

  friend constexpr bool operator==(const HdlcAddress&, const HdlcAddress&) noexcept = default;
};

// Reads one address field (1 to 4 octets up to the extension bit). Fails on 3 octets, on more
// than 4, or at the end of the input.
[[nodiscard]] bool decode_address(ByteReader& in, HdlcAddress& out) noexcept;

// Writes the address (precondition: address.valid()).
void encode_address(const HdlcAddress& address, ByteWriter& out) noexcept;

}  // namespace dlms::hdlc
