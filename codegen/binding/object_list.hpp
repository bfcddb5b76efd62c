#pragma once
// ObjectList: what a generated object list builds (dlms-codegen, codegen/SCHEMA.md) and owns:
// per logical device its COSEM objects, the adapters binding them to the metering engine, and
// per association its object list with access rights (sorted for AssociationObjectList).
//
// The generated build function fills it through the builder calls below; a server takes the
// logical devices, their objects and associations from it. Host only (allocates at build
// time; nothing here allocates on a request's path).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cosem_objects/interface_class.hpp"
#include "cosem_objects/value_source.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::binding {

// One association of a logical device (an Association LN object and its client).
struct AssociationConfig {
  std::string name;              // e.g. "public"
  std::uint16_t client_sap = 0;  // the client's SAP (HDLC client address / wrapper port)
  apdu::MechanismName mechanism = apdu::MechanismName::lowest_level_security;
  std::uint8_t security_suite = 0;
  // The request protection every access of this association must carry
  // (association::access request bits; e.g. authenticated | encrypted for HLS-GMAC suite 0).
  std::uint8_t required_protection = 0;
  apdu::ObisCode logical_name;                           // its Association LN object
  cosem::InterfaceClass* association_object = nullptr;   // nullptr when class 15 is not available
  cosem::InterfaceClass* security_setup = nullptr;       // its Security setup object, if any
  std::vector<association::ObjectAccessRights> entries;  // sorted with association::object_order

  [[nodiscard]] association::AssociationObjectList object_list() const noexcept {
    return association::AssociationObjectList(entries);
  }
};

class LogicalDevice {
 public:
  LogicalDevice(std::uint16_t sap, std::string name) : sap_(sap), name_(std::move(name)) {}
  LogicalDevice(const LogicalDevice&) = delete;
  LogicalDevice& operator=(const LogicalDevice&) = delete;

  [[nodiscard]] std::uint16_t sap() const noexcept { return sap_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::span<cosem::InterfaceClass* const> objects() const noexcept { return objects_; }
  [[nodiscard]] cosem::InterfaceClass* find(std::uint16_t class_id,
                                            const apdu::ObisCode& logical_name) const noexcept;
  [[nodiscard]] cosem::InterfaceClass* find(const apdu::ObisCode& logical_name) const noexcept;
  [[nodiscard]] std::span<const AssociationConfig> associations() const noexcept { return associations_; }
  [[nodiscard]] const AssociationConfig* association_for_client(std::uint16_t client_sap) const noexcept;
  // Bindings the runtime could not make (e.g. a special class whose adapter interface does not
  // exist yet), one line each: "1.0.99.1.0.255 profile.load: ...".
  [[nodiscard]] const std::vector<std::string>& unbound() const noexcept { return unbound_; }

  // ---- builder (used by the generated code) ----
  // Creates an object of an implemented class (std::logic_error otherwise).
  cosem::InterfaceClass& add_object(std::uint16_t class_id, const apdu::ObisCode& logical_name);
  // set_static; std::logic_error when the object refuses the value (the generator has checked
  // it, so this means the class changed after generation).
  void set_static(cosem::InterfaceClass& object, std::int8_t attribute_id, ByteSpan axdr);
  void bind_value(cosem::InterfaceClass& object, std::int8_t attribute_id,
                  std::unique_ptr<cosem::ValueSource> source);
  void bind_method(cosem::InterfaceClass& object, std::int8_t method_id,
                   std::unique_ptr<cosem::MethodSink> sink);
  // Keeps an adapter alive that binds itself some other way (special class interfaces).
  void keep(std::shared_ptr<void> adapter) { kept_.push_back(std::move(adapter)); }
  void note_unbound(std::string line) { unbound_.push_back(std::move(line)); }
  // The reference stays valid until the next add_association.
  AssociationConfig& add_association(std::string name, std::uint16_t client_sap,
                                     apdu::MechanismName mechanism, const apdu::ObisCode& logical_name);
  void add_access(AssociationConfig& association, cosem::InterfaceClass& object,
                  std::span<const std::uint8_t> attribute_access,
                  std::span<const std::uint8_t> method_access);
  // Sorts every association's entries (call once, after the last add_access).
  void finish();

 private:
  std::uint16_t sap_;
  std::string name_;
  std::vector<std::unique_ptr<cosem::InterfaceClass>> owned_;
  std::vector<cosem::InterfaceClass*> objects_;
  // find() indexes (profile columns resolve their capture objects per cell): sorted by key,
  // equal keys in the order the objects were added, so find() answers as a scan of objects_.
  struct IndexEntry {
    std::uint16_t class_id = 0;
    std::array<std::uint8_t, 6> logical_name{};
    cosem::InterfaceClass* object = nullptr;
  };
  std::vector<IndexEntry> by_class_and_name_;
  std::vector<IndexEntry> by_name_;
  std::vector<std::unique_ptr<cosem::ValueSource>> sources_;
  std::vector<std::unique_ptr<cosem::MethodSink>> sinks_;
  std::vector<std::shared_ptr<void>> kept_;
  std::vector<AssociationConfig> associations_;
  std::vector<std::string> unbound_;
};

class ObjectList {
 public:
  [[nodiscard]] std::span<const std::unique_ptr<LogicalDevice>> logical_devices() const noexcept {
    return devices_;
  }
  [[nodiscard]] LogicalDevice* logical_device(std::uint16_t sap) const noexcept;
  LogicalDevice& add_logical_device(std::uint16_t sap, std::string name);

 private:
  std::vector<std::unique_ptr<LogicalDevice>> devices_;
};

}  // namespace dlms::binding
