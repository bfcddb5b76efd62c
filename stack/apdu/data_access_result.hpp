#pragma once
// Data-Access-Result ::= ENUMERATED (Green Book xDLMS ASN.1). An outcome, not an error: any
// octet decodes (unknown values are kept as they are and re-encode unchanged).

#include <cstdint>

namespace dlms::apdu {

enum class DataAccessResult : std::uint8_t {
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
  long_get_aborted = 15,
  no_long_get_in_progress = 16,
  long_set_aborted = 17,
  no_long_set_in_progress = 18,
  data_block_number_invalid = 19,
  other_reason = 250,
};

// The ASN.1 name ("read-write-denied"), or nullptr for a value the standard does not define.
constexpr const char* to_string(DataAccessResult r) noexcept {
  switch (r) {
    case DataAccessResult::success: return "success";
    case DataAccessResult::hardware_fault: return "hardware-fault";
    case DataAccessResult::temporary_failure: return "temporary-failure";
    case DataAccessResult::read_write_denied: return "read-write-denied";
    case DataAccessResult::object_undefined: return "object-undefined";
    case DataAccessResult::object_class_inconsistent: return "object-class-inconsistent";
    case DataAccessResult::object_unavailable: return "object-unavailable";
    case DataAccessResult::type_unmatched: return "type-unmatched";
    case DataAccessResult::scope_of_access_violated: return "scope-of-access-violated";
    case DataAccessResult::data_block_unavailable: return "data-block-unavailable";
    case DataAccessResult::long_get_aborted: return "long-get-aborted";
    case DataAccessResult::no_long_get_in_progress: return "no-long-get-in-progress";
    case DataAccessResult::long_set_aborted: return "long-set-aborted";
    case DataAccessResult::no_long_set_in_progress: return "no-long-set-in-progress";
    case DataAccessResult::data_block_number_invalid: return "data-block-number-invalid";
    case DataAccessResult::other_reason: return "other-reason";
  }
  return nullptr;
}

}  // namespace dlms::apdu
