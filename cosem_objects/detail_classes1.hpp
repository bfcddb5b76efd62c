#pragma once
// Helpers shared by the register, time and scheduling classes (Register, Extended register,
// Demand register, Register activation, Register monitor, Clock, Script table, Schedule,
// Special days table, Single action schedule, Activity calendar). Internal to cosem_objects/.
//
// A Shape describes the A-XDR type a Blue Book attribute or method parameter requires
// (tag, string length / array count / integer range, structure fields, and the date/time
// format of an octet-string); matches() checks a decoded value against it without
// allocating. Classes then check what a Shape cannot say (uniqueness, references, capacity).

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

#include "cosem_objects/change_observer.hpp"  // for the classes that take their observer from here
#include "stack/apdu/action_result.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/cosem_date_time.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::cosem::detail1 {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
using codec::DataView;

// What an octet-string (or a dont_care value) must hold beyond its type.
enum class Format : std::uint8_t {
  none,
  date_time,  // octet-string(12), Blue Book 4.1.6.1 date-time
  date,       // octet-string(5)
  time,       // octet-string(4)
  simple,     // with dont_care: any value but array / structure / compact-array
};

struct Shape {
  DataType type = DataType::dont_care;  // dont_care: any value (see Format::simple)
  // Strings: length in octets (bit-string: in bits); array: element count; integer types:
  // value range.
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const Shape* inner = nullptr;  // array: the element shape; structure: `fields` shapes
  std::uint8_t fields = 0;
  Format format = Format::none;
};

[[nodiscard]] inline bool is_container(DataType t) noexcept {
  return t == DataType::array || t == DataType::structure || t == DataType::compact_array;
}

[[nodiscard]] inline bool in_range(std::int64_t n, const Shape& s) noexcept {
  return n >= s.min && n <= s.max;
}

[[nodiscard]] inline bool matches(const DataView& v, const Shape& s) noexcept {
  if (s.type == DataType::dont_care) {
    return s.format != Format::simple || !is_container(v.type());
  }
  if (v.type() != s.type) {
    return false;
  }
  switch (s.type) {
    case DataType::octet_string: {
      const auto o = v.as_octets();
      if (!o || !in_range(static_cast<std::int64_t>(o->size()), s)) {
        return false;
      }
      switch (s.format) {
        case Format::date_time: return static_cast<bool>(codec::CosemDateTime::decode(*o));
        case Format::date: return static_cast<bool>(codec::CosemDate::decode(*o));
        case Format::time: return static_cast<bool>(codec::CosemTime::decode(*o));
        default: return true;
      }
    }
    case DataType::visible_string:
    case DataType::utf8_string: {
      const auto t = v.as_string();
      return t && in_range(static_cast<std::int64_t>(t->size()), s);
    }
    case DataType::bit_string: {
      const auto b = v.as_bit_string();
      return b && in_range(static_cast<std::int64_t>(b->bit_count), s);
    }
    case DataType::array: {
      if (!in_range(static_cast<std::int64_t>(v.size()), s)) {
        return false;
      }
      for (const DataView e : v.elements()) {
        if (s.inner != nullptr && !matches(e, *s.inner)) {
          return false;
        }
      }
      return true;
    }
    case DataType::structure: {
      if (v.size() != s.fields) {
        return false;
      }
      std::size_t i = 0;
      for (const DataView e : v.elements()) {
        if (!matches(e, s.inner[i++])) {
          return false;
        }
      }
      return true;
    }
    case DataType::integer:
    case DataType::long_:
    case DataType::unsigned_:
    case DataType::long_unsigned:
    case DataType::double_long:
    case DataType::double_long_unsigned:
    case DataType::long64:
    case DataType::enum_: {
      std::int64_t n = 0;
      return v.get(n) && in_range(n, s);
    }
    default: return true;
  }
}

// The first check of a set of a table attribute (an array of entries the class holds at most
// `capacity` of): type-unmatched unless `v` has shape `s`, other-reason when it has more than
// `capacity` elements, success otherwise. The class then checks what the Shape cannot say.
[[nodiscard]] inline DataAccessResult check_table(const DataView& v, const Shape& s,
                                                  std::size_t capacity) noexcept {
  if (!matches(v, s)) {
    return DataAccessResult::type_unmatched;
  }
  return v.size() > capacity ? DataAccessResult::other_reason : DataAccessResult::success;
}

// Element i of a validated array or structure (i < size()).
[[nodiscard]] inline DataView element(const DataView& v, std::size_t i) noexcept {
  auto it = v.elements().begin();
  for (std::size_t k = 0; k < i; ++k) {
    ++it;
  }
  return *it;
}

template <class T>
[[nodiscard]] inline T integer_of(const DataView& v) noexcept {
  T out{};
  (void)v.get(out);
  return out;
}

[[nodiscard]] inline ByteSpan octets_of(const DataView& v) noexcept {
  const auto o = v.as_octets();
  return o ? *o : ByteSpan();
}

[[nodiscard]] inline apdu::ObisCode obis_of(const DataView& v) noexcept {
  apdu::ObisCode c;
  const ByteSpan o = octets_of(v);
  if (o.size() == 6) {
    std::copy(o.begin(), o.end(), c.bytes.begin());
  }
  return c;
}

[[nodiscard]] inline bool same_octets(ByteSpan a, ByteSpan b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// An attribute held as its validated A-XDR encoding (host classes own their values).
using Encoding = std::vector<std::uint8_t>;

inline void assign(Encoding& e, const DataView& v) { e.assign(v.encoded().begin(), v.encoded().end()); }
[[nodiscard]] inline DataView view_of(const Encoding& e) noexcept {
  return DataView::from_validated(ByteSpan(e.data(), e.size()));
}
[[nodiscard]] inline Encoding encoding_of(std::initializer_list<std::uint8_t> bytes) {
  return Encoding(bytes);
}

[[nodiscard]] inline DataAccessResult write_result(const ByteWriter& out) noexcept {
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

// The parameter `data ::= integer(0)` of the Blue Book's parameterless methods (Register
// reset, Clock adjust_to_*, Activity calendar activate_passive_calendar). A request without
// parameters is taken as integer(0) too.
[[nodiscard]] inline bool integer_zero(const DataView* p) noexcept {
  if (p == nullptr) {
    return true;
  }
  return p->type() == DataType::integer && integer_of<std::int8_t>(*p) == 0;
}

// scal_unit_type ::= structure { scaler integer, unit enum } (Blue Book 4.3.2); unit 0 is not
// defined in the unit table.
inline constexpr Shape kScalerUnitFields[] = {
    {.type = DataType::integer},
    {.type = DataType::enum_, .min = 1, .max = 255},
};
inline constexpr Shape kScalerUnit{.type = DataType::structure, .inner = kScalerUnitFields, .fields = 2};
// Default scaler_unit: scaler 0, unit 255 (count, no unit).
inline Encoding default_scaler_unit() { return {0x02, 0x02, 0x0F, 0x00, 0x16, 0xFF}; }

// The value types of Register / Extended register / Demand register value attributes (Blue Book
// 4.3.2: the CHOICE of simple types, instance specific).
[[nodiscard]] inline bool is_register_value_type(DataType t) noexcept {
  switch (t) {
    case DataType::null_data:
    case DataType::boolean:
    case DataType::bit_string:
    case DataType::double_long:
    case DataType::double_long_unsigned:
    case DataType::octet_string:
    case DataType::visible_string:
    case DataType::utf8_string:
    case DataType::bcd:
    case DataType::integer:
    case DataType::long_:
    case DataType::unsigned_:
    case DataType::long_unsigned:
    case DataType::long64:
    case DataType::long64_unsigned:
    case DataType::enum_:
    case DataType::float32:
    case DataType::float64: return true;
    default: return false;
  }
}

// A new value for an attribute whose type the instance fixes: a local (configuration) set
// may give any allowed type; a client must keep the configured type (null-data: not yet
// configured, anything allowed).
[[nodiscard]] inline bool keeps_type(const Encoding& current, const DataView& next, bool local) noexcept {
  if (local || current.empty() || current[0] == static_cast<std::uint8_t>(DataType::null_data)) {
    return true;
  }
  return static_cast<std::uint8_t>(next.type()) == current[0];
}

// The reset value of a simple value: zero of the same type (numbers 0, strings empty,
// bit-strings all bits clear, boolean false). The Blue Book leaves the default "instance
// specific"; zero is what register resets mean in practice.
[[nodiscard]] inline Encoding zero_of(const Encoding& current) {
  if (current.empty()) {
    return {0x00};
  }
  const auto t = static_cast<DataType>(current[0]);
  switch (t) {
    case DataType::octet_string:
    case DataType::visible_string:
    case DataType::utf8_string: return {current[0], 0x00};
    case DataType::bit_string: {
      const auto v = view_of(current);
      const auto b = v.as_bit_string();
      const ByteSpan content = v.encoded().subspan(0, v.encoded().size() - (b ? b->bytes.size() : 0));
      Encoding e(content.begin(), content.end());
      e.resize(current.size(), 0x00);
      return e;
    }
    default: {
      Encoding e(current.size(), 0x00);
      e[0] = current[0];
      return e;
    }
  }
}

// date-time "not specified" (every field 0xFF, deviation 0x8000) as octet-string(12).
inline Encoding unspecified_date_time() {
  return {0x09, 0x0C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0xFF};
}
inline Encoding date_time_encoding(const codec::CosemDateTime& t) {
  Encoding e{0x09, 0x0C};
  const auto o = t.encode();
  e.insert(e.end(), o.begin(), o.end());
  return e;
}

}  // namespace dlms::cosem::detail1
