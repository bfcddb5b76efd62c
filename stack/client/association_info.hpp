#pragma once
// AssociationInfo: what the AARE (and HLS pass 4) settled, as the client sees it (Green Book
// 9.4.2 / 9.3.2 AARE parameters, xDLMS InitiateResponse).

#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/apdu/acse_types.hpp"
#include "stack/apdu/application_context.hpp"
#include "stack/apdu/conformance.hpp"
#include "stack/client/dlms_outcome.hpp"
#include "stack/security/hls.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::client {

struct AssociationInfo {
  // Accepted and (for HLS) pass 3/4 completed: services may be used.
  bool associated = false;
  // success, or why not: AARE rejection with its diagnostic, a ConfirmedServiceError in the
  // AARE, or the action-result of a refused reply_to_HLS_authentication.
  DlmsOutcome outcome;
  apdu::AssociationResult result = apdu::AssociationResult::accepted;
  apdu::ResultSourceDiagnostic diagnostic;
  apdu::ApplicationContextName application_context = apdu::ApplicationContextName::logical_name;
  security::AuthenticationMechanism mechanism = security::AuthenticationMechanism::none;
  apdu::ConformanceBlock proposed_conformance;
  apdu::ConformanceBlock negotiated_conformance;
  std::uint16_t client_max_receive_pdu_size = 0;
  std::uint16_t server_max_receive_pdu_size = 0;
  std::uint8_t dlms_version = 0;
  std::uint16_t vaa_name = 0;
  bool has_server_system_title = false;
  security::SystemTitle server_system_title;
  bool hls_completed = false;               // pass 3/4 done and f(CtoS) verified
  bool initiate_response_ciphered = false;  // the AARE's InitiateResponse came glo-ciphered
  // StoC as received (HLS), copied.
  std::array<std::uint8_t, security::kMaxChallengeSize> server_challenge{};
  std::size_t server_challenge_size = 0;
};

}  // namespace dlms::client
