#pragma once
// ConfirmedServiceError (Green Book, xDLMS ASN.1; A-XDR, tag 0x0E): the answer to a confirmed
// service that could not be processed, e.g. an InitiateRequest the server refuses (carried in
// the AARE user-information: 0E 01 06 01 = initiateError, initiate, dlms-version-too-low).
//
//   ConfirmedServiceError ::= CHOICE {
//     initiateError [1] ServiceError, getStatus [2], getNameList [3], getVariableAttribute [4],
//     read [5], write [6], getDataSetAttribute [7], getTIAttribute [8], changeScope [9],
//     start [10], stop [11], resume [12], makeUsable [13], initiateLoad [14], loadSegment [15],
//     terminateLoad [16], initiateUpLoad [17], upLoadSegment [18], terminateUpLoad [19] }
//   ServiceError ::= CHOICE {
//     application-reference [0] IMPLICIT ENUMERATED, hardware-resource [1], vde-state-error [2],
//     service [3], definition [4], access [5], initiate [6], load-data-set [7],
//     change-scope [8], task [9], other [10] }
//
// Encoded as three octets: 0E, the service choice, the error choice, the enumerated value.
// Choices outside these lists are unknown_choice; enumerated values outside the named ones
// of their error choice are invalid_field.

#include <cstdint>

#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

enum class ConfirmedServiceErrorChoice : std::uint8_t {
  initiate_error = 1,
  get_status = 2,
  get_name_list = 3,
  get_variable_attribute = 4,
  read = 5,
  write = 6,
  get_data_set_attribute = 7,
  get_ti_attribute = 8,
  change_scope = 9,
  start = 10,
  stop = 11,
  resume = 12,
  make_usable = 13,
  initiate_load = 14,
  load_segment = 15,
  terminate_load = 16,
  initiate_up_load = 17,
  up_load_segment = 18,
  terminate_up_load = 19,
};

enum class ServiceErrorChoice : std::uint8_t {
  application_reference = 0,
  hardware_resource = 1,
  vde_state_error = 2,
  service = 3,
  definition = 4,
  access = 5,
  initiate = 6,
  load_data_set = 7,
  change_scope = 8,
  task = 9,
  other = 10,
};

enum class ApplicationReferenceError : std::uint8_t {
  other = 0,
  time_elapsed = 1,
  application_unreachable = 2,
  application_reference_invalid = 3,
  application_context_unsupported = 4,
  provider_communication_error = 5,
  deciphering_error = 6,
};
enum class HardwareResourceError : std::uint8_t {
  other = 0,
  memory_unavailable = 1,
  processor_resource_unavailable = 2,
  mass_storage_unavailable = 3,
  other_resource_unavailable = 4,
};
enum class VdeStateError : std::uint8_t {
  other = 0,
  no_dlms_context = 1,
  loading_data_set = 2,
  status_nochange = 3,
  status_inoperable = 4,
};
enum class ServiceServiceError : std::uint8_t {
  other = 0,
  pdu_size = 1,
  service_unsupported = 2,
};
enum class DefinitionError : std::uint8_t {
  other = 0,
  object_undefined = 1,
  object_class_inconsistent = 2,
  object_attribute_inconsistent = 3,
};
enum class AccessError : std::uint8_t {
  other = 0,
  scope_of_access_violated = 1,
  object_access_violated = 2,
  hardware_fault = 3,
  object_unavailable = 4,
};
enum class InitiateError : std::uint8_t {
  other = 0,
  dlms_version_too_low = 1,
  incompatible_conformance = 2,
  pdu_size_too_short = 3,
  refused_by_the_vde_handler = 4,
};
enum class LoadDataSetError : std::uint8_t {
  other = 0,
  primitive_out_of_sequence = 1,
  not_loadable = 2,
  dataset_size_too_large = 3,
  not_awaited_segment = 4,
  interpretation_failure = 5,
  storage_failure = 6,
  data_set_not_ready = 7,
};
enum class TaskError : std::uint8_t {
  other = 0,
  no_remote_control = 1,
  ti_stopped = 2,
  ti_running = 3,
  ti_unusable = 4,
};
// change-scope [8] and other [10] define only other (0).

// The largest named value of each ServiceError choice.
[[nodiscard]] constexpr std::uint8_t max_service_error_value(ServiceErrorChoice choice) noexcept {
  switch (choice) {
    case ServiceErrorChoice::application_reference: return 6;
    case ServiceErrorChoice::hardware_resource: return 4;
    case ServiceErrorChoice::vde_state_error: return 4;
    case ServiceErrorChoice::service: return 2;
    case ServiceErrorChoice::definition: return 3;
    case ServiceErrorChoice::access: return 4;
    case ServiceErrorChoice::initiate: return 4;
    case ServiceErrorChoice::load_data_set: return 7;
    case ServiceErrorChoice::change_scope: return 0;
    case ServiceErrorChoice::task: return 4;
    case ServiceErrorChoice::other: return 0;
  }
  return 0;
}

struct ConfirmedServiceError {
  static constexpr std::uint8_t kTag = 0x0E;

  ConfirmedServiceErrorChoice service = ConfirmedServiceErrorChoice::initiate_error;
  ServiceErrorChoice error = ServiceErrorChoice::initiate;
  std::uint8_t value = 0;  // the enumeration of `error`, e.g. InitiateError

  template <class E>
  static constexpr ConfirmedServiceError make(ConfirmedServiceErrorChoice service, ServiceErrorChoice error,
                                              E value) noexcept {
    return {service, error, static_cast<std::uint8_t>(value)};
  }

  static Result<ConfirmedServiceError> decode(ByteReader& in,
                                              const codec::Limits& limits = codec::kDefaultLimits);
  Status encode(ByteWriter& out) const;

  friend constexpr bool operator==(const ConfirmedServiceError&, const ConfirmedServiceError&) = default;
};

// Decodes `octets` as exactly one ConfirmedServiceError (trailing bytes: trailing_bytes; another
// APDU: unsupported).
Result<ConfirmedServiceError> decode_confirmed_service_error(ByteSpan octets);

}  // namespace dlms::apdu
