#pragma once
// Push setup, class_id 40, version 2 (Blue Book 4.4.8): what to push, where and how.
//   1 logical_name                  octet-string                                   static
//   2 push_object_list              array push_object_definition ::= structure { class_id:
//                                   long-unsigned, logical_name: octet-string, attribute_index:
//                                   integer, data_index: long-unsigned[, restriction:
//                                   structure, columns: array] } (version 2 adds the last two;
//                                   both forms are taken)                          static
//   3 send_destination_and_method   structure { transport_service: enum, destination:
//                                   octet-string, message: enum }                  static
//   4 communication_window          array structure { start: octet-string(12), end:
//                                   octet-string(12) }                             static
//   5 randomisation_start_interval  long-unsigned (seconds)                        static
//   6 number_of_retries             unsigned                                       static
//   7 repetition_delay              structure { repetition_delay_min, repetition_delay_exponent,
//                                   repetition_delay_max: long-unsigned }           static
//   8 port_reference                octet-string(6)                                static
//   9 push_client_SAP               integer                                        static
//  10 push_protection_parameters    array push_protection_element                  static
//  11 push_operation_method         enum (0 unconfirmed, retry on supporting layer failure;
//                                   1 unconfirmed, retry on missing confirmation; 2 confirmed)
//  12 confirmation_parameters       structure { confirmation_start_date: date-time,
//                                   confirmation_interval: double-long-unsigned }   static
//  13 last_confirmation_date_time   date-time                                      dynamic
//   methods: 1 push (integer 0), 2 reset (integer 0)
//
// push builds the notification body, a structure holding the value of each push object (read
// through a CaptureResolver; an unreadable one is null-data), in the PushSender's buffer and
// hands it to the sender, which sends the DataNotification by the configured destination,
// windows, retries and protection (the meter app does that; this object holds no timers).

#include <array>
#include <cstddef>
#include <cstdint>

#include "cosem_objects/detail_classes2.hpp"
#include "cosem_objects/interface_class.hpp"
#include "stack/codec/cosem_date_time.hpp"

namespace dlms::cosem {

class PushSetup;

class PushSender {
 public:
  virtual ~PushSender() = default;
  // Where push() encodes the notification body.
  virtual MutableByteSpan body_buffer() noexcept = 0;
  // Sends `body` (one A-XDR Data) as the DataNotification of `setup` (its accessors give the
  // destination, message type, retries, windows, client SAP and protection). success once
  // accepted; temporary_failure if it cannot be sent now.
  virtual apdu::ActionResult send(const PushSetup& setup, ByteSpan body) = 0;
  // Method 2 reset: forget pending retries and confirmations of `setup`.
  virtual void reset(const PushSetup& /*setup*/) {}
};

class PushSetup final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxPushObjectList = 1024;  // octets of attribute 2
  static constexpr std::size_t kMaxDestination = 128;
  static constexpr std::size_t kMaxWindows = 256;     // octets of attribute 4
  static constexpr std::size_t kMaxProtection = 512;  // octets of attribute 10

  explicit PushSetup(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  void bind_sender(PushSender* sender) noexcept { sender_ = sender; }
  void set_resolver(CaptureResolver* resolver) noexcept { resolver_ = resolver; }

  // Method 1, for the meter's push triggers (alarm, schedule): builds and sends the body.
  apdu::ActionResult push();

  // The configuration, for the sender.
  [[nodiscard]] std::uint8_t transport_service() const noexcept { return transport_service_; }
  [[nodiscard]] ByteSpan destination() const noexcept { return {destination_.data(), destination_size_}; }
  [[nodiscard]] std::uint8_t message() const noexcept { return message_; }
  [[nodiscard]] codec::DataView push_object_list() const noexcept { return push_objects_.view(); }
  [[nodiscard]] codec::DataView communication_window() const noexcept { return windows_.view(); }
  [[nodiscard]] std::uint16_t randomisation_start_interval() const noexcept { return randomisation_; }
  [[nodiscard]] std::uint8_t number_of_retries() const noexcept { return retries_; }
  [[nodiscard]] std::uint16_t repetition_delay_min() const noexcept { return delay_min_; }
  [[nodiscard]] std::uint16_t repetition_delay_exponent() const noexcept { return delay_exponent_; }
  [[nodiscard]] std::uint16_t repetition_delay_max() const noexcept { return delay_max_; }
  [[nodiscard]] const apdu::ObisCode& port_reference() const noexcept { return port_reference_; }
  [[nodiscard]] std::int8_t push_client_sap() const noexcept { return client_sap_; }
  [[nodiscard]] codec::DataView push_protection_parameters() const noexcept { return protection_.view(); }
  [[nodiscard]] std::uint8_t push_operation_method() const noexcept { return operation_method_; }
  [[nodiscard]] const codec::CosemDateTime& confirmation_start_date() const noexcept {
    return confirmation_start_;
  }
  [[nodiscard]] std::uint32_t confirmation_interval() const noexcept { return confirmation_interval_; }
  // The sender records a received confirmation (attribute 13).
  void set_last_confirmation(const codec::CosemDateTime& t) noexcept { last_confirmation_ = t; }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;
  [[nodiscard]] bool binds_attribute(std::int8_t /*attribute_id*/) const noexcept override { return false; }

 private:
  PushSender* sender_ = nullptr;
  CaptureResolver* resolver_ = nullptr;
  StoredValue<kMaxPushObjectList> push_objects_;
  std::uint8_t transport_service_ = 0;
  std::array<std::uint8_t, kMaxDestination> destination_{};
  std::size_t destination_size_ = 0;
  std::uint8_t message_ = 0;
  StoredValue<kMaxWindows> windows_;
  std::uint16_t randomisation_ = 0;
  std::uint8_t retries_ = 0;
  std::uint16_t delay_min_ = 0;
  std::uint16_t delay_exponent_ = 0;
  std::uint16_t delay_max_ = 0;
  apdu::ObisCode port_reference_;
  std::int8_t client_sap_ = 0;
  StoredValue<kMaxProtection> protection_;
  std::uint8_t operation_method_ = 0;
  codec::CosemDateTime confirmation_start_;
  std::uint32_t confirmation_interval_ = 0;
  codec::CosemDateTime last_confirmation_;
};

}  // namespace dlms::cosem
