#pragma once
// IEC local port setup, class_id 19, version 1 (Blue Book 4.7.1): the optical (or electrical)
// port run with the protocols of IEC 62056-21.
//   1 logical_name   octet-string          static  r
//   2 default_mode   enum 0..2             static  rw  (0) IEC 62056-21 modes A..E, (1) IEC 62056-46
//                                                      HDLC directly, (2) protocol not specified
//   3 default_baud   enum 0..9             static  rw  rate of the opening sequence: (0) 300 .. (9) 115200
//   4 prop_baud      enum 0..9             static  rw  rate the meter proposes after the opening
//   5 response_time  enum 0..1             static  rw  minimum reaction time: (0) 20 ms, (1) 200 ms
//   6 device_addr    octet-string          static  rw  the IEC 62056-21 device address (<= 32 octets)
//   7 pass_p1        octet-string          static  w   IEC 62056-21 password P1 (<= 32 octets)
//   8 pass_p2        octet-string          static  w   password P2
//   9 pass_w5        octet-string          static  w   password W5 (national use)
// No methods. Defaults: mode 0, 300 Bd opening, 9600 Bd proposed, 20 ms, empty strings. The
// passwords' default access is write-only (a credential is not read back).

#include <cstdint>

#include "cosem_objects/communication_setup.hpp"
#include "cosem_objects/detail_classes3.hpp"

namespace dlms::cosem {

class IecLocalPortSetup final : public CommunicationSetup {
 public:
  static constexpr std::size_t kMaxStringSize = 32;

  enum class Mode : std::uint8_t { iec62056_21 = 0, iec62056_46 = 1, not_specified = 2 };
  enum class ResponseTime : std::uint8_t { ms20 = 0, ms200 = 1 };

  explicit IecLocalPortSetup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // Typed configuration for the optical port's transport.
  [[nodiscard]] Mode default_mode() const noexcept { return static_cast<Mode>(default_mode_); }
  [[nodiscard]] std::uint8_t default_baud() const noexcept { return default_baud_; }  // enum 0..9
  [[nodiscard]] std::uint8_t prop_baud() const noexcept { return prop_baud_; }        // enum 0..9
  [[nodiscard]] std::uint32_t default_baud_rate() const noexcept { return baud_rate(default_baud_); }
  [[nodiscard]] std::uint32_t prop_baud_rate() const noexcept { return baud_rate(prop_baud_); }
  [[nodiscard]] ResponseTime response_time() const noexcept {
    return static_cast<ResponseTime>(response_time_);
  }
  [[nodiscard]] std::uint16_t response_time_ms() const noexcept { return response_time_ == 0 ? 20 : 200; }
  [[nodiscard]] ByteSpan device_addr() const noexcept { return device_addr_.view(); }
  [[nodiscard]] ByteSpan pass_p1() const noexcept { return pass_p1_.view(); }
  [[nodiscard]] ByteSpan pass_p2() const noexcept { return pass_p2_.view(); }
  [[nodiscard]] ByteSpan pass_w5() const noexcept { return pass_w5_.view(); }
  // The rate of baud-rate enum `code` (0..9), 0 for another code.
  static constexpr std::uint32_t baud_rate(std::uint8_t code) noexcept {
    return code <= classes3_detail::kMaxBaudCode ? classes3_detail::kBaudRates[code] : 0;
  }

 protected:
  apdu::DataAccessResult read_attribute(std::int8_t attribute_id, ByteWriter& out) override;
  apdu::DataAccessResult write_attribute(std::int8_t attribute_id, const codec::DataView& value) override;

 private:
  std::uint8_t default_mode_ = 0;
  std::uint8_t default_baud_ = 0;
  std::uint8_t prop_baud_ = 5;
  std::uint8_t response_time_ = 0;
  classes3_detail::BoundedOctets<kMaxStringSize> device_addr_;
  classes3_detail::BoundedOctets<kMaxStringSize> pass_p1_;
  classes3_detail::BoundedOctets<kMaxStringSize> pass_p2_;
  classes3_detail::BoundedOctets<kMaxStringSize> pass_w5_;
};

}  // namespace dlms::cosem
