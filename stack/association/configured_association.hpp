#pragma once
// ConfiguredAssociation: one configured application association (AssociationConfig) as its
// own Association LN object shows it to every client (0-0:40.0.e.255, e = 1.. the instance of
// the association; 0-0:40.0.0.255 is the current association, the one each request came in on:
// Blue Book 4.4.4 and OBIS 7.4.5.2). Not a live association: what it shows is configuration,
// and its status is whether some connection holds it now.
//   object_list (2)                 the association's object list with its access rights
//   associated_partners_id (3)      its client SAP and the logical device's server SAP
//   application_context_name (4)    the context it accepts (the ciphered one when configured)
//   xDLMS_context_info (5)          what the server grants: conformance, max receive PDU size
//                                   (also shown as max send: the server never sends more than it
//                                   accepts, server_association.cpp caps it so), DLMS version 6
//   authentication_mechanism (6)    its mechanism
//   association_status (8)          associated(2) while AssociationConfig::associated_now > 0,
//                                   else non-associated(0)
//   security_setup_reference (9)    its Security setup object
// Methods: reply_to_HLS_authentication belongs to the association being authenticated (the
// current one; Green Book 9.2.7.4 pass 3): refused here with read-write-denied;
// change_HLS_secret (method 2) and the secret (attribute 7) change the configured secret, which
// every later association of this configuration uses (Blue Book 4.4.4).

#include "stack/association/association_config.hpp"
#include "stack/association/association_context.hpp"

namespace dlms::association {

class ConfiguredAssociation final : public AssociationContext {
 public:
  // `config` must outlive this view.
  explicit ConfiguredAssociation(AssociationConfig& config) noexcept : config_(&config) {}

  [[nodiscard]] const AssociationConfig& config() const noexcept { return *config_; }
  // True when `other` is an association of this configuration (same client and server SAP).
  [[nodiscard]] bool same_association(const AssociationContext& other) const noexcept;

  [[nodiscard]] AssociationStatus status() const noexcept override {
    return config_->associated_now > 0 ? AssociationStatus::associated : AssociationStatus::non_associated;
  }
  [[nodiscard]] const NegotiatedContext& negotiated() const noexcept override;
  [[nodiscard]] const AssociationObjectList& object_list() const noexcept override {
    return config_->objects;
  }
  // No client is bound to the configuration: no client system title.
  [[nodiscard]] ByteSpan client_system_title() const noexcept override { return {}; }
  [[nodiscard]] ByteSpan server_system_title() const noexcept override;
  [[nodiscard]] const apdu::ObisCode* security_setup_reference() const noexcept override {
    return &config_->security_setup_reference;
  }
  apdu::ActionResult reply_to_hls_authentication(ByteSpan f_stoc, ByteWriter& f_ctos) override;
  apdu::ActionResult change_hls_secret(ByteSpan secret) override;
  apdu::DataAccessResult set_lls_secret(ByteSpan secret) override;

 private:
  AssociationConfig* config_;
  mutable NegotiatedContext shown_;  // refreshed from the configuration by negotiated()
};

}  // namespace dlms::association
