#pragma once
// Shared pieces of the communication setup classes (IEC local port setup, IEC HDLC setup,
// TCP-UDP setup, IPv4 setup, GPRS modem setup), Disconnect control and Limiter:
//   - ChangeNotifier, which tells the object's ChangeObserver (change_observer.hpp) after a
//     client (or the configuration) changed an attribute, so the device can re-apply the
//     setting (e.g. the transport layer re-reads IecHdlcSetup after a set of
//     window_size_transmit); never for a refused value;
//   - strict A-XDR decoders answering with a Data-Access-Result: a value of another type than
//     the Blue Book gives the attribute is type-unmatched, a value of the right type outside the
//     attribute's range is other-reason (the Blue Book names no result for a range error).

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "cosem_objects/change_observer.hpp"
#include "cosem_objects/interface_class.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::cosem {

namespace classes3_detail {

using apdu::DataAccessResult;
using codec::DataType;
using codec::DataView;

inline constexpr DataAccessResult kTypeError = DataAccessResult::type_unmatched;
inline constexpr DataAccessResult kRangeError = DataAccessResult::other_reason;

// Holds the observer of one object.
struct ChangeNotifier {
  ChangeObserver* observer = nullptr;
  void notify(InterfaceClass& object, std::int8_t attribute_id) const {
    if (observer != nullptr) {
      observer->attribute_changed(object, attribute_id);
    }
  }
};

inline DataAccessResult finish(const ByteWriter& out) noexcept {
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

// An octet-string of at most N octets, stored in place.
template <std::size_t N>
class BoundedOctets {
 public:
  static constexpr std::size_t kCapacity = N;
  constexpr BoundedOctets() noexcept = default;
  // False (and nothing changed) when `bytes` is longer than N.
  bool assign(ByteSpan bytes) noexcept {
    if (bytes.size() > N) {
      return false;
    }
    std::copy(bytes.begin(), bytes.end(), data_.begin());
    size_ = bytes.size();
    return true;
  }
  [[nodiscard]] ByteSpan view() const noexcept { return ByteSpan(data_.data(), size_); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  std::array<std::uint8_t, N> data_{};
  std::size_t size_ = 0;
};

inline DataAccessResult check_type(const DataView& v, DataType t) noexcept {
  return v.type() == t ? DataAccessResult::success : kTypeError;
}

template <class T>
DataAccessResult read_integer(const DataView& v, DataType t, T min, T max, T& out) noexcept {
  if (v.type() != t) {
    return kTypeError;
  }
  T value{};
  if (!v.get(value)) {
    return kTypeError;  // the tag's width cannot hold more than T: unreachable for matching T
  }
  if (value < min || value > max) {
    return kRangeError;
  }
  out = value;
  return DataAccessResult::success;
}

inline DataAccessResult read_enum(const DataView& v, std::uint8_t max, std::uint8_t& out) noexcept {
  return read_integer<std::uint8_t>(v, DataType::enum_, 0, max, out);
}
inline DataAccessResult read_unsigned(const DataView& v, std::uint8_t min, std::uint8_t max,
                                      std::uint8_t& out) noexcept {
  return read_integer<std::uint8_t>(v, DataType::unsigned_, min, max, out);
}
inline DataAccessResult read_long_unsigned(const DataView& v, std::uint16_t min, std::uint16_t max,
                                           std::uint16_t& out) noexcept {
  return read_integer<std::uint16_t>(v, DataType::long_unsigned, min, max, out);
}
inline DataAccessResult read_double_long_unsigned(const DataView& v, std::uint32_t& out) noexcept {
  return read_integer<std::uint32_t>(v, DataType::double_long_unsigned, 0, 0xFFFFFFFFU, out);
}
inline DataAccessResult read_boolean(const DataView& v, bool& out) noexcept {
  if (v.type() != DataType::boolean) {
    return kTypeError;
  }
  auto b = v.as_bool();
  if (!b) {
    return kTypeError;
  }
  out = *b;
  return DataAccessResult::success;
}
// An octet-string of min_size..max_size octets.
inline DataAccessResult read_octets(const DataView& v, std::size_t min_size, std::size_t max_size,
                                    ByteSpan& out) noexcept {
  if (v.type() != DataType::octet_string) {
    return kTypeError;
  }
  auto o = v.as_octets();
  if (!o) {
    return kTypeError;
  }
  if (o->size() < min_size || o->size() > max_size) {
    return kRangeError;
  }
  out = *o;
  return DataAccessResult::success;
}
// A logical name: octet-string (SIZE(6)).
inline DataAccessResult read_logical_name(const DataView& v, apdu::ObisCode& out) noexcept {
  ByteSpan o;
  if (const auto r = read_octets(v, 6, 6, o); r != DataAccessResult::success) {
    return r;
  }
  std::copy(o.begin(), o.end(), out.bytes.begin());
  return DataAccessResult::success;
}
// A structure of exactly `count` elements.
inline DataAccessResult check_structure(const DataView& v, std::size_t count) noexcept {
  if (v.type() != DataType::structure || v.size() != count) {
    return kTypeError;
  }
  return DataAccessResult::success;
}

// Baud rates of the Blue Book's baud-rate enum (IEC local port setup default_baud / prop_baud,
// IEC HDLC setup comm_speed): (0) 300 .. (9) 115200.
inline constexpr std::array<std::uint32_t, 10> kBaudRates{300,  600,   1200,  2400,  4800,
                                                          9600, 19200, 38400, 57600, 115200};
inline constexpr std::uint8_t kMaxBaudCode = 9;

}  // namespace classes3_detail
}  // namespace dlms::cosem
