#pragma once
// Security setup, class_id 64, version 1 (Blue Book 4.4.7): the security state of the
// associations that reference it (association::SecurityContext, shared by them).
//   1 logical_name          octet-string                                   static
//   2 security_policy       enum (version 1 bit flags: 0x04 authenticated request,
//                           0x08 encrypted request, 0x10 signed request, 0x20, 0x40, 0x80 the
//                           same for responses; bits 0-1 unused)           static
//   3 security_suite        enum (0 AES-GCM-128; 1 and 2 refused until public-key security)
//   4 client_system_title   octet-string (8; empty until a client sent one)
//   5 server_system_title   octet-string (8)                               static
//   6 certificates          array certificate_info (always empty: no public-key security yet)
//   methods: 1 security_activate (enum security_policy: may only strengthen it),
//   2 key_transfer / global_key_transfer (array structure { key_id: enum, key_wrapped:
//   octet-string }, RFC 3394 with the master key), 3 key_agreement, 4 generate_key_pair,
//   5 generate_certificate_request, 6 import_certificate, 7 export_certificate,
//   8 remove_certificate (3-8 answer object-unavailable).
//
// security_activate and key_transfer are staged in the SecurityContext: they take effect when
// the session commits them after the response went out (security_context.hpp). The policy and
// the server system title are written only locally (configuration); a client changes the
// policy through security_activate.

#include "cosem_objects/interface_class.hpp"
#include "stack/association/security_context.hpp"

namespace dlms::cosem {

class SecuritySetup final : public InterfaceClass {
 public:
  explicit SecuritySetup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // The live security state this object shows and drives (nullptr: none; attributes 2-5 and
  // methods 1-2 then answer object-unavailable).
  void bind_security(association::SecurityContext* context) noexcept { context_ = context; }
  [[nodiscard]] association::SecurityContext* security() const noexcept { return context_; }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;
  [[nodiscard]] bool binds_attribute(std::int8_t /*attribute_id*/) const noexcept override { return false; }

 private:
  association::SecurityContext* context_ = nullptr;
};

}  // namespace dlms::cosem
