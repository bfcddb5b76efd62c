#include "codegen/binding/object_list.hpp"

#include <algorithm>
#include <stdexcept>

#include "cosem_objects/class_registry.hpp"

namespace dlms::binding {

namespace {

template <class Entry>
bool class_and_name_less(const Entry& a, const Entry& b) noexcept {
  return a.class_id != b.class_id ? a.class_id < b.class_id : a.logical_name < b.logical_name;
}

template <class Entry>
bool name_less(const Entry& a, const Entry& b) noexcept {
  return a.logical_name < b.logical_name;
}

}  // namespace

cosem::InterfaceClass* LogicalDevice::find(std::uint16_t class_id,
                                           const apdu::ObisCode& logical_name) const noexcept {
  const IndexEntry key{class_id, logical_name.bytes, nullptr};
  const auto it = std::lower_bound(by_class_and_name_.begin(), by_class_and_name_.end(), key,
                                   class_and_name_less<IndexEntry>);
  return it != by_class_and_name_.end() && it->class_id == class_id && it->logical_name == logical_name.bytes
             ? it->object
             : nullptr;
}

cosem::InterfaceClass* LogicalDevice::find(const apdu::ObisCode& logical_name) const noexcept {
  const IndexEntry key{0, logical_name.bytes, nullptr};
  const auto it = std::lower_bound(by_name_.begin(), by_name_.end(), key, name_less<IndexEntry>);
  return it != by_name_.end() && it->logical_name == logical_name.bytes ? it->object : nullptr;
}

const AssociationConfig* LogicalDevice::association_for_client(std::uint16_t client_sap) const noexcept {
  for (const auto& a : associations_) {
    if (a.client_sap == client_sap) {
      return &a;
    }
  }
  return nullptr;
}

cosem::InterfaceClass& LogicalDevice::add_object(std::uint16_t class_id, const apdu::ObisCode& logical_name) {
  auto o = cosem::create_object(class_id, logical_name);
  if (!o) {
    throw std::logic_error("class " + std::to_string(class_id) + " is not implemented (object " +
                           logical_name.to_string() + ")");
  }
  objects_.push_back(o.get());
  const IndexEntry entry{o->class_id(), o->logical_name().bytes, o.get()};
  // upper_bound: after the equal keys added before, so the first added is found first.
  by_class_and_name_.insert(std::upper_bound(by_class_and_name_.begin(), by_class_and_name_.end(), entry,
                                             class_and_name_less<IndexEntry>),
                            entry);
  by_name_.insert(std::upper_bound(by_name_.begin(), by_name_.end(), entry, name_less<IndexEntry>), entry);
  owned_.push_back(std::move(o));
  return *owned_.back();
}

void LogicalDevice::set_static(cosem::InterfaceClass& object, std::int8_t attribute_id, ByteSpan axdr) {
  const auto r = object.set_static(attribute_id, axdr);
  if (r != apdu::DataAccessResult::success) {
    const char* why = apdu::to_string(r);
    throw std::logic_error(object.logical_name().to_string() + " attribute " + std::to_string(attribute_id) +
                           ": static value refused (" + (why != nullptr ? why : "?") + ")");
  }
}

void LogicalDevice::bind_value(cosem::InterfaceClass& object, std::int8_t attribute_id,
                               std::unique_ptr<cosem::ValueSource> source) {
  if (!object.bind(attribute_id, source.get())) {
    throw std::logic_error(object.logical_name().to_string() + " attribute " + std::to_string(attribute_id) +
                           " cannot be bound");
  }
  sources_.push_back(std::move(source));
}

void LogicalDevice::bind_method(cosem::InterfaceClass& object, std::int8_t method_id,
                                std::unique_ptr<cosem::MethodSink> sink) {
  if (!object.bind_method(method_id, sink.get())) {
    throw std::logic_error(object.logical_name().to_string() + " method " + std::to_string(method_id) +
                           " cannot be bound");
  }
  sinks_.push_back(std::move(sink));
}

AssociationConfig& LogicalDevice::add_association(std::string name, std::uint16_t client_sap,
                                                  apdu::MechanismName mechanism,
                                                  const apdu::ObisCode& logical_name) {
  AssociationConfig a;
  a.name = std::move(name);
  a.client_sap = client_sap;
  a.mechanism = mechanism;
  a.logical_name = logical_name;
  a.association_object = find(15, logical_name);
  associations_.push_back(std::move(a));
  return associations_.back();
}

void LogicalDevice::add_access(AssociationConfig& association, cosem::InterfaceClass& object,
                               std::span<const std::uint8_t> attribute_access,
                               std::span<const std::uint8_t> method_access) {
  association::ObjectAccessRights r;
  r.object = &object;
  r.class_id = object.class_id();
  r.logical_name = object.logical_name();
  r.attribute_access = attribute_access;
  r.method_access = method_access;
  association.entries.push_back(r);
}

void LogicalDevice::finish() {
  for (auto& a : associations_) {
    association::sort_object_list(a.entries);
  }
}

LogicalDevice* ObjectList::logical_device(std::uint16_t sap) const noexcept {
  for (const auto& d : devices_) {
    if (d->sap() == sap) {
      return d.get();
    }
  }
  return nullptr;
}

LogicalDevice& ObjectList::add_logical_device(std::uint16_t sap, std::string name) {
  devices_.push_back(std::make_unique<LogicalDevice>(sap, std::move(name)));
  return *devices_.back();
}

}  // namespace dlms::binding
