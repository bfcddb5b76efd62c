#include "cosem_objects/iec_hdlc_setup.hpp"

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
    {"comm_speed", DataType::enum_, kReadWrite},
    {"window_size_transmit", DataType::unsigned_, kReadWrite},
    {"window_size_receive", DataType::unsigned_, kReadWrite},
    {"max_info_field_length_transmit", DataType::long_unsigned, kReadWrite},
    {"max_info_field_length_receive", DataType::long_unsigned, kReadWrite},
    {"inter_octet_time_out", DataType::long_unsigned, kReadWrite},
    {"inactivity_time_out", DataType::long_unsigned, kReadWrite},
    {"device_address", DataType::long_unsigned, kReadWrite},
});

constexpr ClassDescription kDescription{23, 1, "IEC HDLC setup", kAttributes, {}};

}  // namespace

IecHdlcSetup::IecHdlcSetup(const apdu::ObisCode& logical_name) noexcept
    : CommunicationSetup(kDescription, logical_name) {}

const ClassDescription& IecHdlcSetup::class_description() noexcept { return kDescription; }

DataAccessResult IecHdlcSetup::read_attribute(std::int8_t attribute_id, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2: axdr::write_enum(out, comm_speed_); break;
    case 3: axdr::write_unsigned(out, window_tx_); break;
    case 4: axdr::write_unsigned(out, window_rx_); break;
    case 5: axdr::write_long_unsigned(out, max_info_tx_); break;
    case 6: axdr::write_long_unsigned(out, max_info_rx_); break;
    case 7: axdr::write_long_unsigned(out, inter_octet_ms_); break;
    case 8: axdr::write_long_unsigned(out, inactivity_s_); break;
    case 9: axdr::write_long_unsigned(out, device_address_); break;
    default: return DataAccessResult::object_undefined;
  }
  return DataAccessResult::success;
}

DataAccessResult IecHdlcSetup::write_attribute(std::int8_t attribute_id, const codec::DataView& value) {
  DataAccessResult r = DataAccessResult::object_undefined;
  switch (attribute_id) {
    case 2: r = d::read_enum(value, d::kMaxBaudCode, comm_speed_); break;
    case 3: r = d::read_unsigned(value, kMinWindow, kMaxWindow, window_tx_); break;
    case 4: r = d::read_unsigned(value, kMinWindow, kMaxWindow, window_rx_); break;
    case 5: r = d::read_long_unsigned(value, kMinInfoField, kMaxInfoField, max_info_tx_); break;
    case 6: r = d::read_long_unsigned(value, kMinInfoField, kMaxInfoField, max_info_rx_); break;
    case 7: r = d::read_long_unsigned(value, kMinInterOctet, kMaxInterOctet, inter_octet_ms_); break;
    case 8: r = d::read_long_unsigned(value, 0, 0xFFFF, inactivity_s_); break;
    case 9: r = d::read_long_unsigned(value, kMinDeviceAddress, kMaxDeviceAddress, device_address_); break;
    default: break;
  }
  return r;
}

}  // namespace dlms::cosem
