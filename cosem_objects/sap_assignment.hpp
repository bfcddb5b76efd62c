#pragma once
// SAP assignment, class_id 17, version 0 (Blue Book 4.4.5): the logical devices of a physical
// device and their addresses (SAPs).
//   1 logical_name          octet-string                                          static
//   2 SAP_assignment_list   array asslist_entry ::= structure { SAP: long-unsigned,
//                           logical_device_name: octet-string }                   static
//   method 1 connect_logical_device (asslist_entry): gives the named logical device that
//   SAP (added if not listed); SAP 0 disconnects (removes) it.

#include <array>
#include <cstddef>
#include <cstdint>

#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class SapAssignment final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxEntries = 16;
  static constexpr std::size_t kMaxNameSize = 32;  // Green Book: logical device names of 16 octets

  struct Entry {
    std::uint16_t sap = 0;
    std::uint8_t name_size = 0;
    std::array<std::uint8_t, kMaxNameSize> name{};
    [[nodiscard]] ByteSpan logical_device_name() const noexcept { return {name.data(), name_size}; }
  };

  explicit SapAssignment(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  [[nodiscard]] std::span<const Entry> entries() const noexcept { return {entries_.data(), count_}; }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;

 private:
  std::array<Entry, kMaxEntries> entries_{};
  std::size_t count_ = 0;
};

}  // namespace dlms::cosem
