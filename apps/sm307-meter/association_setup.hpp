#pragma once
// AssociationSetup: turns the generated object list's associations (binding::AssociationConfig:
// client SAP, mechanism, suite, required protection, object list, Security setup object) into
// the server's association::AssociationConfig, with the secrets and keys of the MeterConfig:
//   - the LLS password (mechanism 1) and the HLS secret (2, 3, 4, 6) from the config;
//   - one association::SecurityContext per Security setup object (class 64), on the OpenSSL
//     backend, with the config's keys (global unicast encryption, authentication, master),
//     the meter's system title, security suite and a security policy equal to the required
//     protection of the associations using it; its invocation counters persist in the
//     CounterStore (may be null: RAM only), whose key lookup is pointed at these contexts;
//     the Security setup object is bound to it;
//   - associations with a Security setup (or HLS-GMAC) accept only the LN context with
//     ciphering, the others only the LN context;
//   - each association's own Association LN object (0-0:40.0.e.255, e > 0) is tied to it
//     (association::ConfiguredAssociation: its object list, partners, context, mechanism, status,
//     security setup; its secret writes change the configured secret); 0-0:40.0.0.255 stays
//     the current association;
//   - the Data object 0-0:43.1.e.255 (invocation counter) of each Security setup 0-0:43.0.e.255
//     shows the last invocation counter accepted under its global unicast key
//     (InvocationCounterSource).
// It owns the configurations and the logical devices the sessions see (server::LogicalDevice).
// The object list must outlive it (its destructor unties the objects).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "apps/sm307-meter/counter_store.hpp"
#include "apps/sm307-meter/meter_config.hpp"
#include "codegen/binding/object_list.hpp"
#include "cosem_objects/value_source.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/configured_association.hpp"
#include "stack/association/security_context.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/server/server_session.hpp"

namespace dlms::meter_app {

// What the meter grants: general-protection (general-glo/ded and general-ciphering) and
// general-block-transfer (used only towards a client that itself sends GBT), LN services with
// block transfer of get, set and action, multiple references, attribute 0 with get, priority
// management, selective access, get, set, action, event notification (Green Book conformance
// block bits 1-2, 9-14, 19-23). The client gets the intersection with what it proposes.
inline constexpr std::uint32_t kGrantedConformance = 0x607E1F;
// Largest request the meter takes in one APDU (its server-max-receive-pdu-size). The server also
// caps the client's max receive PDU with it (server_association.cpp), so it bounds the size of
// response blocks too: 0xFFFF lets a 9,600-row profile go in 64 kB blocks over the wrapper.
inline constexpr std::uint16_t kServerMaxReceivePdu = 0xFFFF;

// One association as printed at start-up.
struct AssociationSummary {
  std::string name;
  std::uint16_t client_sap = 0;
  std::uint16_t server_sap = 0;
  apdu::MechanismName mechanism = apdu::MechanismName::lowest_level_security;
  std::uint8_t suite = 0;
  std::uint8_t required_protection = 0;
  bool ciphered = false;
};

class AssociationSetup {
 public:
  // Throws std::runtime_error when a key or title cannot be installed or the counters not read.
  AssociationSetup(const binding::ObjectList& list, const MeterConfig& config,
                   security::CryptoBackend& backend, CounterStore* counter_store);
  ~AssociationSetup();
  AssociationSetup(const AssociationSetup&) = delete;
  AssociationSetup& operator=(const AssociationSetup&) = delete;

  [[nodiscard]] std::span<server::LogicalDevice> devices() noexcept { return devices_; }
  [[nodiscard]] const std::vector<AssociationSummary>& summary() const noexcept { return summary_; }
  [[nodiscard]] std::string name_of(std::uint16_t client_sap) const;
  // The security context number `i` (the counter store's context id).
  [[nodiscard]] association::SecurityContext* security_context(std::size_t i) noexcept {
    return i < contexts_.size() ? contexts_[i].get() : nullptr;
  }

 private:
  std::vector<std::unique_ptr<association::SecurityContext>> contexts_;
  std::vector<std::unique_ptr<std::vector<association::AssociationConfig>>> configs_;
  std::vector<server::LogicalDevice> devices_;
  std::vector<AssociationSummary> summary_;
  // Views of the configurations for their Association LN objects, and the invocation counter
  // sources; with the objects they are tied to (untied by the destructor).
  std::vector<std::unique_ptr<association::ConfiguredAssociation>> views_;
  std::vector<cosem::InterfaceClass*> described_objects_;
  std::vector<std::unique_ptr<cosem::ValueSource>> counter_sources_;
  std::vector<cosem::InterfaceClass*> counter_objects_;
};

// "none", "lls", "hls-gmac", ...
const char* mechanism_label(apdu::MechanismName mechanism);
// "auth-enc", "auth", "enc" or "none" for the request and response protection bits.
const char* protection_label(std::uint8_t required_protection);

}  // namespace dlms::meter_app
