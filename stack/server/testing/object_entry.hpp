#pragma once
// object_entry: one line of an association's object list for a test (the object, its class
// and logical name as the object states them, and the access modes of its attributes and
// methods, Blue Book 4.4.3 object_list access_rights). The modes are viewed, not copied: they
// must outlive the entry.

#include <cstdint>
#include <span>

#include "stack/association/access_rights.hpp"
#include "stack/server/cosem_object.hpp"

namespace dlms::server::test_support {

inline association::ObjectAccessRights object_entry(CosemObject& object,
                                                    std::span<const std::uint8_t> attribute_access,
                                                    std::span<const std::uint8_t> method_access = {}) {
  association::ObjectAccessRights e;
  e.object = &object;
  e.class_id = object.class_id();
  e.logical_name = object.logical_name();
  e.attribute_access = attribute_access;
  e.method_access = method_access;
  return e;
}

}  // namespace dlms::server::test_support
