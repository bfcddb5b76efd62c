#pragma once
// Builders of the unsolicited xDLMS APDUs a server pushes (Green Book 9.3.12 DataNotification
// and 9.3.13 EventNotification services), encoded straight into the caller's buffer from the
// objects' attributes; the session protects and sends them (push setup, events). Nothing here
// allocates.
//
//   Data-Notification        ::= 0F long-invoke-id-and-priority(4) date-time(OCTET STRING)
//                                notification-body(Data)
//   EventNotificationRequest ::= C2 time(OCTET STRING OPTIONAL) cosem-attribute-descriptor
//                                attribute-value(Data)

#include <cstdint>
#include <optional>

#include "stack/apdu/invoke_id.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::server {

// Appends the value of one attribute (one A-XDR Data) to `out`, calling a piecewise get()
// until it is complete. A refused get is returned as its Data-Access-Result (nothing
// appended); a value that does not fit leaves `out` overflowed.
apdu::DataAccessResult append_attribute_value(ByteWriter& out, const RequestContext& ctx, CosemObject& object,
                                              std::int8_t attribute_id);

// DataNotification with a given body (`date_time` empty: not sent, written as length 0).
Status encode_data_notification(ByteWriter& out, apdu::LongInvokeIdAndPriority id, ByteSpan date_time,
                                const codec::DataView& body);

// DataNotification whose body the caller writes: begin_data_notification() writes the
// header, the caller appends exactly one Data (e.g. a structure of pushed attribute values
// with codec::axdr::begin_structure and append_attribute_value), then checks out.ok().
void begin_data_notification(ByteWriter& out, apdu::LongInvokeIdAndPriority id, ByteSpan date_time);

// EventNotificationRequest carrying attribute `attribute_id` of `object` (its class id and
// logical name from the object), with an optional date-time octet string.
Status encode_event_notification(ByteWriter& out, const RequestContext& ctx, CosemObject& object,
                                 std::int8_t attribute_id, std::optional<ByteSpan> time = std::nullopt);

}  // namespace dlms::server
