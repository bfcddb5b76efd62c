#pragma once
// Access rights of one association to the objects of its logical device (Blue Book 4.4.4,
// Association LN version 3, attribute 2 object_list, access_rights). Version 3 encodes both
// attribute and method access modes as bit flags; the engine checks them before an object sees
// a request.

#include <algorithm>
#include <cstdint>
#include <span>

#include "stack/apdu/obis_code.hpp"

namespace dlms::server {
class CosemObject;
}  // namespace dlms::server

namespace dlms::association {

using server::CosemObject;

// attribute_access_mode / method_access_mode of Association LN v3 (bit-mapped).
namespace access {
inline constexpr std::uint8_t kNone = 0x00;
inline constexpr std::uint8_t kRead = 0x01;    // attributes: read-access; methods: access
inline constexpr std::uint8_t kWrite = 0x02;   // attributes only
inline constexpr std::uint8_t kAccess = 0x01;  // methods
inline constexpr std::uint8_t kAuthenticatedRequest = 0x04;
inline constexpr std::uint8_t kEncryptedRequest = 0x08;
inline constexpr std::uint8_t kDigitallySignedRequest = 0x10;
inline constexpr std::uint8_t kAuthenticatedResponse = 0x20;
inline constexpr std::uint8_t kEncryptedResponse = 0x40;
inline constexpr std::uint8_t kDigitallySignedResponse = 0x80;
inline constexpr std::uint8_t kReadWrite = kRead | kWrite;
// The request protection bits; a request must carry at least these protections.
inline constexpr std::uint8_t kRequestProtection =
    kAuthenticatedRequest | kEncryptedRequest | kDigitallySignedRequest;
inline constexpr std::uint8_t kResponseProtection =
    kAuthenticatedResponse | kEncryptedResponse | kDigitallySignedResponse;
}  // namespace access

// One entry of an association's object list: the object and what this association may do with
// it. attribute_access[i] is the mode of attribute i + 1 and method_access[i] that of method
// i + 1; an id past the end of a span has no access.
struct ObjectAccessRights {
  CosemObject* object = nullptr;
  std::uint16_t class_id = 0;  // copies of the object's identity, for lookup without a virtual call
  apdu::ObisCode logical_name;
  std::span<const std::uint8_t> attribute_access;
  std::span<const std::uint8_t> method_access;

  [[nodiscard]] constexpr std::uint8_t attribute_mode(std::int8_t id) const noexcept {
    return id > 0 && static_cast<std::size_t>(id) <= attribute_access.size()
               ? attribute_access[static_cast<std::size_t>(id) - 1]
               : access::kNone;
  }
  [[nodiscard]] constexpr std::uint8_t method_mode(std::int8_t id) const noexcept {
    return id > 0 && static_cast<std::size_t>(id) <= method_access.size()
               ? method_access[static_cast<std::size_t>(id) - 1]
               : access::kNone;
  }
};

// Orders entries by logical name, then class id (what AssociationObjectList::find needs).
[[nodiscard]] constexpr bool object_order(const ObjectAccessRights& a, const ObjectAccessRights& b) noexcept {
  if (a.logical_name.bytes != b.logical_name.bytes) {
    return a.logical_name.bytes < b.logical_name.bytes;
  }
  return a.class_id < b.class_id;
}

// The objects an association sees (its Association LN object_list), with their rights. The
// entries are owned by whoever configures the association; they must be sorted with
// object_order (sort_object_list does it once at configuration time). Lookup is a binary
// search: no allocation, no virtual call.
class AssociationObjectList {
 public:
  constexpr AssociationObjectList() noexcept = default;
  constexpr explicit AssociationObjectList(std::span<const ObjectAccessRights> sorted) noexcept
      : entries_(sorted) {}

  [[nodiscard]] constexpr std::span<const ObjectAccessRights> entries() const noexcept { return entries_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return entries_.size(); }

  // The entry for (class_id, logical_name), or nullptr when this association does not see it.
  [[nodiscard]] constexpr const ObjectAccessRights* find(std::uint16_t class_id,
                                                         const apdu::ObisCode& logical_name) const noexcept {
    ObjectAccessRights key;
    key.class_id = class_id;
    key.logical_name = logical_name;
    const auto* it = std::lower_bound(entries_.data(), entries_.data() + entries_.size(), key, object_order);
    if (it == entries_.data() + entries_.size() || it->class_id != class_id ||
        !(it->logical_name == logical_name)) {
      return nullptr;
    }
    return it;
  }
  // Any entry with this logical name (for telling object-class-inconsistent from object-undefined).
  [[nodiscard]] constexpr const ObjectAccessRights* find_name(
      const apdu::ObisCode& logical_name) const noexcept {
    ObjectAccessRights key;
    key.logical_name = logical_name;
    const auto* it = std::lower_bound(entries_.data(), entries_.data() + entries_.size(), key, object_order);
    if (it == entries_.data() + entries_.size() || !(it->logical_name == logical_name)) {
      return nullptr;
    }
    return it;
  }

 private:
  std::span<const ObjectAccessRights> entries_;
};

inline void sort_object_list(std::span<ObjectAccessRights> entries) noexcept {
  std::sort(entries.begin(), entries.end(), object_order);
}

}  // namespace dlms::association
