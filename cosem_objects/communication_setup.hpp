#pragma once
// CommunicationSetup: the common part of the communication setup classes (IEC local port
// setup, IEC HDLC setup, TCP-UDP setup, IPv4 setup, GPRS modem setup; Blue Book 4.7 to 4.9).
// Their attributes take no selective access (scope-of-access-violated); a set that is
// accepted is told to the object's ChangeObserver, so that the device re-applies the setting
// (e.g. the HDLC link re-reads IEC HDLC setup); a refused one changes nothing.

#include <cstdint>

#include "cosem_objects/change_observer.hpp"
#include "cosem_objects/detail_classes3.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

class CommunicationSetup : public InterfaceClass {
 public:
  using InterfaceClass::InterfaceClass;

  // Told after each accepted set of attribute 2..n (and after a method changed one).
  void set_observer(ChangeObserver* observer) noexcept { notifier_.observer = observer; }

 protected:
  // Encodes attribute `attribute_id` (2..n); object-undefined for an id the class lacks.
  virtual apdu::DataAccessResult read_attribute(std::int8_t attribute_id, ByteWriter& out) = 0;
  // Validates and stores attribute `attribute_id` (2..n); object-undefined for an id the class
  // lacks. A refused value changes nothing.
  virtual apdu::DataAccessResult write_attribute(std::int8_t attribute_id, const codec::DataView& value) = 0;
  // Tells the observer that attribute `attribute_id` changed.
  void notify(std::int8_t attribute_id) { notifier_.notify(*this, attribute_id); }

  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) final;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) final;

 private:
  classes3_detail::ChangeNotifier notifier_;
};

}  // namespace dlms::cosem
