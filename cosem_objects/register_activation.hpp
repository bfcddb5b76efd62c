#pragma once
// Register activation, class_id 6, version 0 (Blue Book 4.3.5): which registers are active
// (e.g. the tariff registers of the current rate), by named masks over a register list.
//   1 logical_name         octet-string             static
//   2 register_assignment  array object_definition  static
//     object_definition ::= structure { class_id long-unsigned, logical_name octet-string(6) }
//   3 mask_list            array register_act_mask  static
//     register_act_mask ::= structure { mask_name octet-string, index_list array unsigned }
//   4 active_mask          octet-string             dynamic  (a mask_name; empty: none)
// Methods: 1 add_register(object_definition), 2 add_mask(register_act_mask): replaces the
//   mask of the same name, 3 delete_mask(octet-string mask_name).
//
// Consistency kept at every change: index_list entries are 1-based positions in
// register_assignment, mask names are unique, active_mask names an existing mask (or is
// empty), the active mask cannot be deleted, a register is assigned once. Capacity:
// set_limits (default 64 registers, 16 masks). Binding points: ChangeObserver;
// active_registers() for the metering engine (which registers accumulate).

#include <cstdint>
#include <vector>

#include "cosem_objects/change_observer.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class RegisterActivation final : public InterfaceClass {
 public:
  static constexpr std::uint16_t kDefaultMaxRegisters = 64;
  static constexpr std::uint16_t kDefaultMaxMasks = 16;

  struct ObjectDefinition {
    std::uint16_t class_id = 0;
    apdu::ObisCode logical_name;
    friend bool operator==(const ObjectDefinition&, const ObjectDefinition&) noexcept = default;
  };
  struct Mask {
    std::vector<std::uint8_t> name;
    std::vector<std::uint8_t> index_list;
  };

  explicit RegisterActivation(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_limits(std::uint16_t max_registers, std::uint16_t max_masks) noexcept {
    max_registers_ = max_registers;
    max_masks_ = max_masks;
  }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }

  [[nodiscard]] const std::vector<ObjectDefinition>& register_assignment() const noexcept {
    return registers_;
  }
  [[nodiscard]] const std::vector<Mask>& mask_list() const noexcept { return masks_; }
  [[nodiscard]] ByteSpan active_mask() const noexcept { return {active_.data(), active_.size()}; }
  // The registers the active mask selects (none when active_mask is empty).
  [[nodiscard]] std::vector<ObjectDefinition> active_registers() const;

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
  void changed(std::int8_t attribute_id);
  [[nodiscard]] const Mask* find_mask(ByteSpan name) const noexcept;
  [[nodiscard]] bool mask_fits(const Mask& m, std::size_t register_count) const noexcept;

  std::uint16_t max_registers_ = kDefaultMaxRegisters;
  std::uint16_t max_masks_ = kDefaultMaxMasks;
  ChangeObserver* observer_ = nullptr;
  std::vector<ObjectDefinition> registers_;
  std::vector<Mask> masks_;
  std::vector<std::uint8_t> active_;
};

}  // namespace dlms::cosem
