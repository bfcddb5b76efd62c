#pragma once
// The interface classes this library implements, by class id: their descriptions and a
// factory. Used by the object-list generator (validation, and the generated code's
// construction) and by the conformance harness.

#include <cstdint>
#include <memory>
#include <span>

#include "cosem_objects/class_description.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

// Every implemented class, ordered by class id.
std::span<const ClassDescription* const> all_classes() noexcept;
// The implemented version of class `class_id`, or nullptr.
const ClassDescription* find_class(std::uint16_t class_id) noexcept;
// A new object of class `class_id` with default attribute values, or nullptr for a class
// this library does not implement.
std::unique_ptr<InterfaceClass> create_object(std::uint16_t class_id, const apdu::ObisCode& logical_name);

}  // namespace dlms::cosem
