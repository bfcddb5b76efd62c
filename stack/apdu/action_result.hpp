#pragma once
// Action-Result ::= ENUMERATED (Green Book xDLMS ASN.1). An outcome, not an error: any octet
// decodes and re-encodes unchanged.

#include <cstdint>

namespace dlms::apdu {

enum class ActionResult : std::uint8_t {
  success = 0,
  hardware_fault = 1,
  temporary_failure = 2,
  read_write_denied = 3,
  object_undefined = 4,
  object_class_inconsistent = 9,
  object_unavailable = 11,
  type_unmatched = 12,
  scope_of_access_violated = 13,
  data_block_unavailable = 14,
  long_action_aborted = 15,
  no_long_action_in_progress = 16,
  other_reason = 250,
};

// The ASN.1 name, or nullptr for a value the standard does not define.
constexpr const char* to_string(ActionResult r) noexcept {
  switch (r) {
    case ActionResult::success: return "success";
    case ActionResult::hardware_fault: return "hardware-fault";
    case ActionResult::temporary_failure: return "temporary-failure";
    case ActionResult::read_write_denied: return "read-write-denied";
    case ActionResult::object_undefined: return "object-undefined";
    case ActionResult::object_class_inconsistent: return "object-class-inconsistent";
    case ActionResult::object_unavailable: return "object-unavailable";
    case ActionResult::type_unmatched: return "type-unmatched";
    case ActionResult::scope_of_access_violated: return "scope-of-access-violated";
    case ActionResult::data_block_unavailable: return "data-block-unavailable";
    case ActionResult::long_action_aborted: return "long-action-aborted";
    case ActionResult::no_long_action_in_progress: return "no-long-action-in-progress";
    case ActionResult::other_reason: return "other-reason";
  }
  return nullptr;
}

}  // namespace dlms::apdu
