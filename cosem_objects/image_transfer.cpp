#include "cosem_objects/image_transfer.hpp"

#include <algorithm>

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes2.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

using apdu::ActionResult;
using apdu::DataAccessResult;
using codec::DataType;
using codec::DataView;
namespace axdr = codec::axdr;
namespace access = association::access;

namespace {

constexpr auto kAttributes = attribute_table({
    {"image_block_size", DataType::double_long_unsigned, access::kRead},
    {"image_transferred_blocks_status", DataType::bit_string, access::kRead, kDynamic},
    {"image_first_not_transferred_block_number", DataType::double_long_unsigned, access::kRead, kDynamic},
    {"image_transfer_enabled", DataType::boolean, access::kRead},
    {"image_transfer_status", DataType::enum_, access::kRead, kDynamic},
    {"image_to_activate_info", DataType::array, access::kRead, kDynamic},
});

constexpr auto kMethods = method_table({
    {"image_transfer_initiate", DataType::structure, access::kNone},
    {"image_block_transfer", DataType::structure, access::kNone},
    {"image_verify", DataType::integer, access::kNone},
    {"image_activate", DataType::integer, access::kNone},
});

constexpr ClassDescription kDescription{18, 0, "Image transfer", kAttributes, kMethods};

// structure { octet-string, double-long-unsigned } / { double-long-unsigned, octet-string }
bool read_pair(const DataView* p, bool octets_first, ByteSpan& octets, std::uint32_t& number) noexcept {
  if (p == nullptr || p->type() != DataType::structure || p->size() != 2) {
    return false;
  }
  auto it = p->elements().begin();
  const DataView a = *it;
  const DataView b = *++it;
  const DataView& o = octets_first ? a : b;
  const DataView& n = octets_first ? b : a;
  if (o.type() != DataType::octet_string || !detail::read_typed(n, DataType::double_long_unsigned, number)) {
    return false;
  }
  octets = *o.as_octets();
  return true;
}

}  // namespace

ImageTransfer::ImageTransfer(const apdu::ObisCode& logical_name) noexcept
    : InterfaceClass(kDescription, logical_name) {}

const ClassDescription& ImageTransfer::class_description() noexcept { return kDescription; }

apdu::DataAccessResult ImageTransfer::get_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    server::GetCursor& /*cursor*/, ByteWriter& out) {
  switch (attribute_id) {
    case 2: axdr::write_double_long_unsigned(out, block_size_); break;
    case 3:
      axdr::write_bit_string(out, ByteSpan(bitmap_.data(), (block_count_ + 7) / 8), block_count_);
      break;
    case 4: axdr::write_double_long_unsigned(out, first_missing_); break;
    case 5: axdr::write_boolean(out, enabled_); break;
    case 6: axdr::write_enum(out, static_cast<std::uint8_t>(status_)); break;
    case 7:
      if (status_ == Status::verification_successful || status_ == Status::activation_initiated ||
          status_ == Status::activation_successful || status_ == Status::activation_failed) {
        axdr::begin_array(out, 1);
        axdr::begin_structure(out, 3);
        axdr::write_double_long_unsigned(out, image_size_);
        axdr::write_octet_string(out, ByteSpan(identifier_.data(), identifier_size_));
        axdr::write_octet_string(out, store_ != nullptr ? store_->signature() : ByteSpan());
      } else {
        axdr::begin_array(out, 0);
      }
      break;
    default: return DataAccessResult::object_undefined;
  }
  return out.ok() ? DataAccessResult::success : DataAccessResult::other_reason;
}

apdu::DataAccessResult ImageTransfer::set_attribute(const server::RequestContext& /*ctx*/,
                                                    std::int8_t attribute_id,
                                                    const apdu::SelectiveAccessDescriptor* /*access*/,
                                                    const codec::DataView& value) {
  if (attribute_id == 2) {
    std::uint32_t size = 0;
    if (!detail::read_typed(value, DataType::double_long_unsigned, size)) {
      return DataAccessResult::type_unmatched;
    }
    if (size == 0 || size > 0xFFFF) {
      return DataAccessResult::other_reason;
    }
    if (status_ == Status::initiated || status_ == Status::verification_initiated ||
        status_ == Status::verification_failed) {
      return DataAccessResult::temporary_failure;  // not while blocks of a transfer may still come
    }
    block_size_ = size;
    return DataAccessResult::success;
  }
  if (attribute_id == 5) {
    if (value.type() != DataType::boolean) {
      return DataAccessResult::type_unmatched;
    }
    enabled_ = *value.as_bool();
    return DataAccessResult::success;
  }
  return DataAccessResult::read_write_denied;
}

apdu::ActionResult ImageTransfer::initiate(const codec::DataView* parameter) {
  ByteSpan identifier;
  std::uint32_t size = 0;
  if (!read_pair(parameter, true, identifier, size)) {
    return ActionResult::type_unmatched;
  }
  if (!enabled_) {
    return ActionResult::read_write_denied;
  }
  if (store_ == nullptr) {
    return ActionResult::object_unavailable;
  }
  const std::uint64_t blocks = (std::uint64_t{size} + block_size_ - 1) / block_size_;
  if (size == 0 || size > store_->max_image_size() || blocks > kMaxBlocks ||
      identifier.size() > kMaxIdentifier) {
    return ActionResult::other_reason;
  }
  if (const ActionResult r = store_->initiate(identifier, size); r != ActionResult::success) {
    return r;
  }
  std::copy(identifier.begin(), identifier.end(), identifier_.begin());
  identifier_size_ = identifier.size();
  image_size_ = size;
  block_count_ = static_cast<std::uint32_t>(blocks);
  first_missing_ = 0;
  bitmap_.fill(0);
  status_ = Status::initiated;
  return ActionResult::success;
}

apdu::ActionResult ImageTransfer::transfer_block(const codec::DataView* parameter) {
  ByteSpan value;
  std::uint32_t n = 0;
  if (!read_pair(parameter, false, value, n)) {
    return ActionResult::type_unmatched;
  }
  if (store_ == nullptr) {
    return ActionResult::object_unavailable;
  }
  if (status_ != Status::initiated && status_ != Status::verification_failed) {
    return ActionResult::other_reason;  // no transfer in progress
  }
  if (n >= block_count_) {
    return ActionResult::other_reason;
  }
  const std::uint32_t offset = n * block_size_;
  const std::uint32_t expected = n + 1 == block_count_ ? image_size_ - offset : block_size_;
  if (value.size() != expected) {
    return ActionResult::other_reason;
  }
  if (const ActionResult r = store_->write_block(offset, value); r != ActionResult::success) {
    return r;
  }
  bitmap_[n / 8] = static_cast<std::uint8_t>(bitmap_[n / 8] | (0x80U >> (n % 8)));
  while (first_missing_ < block_count_ && block_received(first_missing_)) {
    ++first_missing_;
  }
  status_ = Status::initiated;
  return ActionResult::success;
}

apdu::ActionResult ImageTransfer::verify() {
  if (status_ == Status::verification_successful) {
    return ActionResult::success;
  }
  if (status_ != Status::initiated && status_ != Status::verification_initiated &&
      status_ != Status::verification_failed) {
    return ActionResult::other_reason;
  }
  if (!all_blocks_received()) {
    status_ = Status::verification_failed;
    return ActionResult::other_reason;
  }
  const ActionResult r = store_->verify();
  if (r == ActionResult::success) {
    status_ = Status::verification_successful;
  } else if (r == ActionResult::temporary_failure) {
    status_ = Status::verification_initiated;
  } else {
    status_ = Status::verification_failed;
    return ActionResult::other_reason;
  }
  return r;
}

apdu::ActionResult ImageTransfer::activate() {
  if (status_ == Status::activation_successful) {
    return ActionResult::success;
  }
  if (status_ == Status::initiated || status_ == Status::verification_initiated) {
    // Activation of an image not yet verified verifies it first (Blue Book 4.4.6).
    if (const ActionResult r = verify(); r != ActionResult::success) {
      return r;
    }
  }
  if (status_ != Status::verification_successful && status_ != Status::activation_initiated) {
    return ActionResult::other_reason;
  }
  const ActionResult r = store_->activate();
  if (r == ActionResult::success) {
    status_ = Status::activation_successful;
  } else if (r == ActionResult::temporary_failure) {
    status_ = Status::activation_initiated;
  } else {
    status_ = Status::activation_failed;
    return ActionResult::other_reason;
  }
  return r;
}

server::InvokeOutcome ImageTransfer::invoke_method(const server::RequestContext& /*ctx*/,
                                                   std::int8_t method_id, const codec::DataView* parameter,
                                                   ByteWriter& /*return_data*/) {
  switch (method_id) {
    case 1: return {initiate(parameter), false};
    case 2: return {transfer_block(parameter), false};
    default:
      if (!detail::is_integer_parameter(parameter)) {
        return {ActionResult::type_unmatched, false};
      }
      if (store_ == nullptr) {
        return {ActionResult::object_unavailable, false};
      }
      return {method_id == 3 ? verify() : activate(), false};
  }
}

}  // namespace dlms::cosem
