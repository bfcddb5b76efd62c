// Fuzzes set / get / invoke of IEC local port setup, IEC HDLC setup, TCP-UDP setup, IPv4
// setup, GPRS modem setup, Disconnect control and Limiter. Input: one octet choosing the class,
// one the attribute or method (high bit: method), then one A-XDR Data. An accepted set must
// round-trip: what get() then returns is accepted again and reads back the same.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "cosem_objects/disconnect_control.hpp"
#include "cosem_objects/gprs_modem_setup.hpp"
#include "cosem_objects/iec_hdlc_setup.hpp"
#include "cosem_objects/iec_local_port_setup.hpp"
#include "cosem_objects/ipv4_setup.hpp"
#include "cosem_objects/limiter.hpp"
#include "cosem_objects/tcp_udp_setup.hpp"
#include "stack/codec/data_view.hpp"

namespace {

using dlms::ByteSpan;
using dlms::ByteWriter;
using dlms::apdu::DataAccessResult;
using dlms::apdu::ObisCode;

std::unique_ptr<dlms::cosem::InterfaceClass> make(std::uint8_t which) {
  const ObisCode name(0, 0, 1, 2, 3, 255);
  switch (which % 7) {
    case 0: return std::make_unique<dlms::cosem::IecLocalPortSetup>(name);
    case 1: return std::make_unique<dlms::cosem::IecHdlcSetup>(name);
    case 2: return std::make_unique<dlms::cosem::TcpUdpSetup>(name);
    case 3: return std::make_unique<dlms::cosem::Ipv4Setup>(name);
    case 4: return std::make_unique<dlms::cosem::GprsModemSetup>(name);
    case 5: return std::make_unique<dlms::cosem::DisconnectControl>(name);
    default: return std::make_unique<dlms::cosem::Limiter>(name);
  }
}

DataAccessResult get(dlms::cosem::InterfaceClass& obj, std::int8_t id, std::array<std::uint8_t, 1024>& buf,
                     ByteSpan& out) {
  ByteWriter w(buf);
  dlms::server::GetCursor cursor;
  const auto r = obj.get({}, id, nullptr, cursor, w);
  out = w.written();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  auto obj = make(data[0]);
  const bool method = (data[1] & 0x80U) != 0;
  const auto id = static_cast<std::int8_t>(data[1] & 0x0FU);
  const ByteSpan value(data + 2, size - 2);
  if (method) {
    std::array<std::uint8_t, 64> ret{};
    ByteWriter w(ret);
    auto v = dlms::codec::read_data_exact(value);
    (void)obj->invoke({}, id, v ? &v.value() : nullptr, w);
    return 0;
  }
  if (obj->set_static(id, value) != DataAccessResult::success) {
    return 0;
  }
  std::array<std::uint8_t, 1024> first{};
  std::array<std::uint8_t, 1024> second{};
  ByteSpan a;
  ByteSpan b;
  if (get(*obj, id, first, a) != DataAccessResult::success) {
    __builtin_trap();  // an accepted value must read back
  }
  if (obj->set_static(id, a) != DataAccessResult::success ||
      get(*obj, id, second, b) != DataAccessResult::success || a.size() != b.size() ||
      !std::equal(a.begin(), a.end(), b.begin())) {
    __builtin_trap();
  }
  return 0;
}
