#include "stack/association/configured_association.hpp"

#include "stack/apdu/initiate.hpp"

namespace dlms::association {

bool ConfiguredAssociation::same_association(const AssociationContext& other) const noexcept {
  const NegotiatedContext& n = other.negotiated();
  return n.client_sap == config_->client_sap && n.server_sap == config_->server_sap;
}

const NegotiatedContext& ConfiguredAssociation::negotiated() const noexcept {
  const AssociationConfig& c = *config_;
  shown_.client_sap = c.client_sap;
  shown_.server_sap = c.server_sap;
  const bool ciphered =
      c.security != nullptr && c.accepts(apdu::ApplicationContextName::logical_name_with_ciphering);
  shown_.application_context =
      ciphered ? apdu::ApplicationContextName::logical_name_with_ciphering : c.preferred_context();
  shown_.mechanism = c.mechanism;
  shown_.conformance = c.conformance;
  shown_.server_max_receive_pdu_size = c.max_receive_pdu_size;
  shown_.client_max_receive_pdu_size = c.max_receive_pdu_size;
  shown_.dlms_version = apdu::kDlmsVersion6;
  shown_.security_suite = c.security != nullptr ? static_cast<std::uint8_t>(c.security->suite()) : 0;
  return shown_;
}

ByteSpan ConfiguredAssociation::server_system_title() const noexcept {
  return config_->security != nullptr ? config_->security->server_system_title().bytes() : ByteSpan();
}

apdu::ActionResult ConfiguredAssociation::reply_to_hls_authentication(ByteSpan /*f_stoc*/,
                                                                      ByteWriter& /*f_ctos*/) {
  return apdu::ActionResult::read_write_denied;  // only the association being authenticated
}

apdu::ActionResult ConfiguredAssociation::change_hls_secret(ByteSpan secret) {
  return !secret.empty() && config_->secret.assign(secret) ? apdu::ActionResult::success
                                                           : apdu::ActionResult::type_unmatched;
}

apdu::DataAccessResult ConfiguredAssociation::set_lls_secret(ByteSpan secret) {
  return !secret.empty() && config_->secret.assign(secret) ? apdu::DataAccessResult::success
                                                           : apdu::DataAccessResult::type_unmatched;
}

}  // namespace dlms::association
