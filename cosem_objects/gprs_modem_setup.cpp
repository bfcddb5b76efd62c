#include "cosem_objects/gprs_modem_setup.hpp"

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
    {"APN", DataType::octet_string, kReadWrite},
    {"PIN_code", DataType::long_unsigned, kWrite},
    {"quality_of_service", DataType::structure, kReadWrite},
});

constexpr ClassDescription kDescription{45, 0, "GPRS modem setup", kAttributes, {}};

void write_qos(ByteWriter& out, const GprsModemSetup::QosElement& q) noexcept {
  namespace axdr = codec::axdr;
  axdr::begin_structure(out, 5);
  axdr::write_unsigned(out, q.precedence);
  axdr::write_unsigned(out, q.delay);
  axdr::write_unsigned(out, q.reliability);
  axdr::write_unsigned(out, q.peak_throughput);
  axdr::write_unsigned(out, q.mean_throughput);
}

DataAccessResult read_qos(const codec::DataView& v, GprsModemSetup::QosElement& q) noexcept {
  if (d::check_structure(v, 5) != DataAccessResult::success) {
    return d::kTypeError;
  }
  std::uint8_t* fields[] = {&q.precedence, &q.delay, &q.reliability, &q.peak_throughput, &q.mean_throughput};
  std::size_t i = 0;
  for (const auto& e : v.elements()) {
    if (const auto r = d::read_unsigned(e, 0, 0xFF, *fields[i++]); r != DataAccessResult::success) {
      return r;
    }
  }
  return DataAccessResult::success;
}

}  // namespace

GprsModemSetup::GprsModemSetup(const apdu::ObisCode& logical_name) noexcept
    : CommunicationSetup(kDescription, logical_name) {}

const ClassDescription& GprsModemSetup::class_description() noexcept { return kDescription; }

DataAccessResult GprsModemSetup::read_attribute(std::int8_t attribute_id, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2: axdr::write_octet_string(out, apn_.view()); break;
    case 3: axdr::write_long_unsigned(out, pin_code_); break;
    case 4:
      axdr::begin_structure(out, 2);
      write_qos(out, qos_default_);
      write_qos(out, qos_requested_);
      break;
    default: return DataAccessResult::object_undefined;
  }
  return DataAccessResult::success;
}

DataAccessResult GprsModemSetup::write_attribute(std::int8_t attribute_id, const codec::DataView& value) {
  DataAccessResult r = DataAccessResult::object_undefined;
  switch (attribute_id) {
    case 2: {
      ByteSpan o;
      r = d::read_octets(value, 0, kMaxApnSize, o);
      if (r == DataAccessResult::success) {
        apn_.assign(o);
      }
      break;
    }
    case 3: r = d::read_long_unsigned(value, 0, 0xFFFF, pin_code_); break;
    case 4: {
      if (d::check_structure(value, 2) != DataAccessResult::success) {
        r = d::kTypeError;
        break;
      }
      QosElement q[2];
      std::size_t i = 0;
      r = DataAccessResult::success;
      for (const auto& e : value.elements()) {
        r = read_qos(e, q[i++]);
        if (r != DataAccessResult::success) {
          break;
        }
      }
      if (r == DataAccessResult::success) {
        qos_default_ = q[0];
        qos_requested_ = q[1];
      }
      break;
    }
    default: break;
  }
  return r;
}

}  // namespace dlms::cosem
