#pragma once
// Pieces shared by Profile generic, Push setup, Association LN/SN, SAP assignment, Security
// setup and Image transfer: the capture object definition (Blue Book 4.3.6), the resolver
// that reads a captured attribute, and small fixed-capacity holders of A-XDR values.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::cosem {

// capture_object_definition ::= structure { class_id: long-unsigned, logical_name:
// octet-string, attribute_index: integer, data_index: long-unsigned } (Blue Book 4.3.6,
// Profile generic capture_objects; also Push setup push_object_list, Blue Book 4.4.8).
// attribute_index 0 captures the whole object; data_index 0 the whole attribute, n > 0 its
// n-th element.
struct CaptureObjectDefinition {
  std::uint16_t class_id = 0;
  apdu::ObisCode logical_name;
  std::int8_t attribute_index = 0;
  std::uint16_t data_index = 0;

  friend constexpr bool operator==(const CaptureObjectDefinition&,
                                   const CaptureObjectDefinition&) noexcept = default;
};

// Reads the value a capture object definition names, e.g. for Profile generic capture and
// Push setup push. The meter binds it to its logical device's objects
// (ObjectCaptureResolver below does that over a list of CosemObject).
class CaptureResolver {
 public:
  virtual ~CaptureResolver() = default;
  // Encodes the value as one A-XDR Data into `out`; a result other than success when the
  // object or attribute does not exist or cannot be read now.
  virtual apdu::DataAccessResult read(const CaptureObjectDefinition& definition, ByteWriter& out) = 0;
};

namespace detail {

inline void write_capture_object_definition(ByteWriter& w, const CaptureObjectDefinition& d) noexcept {
  codec::axdr::begin_structure(w, 4);
  codec::axdr::write_long_unsigned(w, d.class_id);
  codec::axdr::write_octet_string(w, ByteSpan(d.logical_name.bytes));
  codec::axdr::write_integer(w, d.attribute_index);
  codec::axdr::write_long_unsigned(w, d.data_index);
}

// An octet-string of exactly six octets (a logical name).
[[nodiscard]] inline bool read_logical_name(const codec::DataView& v, apdu::ObisCode& out) noexcept {
  if (v.type() != codec::DataType::octet_string) {
    return false;
  }
  auto o = v.as_octets();
  if (!o || o->size() != 6) {
    return false;
  }
  std::copy(o->begin(), o->end(), out.bytes.begin());
  return true;
}

// Typed element readers: false on a type other than the Blue Book's (no silent widening).
template <class T>
[[nodiscard]] inline bool read_typed(const codec::DataView& v, codec::DataType type, T& out) noexcept {
  return v.type() == type && v.get(out);
}

// The first four elements of `v` as a capture_object_definition (`v` may have more elements
// when `allow_extra`: Push setup version 2 adds restriction and columns).
[[nodiscard]] inline bool read_capture_object_definition(const codec::DataView& v,
                                                         CaptureObjectDefinition& out,
                                                         bool allow_extra = false) noexcept {
  if (v.type() != codec::DataType::structure || v.size() < 4 || (!allow_extra && v.size() != 4)) {
    return false;
  }
  auto it = v.elements().begin();
  CaptureObjectDefinition d;
  if (!read_typed(*it, codec::DataType::long_unsigned, d.class_id)) {
    return false;
  }
  ++it;
  if (!read_logical_name(*it, d.logical_name)) {
    return false;
  }
  ++it;
  if (!read_typed(*it, codec::DataType::integer, d.attribute_index)) {
    return false;
  }
  ++it;
  if (!read_typed(*it, codec::DataType::long_unsigned, d.data_index)) {
    return false;
  }
  out = d;
  return true;
}

// access_rights ::= structure { attribute_access_descriptor: array attribute_access_item,
// method_access_descriptor: array method_access_item } (Association LN version 3 / SN: the
// access modes are the bit flags of association/access_rights.hpp). Every attribute and method
// of the object is listed; access_selectors are the object's selective access selectors.
inline void write_attribute_access_descriptor(ByteWriter& w,
                                              const association::ObjectAccessRights& e) noexcept {
  const server::CosemObject* obj = e.object;
  const std::size_t attributes = obj != nullptr ? obj->attribute_count() : e.attribute_access.size();
  codec::axdr::begin_array(w, attributes);
  for (std::size_t i = 1; i <= attributes; ++i) {
    const auto id = static_cast<std::int8_t>(i);
    codec::axdr::begin_structure(w, 3);
    codec::axdr::write_integer(w, id);
    codec::axdr::write_enum(w, e.attribute_mode(id));
    const std::uint8_t selectors = obj != nullptr ? obj->access_selectors(id) : 0;
    if (selectors == 0) {
      codec::axdr::write_null_data(w);
    } else {
      codec::axdr::begin_array(w, static_cast<std::size_t>(__builtin_popcount(selectors)));
      for (int s = 0; s < 8; ++s) {
        if (((selectors >> s) & 1U) != 0) {
          codec::axdr::write_integer(w, static_cast<std::int8_t>(s));
        }
      }
    }
  }
}

inline void write_method_access_descriptor(ByteWriter& w, const association::ObjectAccessRights& e) noexcept {
  const server::CosemObject* obj = e.object;
  const std::size_t methods = obj != nullptr ? obj->method_count() : e.method_access.size();
  codec::axdr::begin_array(w, methods);
  for (std::size_t i = 1; i <= methods; ++i) {
    const auto id = static_cast<std::int8_t>(i);
    codec::axdr::begin_structure(w, 2);
    codec::axdr::write_integer(w, id);
    codec::axdr::write_enum(w, e.method_mode(id));
  }
}

inline void write_access_rights(ByteWriter& w, const association::ObjectAccessRights& e) noexcept {
  codec::axdr::begin_structure(w, 2);
  write_attribute_access_descriptor(w, e);
  write_method_access_descriptor(w, e);
}

// Element `index` (0-based) of an array or structure encoded in `whole`, copied to `out`.
[[nodiscard]] inline apdu::DataAccessResult copy_element(ByteSpan whole, std::size_t index,
                                                         ByteWriter& out) noexcept {
  auto v = codec::read_data_exact(whole);
  if (!v || !v->is_container()) {
    return apdu::DataAccessResult::object_unavailable;
  }
  auto e = v->at(index);
  if (!e) {
    return apdu::DataAccessResult::object_unavailable;
  }
  out.bytes(e->encoded());
  return out.ok() ? apdu::DataAccessResult::success : apdu::DataAccessResult::other_reason;
}

// Method parameters the Blue Book gives as "data ::= integer (0)": any integer is taken (some
// clients send other values); another type is type-unmatched.
[[nodiscard]] inline bool is_integer_parameter(const codec::DataView* p) noexcept {
  return p != nullptr && p->type() == codec::DataType::integer;
}

// Writes into the free space of `out` through `encode(ByteWriter&)`; keeps it only if it fit
// whole. Returns true if it was kept (what piecewise gets use to write whole elements only).
template <class Encode>
[[nodiscard]] bool write_whole(ByteWriter& out, Encode&& encode) noexcept {
  const MutableByteSpan free = out.buffer().subspan(out.size());
  ByteWriter piece(free);
  encode(piece);
  if (!piece.ok()) {
    return false;
  }
  out.reserve(piece.size());  // the octets are already in place
  return true;
}

}  // namespace detail

// One validated A-XDR value of at most N octets, kept as its encoding (configuration values
// whose structure the object only passes on).
template <std::size_t N>
class StoredValue {
 public:
  constexpr StoredValue() noexcept = default;
  // `initial`: a valid encoding of at most N octets.
  explicit StoredValue(ByteSpan initial) noexcept { assign(initial); }

  [[nodiscard]] ByteSpan encoded() const noexcept { return ByteSpan(bytes_.data(), size_); }
  [[nodiscard]] codec::DataView view() const noexcept { return codec::DataView::from_validated(encoded()); }
  // Copies a validated value; false (and no change) if it is longer than N.
  bool assign(ByteSpan encoded) noexcept {
    if (encoded.size() > N) {
      return false;
    }
    std::copy(encoded.begin(), encoded.end(), bytes_.begin());
    size_ = encoded.size();
    return true;
  }

 private:
  std::array<std::uint8_t, N> bytes_{};
  std::size_t size_ = 1;  // null-data
};

// A CaptureResolver over a fixed list of objects (a logical device's): finds the object by
// class id and logical name and gets the attribute with a local request context (no access
// rights). attribute_index 0 (the whole object) is refused: no class here needs it.
class ObjectCaptureResolver final : public CaptureResolver {
 public:
  static constexpr std::size_t kScratchSize = 512;

  ObjectCaptureResolver() noexcept = default;
  explicit ObjectCaptureResolver(std::span<server::CosemObject* const> objects) noexcept
      : objects_(objects) {}
  void set_objects(std::span<server::CosemObject* const> objects) noexcept { objects_ = objects; }

  apdu::DataAccessResult read(const CaptureObjectDefinition& d, ByteWriter& out) override {
    server::CosemObject* obj = nullptr;
    for (server::CosemObject* o : objects_) {
      if (o != nullptr && o->class_id() == d.class_id && o->logical_name() == d.logical_name) {
        obj = o;
        break;
      }
    }
    if (obj == nullptr) {
      return apdu::DataAccessResult::object_undefined;
    }
    if (d.attribute_index < 1) {
      return apdu::DataAccessResult::scope_of_access_violated;
    }
    const server::RequestContext local;
    server::GetCursor cursor;
    if (d.data_index == 0) {
      auto r = obj->get(local, d.attribute_index, nullptr, cursor, out);
      return cursor.more ? apdu::DataAccessResult::other_reason : r;
    }
    std::array<std::uint8_t, kScratchSize> scratch{};
    ByteWriter w(scratch);
    auto r = obj->get(local, d.attribute_index, nullptr, cursor, w);
    if (r != apdu::DataAccessResult::success || cursor.more || !w.ok()) {
      return r != apdu::DataAccessResult::success ? r : apdu::DataAccessResult::other_reason;
    }
    return detail::copy_element(w.written(), static_cast<std::size_t>(d.data_index) - 1, out);
  }

 private:
  std::span<server::CosemObject* const> objects_;
};

}  // namespace dlms::cosem
