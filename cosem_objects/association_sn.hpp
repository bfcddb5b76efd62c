#pragma once
// Association SN, class_id 12, version 4 (Blue Book 4.4.4; version 4 is still the current one
// in Blue Book Ed. 16 Part 2, "Association SN (class_id = 12, version = 4)"): an association
// using short name referencing. SN referencing is optional for the SM307: this class gives the
// class description, the object list and access rights list encodings and the secrets / HLS
// flow.
//   1 logical_name               octet-string                                      static
//   2 object_list                array structure { base_name: long, class_id: long-unsigned,
//                                version: unsigned, logical_name: octet-string } (piecewise)
//   3 access_rights_list         array structure { base_name: long, attribute_access_descriptor,
//                                method_access_descriptor } (as Association LN; access modes
//                                in the bit-flag form)                             (piecewise)
//   4 security_setup_reference   octet-string(6)                                   static
//   5 user_list                  array structure { user_id: unsigned, user_name: visible-string }
//   6 current_user               structure { user_id: unsigned, user_name: visible-string }
//   methods: 1 read_by_logicalname, 2 get_attributes&services (refused), 3 change_LLS_secret
//   (octet-string), 4 change_HLS_secret (octet-string), 5 get_HLS_challenge (not used:
//   refused), 6 reply_to_HLS_authentication (octet-string), 7 add_user, 8 remove_user (refused)
//
// The short names are configuration: bind_object_list() gives the objects with their base
// names and this association's access rights (the entries outlive the object).

#include <cstdint>
#include <span>

#include "cosem_objects/interface_class.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/association/association_context.hpp"

namespace dlms::cosem {

struct ShortNameEntry {
  std::int16_t base_name = 0;
  association::ObjectAccessRights rights;
};

class AssociationSn final : public InterfaceClass {
 public:
  explicit AssociationSn(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  void bind_object_list(std::span<const ShortNameEntry> entries) noexcept { entries_ = entries; }
  // The association whose secrets methods 3, 4 and 6 act on (nullptr: the request's).
  void describe(association::AssociationContext* association) noexcept { described_ = association; }

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
  std::span<const ShortNameEntry> entries_;
  association::AssociationContext* described_ = nullptr;
  apdu::ObisCode security_setup_;
};

}  // namespace dlms::cosem
