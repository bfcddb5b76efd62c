#pragma once
// Association LN, class_id 15, version 3 (Blue Book 4.4.3): one application association of
// the logical device, shown and driven through association::AssociationContext.
//   1 logical_name                 octet-string                                     static
//   2 object_list                  array object_list_element (read piecewise)        static
//        object_list_element ::= structure { class_id: long-unsigned, version: unsigned,
//          logical_name: octet-string, access_rights: structure {
//            attribute_access: array structure { attribute_id: integer, access_mode: enum,
//                                                access_selectors: CHOICE { null-data, array integer } },
//            method_access: array structure { method_id: integer, access_mode: enum } } }
//        (version 3: access_mode is the bit-flag enum of association/access_rights.hpp)
//   3 associated_partners_id       structure { client_SAP: integer, server_SAP: long-unsigned }
//   4 application_context_name     octet-string (the OID's BER contents, 60 85 74 05 08 01 x)
//   5 xDLMS_context_info           structure { conformance: bit-string(24),
//                                    max_receive_pdu_size, max_send_pdu_size: long-unsigned,
//                                    dlms_version_number: unsigned, quality_of_service: integer,
//                                    cyphering_info: octet-string }
//   6 authentication_mechanism_name octet-string (60 85 74 05 08 02 x)
//   7 secret                       octet-string (write only)
//   8 association_status           enum (0 non-associated, 1 association-pending, 2 associated)
//   9 security_setup_reference     octet-string(6)                                   static
//  10 user_list                    array structure { user_id: unsigned, user_name: visible-string }
//  11 current_user                 structure { user_id: unsigned, user_name: visible-string }
//   methods: 1 reply_to_HLS_authentication (octet-string), 2 change_HLS_secret (octet-string),
//   3 add_object, 4 remove_object (object_list_element: refused, the object list is configured),
//   5 add_user, 6 remove_user (structure { unsigned, visible-string })
//
// Which association: by default the object describes the current association, the one each
// request came in on (0.0.40.0.0.255: server::RequestContext::association). describe() ties it
// to one configured association instead (0.0.40.0.x.255; e.g. association::ConfiguredAssociation),
// whichever association reads it; a request that came in on that very association (same client
// and server SAP) sees its live association, as through 0.0.40.0.0.255. reply_to_HLS_authentication
// is the current association's only (Green Book 9.2.7.4): another association's object refuses
// it with read-write-denied. Attribute 9 is the association's security_setup_reference when it
// gives one, else the object's own value.

#include <array>
#include <cstddef>
#include <cstdint>

#include "cosem_objects/interface_class.hpp"
#include "stack/association/association_context.hpp"

namespace dlms::cosem {

class AssociationLn final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxUsers = 8;
  static constexpr std::size_t kMaxUserName = 32;

  explicit AssociationLn(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // Ties the object to one association (nullptr: the current association of each request).
  void describe(association::AssociationContext* association) noexcept { described_ = association; }
  [[nodiscard]] association::AssociationContext* described() const noexcept { return described_; }

  [[nodiscard]] const apdu::ObisCode& security_setup_reference() const noexcept { return security_setup_; }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;
  // Everything comes from the association; nothing is bound.
  [[nodiscard]] bool binds_attribute(std::int8_t /*attribute_id*/) const noexcept override { return false; }

 private:
  struct User {
    std::uint8_t id = 0;
    std::uint8_t name_size = 0;
    std::array<char, kMaxUserName> name{};
  };

  // The association the request came in on is the one this object describes.
  [[nodiscard]] bool is_current(const server::RequestContext& ctx) const noexcept;
  [[nodiscard]] association::AssociationContext* target(const server::RequestContext& ctx) const noexcept {
    return described_ == nullptr || is_current(ctx) ? ctx.association : described_;
  }
  apdu::DataAccessResult get_object_list(const association::AssociationContext& a, server::GetCursor& cursor,
                                         ByteWriter& out) const;
  server::InvokeOutcome add_user(const codec::DataView* parameter) noexcept;
  server::InvokeOutcome remove_user(const codec::DataView* parameter) noexcept;

  association::AssociationContext* described_ = nullptr;
  apdu::ObisCode security_setup_;
  std::array<User, kMaxUsers> users_{};
  std::size_t user_count_ = 0;
};

}  // namespace dlms::cosem
