#pragma once
// DataNotification [15] (Green Book xDLMS ASN.1):
//   Data-Notification ::= SEQUENCE { long-invoke-id-and-priority Long-Invoke-Id-And-Priority,
//                                    date-time OCTET STRING, notification-body Notification-Body }
//   Notification-Body ::= SEQUENCE { data-value Data }
// date-time is an A-XDR OCTET STRING: length 0 (one 0x00 octet) when the time is not sent,
// else normally 12 octets of COSEM date-time.

#include <cstdint>

#include "stack/apdu/choice.hpp"
#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct DataNotification {
  static constexpr std::uint8_t kTag = 0x0F;
  LongInvokeIdAndPriority long_invoke_id_and_priority;
  ByteSpan date_time;  // empty: not present
  codec::DataView notification_body;

  static Result<DataNotification> decode(ByteReader& in,
                                         const codec::Limits& limits = codec::kDefaultLimits) {
    if (auto ec = detail::read_apdu_tag(in, kTag)) {
      return ec;
    }
    DataNotification r;
    if (auto ec = detail::read_u32(in, r.long_invoke_id_and_priority.value)) {
      return ec;
    }
    if (auto ec = detail::read_octet_string(in, r.date_time)) {
      return ec;
    }
    if (auto ec = detail::read_data(in, limits, r.notification_body)) {
      return ec;
    }
    return r;
  }

  Status encode(ByteWriter& out) const {
    out.u8(kTag);
    out.u32(long_invoke_id_and_priority.value);
    detail::write_octet_string(out, date_time);
    if (auto ec = detail::write_data(out, notification_body)) {
      return ec;
    }
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
