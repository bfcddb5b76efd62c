#pragma once
// BER identifier octets (ITU-T X.690 8.1.2): class, primitive/constructed, tag number.
// ACSE APDUs (Green Book, IEC 62056-5-3 ACSE) and the xDLMS Conformance block use BER tags;
// everything else in DLMS is A-XDR.

#include <cstddef>
#include <cstdint>

namespace dlms::codec::ber {

// X.690 8.1.2.2, bits 8-7 of the first identifier octet.
enum class TagClass : std::uint8_t {
  universal = 0,
  application = 1,
  context = 2,
  private_ = 3,
};

struct Tag {
  TagClass cls = TagClass::universal;
  bool constructed = false;
  std::uint32_t number = 0;  // at most kMaxTagNumber

  friend constexpr bool operator==(const Tag&, const Tag&) = default;
};

// Tag numbers we accept take at most four subsequent octets in the high-tag-number form.
inline constexpr std::uint32_t kMaxTagNumber = (1U << 28U) - 1U;

[[nodiscard]] constexpr Tag universal_tag(std::uint32_t number, bool constructed = false) noexcept {
  return Tag{TagClass::universal, constructed, number};
}
[[nodiscard]] constexpr Tag application_tag(std::uint32_t number, bool constructed) noexcept {
  return Tag{TagClass::application, constructed, number};
}
[[nodiscard]] constexpr Tag context_tag(std::uint32_t number, bool constructed) noexcept {
  return Tag{TagClass::context, constructed, number};
}

// Universal tag numbers used by ACSE (X.680 8.4, Table 1).
namespace universal {
inline constexpr Tag boolean{TagClass::universal, false, 1};
inline constexpr Tag integer{TagClass::universal, false, 2};
inline constexpr Tag bit_string{TagClass::universal, false, 3};
inline constexpr Tag octet_string{TagClass::universal, false, 4};
inline constexpr Tag null{TagClass::universal, false, 5};
inline constexpr Tag object_identifier{TagClass::universal, false, 6};
inline constexpr Tag graphic_string{TagClass::universal, false, 25};
}  // namespace universal

// Octets the identifier of `tag` takes (X.690 8.1.2.3 / 8.1.2.4).
[[nodiscard]] constexpr std::size_t tag_size(const Tag& tag) noexcept {
  if (tag.number < 31) {
    return 1;
  }
  std::size_t n = 1;
  for (std::uint32_t v = tag.number; v != 0; v >>= 7U) {
    ++n;
  }
  return n;
}

}  // namespace dlms::codec::ber
