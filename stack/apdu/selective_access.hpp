#pragma once
// Selective-Access-Descriptor ::= SEQUENCE { access-selector Unsigned8, access-parameters Data }
// and Cosem-Attribute-Descriptor-With-Selection (Green Book xDLMS ASN.1). The access
// selection is OPTIONAL wherever it appears (A-XDR presence flag 0x00 / 0x01).

#include <cstdint>
#include <optional>

#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct SelectiveAccessDescriptor {
  std::uint8_t access_selector = 0;
  codec::DataView access_parameters;

  static Result<SelectiveAccessDescriptor> decode(ByteReader& in,
                                                  const codec::Limits& limits = codec::kDefaultLimits) {
    SelectiveAccessDescriptor d;
    if (auto ec = detail::read_u8(in, d.access_selector)) {
      return ec;
    }
    if (auto ec = detail::read_data(in, limits, d.access_parameters)) {
      return ec;
    }
    return d;
  }
  Status encode(ByteWriter& out) const {
    out.u8(access_selector);
    if (auto ec = detail::write_data(out, access_parameters)) {
      return ec;
    }
    return detail::finish(out);
  }
};

namespace detail {

[[nodiscard]] inline std::error_code read_optional_access(ByteReader& in, const codec::Limits& limits,
                                                          std::optional<SelectiveAccessDescriptor>& out) {
  bool present = false;
  if (auto ec = read_presence(in, present)) {
    return ec;
  }
  if (!present) {
    out.reset();
    return {};
  }
  auto r = SelectiveAccessDescriptor::decode(in, limits);
  if (!r) {
    return r.error();
  }
  out = *r;
  return {};
}

[[nodiscard]] inline std::error_code write_optional_access(
    ByteWriter& out, const std::optional<SelectiveAccessDescriptor>& access) {
  if (!access) {
    out.u8(0);
    return {};
  }
  out.u8(1);
  return access->encode(out).error();
}

}  // namespace detail

struct CosemAttributeDescriptorWithSelection {
  CosemAttributeDescriptor cosem_attribute_descriptor;
  std::optional<SelectiveAccessDescriptor> access_selection;

  static Result<CosemAttributeDescriptorWithSelection> decode(
      ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits) {
    CosemAttributeDescriptorWithSelection d;
    auto desc = CosemAttributeDescriptor::decode(in, limits);
    if (!desc) {
      return desc.error();
    }
    d.cosem_attribute_descriptor = *desc;
    if (auto ec = detail::read_optional_access(in, limits, d.access_selection)) {
      return ec;
    }
    return d;
  }
  Status encode(ByteWriter& out) const {
    (void)cosem_attribute_descriptor.encode(out);
    if (auto ec = detail::write_optional_access(out, access_selection)) {
      return ec;
    }
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
