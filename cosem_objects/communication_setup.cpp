#include "cosem_objects/communication_setup.hpp"

namespace dlms::cosem {

using apdu::DataAccessResult;

DataAccessResult CommunicationSetup::get_attribute(const server::RequestContext& /*ctx*/,
                                                   std::int8_t attribute_id,
                                                   const apdu::SelectiveAccessDescriptor* /*access*/,
                                                   server::GetCursor& /*cursor*/, ByteWriter& out) {
  if (const DataAccessResult r = read_attribute(attribute_id, out); r != DataAccessResult::success) {
    return r;
  }
  return classes3_detail::finish(out);
}

DataAccessResult CommunicationSetup::set_attribute(const server::RequestContext& /*ctx*/,
                                                   std::int8_t attribute_id,
                                                   const apdu::SelectiveAccessDescriptor* /*access*/,
                                                   const codec::DataView& value) {
  const DataAccessResult r = write_attribute(attribute_id, value);
  if (r == DataAccessResult::success) {
    notify(attribute_id);
  }
  return r;
}

}  // namespace dlms::cosem
