#include "stack/client/dlms_outcome.hpp"

namespace dlms::client {
namespace {

class TextBuilder {
 public:
  explicit TextBuilder(DlmsOutcome::Text& t) noexcept : t_(t) {}
  TextBuilder& put(const char* s) noexcept {
    if (s == nullptr) {
      s = "(unnamed)";
    }
    while (*s != '\0' && t_.size < t_.chars.size()) {
      t_.chars[t_.size++] = *s++;
    }
    return *this;
  }
  TextBuilder& num(unsigned v) noexcept {
    char digits[4] = {};
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10U);
      v /= 10U;
    } while (v != 0 && n < 3);
    while (n > 0 && t_.size < t_.chars.size()) {
      t_.chars[t_.size++] = digits[--n];
    }
    return *this;
  }

 private:
  DlmsOutcome::Text& t_;
};

const char* confirmed_service_name(apdu::ConfirmedServiceErrorChoice c) noexcept {
  using C = apdu::ConfirmedServiceErrorChoice;
  switch (c) {
    case C::initiate_error: return "initiateError";
    case C::get_status: return "getStatus";
    case C::get_name_list: return "getNameList";
    case C::get_variable_attribute: return "getVariableAttribute";
    case C::read: return "read";
    case C::write: return "write";
    case C::get_data_set_attribute: return "getDataSetAttribute";
    case C::get_ti_attribute: return "getTIAttribute";
    case C::change_scope: return "changeScope";
    case C::start: return "start";
    case C::stop: return "stop";
    case C::resume: return "resume";
    case C::make_usable: return "makeUsable";
    case C::initiate_load: return "initiateLoad";
    case C::load_segment: return "loadSegment";
    case C::terminate_load: return "terminateLoad";
    case C::initiate_up_load: return "initiateUpLoad";
    case C::up_load_segment: return "upLoadSegment";
    case C::terminate_up_load: return "terminateUpLoad";
  }
  return nullptr;
}

const char* service_error_choice_name(apdu::ServiceErrorChoice c) noexcept {
  using C = apdu::ServiceErrorChoice;
  switch (c) {
    case C::application_reference: return "application-reference";
    case C::hardware_resource: return "hardware-resource";
    case C::vde_state_error: return "vde-state-error";
    case C::service: return "service";
    case C::definition: return "definition";
    case C::access: return "access";
    case C::initiate: return "initiate";
    case C::load_data_set: return "load-data-set";
    case C::change_scope: return "change-scope";
    case C::task: return "task";
    case C::other: return "other";
  }
  return nullptr;
}

const char* initiate_error_name(std::uint8_t v) noexcept {
  switch (static_cast<apdu::InitiateError>(v)) {
    case apdu::InitiateError::other: return "other";
    case apdu::InitiateError::dlms_version_too_low: return "dlms-version-too-low";
    case apdu::InitiateError::incompatible_conformance: return "incompatible-conformance";
    case apdu::InitiateError::pdu_size_too_short: return "pdu-size-too-short";
    case apdu::InitiateError::refused_by_the_vde_handler: return "refused-by-the-vde-handler";
  }
  return nullptr;
}

}  // namespace

const char* to_string(apdu::AssociationResult r) noexcept {
  switch (r) {
    case apdu::AssociationResult::accepted: return "accepted";
    case apdu::AssociationResult::rejected_permanent: return "rejected-permanent";
    case apdu::AssociationResult::rejected_transient: return "rejected-transient";
  }
  return nullptr;
}

const char* to_string(apdu::ResultSourceDiagnostic d) noexcept {
  if (d.source == apdu::DiagnosticSource::acse_service_provider) {
    switch (static_cast<apdu::AcseServiceProvider>(d.value)) {
      case apdu::AcseServiceProvider::null: return "null";
      case apdu::AcseServiceProvider::no_reason_given: return "no-reason-given";
      case apdu::AcseServiceProvider::no_common_acse_version: return "no-common-acse-version";
    }
    return nullptr;
  }
  using U = apdu::AcseServiceUser;
  switch (static_cast<U>(d.value)) {
    case U::null: return "null";
    case U::no_reason_given: return "no-reason-given";
    case U::application_context_name_not_supported: return "application-context-name-not-supported";
    case U::calling_ap_title_not_recognized: return "calling-AP-title-not-recognized";
    case U::calling_ap_invocation_identifier_not_recognized:
      return "calling-AP-invocation-identifier-not-recognized";
    case U::calling_ae_qualifier_not_recognized: return "calling-AE-qualifier-not-recognized";
    case U::calling_ae_invocation_identifier_not_recognized:
      return "calling-AE-invocation-identifier-not-recognized";
    case U::called_ap_title_not_recognized: return "called-AP-title-not-recognized";
    case U::called_ap_invocation_identifier_not_recognized:
      return "called-AP-invocation-identifier-not-recognized";
    case U::called_ae_qualifier_not_recognized: return "called-AE-qualifier-not-recognized";
    case U::called_ae_invocation_identifier_not_recognized:
      return "called-AE-invocation-identifier-not-recognized";
    case U::authentication_mechanism_name_not_recognised:
      return "authentication-mechanism-name-not-recognised";
    case U::authentication_mechanism_name_required: return "authentication-mechanism-name-required";
    case U::authentication_failure: return "authentication-failure";
    case U::authentication_required: return "authentication-required";
  }
  return nullptr;
}

const char* to_string(apdu::StateError e) noexcept {
  switch (e) {
    case apdu::StateError::service_not_allowed: return "service-not-allowed";
    case apdu::StateError::service_unknown: return "service-unknown";
  }
  return nullptr;
}

const char* to_string(apdu::ServiceError e) noexcept {
  switch (e) {
    case apdu::ServiceError::operation_not_possible: return "operation-not-possible";
    case apdu::ServiceError::service_not_supported: return "service-not-supported";
    case apdu::ServiceError::other_reason: return "other-reason";
    case apdu::ServiceError::pdu_too_long: return "pdu-too-long";
    case apdu::ServiceError::deciphering_error: return "deciphering-error";
    case apdu::ServiceError::invocation_counter_error: return "invocation-counter-error";
  }
  return nullptr;
}

const char* DlmsOutcome::kind_name() const noexcept {
  switch (kind) {
    case Kind::success: return "success";
    case Kind::data_access_result: return "data-access-result";
    case Kind::action_result: return "action-result";
    case Kind::exception_response: return "exception-response";
    case Kind::confirmed_service_error: return "confirmed-service-error";
    case Kind::association_rejected: return "association";
  }
  return "outcome";
}

DlmsOutcome::Text DlmsOutcome::describe() const noexcept {
  Text t;
  TextBuilder b(t);
  switch (kind) {
    case Kind::success: b.put("success"); break;
    case Kind::data_access_result:
      b.put("data-access-result ")
          .put(to_string(static_cast<apdu::DataAccessResult>(code)))
          .put(" (")
          .num(code)
          .put(")");
      break;
    case Kind::action_result:
      b.put("action-result ")
          .put(to_string(static_cast<apdu::ActionResult>(code)))
          .put(" (")
          .num(code)
          .put(")");
      break;
    case Kind::exception_response:
      b.put("exception-response ")
          .put(to_string(exception.state_error))
          .put(" / ")
          .put(to_string(exception.service_error));
      if (exception.service_error == apdu::ServiceError::invocation_counter_error) {
        b.put(" (expected invocation counter ");
        // Up to 10 digits: print in two halves to reuse num() (3 digits each) would be clumsy;
        // write it out directly.
        char digits[10] = {};
        int n = 0;
        std::uint32_t v = exception.invocation_counter;
        do {
          digits[n++] = static_cast<char>('0' + v % 10U);
          v /= 10U;
        } while (v != 0);
        char one[2] = {};
        while (n > 0) {
          one[0] = digits[--n];
          b.put(one);
        }
        b.put(")");
      }
      break;
    case Kind::confirmed_service_error:
      b.put("confirmed-service-error ")
          .put(confirmed_service_name(service_error.service))
          .put(" / ")
          .put(service_error_choice_name(service_error.error));
      if (service_error.error == apdu::ServiceErrorChoice::initiate) {
        b.put(" ").put(initiate_error_name(service_error.value));
      }
      b.put(" (").num(service_error.value).put(")");
      break;
    case Kind::association_rejected:
      b.put("association ")
          .put(to_string(association_result))
          .put(": ")
          .put(diagnostic.source == apdu::DiagnosticSource::acse_service_provider ? "acse-service-provider "
                                                                                  : "acse-service-user ")
          .put(to_string(diagnostic))
          .put(" (")
          .num(diagnostic.value)
          .put(")");
      break;
  }
  return t;
}

}  // namespace dlms::client
