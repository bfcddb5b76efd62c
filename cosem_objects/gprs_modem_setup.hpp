#pragma once
// GPRS modem setup, class_id 45, version 0 (Blue Book 4.7.7). All attributes static.
//   1 logical_name        octet-string
//   2 APN                 octet-string (<= kMaxApnSize octets)  access point name
//   3 PIN_code            long-unsigned   the SIM's PIN (default access write-only)
//   4 quality_of_service  structure { default: qos_element, requested: qos_element }
//        qos_element ::= structure { precedence unsigned, delay unsigned, reliability unsigned,
//                                    peak_throughput unsigned, mean_throughput unsigned }
//        (the GPRS QoS profile of 3GPP TS 23.060 / GSM 03.60; 0 = subscribed value)
// No methods.

#include <cstdint>

#include "cosem_objects/communication_setup.hpp"
#include "cosem_objects/detail_classes3.hpp"

namespace dlms::cosem {

class GprsModemSetup final : public CommunicationSetup {
 public:
  static constexpr std::size_t kMaxApnSize = 100;  // 3GPP TS 23.003: an APN has at most 100 octets

  struct QosElement {
    std::uint8_t precedence = 0;
    std::uint8_t delay = 0;
    std::uint8_t reliability = 0;
    std::uint8_t peak_throughput = 0;
    std::uint8_t mean_throughput = 0;
    friend constexpr bool operator==(const QosElement&, const QosElement&) noexcept = default;
  };

  explicit GprsModemSetup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // Typed configuration for the modem.
  [[nodiscard]] ByteSpan apn() const noexcept { return apn_.view(); }
  [[nodiscard]] std::uint16_t pin_code() const noexcept { return pin_code_; }
  [[nodiscard]] const QosElement& qos_default() const noexcept { return qos_default_; }
  [[nodiscard]] const QosElement& qos_requested() const noexcept { return qos_requested_; }

 protected:
  apdu::DataAccessResult read_attribute(std::int8_t attribute_id, ByteWriter& out) override;
  apdu::DataAccessResult write_attribute(std::int8_t attribute_id, const codec::DataView& value) override;

 private:
  classes3_detail::BoundedOctets<kMaxApnSize> apn_;
  std::uint16_t pin_code_ = 0;
  QosElement qos_default_{};
  QosElement qos_requested_{};
};

}  // namespace dlms::cosem
