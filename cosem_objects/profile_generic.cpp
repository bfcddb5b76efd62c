#include "cosem_objects/profile_generic.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
using codec::DataView;
namespace axdr = codec::axdr;
namespace access = association::access;

namespace {

constexpr auto kAttributes = attribute_table({
    {"buffer", DataType::array, access::kRead, kDynamic, 0b110},
    {"capture_objects", DataType::array, access::kRead},
    {"capture_period", DataType::double_long_unsigned, access::kRead},
    {"sort_method", DataType::enum_, access::kRead},
    {"sort_object", DataType::structure, access::kRead},
    {"entries_in_use", DataType::double_long_unsigned, access::kRead, kDynamic},
    {"profile_entries", DataType::double_long_unsigned, access::kRead},
});

constexpr auto kMethods = method_table({
    {"reset", DataType::integer, access::kNone},
    {"capture", DataType::integer, access::kNone},
});

constexpr ClassDescription kDescription{7, 1, "Profile generic", kAttributes, kMethods};

// The FIFO refuses depths whose storage would pass this (a guard against a client asking
// for 4 billion entries).
constexpr std::size_t kMaxFifoStorage = std::size_t{64} << 20U;

enum class Order { less, equal, greater, incomparable };

template <class T>
Order order_of(T a, T b) noexcept {
  return a < b ? Order::less : (b < a ? Order::greater : Order::equal);
}

// Orders two values of a restricting column (range_descriptor, Blue Book 4.3.6): integers of
// any type by value, date-times (date-time or octet-string(12)) by instant, other strings
// octet by octet, floats by value.
Order compare(const DataView& a, const DataView& b) noexcept {
  std::int64_t sa = 0;
  std::int64_t sb = 0;
  if (a.get(sa) && b.get(sb)) {
    return order_of(sa, sb);
  }
  std::uint64_t ua = 0;
  std::uint64_t ub = 0;
  if (a.get(ua) && b.get(ub)) {
    return order_of(ua, ub);
  }
  auto da = a.as_date_time();
  auto db = b.as_date_time();
  if (da && db) {
    const bool utc = da->deviation != codec::cosem_time_value::deviation_not_specified &&
                     db->deviation != codec::cosem_time_value::deviation_not_specified;
    auto ta = utc ? da->to_utc() : da->local_as_sys();
    auto tb = utc ? db->to_utc() : db->local_as_sys();
    if (!ta || !tb) {
      return Order::incomparable;
    }
    return order_of(*ta, *tb);
  }
  auto fa = a.as_double();
  auto fb = b.as_double();
  if (fa && fb) {
    return order_of(*fa, *fb);
  }
  if (a.type() == b.type() && (a.type() == DataType::octet_string || a.type() == DataType::visible_string ||
                               a.type() == DataType::utf8_string)) {
    const ByteSpan ca = a.content();
    const ByteSpan cb = b.content();
    if (std::lexicographical_compare(ca.begin(), ca.end(), cb.begin(), cb.end())) {
      return Order::less;
    }
    if (std::lexicographical_compare(cb.begin(), cb.end(), ca.begin(), ca.end())) {
      return Order::greater;
    }
    return Order::equal;
  }
  return Order::incomparable;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// ProfileFifo

void ProfileFifo::configure(std::uint32_t profile_entries, std::size_t max_entry_size) {
  slot_size_ = std::max<std::size_t>(max_entry_size, 2);
  depth_ = profile_entries;
  storage_.assign((static_cast<std::size_t>(depth_) + 1) * slot_size_, 0);
  sizes_.assign(static_cast<std::size_t>(depth_) + 1, 0);
  first_sequence_ += count_;
  count_ = 0;
  first_slot_ = 0;
}

std::size_t ProfileFifo::slot_of(std::uint64_t sequence) const noexcept {
  return static_cast<std::size_t>((first_slot_ + (sequence - first_sequence_)) % (std::uint64_t{depth_} + 1));
}

ByteSpan ProfileFifo::entry(std::uint64_t sequence) const noexcept {
  if (sequence < first_sequence_ || sequence - first_sequence_ >= count_) {
    return {};
  }
  const std::size_t slot = slot_of(sequence);
  return ByteSpan(storage_.data() + slot * slot_size_, sizes_[slot]);
}

bool ProfileFifo::encode_value(std::uint64_t sequence, std::size_t column, ByteWriter& out) {
  const ByteSpan row = entry(sequence);
  if (row.empty()) {
    return false;
  }
  auto value = DataView::from_validated(row).at(column);
  if (!value) {
    return false;
  }
  out.bytes(value->encoded());
  return true;
}

ActionResult ProfileFifo::commit_new_slot(std::size_t size) noexcept {
  const std::size_t slot = slot_of(first_sequence_ + count_);
  sizes_[slot] = static_cast<std::uint16_t>(size);
  if (count_ == depth_) {
    first_slot_ = (first_slot_ + 1) % (static_cast<std::size_t>(depth_) + 1);
    ++first_sequence_;
  } else {
    ++count_;
  }
  return ActionResult::success;
}

ActionResult ProfileFifo::capture(std::span<const CaptureObjectDefinition> columns) {
  if (depth_ == 0) {
    return ActionResult::success;  // a profile of depth 0 keeps nothing
  }
  if (resolver_ == nullptr) {
    return ActionResult::object_unavailable;
  }
  const std::size_t slot = slot_of(first_sequence_ + count_);
  ByteWriter w(
      MutableByteSpan(storage_.data() + slot * slot_size_, std::min<std::size_t>(slot_size_, 0xFFFF)));
  axdr::begin_structure(w, columns.size());
  for (const auto& c : columns) {
    const std::size_t at = w.size();
    if (resolver_->read(c, w) != DataAccessResult::success && w.ok()) {
      w.truncate(at);  // an unreadable capture object leaves null-data in its column
      axdr::write_null_data(w);
    }
  }
  if (!w.ok()) {
    return ActionResult::other_reason;  // the entry is larger than a slot: nothing changed
  }
  return commit_new_slot(w.size());
}

ActionResult ProfileFifo::append(ByteSpan entry_structure) {
  auto v = codec::read_data_exact(entry_structure);
  if (!v || v->type() != DataType::structure) {
    return ActionResult::type_unmatched;
  }
  if (entry_structure.size() > slot_size_ || entry_structure.size() > 0xFFFF) {
    return ActionResult::other_reason;
  }
  if (depth_ == 0) {
    return ActionResult::success;
  }
  const std::size_t slot = slot_of(first_sequence_ + count_);
  std::copy(entry_structure.begin(), entry_structure.end(),
            storage_.begin() + static_cast<std::ptrdiff_t>(slot * slot_size_));
  return commit_new_slot(entry_structure.size());
}

ActionResult ProfileFifo::reset() {
  first_sequence_ += count_;
  count_ = 0;
  return ActionResult::success;
}

bool ProfileFifo::reconfigure(std::span<const CaptureObjectDefinition> /*columns*/) {
  (void)reset();
  return true;
}

bool ProfileFifo::set_profile_entries(std::uint32_t entries) {
  if ((static_cast<std::size_t>(entries) + 1) > kMaxFifoStorage / slot_size_) {
    return false;
  }
  configure(entries, slot_size_);
  return true;
}

// ---------------------------------------------------------------------------------------
// ProfileGeneric

struct ProfileGeneric::Selection {
  enum class Kind : std::uint8_t { all, range, entry };
  Kind kind = Kind::all;
  std::array<std::uint8_t, kMaxCaptureObjects> columns{};
  std::size_t column_count = 0;
  std::size_t restricting_column = 0;
  DataView from;
  DataView to;
  std::uint32_t from_entry = 1;
  std::uint32_t to_entry = 0;  // 0: the last entry
};

ProfileGeneric::ProfileGeneric(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name) {
  fifo_.configure(0);
}

const ClassDescription& ProfileGeneric::class_description() noexcept { return kDescription; }

int ProfileGeneric::column_of(const CaptureObjectDefinition& d) const noexcept {
  for (std::size_t i = 0; i < capture_object_count_; ++i) {
    if (capture_objects_[i] == d) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

apdu::DataAccessResult ProfileGeneric::parse_selection(const apdu::SelectiveAccessDescriptor* access,
                                                       Selection& s) const noexcept {
  const std::size_t columns = capture_object_count_;
  if (access == nullptr) {
    s.kind = Selection::Kind::all;
    s.column_count = columns;
    for (std::size_t i = 0; i < columns; ++i) {
      s.columns[i] = static_cast<std::uint8_t>(i);
    }
    return DataAccessResult::success;
  }
  const DataView& p = access->access_parameters;
  if (access->access_selector == 1) {
    // range_descriptor ::= structure { restricting_object: capture_object_definition,
    //   from_value, to_value: instance specific, selected_values: array capture_object_definition }
    if (p.type() != DataType::structure || p.size() != 4) {
      return DataAccessResult::type_unmatched;
    }
    auto it = p.elements().begin();
    CaptureObjectDefinition restricting;
    if (!detail::read_capture_object_definition(*it, restricting)) {
      return DataAccessResult::type_unmatched;
    }
    const int rc = column_of(restricting);
    if (rc < 0) {
      return DataAccessResult::scope_of_access_violated;
    }
    s.kind = Selection::Kind::range;
    s.restricting_column = static_cast<std::size_t>(rc);
    s.from = *++it;
    s.to = *++it;
    const DataView selected = *++it;
    if (selected.type() != DataType::array) {
      return DataAccessResult::type_unmatched;
    }
    if (selected.size() == 0) {
      s.column_count = columns;
      for (std::size_t i = 0; i < columns; ++i) {
        s.columns[i] = static_cast<std::uint8_t>(i);
      }
    } else {
      if (selected.size() > kMaxCaptureObjects) {
        return DataAccessResult::scope_of_access_violated;
      }
      s.column_count = 0;
      for (const DataView e : selected.elements()) {
        CaptureObjectDefinition d;
        if (!detail::read_capture_object_definition(e, d)) {
          return DataAccessResult::type_unmatched;
        }
        const int c = column_of(d);
        if (c < 0) {
          return DataAccessResult::scope_of_access_violated;
        }
        s.columns[s.column_count++] = static_cast<std::uint8_t>(c);
      }
    }
    return DataAccessResult::success;
  }
  if (access->access_selector == 2) {
    // entry_descriptor ::= structure { from_entry, to_entry: double-long-unsigned,
    //   from_selected_value, to_selected_value: long-unsigned } (1-based; 0: to the end)
    if (p.type() != DataType::structure || p.size() != 4) {
      return DataAccessResult::type_unmatched;
    }
    auto it = p.elements().begin();
    std::uint32_t from_entry = 0;
    std::uint32_t to_entry = 0;
    std::uint16_t from_value = 0;
    std::uint16_t to_value = 0;
    if (!detail::read_typed(*it, DataType::double_long_unsigned, from_entry) ||
        !detail::read_typed(*++it, DataType::double_long_unsigned, to_entry) ||
        !detail::read_typed(*++it, DataType::long_unsigned, from_value) ||
        !detail::read_typed(*++it, DataType::long_unsigned, to_value)) {
      return DataAccessResult::type_unmatched;
    }
    if (from_entry == 0) {
      from_entry = 1;
    }
    if (to_entry != 0 && to_entry < from_entry) {
      return DataAccessResult::scope_of_access_violated;
    }
    if (from_value == 0) {
      from_value = 1;
    }
    if (to_value == 0) {
      to_value = static_cast<std::uint16_t>(columns);
    }
    if (columns == 0) {
      from_value = 1;
      to_value = 0;
    } else if (from_value > to_value || to_value > columns) {
      return DataAccessResult::scope_of_access_violated;
    }
    s.kind = Selection::Kind::entry;
    s.from_entry = from_entry;
    s.to_entry = to_entry;
    s.column_count = 0;
    for (std::size_t c = from_value; c <= to_value; ++c) {
      s.columns[s.column_count++] = static_cast<std::uint8_t>(c - 1);
    }
    return DataAccessResult::success;
  }
  return DataAccessResult::scope_of_access_violated;
}

apdu::DataAccessResult ProfileGeneric::get_buffer(const apdu::SelectiveAccessDescriptor* access,
                                                  server::GetCursor& cursor, ByteWriter& out) {
  Selection s;
  if (auto r = parse_selection(access, s); r != DataAccessResult::success) {
    return r;
  }
  ProfileSource& src = *source_;
  const std::size_t start = out.size();
  // The restricting column of entry `seq` lies within [from, to]?
  auto in_range = [&](std::uint64_t seq, bool& ok) {
    std::array<std::uint8_t, 64> scratch{};
    ByteWriter w(scratch);
    if (!src.encode_value(seq, s.restricting_column, w) || !w.ok()) {
      ok = false;
      return false;
    }
    auto v = codec::read_data_exact(w.written());
    if (!v) {
      ok = false;
      return false;
    }
    const Order lo = compare(s.from, *v);
    const Order hi = compare(*v, s.to);
    if (lo == Order::incomparable || hi == Order::incomparable) {
      ok = false;
      return false;
    }
    return (lo == Order::less || lo == Order::equal) && (hi == Order::less || hi == Order::equal);
  };

  if (!cursor.started) {
    const std::uint64_t first = src.first_sequence();
    const std::uint32_t n = src.entries_in_use();
    std::uint64_t begin = first;
    std::uint64_t end = first + n;
    std::uint64_t count = n;
    if (s.kind == Selection::Kind::entry) {
      if (s.from_entry > n) {
        begin = end;
      } else {
        begin = first + s.from_entry - 1;
        if (s.to_entry != 0 && s.to_entry < n) {
          end = first + s.to_entry;
        }
      }
      count = end - begin;
    } else if (s.kind == Selection::Kind::range) {
      count = 0;
      std::uint64_t first_match = end;
      std::uint64_t last_match = end;
      for (std::uint64_t seq = begin; seq < end; ++seq) {
        bool ok = true;
        if (in_range(seq, ok)) {
          if (count++ == 0) {
            first_match = seq;
          }
          last_match = seq;
        } else if (!ok) {
          return DataAccessResult::scope_of_access_violated;
        }
      }
      begin = first_match;
      end = count == 0 ? first_match : last_match + 1;
    }
    axdr::begin_array(out, static_cast<std::size_t>(count));
    if (!out.ok()) {
      return DataAccessResult::other_reason;
    }
    cursor.started = true;
    cursor.position = begin;
    cursor.end = end;
    cursor.aux = static_cast<std::uint32_t>(count);
  }

  bool wrote = out.size() != start;
  while (cursor.aux != 0 && cursor.position < cursor.end) {
    const std::uint64_t seq = cursor.position;
    if (seq < src.first_sequence()) {
      cursor.more = false;
      return DataAccessResult::long_get_aborted;  // the entry was evicted during the read
    }
    if (s.kind == Selection::Kind::range) {
      bool ok = true;
      if (!in_range(seq, ok)) {
        if (!ok) {
          cursor.more = false;
          return DataAccessResult::long_get_aborted;
        }
        ++cursor.position;
        continue;
      }
    }
    bool missing = false;
    const bool fit = detail::write_whole(out, [&](ByteWriter& w) {
      axdr::begin_structure(w, s.column_count);
      for (std::size_t i = 0; i < s.column_count && w.ok(); ++i) {
        if (!src.encode_value(seq, s.columns[i], w)) {
          // A full writer is not a missing entry: the block ends here and the next one
          // continues (Green Book 9.4.6.4.3, long GET in blocks).
          missing = w.ok();
          return;
        }
      }
    });
    if (missing) {
      cursor.more = false;
      return DataAccessResult::long_get_aborted;
    }
    if (!fit) {
      if (!wrote) {
        out.reserve(out.remaining() + 1);  // not even one entry fits this buffer
        cursor.more = false;
        return DataAccessResult::other_reason;
      }
      break;
    }
    wrote = true;
    ++cursor.position;
    --cursor.aux;
  }
  if (cursor.aux != 0 && cursor.position >= cursor.end) {
    cursor.more = false;
    return DataAccessResult::long_get_aborted;  // fewer entries than announced (cannot happen with a sane
                                                // source)
  }
  cursor.more = cursor.aux != 0;
  return DataAccessResult::success;
}

apdu::DataAccessResult ProfileGeneric::get_attribute(const server::RequestContext& /*ctx*/,
                                                     std::int8_t attribute_id,
                                                     const apdu::SelectiveAccessDescriptor* access,
                                                     server::GetCursor& cursor, ByteWriter& out) {
  if (attribute_id == 2) {
    return get_buffer(access, cursor, out);
  }
  switch (attribute_id) {
    case 3:
      axdr::begin_array(out, capture_object_count_);
      for (const auto& d : capture_objects()) {
        detail::write_capture_object_definition(out, d);
      }
      break;
    case 4: axdr::write_double_long_unsigned(out, capture_period_); break;
    case 5: axdr::write_enum(out, sort_method_); break;
    case 6: detail::write_capture_object_definition(out, sort_object_); break;
    case 7: axdr::write_double_long_unsigned(out, source_->entries_in_use()); break;
    case 8: axdr::write_double_long_unsigned(out, source_->profile_entries()); break;
    default: return DataAccessResult::object_undefined;
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult ProfileGeneric::set_capture_objects(const server::RequestContext& ctx,
                                                           const codec::DataView& value) {
  if (value.type() != DataType::array) {
    return DataAccessResult::type_unmatched;
  }
  if (value.size() > kMaxCaptureObjects) {
    return DataAccessResult::other_reason;
  }
  std::array<CaptureObjectDefinition, kMaxCaptureObjects> defs{};
  std::size_t n = 0;
  for (const DataView e : value.elements()) {
    if (!detail::read_capture_object_definition(e, defs[n])) {
      return DataAccessResult::type_unmatched;
    }
    ++n;
  }
  // Blue Book 4.3.6: changing capture_objects clears the buffer. Configuring the object
  // locally with a meter-bound source keeps that source's entries.
  if ((source_ == &fifo_ || !ctx.local()) &&
      !source_->reconfigure(std::span<const CaptureObjectDefinition>(defs.data(), n))) {
    return DataAccessResult::read_write_denied;
  }
  std::copy_n(defs.begin(), n, capture_objects_.begin());
  capture_object_count_ = n;
  return DataAccessResult::success;
}

apdu::DataAccessResult ProfileGeneric::set_attribute(const server::RequestContext& ctx,
                                                     std::int8_t attribute_id,
                                                     const apdu::SelectiveAccessDescriptor* access,
                                                     const codec::DataView& value) {
  if (access != nullptr) {
    return DataAccessResult::scope_of_access_violated;
  }
  switch (attribute_id) {
    case 3: return set_capture_objects(ctx, value);
    case 4: {
      std::uint32_t v = 0;
      if (!detail::read_typed(value, DataType::double_long_unsigned, v)) {
        return DataAccessResult::type_unmatched;
      }
      capture_period_ = v;
      return DataAccessResult::success;
    }
    case 5: {
      std::uint8_t v = 0;
      if (!detail::read_typed(value, DataType::enum_, v)) {
        return DataAccessResult::type_unmatched;
      }
      // Only fifo (1) is implemented; lifo, largest, smallest, nearest_to_zero and
      // farthest_from_zero (2..6) are refused like values outside the enum.
      if (v != kSortFifo) {
        return DataAccessResult::other_reason;
      }
      sort_method_ = v;
      return DataAccessResult::success;
    }
    case 6: {
      CaptureObjectDefinition d;
      if (!detail::read_capture_object_definition(value, d)) {
        return DataAccessResult::type_unmatched;
      }
      sort_object_ = d;
      return DataAccessResult::success;
    }
    case 8: {
      std::uint32_t v = 0;
      if (!detail::read_typed(value, DataType::double_long_unsigned, v)) {
        return DataAccessResult::type_unmatched;
      }
      if (v == source_->profile_entries()) {
        return DataAccessResult::success;
      }
      return source_->set_profile_entries(v) ? DataAccessResult::success : DataAccessResult::other_reason;
    }
    default: return DataAccessResult::read_write_denied;  // buffer, entries_in_use
  }
}

server::InvokeOutcome ProfileGeneric::invoke_method(const server::RequestContext& /*ctx*/,
                                                    std::int8_t method_id, const codec::DataView* parameter,
                                                    ByteWriter& /*return_data*/) {
  if (!detail::is_integer_parameter(parameter)) {
    return {ActionResult::type_unmatched, false};
  }
  if (method_id == 1) {
    return {source_->reset(), false};
  }
  return {capture(), false};
}

}  // namespace dlms::cosem
