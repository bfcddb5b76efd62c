#include "cosem_objects/data.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

constexpr auto kAttributes = attribute_table({
    {"value", codec::DataType::dont_care, association::access::kRead},
});

constexpr ClassDescription kDescription{1, 0, "Data", kAttributes, {}};

}  // namespace

Data::Data(const apdu::ObisCode& logical_name) noexcept : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& Data::class_description() noexcept { return kDescription; }

apdu::DataAccessResult Data::get_attribute(const server::RequestContext& /*ctx*/,
                                           std::int8_t /*attribute_id*/,
                                           const apdu::SelectiveAccessDescriptor* /*access*/,
                                           server::GetCursor& /*cursor*/, ByteWriter& out) {
  out.bytes(value_encoding());
  return out.ok() ? apdu::DataAccessResult::success : apdu::DataAccessResult::other_reason;
}

apdu::DataAccessResult Data::set_attribute(const server::RequestContext& /*ctx*/,
                                           std::int8_t /*attribute_id*/,
                                           const apdu::SelectiveAccessDescriptor* /*access*/,
                                           const codec::DataView& value) {
  const ByteSpan encoded = value.encoded();
  if (encoded.size() > kMaxValueSize) {
    return apdu::DataAccessResult::other_reason;
  }
  std::copy(encoded.begin(), encoded.end(), value_.begin());
  size_ = encoded.size();
  return apdu::DataAccessResult::success;
}

}  // namespace dlms::cosem
