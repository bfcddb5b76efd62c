#include "stack/server/notification.hpp"

#include "stack/apdu/data_notification.hpp"
#include "stack/apdu/event_notification.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/axdr_length.hpp"

namespace dlms::server {

apdu::DataAccessResult append_attribute_value(ByteWriter& out, const RequestContext& ctx, CosemObject& object,
                                              std::int8_t attribute_id) {
  GetCursor cursor;
  const std::size_t start = out.size();
  // Every piece goes to the same buffer, so a piecewise value is simply continued; a call that
  // makes no progress ends it (the buffer is full).
  for (;;) {
    const std::size_t before = out.size();
    const auto result = object.get(ctx, attribute_id, nullptr, cursor, out);
    if (result != apdu::DataAccessResult::success) {
      out.truncate(start);
      return result;
    }
    if (!out.ok() || !cursor.more) {
      return result;
    }
    if (out.size() == before) {
      (void)out.reserve(out.remaining() + 1);  // no progress: mark the writer overflowed
      return result;
    }
  }
}

Status encode_data_notification(ByteWriter& out, apdu::LongInvokeIdAndPriority id, ByteSpan date_time,
                                const codec::DataView& body) {
  apdu::DataNotification n;
  n.long_invoke_id_and_priority = id;
  n.date_time = date_time;
  n.notification_body = body;
  return n.encode(out);
}

void begin_data_notification(ByteWriter& out, apdu::LongInvokeIdAndPriority id, ByteSpan date_time) {
  out.u8(apdu::DataNotification::kTag);
  out.u32(id.value);
  codec::axdr::write_length(out, date_time.size());
  out.bytes(date_time);
}

Status encode_event_notification(ByteWriter& out, const RequestContext& ctx, CosemObject& object,
                                 std::int8_t attribute_id, std::optional<ByteSpan> time) {
  const std::size_t start = out.size();
  out.u8(apdu::EventNotificationRequest::kTag);
  if (time) {
    out.u8(1);
    codec::axdr::write_length(out, time->size());
    out.bytes(*time);
  } else {
    out.u8(0);
  }
  out.u16(object.class_id());
  out.bytes(object.logical_name().bytes);
  out.u8(static_cast<std::uint8_t>(attribute_id));
  const auto result = append_attribute_value(out, ctx, object, attribute_id);
  if (!out.ok()) {
    return apdu::xdlms_errc::buffer_too_small;
  }
  if (result != apdu::DataAccessResult::success) {
    out.truncate(start);
    return apdu::xdlms_errc::invalid_field;
  }
  return ok();
}

}  // namespace dlms::server
