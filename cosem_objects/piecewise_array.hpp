#pragma once
// Piecewise encoding of an array attribute across the blocks of one GET (server::GetCursor):
// the array header on the first piece, then whole elements while they fit in `out`;
// cursor.more tells whether elements remain. Used for the object_list (and access_rights_list)
// of Association LN and Association SN (Blue Book 4.4.3, 4.4.4). The array is configuration
// and cannot change under a read; if its length did anyway, the get ends with
// long-get-aborted. An element larger than a whole block is other-reason.

#include <cstddef>

#include "cosem_objects/detail_classes2.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::cosem::detail {

// `write_element(ByteWriter&, std::size_t index)` encodes element `index` of `count`.
template <class WriteElement>
apdu::DataAccessResult write_array_piecewise(server::GetCursor& cursor, std::size_t count, ByteWriter& out,
                                             WriteElement&& write_element) {
  using apdu::DataAccessResult;
  const std::size_t start = out.size();
  if (!cursor.started) {
    codec::axdr::begin_array(out, count);
    if (!out.ok()) {
      return DataAccessResult::other_reason;
    }
    cursor.started = true;
    cursor.position = 0;
    cursor.end = count;
  }
  if (cursor.end != count) {
    cursor.more = false;
    return DataAccessResult::long_get_aborted;
  }
  while (cursor.position < cursor.end) {
    const auto index = static_cast<std::size_t>(cursor.position);
    if (!write_whole(out, [&](ByteWriter& w) { write_element(w, index); })) {
      if (out.size() == start) {
        out.reserve(out.remaining() + 1);  // not even one element fits: mark the writer overflowed
        cursor.more = false;
        return DataAccessResult::other_reason;
      }
      break;
    }
    ++cursor.position;
  }
  cursor.more = cursor.position < cursor.end;
  return DataAccessResult::success;
}

}  // namespace dlms::cosem::detail
