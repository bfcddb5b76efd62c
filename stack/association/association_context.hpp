#pragma once
// AssociationContext: what a COSEM object may see of the application association a request
// came in on (the Association LN object, class 15, shows and drives it; Blue Book 4.4.4,
// Green Book 9.4 "application association"). Implemented by the association state machine of
// this folder; objects reach it through server::RequestContext::association.

#include <cstdint>

#include "stack/apdu/action_result.hpp"
#include "stack/apdu/application_context.hpp"
#include "stack/apdu/conformance.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"

namespace dlms::association {

// Association LN attribute 8 association_status (enum).
enum class AssociationStatus : std::uint8_t { non_associated = 0, association_pending = 1, associated = 2 };

// What the AARQ/AARE exchange settled (Association LN attributes 3 to 6).
struct NegotiatedContext {
  std::uint16_t client_sap = 0;
  std::uint16_t server_sap = 0;  // the logical device's address
  apdu::ApplicationContextName application_context = apdu::ApplicationContextName::logical_name;
  apdu::MechanismName mechanism = apdu::MechanismName::lowest_level_security;
  apdu::ConformanceBlock conformance;             // negotiated (intersection)
  std::uint16_t client_max_receive_pdu_size = 0;  // what the server may send
  std::uint16_t server_max_receive_pdu_size = 0;  // what the client may send
  std::uint8_t dlms_version = 6;
  std::uint8_t security_suite = 0;
};

class AssociationContext {
 public:
  virtual ~AssociationContext() = default;

  [[nodiscard]] virtual AssociationStatus status() const noexcept = 0;
  [[nodiscard]] virtual const NegotiatedContext& negotiated() const noexcept = 0;
  // The objects this association sees, with its access rights (Association LN object_list).
  [[nodiscard]] virtual const AssociationObjectList& object_list() const noexcept = 0;
  // The client's and server's system titles when ciphering is in use (empty otherwise).
  [[nodiscard]] virtual ByteSpan client_system_title() const noexcept = 0;
  [[nodiscard]] virtual ByteSpan server_system_title() const noexcept = 0;
  // Association LN attribute 9 security_setup_reference: the Security setup object whose
  // state the association uses; nullptr when the association does not say (the object shows
  // its own configured value then).
  [[nodiscard]] virtual const apdu::ObisCode* security_setup_reference() const noexcept { return nullptr; }

  // Association LN method 1 reply_to_HLS_authentication (HLS pass 3 and 4): checks the
  // client's f(StoC); on success the association becomes associated and f(CtoS) is written
  // to `f_ctos` (as one octet-string Data, the method's return value); on failure the result
  // is not success and the association is not established (Green Book 9.2.7.4).
  virtual apdu::ActionResult reply_to_hls_authentication(ByteSpan f_stoc, ByteWriter& f_ctos) = 0;
  // Association LN method 2 change_HLS_secret and attribute 7 LLS secret write.
  virtual apdu::ActionResult change_hls_secret(ByteSpan secret) = 0;
  virtual apdu::DataAccessResult set_lls_secret(ByteSpan secret) = 0;
};

}  // namespace dlms::association
