#pragma once
// IEC HDLC setup, class_id 23, version 1 (Blue Book 4.7.2): one HDLC channel (IEC 62056-46,
// Green Book clause 8). All attributes static, read-write by default except logical_name.
//   1 logical_name                    octet-string
//   2 comm_speed                      enum 0..9        (0) 300 .. (5) 9600 .. (9) 115200 Bd; default 5
//   3 window_size_transmit            unsigned 1..7    default 1
//   4 window_size_receive             unsigned 1..7    default 1
//   5 max_info_field_length_transmit  long-unsigned 32..2030 (version 0: unsigned 32..128); default 128
//   6 max_info_field_length_receive   long-unsigned 32..2030; default 128
//   7 inter_octet_time_out            long-unsigned 20..6000 ms; default 25
//   8 inactivity_time_out             long-unsigned s, 0 = none; default 120
//   9 device_address                  long-unsigned 0x0010..0x3FFD (the usable physical
//                                     addresses of one- and two-octet addressing); default 0x0010
// No methods. Window sizes and info field lengths are this side's limits; the link negotiates
// smaller ones at SNRM/UA.

#include <cstdint>

#include "cosem_objects/communication_setup.hpp"
#include "cosem_objects/detail_classes3.hpp"

namespace dlms::cosem {

class IecHdlcSetup final : public CommunicationSetup {
 public:
  static constexpr std::uint8_t kMinWindow = 1;
  static constexpr std::uint8_t kMaxWindow = 7;
  static constexpr std::uint16_t kMinInfoField = 32;
  static constexpr std::uint16_t kMaxInfoField = 2030;
  static constexpr std::uint16_t kMinInterOctet = 20;
  static constexpr std::uint16_t kMaxInterOctet = 6000;
  static constexpr std::uint16_t kMinDeviceAddress = 0x0010;
  static constexpr std::uint16_t kMaxDeviceAddress = 0x3FFD;

  explicit IecHdlcSetup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // Typed configuration for the HDLC transport (hdlc::HdlcServerConfig): limits in the server's
  // view (transmit = what the meter sends).
  [[nodiscard]] std::uint8_t comm_speed() const noexcept { return comm_speed_; }  // enum 0..9
  [[nodiscard]] std::uint32_t comm_speed_baud() const noexcept {
    return classes3_detail::kBaudRates[comm_speed_];
  }
  [[nodiscard]] std::uint8_t window_size_transmit() const noexcept { return window_tx_; }
  [[nodiscard]] std::uint8_t window_size_receive() const noexcept { return window_rx_; }
  [[nodiscard]] std::uint16_t max_info_field_length_transmit() const noexcept { return max_info_tx_; }
  [[nodiscard]] std::uint16_t max_info_field_length_receive() const noexcept { return max_info_rx_; }
  [[nodiscard]] std::uint16_t inter_octet_time_out_ms() const noexcept { return inter_octet_ms_; }
  [[nodiscard]] std::uint16_t inactivity_time_out_s() const noexcept { return inactivity_s_; }
  [[nodiscard]] std::uint16_t device_address() const noexcept { return device_address_; }

 protected:
  apdu::DataAccessResult read_attribute(std::int8_t attribute_id, ByteWriter& out) override;
  apdu::DataAccessResult write_attribute(std::int8_t attribute_id, const codec::DataView& value) override;

 private:
  std::uint8_t comm_speed_ = 5;
  std::uint8_t window_tx_ = 1;
  std::uint8_t window_rx_ = 1;
  std::uint16_t max_info_tx_ = 128;
  std::uint16_t max_info_rx_ = 128;
  std::uint16_t inter_octet_ms_ = 25;
  std::uint16_t inactivity_s_ = 120;
  std::uint16_t device_address_ = kMinDeviceAddress;
};

}  // namespace dlms::cosem
