#pragma once
// TCP-UDP setup, class_id 41, version 0 (Blue Book 4.9.1): the TCP or UDP sub-layer of the
// DLMS/COSEM TCP-UDP/IP profile (Green Book 7, the wrapper). All attributes static.
//   1 logical_name         octet-string
//   2 TCP-UDP_port         long-unsigned         listening port; default 4059 (IANA dlms/cosem)
//   3 IP_reference         octet-string(6)       logical name of the IP setup object below;
//                                                default 0.0.25.1.0.255 (IPv4 setup)
//   4 MSS                  long-unsigned 40..65535  maximum segment size; default 576
//   5 nb_of_sim_conn       unsigned 1..255       simultaneous connections; default 1
//   6 inactivity_time_out  long-unsigned         s without traffic before the connection is
//                                                closed, 0 = never; default 180
// No methods.

#include <cstdint>

#include "cosem_objects/communication_setup.hpp"
#include "cosem_objects/detail_classes3.hpp"

namespace dlms::cosem {

class TcpUdpSetup final : public CommunicationSetup {
 public:
  static constexpr std::uint16_t kDefaultPort = 4059;
  static constexpr std::uint16_t kMinMss = 40;

  explicit TcpUdpSetup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // Typed configuration for the wrapper transport.
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] const apdu::ObisCode& ip_reference() const noexcept { return ip_reference_; }
  [[nodiscard]] std::uint16_t mss() const noexcept { return mss_; }
  [[nodiscard]] std::uint8_t nb_of_sim_conn() const noexcept { return nb_of_sim_conn_; }
  [[nodiscard]] std::uint16_t inactivity_time_out_s() const noexcept { return inactivity_s_; }

 protected:
  apdu::DataAccessResult read_attribute(std::int8_t attribute_id, ByteWriter& out) override;
  apdu::DataAccessResult write_attribute(std::int8_t attribute_id, const codec::DataView& value) override;

 private:
  std::uint16_t port_ = kDefaultPort;
  apdu::ObisCode ip_reference_{0, 0, 25, 1, 0, 255};
  std::uint16_t mss_ = 576;
  std::uint8_t nb_of_sim_conn_ = 1;
  std::uint16_t inactivity_s_ = 180;
};

}  // namespace dlms::cosem
