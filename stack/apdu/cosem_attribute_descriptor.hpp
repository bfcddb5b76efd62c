#pragma once
// Cosem-Attribute-Descriptor and Cosem-Method-Descriptor (Green Book xDLMS ASN.1):
// class-id Unsigned16, instance-id OCTET STRING (SIZE(6)) written out without a length,
// attribute-id / method-id Integer8. Always 9 octets.

#include <cstdint>

#include "stack/apdu/obis_code.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

namespace detail {

// The 9 octets shared by both descriptors.
[[nodiscard]] inline std::error_code read_descriptor(ByteReader& in, std::uint16_t& class_id,
                                                     ObisCode& instance, std::int8_t& id) noexcept {
  if (in.remaining() < 9) {
    return make_error_code(xdlms_errc::truncated);
  }
  (void)in.u16(class_id);
  for (auto& b : instance.bytes) {
    (void)in.u8(b);
  }
  return read_i8(in, id);
}

inline void write_descriptor(ByteWriter& out, std::uint16_t class_id, const ObisCode& instance,
                             std::int8_t id) noexcept {
  out.u16(class_id);
  out.bytes(instance.bytes);
  out.u8(static_cast<std::uint8_t>(id));
}

}  // namespace detail

struct CosemAttributeDescriptor {
  std::uint16_t class_id = 0;
  ObisCode instance_id;
  std::int8_t attribute_id = 0;

  static Result<CosemAttributeDescriptor> decode(ByteReader& in,
                                                 const codec::Limits& /*limits*/ = codec::kDefaultLimits) {
    CosemAttributeDescriptor d;
    if (auto ec = detail::read_descriptor(in, d.class_id, d.instance_id, d.attribute_id)) {
      return ec;
    }
    return d;
  }
  Status encode(ByteWriter& out) const {
    detail::write_descriptor(out, class_id, instance_id, attribute_id);
    return detail::finish(out);
  }
  friend constexpr bool operator==(const CosemAttributeDescriptor&,
                                   const CosemAttributeDescriptor&) = default;
};

struct CosemMethodDescriptor {
  std::uint16_t class_id = 0;
  ObisCode instance_id;
  std::int8_t method_id = 0;

  static Result<CosemMethodDescriptor> decode(ByteReader& in,
                                              const codec::Limits& /*limits*/ = codec::kDefaultLimits) {
    CosemMethodDescriptor d;
    if (auto ec = detail::read_descriptor(in, d.class_id, d.instance_id, d.method_id)) {
      return ec;
    }
    return d;
  }
  Status encode(ByteWriter& out) const {
    detail::write_descriptor(out, class_id, instance_id, method_id);
    return detail::finish(out);
  }
  friend constexpr bool operator==(const CosemMethodDescriptor&, const CosemMethodDescriptor&) = default;
};

}  // namespace dlms::apdu
