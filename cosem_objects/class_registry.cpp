#include "cosem_objects/class_registry.hpp"

#include <algorithm>
#include <array>

#include "cosem_objects/activity_calendar.hpp"
#include "cosem_objects/association_ln.hpp"
#include "cosem_objects/association_sn.hpp"
#include "cosem_objects/clock.hpp"
#include "cosem_objects/data.hpp"
#include "cosem_objects/demand_register.hpp"
#include "cosem_objects/disconnect_control.hpp"
#include "cosem_objects/extended_register.hpp"
#include "cosem_objects/gprs_modem_setup.hpp"
#include "cosem_objects/iec_hdlc_setup.hpp"
#include "cosem_objects/iec_local_port_setup.hpp"
#include "cosem_objects/image_transfer.hpp"
#include "cosem_objects/ipv4_setup.hpp"
#include "cosem_objects/limiter.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "cosem_objects/push_setup.hpp"
#include "cosem_objects/register.hpp"
#include "cosem_objects/register_activation.hpp"
#include "cosem_objects/register_monitor.hpp"
#include "cosem_objects/sap_assignment.hpp"
#include "cosem_objects/schedule.hpp"
#include "cosem_objects/script_table.hpp"
#include "cosem_objects/security_setup.hpp"
#include "cosem_objects/single_action_schedule.hpp"
#include "cosem_objects/special_days_table.hpp"
#include "cosem_objects/tcp_udp_setup.hpp"

namespace dlms::cosem {

namespace {

struct Entry {
  const ClassDescription* (*describe)() noexcept;
  std::unique_ptr<InterfaceClass> (*create)(const apdu::ObisCode&);
};

template <class T>
const ClassDescription* describe() noexcept {
  return &T::class_description();
}
template <class T>
std::unique_ptr<InterfaceClass> create(const apdu::ObisCode& name) {
  return std::make_unique<T>(name);
}

const Entry kEntries[] = {
    {&describe<Data>, &create<Data>},
    {&describe<Register>, &create<Register>},
    {&describe<ExtendedRegister>, &create<ExtendedRegister>},
    {&describe<DemandRegister>, &create<DemandRegister>},
    {&describe<RegisterActivation>, &create<RegisterActivation>},
    {&describe<ProfileGeneric>, &create<ProfileGeneric>},
    {&describe<Clock>, &create<Clock>},
    {&describe<ScriptTable>, &create<ScriptTable>},
    {&describe<Schedule>, &create<Schedule>},
    {&describe<SpecialDaysTable>, &create<SpecialDaysTable>},
    {&describe<AssociationSn>, &create<AssociationSn>},
    {&describe<AssociationLn>, &create<AssociationLn>},
    {&describe<SapAssignment>, &create<SapAssignment>},
    {&describe<ImageTransfer>, &create<ImageTransfer>},
    {&describe<IecLocalPortSetup>, &create<IecLocalPortSetup>},
    {&describe<ActivityCalendar>, &create<ActivityCalendar>},
    {&describe<RegisterMonitor>, &create<RegisterMonitor>},
    {&describe<SingleActionSchedule>, &create<SingleActionSchedule>},
    {&describe<IecHdlcSetup>, &create<IecHdlcSetup>},
    {&describe<PushSetup>, &create<PushSetup>},
    {&describe<TcpUdpSetup>, &create<TcpUdpSetup>},
    {&describe<Ipv4Setup>, &create<Ipv4Setup>},
    {&describe<GprsModemSetup>, &create<GprsModemSetup>},
    {&describe<SecuritySetup>, &create<SecuritySetup>},
    {&describe<DisconnectControl>, &create<DisconnectControl>},
    {&describe<Limiter>, &create<Limiter>},
};

struct Table {
  std::array<const ClassDescription*, std::size(kEntries)> descriptions{};
  Table() noexcept {
    for (std::size_t i = 0; i < std::size(kEntries); ++i) {
      descriptions[i] = kEntries[i].describe();
    }
  }
};

const Table& table() noexcept {
  static const Table t;
  return t;
}

}  // namespace

std::span<const ClassDescription* const> all_classes() noexcept { return table().descriptions; }

const ClassDescription* find_class(std::uint16_t class_id) noexcept {
  for (const auto* d : all_classes()) {
    if (d->class_id == class_id) {
      return d;
    }
  }
  return nullptr;
}

std::unique_ptr<InterfaceClass> create_object(std::uint16_t class_id, const apdu::ObisCode& logical_name) {
  for (const auto& e : kEntries) {
    if (e.describe()->class_id == class_id) {
      return e.create(logical_name);
    }
  }
  return nullptr;
}

}  // namespace dlms::cosem
