#include "cosem_objects/tcp_udp_setup.hpp"

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

namespace {

using apdu::DataAccessResult;
using association::access::kReadWrite;
using codec::DataType;
namespace d = classes3_detail;

constexpr auto kAttributes = attribute_table({
    {"TCP-UDP_port", DataType::long_unsigned, kReadWrite},
    {"IP_reference", DataType::octet_string, kReadWrite},
    {"MSS", DataType::long_unsigned, kReadWrite},
    {"nb_of_sim_conn", DataType::unsigned_, kReadWrite},
    {"inactivity_time_out", DataType::long_unsigned, kReadWrite},
});

constexpr ClassDescription kDescription{41, 0, "TCP-UDP setup", kAttributes, {}};

}  // namespace

TcpUdpSetup::TcpUdpSetup(const apdu::ObisCode& logical_name) noexcept
    : CommunicationSetup(kDescription, logical_name) {}

const ClassDescription& TcpUdpSetup::class_description() noexcept { return kDescription; }

DataAccessResult TcpUdpSetup::read_attribute(std::int8_t attribute_id, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2: axdr::write_long_unsigned(out, port_); break;
    case 3: axdr::write_octet_string(out, ByteSpan(ip_reference_.bytes)); break;
    case 4: axdr::write_long_unsigned(out, mss_); break;
    case 5: axdr::write_unsigned(out, nb_of_sim_conn_); break;
    case 6: axdr::write_long_unsigned(out, inactivity_s_); break;
    default: return DataAccessResult::object_undefined;
  }
  return DataAccessResult::success;
}

DataAccessResult TcpUdpSetup::write_attribute(std::int8_t attribute_id, const codec::DataView& value) {
  DataAccessResult r = DataAccessResult::object_undefined;
  switch (attribute_id) {
    case 2: r = d::read_long_unsigned(value, 0, 0xFFFF, port_); break;
    case 3: r = d::read_logical_name(value, ip_reference_); break;
    case 4: r = d::read_long_unsigned(value, kMinMss, 0xFFFF, mss_); break;
    case 5: r = d::read_unsigned(value, 1, 0xFF, nb_of_sim_conn_); break;
    case 6: r = d::read_long_unsigned(value, 0, 0xFFFF, inactivity_s_); break;
    default: break;
  }
  return r;
}

}  // namespace dlms::cosem
