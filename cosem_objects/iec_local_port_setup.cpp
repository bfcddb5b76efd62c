#include "cosem_objects/iec_local_port_setup.hpp"

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

namespace {

using apdu::DataAccessResult;
using association::access::kReadWrite;
using association::access::kWrite;
using codec::DataType;
namespace d = classes3_detail;

constexpr auto kAttributes = attribute_table({
    {"default_mode", DataType::enum_, kReadWrite},
    {"default_baud", DataType::enum_, kReadWrite},
    {"prop_baud", DataType::enum_, kReadWrite},
    {"response_time", DataType::enum_, kReadWrite},
    {"device_addr", DataType::octet_string, kReadWrite},
    {"pass_p1", DataType::octet_string, kWrite},
    {"pass_p2", DataType::octet_string, kWrite},
    {"pass_w5", DataType::octet_string, kWrite},
});

constexpr ClassDescription kDescription{19, 1, "IEC local port setup", kAttributes, {}};

}  // namespace

IecLocalPortSetup::IecLocalPortSetup(const apdu::ObisCode& logical_name) noexcept
    : CommunicationSetup(kDescription, logical_name) {}

const ClassDescription& IecLocalPortSetup::class_description() noexcept { return kDescription; }

DataAccessResult IecLocalPortSetup::read_attribute(std::int8_t attribute_id, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2: axdr::write_enum(out, default_mode_); break;
    case 3: axdr::write_enum(out, default_baud_); break;
    case 4: axdr::write_enum(out, prop_baud_); break;
    case 5: axdr::write_enum(out, response_time_); break;
    case 6: axdr::write_octet_string(out, device_addr_.view()); break;
    case 7: axdr::write_octet_string(out, pass_p1_.view()); break;
    case 8: axdr::write_octet_string(out, pass_p2_.view()); break;
    case 9: axdr::write_octet_string(out, pass_w5_.view()); break;
    default: return DataAccessResult::object_undefined;
  }
  return DataAccessResult::success;
}

DataAccessResult IecLocalPortSetup::write_attribute(std::int8_t attribute_id, const codec::DataView& value) {
  DataAccessResult r = DataAccessResult::object_undefined;
  ByteSpan octets;
  switch (attribute_id) {
    case 2: r = d::read_enum(value, 2, default_mode_); break;
    case 3: r = d::read_enum(value, d::kMaxBaudCode, default_baud_); break;
    case 4: r = d::read_enum(value, d::kMaxBaudCode, prop_baud_); break;
    case 5: r = d::read_enum(value, 1, response_time_); break;
    case 6:
    case 7:
    case 8:
    case 9: {
      r = d::read_octets(value, 0, kMaxStringSize, octets);
      if (r == DataAccessResult::success) {
        auto& target = attribute_id == 6   ? device_addr_
                       : attribute_id == 7 ? pass_p1_
                       : attribute_id == 8 ? pass_p2_
                                           : pass_w5_;
        target.assign(octets);
      }
      break;
    }
    default: break;
  }
  return r;
}

}  // namespace dlms::cosem
