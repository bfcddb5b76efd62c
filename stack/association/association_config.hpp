#pragma once
// AssociationConfig: one application association a logical device offers (one Association LN
// object, Blue Book 4.4.4; Green Book 9.4 "application association"): who may open it
// (client SAP), in which application contexts, with which authentication mechanism and
// secret, what the server grants (conformance block, max receive PDU size), the security
// state it uses (SecurityContext, shared by every association pointing at the same Security
// setup object) and the objects it sees with their access rights.
//
// Owned by the logical device (it outlives sessions); the secret is mutable because
// Association LN change_HLS_secret / the LLS secret attribute write it.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/apdu/application_context.hpp"
#include "stack/apdu/conformance.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/security_context.hpp"
#include "stack/core/bytes.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/hls.hpp"

namespace dlms::association {

// An LLS password or HLS secret, in fixed storage.
class Secret {
 public:
  static constexpr std::size_t kMaxSize = 64;

  constexpr Secret() noexcept = default;
  // Truncation is refused: false (and no change) if `bytes` is longer than kMaxSize.
  bool assign(ByteSpan bytes) noexcept {
    if (bytes.size() > kMaxSize) {
      return false;
    }
    security::secure_wipe(MutableByteSpan(bytes_));
    std::copy(bytes.begin(), bytes.end(), bytes_.begin());
    size_ = bytes.size();
    return true;
  }
  [[nodiscard]] constexpr ByteSpan bytes() const noexcept { return ByteSpan(bytes_.data(), size_); }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }

 private:
  std::array<std::uint8_t, kMaxSize> bytes_{};
  std::size_t size_ = 0;
};

// Bit set of accepted application context names (bit n = context id n).
[[nodiscard]] constexpr std::uint8_t context_bit(apdu::ApplicationContextName name) noexcept {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(name));
}

[[nodiscard]] constexpr bool is_ciphered_context(apdu::ApplicationContextName name) noexcept {
  return name == apdu::ApplicationContextName::logical_name_with_ciphering ||
         name == apdu::ApplicationContextName::short_name_with_ciphering;
}

// The Association LN object through which reply_to_HLS_authentication is invoked while an
// association is pending (0-0:40.0.e.255, class 15, method 1; Green Book 9.2.7.4).
inline constexpr std::uint16_t kAssociationLnClassId = 15;
inline constexpr std::int8_t kReplyToHlsAuthenticationMethod = 1;

struct AssociationConfig {
  std::uint16_t client_sap = 16;  // the public client by default
  std::uint16_t server_sap = 1;   // the logical device (management logical device: 1)

  // Accepted application contexts; SN contexts only when configured.
  std::uint8_t application_contexts = context_bit(apdu::ApplicationContextName::logical_name);

  apdu::MechanismName mechanism = apdu::MechanismName::lowest_level_security;
  Secret secret;                                          // LLS password or HLS secret (2, 3, 4, 6)
  security::ManufacturerHls* manufacturer_hls = nullptr;  // mechanism 2
  std::uint8_t challenge_size = 16;                       // StoC octets, 8..64

  // What the server grants: the negotiated block is the intersection with the client's.
  apdu::ConformanceBlock conformance = apdu::ConformanceBlock::from_u32(0x00501F);
  std::uint16_t max_receive_pdu_size = 1024;  // server-max-receive-pdu-size

  // Keys, policy, system titles, counters; required for ciphered contexts and for HLS 5/6.
  SecurityContext* security = nullptr;

  // The objects this association sees, with its access rights (sorted: sort_object_list).
  AssociationObjectList objects;
  // Association LN attribute 9 security_setup_reference: the Security setup object whose
  // state `security` is.
  apdu::ObisCode security_setup_reference{0, 0, 43, 0, 0, 255};

  // A pre-established association (push, data notification): no AARQ; always associated
  // with the parameters above (context: the ciphered one when accepted and `security` is set).
  bool pre_established = false;
  std::uint16_t pre_established_client_max_receive_pdu_size = 1024;

  // Run-time state, not configuration: how many ServerAssociations bound to this configuration
  // are associated now (kept by ServerAssociation; the Association LN object of a configured
  // association shows associated(2) while it is not zero; Blue Book 4.4.4 association_status).
  std::uint32_t associated_now = 0;

  [[nodiscard]] constexpr bool accepts(apdu::ApplicationContextName name) const noexcept {
    return (application_contexts & context_bit(name)) != 0;
  }
  // The context named in an AARE that rejects the proposed one: the first one accepted.
  [[nodiscard]] constexpr apdu::ApplicationContextName preferred_context() const noexcept {
    for (std::uint8_t id = 1; id <= 4; ++id) {
      if ((application_contexts & (1U << id)) != 0) {
        return static_cast<apdu::ApplicationContextName>(id);
      }
    }
    return apdu::ApplicationContextName::logical_name;
  }
};

}  // namespace dlms::association
