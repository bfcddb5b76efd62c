#pragma once
// Image transfer, class_id 18, version 0 (Blue Book 4.4.6): firmware download in blocks.
//   1 logical_name                         octet-string                       static
//   2 image_block_size                     double-long-unsigned (octets)      static
//   3 image_transferred_blocks_status      bit-string (bit n: block n received) dynamic
//   4 image_first_not_transferred_block_number double-long-unsigned           dynamic
//   5 image_transfer_enabled               boolean                            static
//   6 image_transfer_status                enum (0 not initiated, 1 initiated, 2 verification
//                                          initiated, 3 verification successful, 4 verification
//                                          failed, 5 activation initiated, 6 activation
//                                          successful, 7 activation failed)  dynamic
//   7 image_to_activate_info               array structure { image_to_activate_size:
//                                          double-long-unsigned, image_to_activate_identification:
//                                          octet-string, image_to_activate_signature: octet-string }
//   methods: 1 image_transfer_initiate (structure { image_identifier: octet-string,
//   image_size: double-long-unsigned }), 2 image_block_transfer (structure {
//   image_block_number: double-long-unsigned, image_block_value: octet-string }),
//   3 image_verify (integer 0), 4 image_activate (integer 0)
//
// The image goes to an ImageStore (the meter's firmware store). Verification and activation
// may take time: a store answering temporary-failure leaves the status at "initiated" (2 or 5)
// and the client polls image_transfer_status and calls the method again (Blue Book 4.4.6).

#include <array>
#include <cstddef>
#include <cstdint>

#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

// Where the image goes. Block n covers octets [n * block_size, n * block_size + value size).
class ImageStore {
 public:
  virtual ~ImageStore() = default;
  // The largest image accepted (octets).
  [[nodiscard]] virtual std::uint32_t max_image_size() const noexcept = 0;
  // A new transfer: forget any partial image.
  virtual apdu::ActionResult initiate(ByteSpan identifier, std::uint32_t size) = 0;
  virtual apdu::ActionResult write_block(std::uint32_t offset, ByteSpan data) = 0;
  // success, temporary_failure (still working: call again), anything else: the image is bad.
  virtual apdu::ActionResult verify() = 0;
  virtual apdu::ActionResult activate() = 0;
  // The verified image's signature for image_to_activate_info (may be empty).
  [[nodiscard]] virtual ByteSpan signature() const noexcept { return {}; }
};

class ImageTransfer final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxBlocks = 16384;  // bitmap of 2 KiB
  static constexpr std::size_t kMaxIdentifier = 64;

  enum class Status : std::uint8_t {
    not_initiated = 0,
    initiated = 1,
    verification_initiated = 2,
    verification_successful = 3,
    verification_failed = 4,
    activation_initiated = 5,
    activation_successful = 6,
    activation_failed = 7,
  };

  explicit ImageTransfer(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  void bind_store(ImageStore* store) noexcept { store_ = store; }
  [[nodiscard]] Status status() const noexcept { return status_; }
  [[nodiscard]] std::uint32_t block_size() const noexcept { return block_size_; }
  [[nodiscard]] std::uint32_t block_count() const noexcept { return block_count_; }

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
  apdu::ActionResult initiate(const codec::DataView* parameter);
  apdu::ActionResult transfer_block(const codec::DataView* parameter);
  apdu::ActionResult verify();
  apdu::ActionResult activate();
  [[nodiscard]] bool block_received(std::uint32_t n) const noexcept {
    return (bitmap_[n / 8] & (0x80U >> (n % 8))) != 0;
  }
  [[nodiscard]] bool all_blocks_received() const noexcept { return first_missing_ == block_count_; }

  ImageStore* store_ = nullptr;
  std::uint32_t block_size_ = 200;
  bool enabled_ = true;
  Status status_ = Status::not_initiated;
  std::uint32_t image_size_ = 0;
  std::uint32_t block_count_ = 0;
  std::uint32_t first_missing_ = 0;
  std::array<std::uint8_t, kMaxIdentifier> identifier_{};
  std::size_t identifier_size_ = 0;
  std::array<std::uint8_t, kMaxBlocks / 8> bitmap_{};
};

}  // namespace dlms::cosem
