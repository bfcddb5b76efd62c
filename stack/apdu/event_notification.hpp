#pragma once
// EventNotificationRequest [194] (Green Book xDLMS ASN.1):
//   EventNotificationRequest ::= SEQUENCE { time OCTET STRING OPTIONAL,
//                                           cosem-attribute-descriptor Cosem-Attribute-Descriptor,
//                                           attribute-value Data }
// time: presence flag, then (if 0x01) an A-XDR OCTET STRING (normally 12 octets of date-time).

#include <cstdint>
#include <optional>

#include "stack/apdu/choice.hpp"
#include "stack/apdu/cosem_attribute_descriptor.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct EventNotificationRequest {
  static constexpr std::uint8_t kTag = 0xC2;
  std::optional<ByteSpan> time;
  CosemAttributeDescriptor cosem_attribute_descriptor;
  codec::DataView attribute_value;

  static Result<EventNotificationRequest> decode(ByteReader& in,
                                                 const codec::Limits& limits = codec::kDefaultLimits) {
    if (auto ec = detail::read_apdu_tag(in, kTag)) {
      return ec;
    }
    EventNotificationRequest r;
    bool present = false;
    if (auto ec = detail::read_presence(in, present)) {
      return ec;
    }
    if (present) {
      ByteSpan t;
      if (auto ec = detail::read_octet_string(in, t)) {
        return ec;
      }
      r.time = t;
    }
    auto d = CosemAttributeDescriptor::decode(in, limits);
    if (!d) {
      return d.error();
    }
    r.cosem_attribute_descriptor = *d;
    if (auto ec = detail::read_data(in, limits, r.attribute_value)) {
      return ec;
    }
    return r;
  }

  Status encode(ByteWriter& out) const {
    out.u8(kTag);
    if (time) {
      out.u8(1);
      detail::write_octet_string(out, *time);
    } else {
      out.u8(0);
    }
    (void)cosem_attribute_descriptor.encode(out);
    if (auto ec = detail::write_data(out, attribute_value)) {
      return ec;
    }
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
