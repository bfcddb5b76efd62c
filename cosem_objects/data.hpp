#pragma once
// Data, class_id 1, version 0 (Blue Book 4.3.1): a value of any simple or structured type.
//   1 logical_name  octet-string   static
//   2 value         CHOICE (instance specific)
// No methods. The value is held as its A-XDR encoding (up to kMaxValueSize octets) unless
// it is bound to a ValueSource.

#include <array>
#include <cstdint>

#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class Data final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxValueSize = 256;

  explicit Data(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  [[nodiscard]] ByteSpan value_encoding() const noexcept { return ByteSpan(value_.data(), size_); }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;

 private:
  std::array<std::uint8_t, kMaxValueSize> value_{};  // null-data until set
  std::size_t size_ = 1;                             // value_[0] == 0: null-data
};

}  // namespace dlms::cosem
