#pragma once
// Action-Result ::= ENUMERATED (Green Book xDLMS ASN.1). An outcome, not an error: any octet
// decodes and re-encodes unchanged.

#include <cstdint>

#include "stack/apdu/data_access_result.hpp"

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
    case ActionResult::long_action_aborted: return "long-action-aborted";
    case ActionResult::no_long_action_in_progress: return "no-long-action-in-progress";
    default: break;
  }
  // success .. data-block-unavailable (0..14) and other-reason (250) have the same values and
  // names as in Data-Access-Result; 17..19 name nothing here.
  const auto code = static_cast<std::uint8_t>(r);
  if (code <= static_cast<std::uint8_t>(ActionResult::data_block_unavailable) ||
      r == ActionResult::other_reason) {
    return to_string(static_cast<DataAccessResult>(code));
  }
  return nullptr;
}

}  // namespace dlms::apdu
