#pragma once
// IPv4 setup, class_id 42, version 0 (Blue Book 4.9.2): the IPv4 layer of an IP interface.
//   1 logical_name           octet-string
//   2 DL_reference           octet-string(6)        logical name of the data link setup object
//   3 IP_address             double-long-unsigned   dynamic (DHCP may assign it); 0 = none
//   4 multicast_IP_address   array double-long-unsigned   class D addresses (224.0.0.0/4),
//                                                   at most kMaxMulticast, no duplicates
//   5 IP_options             array IP_options_element, IP_options_element ::= structure
//                            { IP_Option_Type unsigned, IP_Option_Length unsigned,
//                              IP_Option_Data octet-string }; at most kMaxIpOptions
//   6 subnet_mask            double-long-unsigned   contiguous mask
//   7 gateway_IP_address     double-long-unsigned
//   8 use_DHCP_flag          boolean
//   9 primary_DNS_address    double-long-unsigned
//  10 secondary_DNS_address  double-long-unsigned
// Methods:
//   1 add_mc_IP_address(double-long-unsigned)     adds a class D address (already there: no change)
//   2 delete_mc_IP_address(double-long-unsigned)  removes it (absent: other-reason)
//   3 get_nbof_mc_IP_addresses(integer(0))        returns long-unsigned, the number of addresses
// Addresses are IPv4 addresses as 32-bit numbers, most significant octet first
// (192.168.0.1 = 0xC0A80001).

#include <array>
#include <cstdint>
#include <span>

#include "cosem_objects/communication_setup.hpp"
#include "cosem_objects/detail_classes3.hpp"

namespace dlms::cosem {

class Ipv4Setup final : public CommunicationSetup {
 public:
  static constexpr std::size_t kMaxMulticast = 8;
  static constexpr std::size_t kMaxIpOptions = 4;
  static constexpr std::size_t kMaxIpOptionData = 38;  // an IPv4 header holds 40 octets of options
  static constexpr std::size_t kMaxIpOptionsSize = 2 + kMaxIpOptions * (2 + 2 + 2 + 2 + kMaxIpOptionData);

  explicit Ipv4Setup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // Typed configuration for the IP interface.
  [[nodiscard]] const apdu::ObisCode& dl_reference() const noexcept { return dl_reference_; }
  [[nodiscard]] std::uint32_t ip_address() const noexcept { return ip_address_; }
  [[nodiscard]] std::span<const std::uint32_t> multicast_ip_addresses() const noexcept {
    return {multicast_.data(), multicast_count_};
  }
  [[nodiscard]] ByteSpan ip_options_encoding() const noexcept { return ip_options_.view(); }  // A-XDR array
  [[nodiscard]] std::uint32_t subnet_mask() const noexcept { return subnet_mask_; }
  [[nodiscard]] std::uint32_t gateway_ip_address() const noexcept { return gateway_; }
  [[nodiscard]] bool use_dhcp() const noexcept { return use_dhcp_; }
  [[nodiscard]] std::uint32_t primary_dns_address() const noexcept { return primary_dns_; }
  [[nodiscard]] std::uint32_t secondary_dns_address() const noexcept { return secondary_dns_; }

  // The device itself (e.g. after DHCP) stores a new address; the listener is told.
  void update_ip_address(std::uint32_t address) noexcept;

  static constexpr bool is_multicast(std::uint32_t address) noexcept { return (address >> 28U) == 0xEU; }

 protected:
  apdu::DataAccessResult read_attribute(std::int8_t attribute_id, ByteWriter& out) override;
  apdu::DataAccessResult write_attribute(std::int8_t attribute_id, const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;

 private:
  apdu::DataAccessResult set_multicast(const codec::DataView& value) noexcept;
  apdu::DataAccessResult set_ip_options(const codec::DataView& value) noexcept;

  apdu::ObisCode dl_reference_{};
  std::uint32_t ip_address_ = 0;
  std::array<std::uint32_t, kMaxMulticast> multicast_{};
  std::size_t multicast_count_ = 0;
  classes3_detail::BoundedOctets<kMaxIpOptionsSize> ip_options_;  // encoded; empty = empty array
  std::uint32_t subnet_mask_ = 0;
  std::uint32_t gateway_ = 0;
  bool use_dhcp_ = false;
  std::uint32_t primary_dns_ = 0;
  std::uint32_t secondary_dns_ = 0;
};

}  // namespace dlms::cosem
