#include "cosem_objects/ipv4_setup.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;
using association::access::kAccess;
using association::access::kReadWrite;
using codec::DataType;
namespace d = classes3_detail;

constexpr auto kAttributes = attribute_table({
    {"DL_reference", DataType::octet_string, kReadWrite},
    {"IP_address", DataType::double_long_unsigned, kReadWrite, kDynamic},
    {"multicast_IP_address", DataType::array, kReadWrite},
    {"IP_options", DataType::array, kReadWrite},
    {"subnet_mask", DataType::double_long_unsigned, kReadWrite},
    {"gateway_IP_address", DataType::double_long_unsigned, kReadWrite},
    {"use_DHCP_flag", DataType::boolean, kReadWrite},
    {"primary_DNS_address", DataType::double_long_unsigned, kReadWrite},
    {"secondary_DNS_address", DataType::double_long_unsigned, kReadWrite},
});

constexpr auto kMethods = method_table({
    {"add_mc_IP_address", DataType::double_long_unsigned, kAccess},
    {"delete_mc_IP_address", DataType::double_long_unsigned, kAccess},
    {"get_nbof_mc_IP_addresses", DataType::integer, kAccess},
});

constexpr ClassDescription kDescription{42, 0, "IPv4 setup", kAttributes, kMethods};

constexpr std::uint8_t kEmptyArray[] = {0x01, 0x00};

// A subnet mask is ones followed by zeros.
constexpr bool contiguous_mask(std::uint32_t mask) noexcept {
  const std::uint32_t inverted = ~mask;
  return (inverted & (inverted + 1U)) == 0;
}

ActionResult to_action_result(DataAccessResult r) noexcept {
  switch (r) {
    case DataAccessResult::success: return ActionResult::success;
    case DataAccessResult::type_unmatched: return ActionResult::type_unmatched;
    default: return ActionResult::other_reason;
  }
}

}  // namespace

Ipv4Setup::Ipv4Setup(const apdu::ObisCode& logical_name) noexcept
    : CommunicationSetup(kDescription, logical_name) {}

const ClassDescription& Ipv4Setup::class_description() noexcept { return kDescription; }

void Ipv4Setup::update_ip_address(std::uint32_t address) noexcept {
  ip_address_ = address;
  notify(3);
}

DataAccessResult Ipv4Setup::read_attribute(std::int8_t attribute_id, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2: axdr::write_octet_string(out, ByteSpan(dl_reference_.bytes)); break;
    case 3: axdr::write_double_long_unsigned(out, ip_address_); break;
    case 4:
      axdr::begin_array(out, multicast_count_);
      for (std::size_t i = 0; i < multicast_count_; ++i) {
        axdr::write_double_long_unsigned(out, multicast_[i]);
      }
      break;
    case 5: out.bytes(ip_options_.empty() ? ByteSpan(kEmptyArray) : ip_options_.view()); break;
    case 6: axdr::write_double_long_unsigned(out, subnet_mask_); break;
    case 7: axdr::write_double_long_unsigned(out, gateway_); break;
    case 8: axdr::write_boolean(out, use_dhcp_); break;
    case 9: axdr::write_double_long_unsigned(out, primary_dns_); break;
    case 10: axdr::write_double_long_unsigned(out, secondary_dns_); break;
    default: return DataAccessResult::object_undefined;
  }
  return DataAccessResult::success;
}

DataAccessResult Ipv4Setup::set_multicast(const codec::DataView& value) noexcept {
  if (value.type() != DataType::array) {
    return d::kTypeError;
  }
  std::array<std::uint32_t, kMaxMulticast> list{};
  std::size_t n = 0;
  for (const auto& e : value.elements()) {
    std::uint32_t a = 0;
    if (const auto r = d::read_double_long_unsigned(e, a); r != DataAccessResult::success) {
      return r;
    }
    if (!is_multicast(a)) {
      return d::kRangeError;
    }
    if (std::find(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n), a) !=
        list.begin() + static_cast<std::ptrdiff_t>(n)) {
      continue;  // a duplicate names the same group once
    }
    if (n == kMaxMulticast) {
      return d::kRangeError;
    }
    list[n++] = a;
  }
  multicast_ = list;
  multicast_count_ = n;
  return DataAccessResult::success;
}

DataAccessResult Ipv4Setup::set_ip_options(const codec::DataView& value) noexcept {
  if (value.type() != DataType::array) {
    return d::kTypeError;
  }
  if (value.size() > kMaxIpOptions) {
    return d::kRangeError;
  }
  std::size_t total = 0;
  for (const auto& e : value.elements()) {
    if (d::check_structure(e, 3) != DataAccessResult::success) {
      return d::kTypeError;
    }
    auto it = e.elements().begin();
    const codec::DataView type = *it;
    const codec::DataView length = *++it;
    const codec::DataView data = *++it;
    std::uint8_t t = 0;
    std::uint8_t l = 0;
    ByteSpan o;
    if (auto r = d::read_unsigned(type, 0, 0xFF, t); r != DataAccessResult::success) {
      return r;
    }
    if (auto r = d::read_unsigned(length, 0, 0xFF, l); r != DataAccessResult::success) {
      return r;
    }
    if (auto r = d::read_octets(data, 0, kMaxIpOptionData, o); r != DataAccessResult::success) {
      return r;
    }
    total += 2 + o.size();
  }
  if (total > 40 || !ip_options_.assign(value.encoded())) {
    return d::kRangeError;
  }
  return DataAccessResult::success;
}

DataAccessResult Ipv4Setup::write_attribute(std::int8_t attribute_id, const codec::DataView& value) {
  DataAccessResult r = DataAccessResult::object_undefined;
  std::uint32_t u = 0;
  switch (attribute_id) {
    case 2: r = d::read_logical_name(value, dl_reference_); break;
    case 3: r = d::read_double_long_unsigned(value, ip_address_); break;
    case 4: r = set_multicast(value); break;
    case 5: r = set_ip_options(value); break;
    case 6:
      r = d::read_double_long_unsigned(value, u);
      if (r == DataAccessResult::success) {
        if (contiguous_mask(u)) {
          subnet_mask_ = u;
        } else {
          r = d::kRangeError;
        }
      }
      break;
    case 7: r = d::read_double_long_unsigned(value, gateway_); break;
    case 8: r = d::read_boolean(value, use_dhcp_); break;
    case 9: r = d::read_double_long_unsigned(value, primary_dns_); break;
    case 10: r = d::read_double_long_unsigned(value, secondary_dns_); break;
    default: break;
  }
  return r;
}

server::InvokeOutcome Ipv4Setup::invoke_method(const server::RequestContext& /*ctx*/, std::int8_t method_id,
                                               const codec::DataView* parameter, ByteWriter& return_data) {
  if (method_id == 3) {
    // get_nbof_mc_IP_addresses (data): data ::= integer(0); returns long-unsigned.
    if (parameter != nullptr && !parameter->is_null()) {
      std::int8_t zero = 0;
      if (d::read_integer<std::int8_t>(*parameter, DataType::integer, 0, 0, zero) !=
          DataAccessResult::success) {
        return {ActionResult::type_unmatched, false};
      }
    }
    codec::axdr::write_long_unsigned(return_data, static_cast<std::uint16_t>(multicast_count_));
    return {return_data.ok() ? ActionResult::success : ActionResult::other_reason, return_data.ok()};
  }
  if (parameter == nullptr) {
    return {ActionResult::type_unmatched, false};
  }
  std::uint32_t address = 0;
  if (const auto r = d::read_double_long_unsigned(*parameter, address); r != DataAccessResult::success) {
    return {to_action_result(r), false};
  }
  std::uint32_t* const end = multicast_.data() + multicast_count_;
  std::uint32_t* const found = std::find(multicast_.data(), end, address);
  if (method_id == 1) {
    // add_mc_IP_address (data): data ::= double-long-unsigned, a class D address.
    if (!is_multicast(address)) {
      return {ActionResult::other_reason, false};
    }
    if (found != end) {
      return {ActionResult::success, false};
    }
    if (multicast_count_ == kMaxMulticast) {
      return {ActionResult::temporary_failure, false};  // the list is full
    }
    multicast_[multicast_count_++] = address;
  } else {
    // delete_mc_IP_address (data): data ::= double-long-unsigned.
    if (found == end) {
      return {ActionResult::other_reason, false};
    }
    std::copy(found + 1, end, found);
    --multicast_count_;
  }
  notify(4);
  return {ActionResult::success, false};
}

}  // namespace dlms::cosem
