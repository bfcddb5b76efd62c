#pragma once
// Profile generic, class_id 7, version 1 (Blue Book 4.3.6): a table of captured values.
//   1 logical_name      octet-string                                  static
//   2 buffer            array of structure (one entry, one column each) dynamic, selective
//                       access 1 range_descriptor and 2 entry_descriptor
//   3 capture_objects   array capture_object_definition               static
//   4 capture_period    double-long-unsigned (seconds, 0: no automatic capture)  static
//   5 sort_method       enum (1 fifo; 2 lifo, 3 largest, 4 smallest, 5 nearest_to_zero,
//                       6 farthest_from_zero are refused)             static
//   6 sort_object       capture_object_definition                     static
//   7 entries_in_use    double-long-unsigned                          dynamic
//   8 profile_entries   double-long-unsigned                          static
//   methods: 1 reset (integer 0), 2 capture (integer 0)
//
// Entries come from a ProfileSource. By default the object keeps its own FIFO (ProfileFifo:
// capture() reads the capture objects through a CaptureResolver); the meter binds its own
// source for the load profile (bind_source). The buffer is read piecewise through
// server::GetCursor: each call writes whole entries while they fit and remembers the next
// entry's sequence number, so 9,600 entries stream without building the whole encoding, and
// captures during a read neither shift nor duplicate entries (an entry evicted before it was
// sent aborts the read with long-get-aborted). The engine passes the same selective access
// descriptor on every call of one read.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cosem_objects/detail_classes2.hpp"
#include "cosem_objects/interface_class.hpp"
#include "cosem_objects/zeroed_bytes.hpp"
#include "stack/apdu/action_result.hpp"

namespace dlms::cosem {

// Where a profile's entries live. Entries are numbered in capture order by a sequence number
// that never changes while the entry is held: the oldest held entry (entry 1 of the buffer)
// has first_sequence(), the newest first_sequence() + entries_in_use() - 1.
class ProfileSource {
 public:
  virtual ~ProfileSource() = default;

  [[nodiscard]] virtual std::uint32_t entries_in_use() const noexcept = 0;
  [[nodiscard]] virtual std::uint32_t profile_entries() const noexcept = 0;
  [[nodiscard]] virtual std::uint64_t first_sequence() const noexcept = 0;
  // Encodes column `column` (0-based, capture_objects order) of entry `sequence` as one A-XDR
  // Data; false if that entry is no longer held or the column does not exist, or if `out` ran
  // out of room (then out.ok() is false and the caller ends the block there).
  virtual bool encode_value(std::uint64_t sequence, std::size_t column, ByteWriter& out) = 0;
  // Method 2 capture: appends one entry of `columns` (FIFO: the oldest goes when full).
  virtual apdu::ActionResult capture(std::span<const CaptureObjectDefinition> columns) = 0;
  // Method 1 reset: forgets every entry.
  virtual apdu::ActionResult reset() = 0;
  // A client changed capture_objects (Blue Book: the buffer is then cleared): start over with
  // `columns`; false refuses the change.
  virtual bool reconfigure(std::span<const CaptureObjectDefinition> /*columns*/) { return false; }
  // A new profile_entries; false refuses it.
  virtual bool set_profile_entries(std::uint32_t /*entries*/) { return false; }
};

// The default ProfileSource: a FIFO of at most profile_entries() entries, each stored as the
// encoding of its whole structure in a slot of max_entry_size octets. Storage is allocated
// when the depth or the entry size is configured, never on capture or read; it is zeroed by the
// allocator (ZeroedBytes), so a slot takes resident memory only once an entry is written to it.
class ProfileFifo final : public ProfileSource {
 public:
  static constexpr std::size_t kDefaultMaxEntrySize = 256;

  ProfileFifo() = default;

  void set_resolver(CaptureResolver* resolver) noexcept { resolver_ = resolver; }
  // Configuration: depth and slot size; clears the entries.
  void configure(std::uint32_t profile_entries, std::size_t max_entry_size = kDefaultMaxEntrySize);
  [[nodiscard]] std::size_t max_entry_size() const noexcept { return slot_size_; }

  [[nodiscard]] std::uint32_t entries_in_use() const noexcept override { return count_; }
  [[nodiscard]] std::uint32_t profile_entries() const noexcept override { return depth_; }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept override { return first_sequence_; }
  bool encode_value(std::uint64_t sequence, std::size_t column, ByteWriter& out) override;
  apdu::ActionResult capture(std::span<const CaptureObjectDefinition> columns) override;
  apdu::ActionResult reset() override;
  bool reconfigure(std::span<const CaptureObjectDefinition> columns) override;
  bool set_profile_entries(std::uint32_t entries) override;

  // Appends an entry given as the encoding of its structure (tests, restoring saved entries).
  apdu::ActionResult append(ByteSpan entry_structure);
  // The stored structure of entry `sequence`, empty if not held.
  [[nodiscard]] ByteSpan entry(std::uint64_t sequence) const noexcept;

 private:
  [[nodiscard]] std::size_t slot_of(std::uint64_t sequence) const noexcept;
  apdu::ActionResult commit_new_slot(std::size_t size) noexcept;

  CaptureResolver* resolver_ = nullptr;
  ZeroedBytes storage_;  // (depth_ + 1) slots: one is always free for the next capture
  std::vector<std::uint16_t> sizes_;
  std::size_t slot_size_ = kDefaultMaxEntrySize;
  std::uint32_t depth_ = 0;
  std::uint32_t count_ = 0;
  std::size_t first_slot_ = 0;
  std::uint64_t first_sequence_ = 0;
};

class ProfileGeneric final : public InterfaceClass {
 public:
  static constexpr std::size_t kMaxCaptureObjects = 64;
  static constexpr std::uint8_t kSortFifo = 1;

  explicit ProfileGeneric(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  // Serve entries from `source` (the meter's load profile) instead of the object's own FIFO;
  // nullptr goes back to the own FIFO.
  void bind_source(ProfileSource* source) noexcept { source_ = source != nullptr ? source : &fifo_; }
  [[nodiscard]] ProfileSource& source() noexcept { return *source_; }
  // The object's own FIFO (used while no source is bound): its resolver and slot size.
  [[nodiscard]] ProfileFifo& fifo() noexcept { return fifo_; }
  void set_resolver(CaptureResolver* resolver) noexcept { fifo_.set_resolver(resolver); }

  [[nodiscard]] std::span<const CaptureObjectDefinition> capture_objects() const noexcept {
    return {capture_objects_.data(), capture_object_count_};
  }
  [[nodiscard]] std::uint32_t capture_period() const noexcept { return capture_period_; }

  // Method 2, for the meter's scheduler (every capture_period seconds, or on an event).
  apdu::ActionResult capture() { return source_->capture(capture_objects()); }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;
  // Only capture_period may be bound (e.g. to the meter's load profile period); the others
  // have the class's own semantics.
  [[nodiscard]] bool binds_attribute(std::int8_t attribute_id) const noexcept override {
    return attribute_id == 4;
  }

 private:
  struct Selection;
  apdu::DataAccessResult parse_selection(const apdu::SelectiveAccessDescriptor* access,
                                         Selection& s) const noexcept;
  apdu::DataAccessResult get_buffer(const apdu::SelectiveAccessDescriptor* access, server::GetCursor& cursor,
                                    ByteWriter& out);
  [[nodiscard]] int column_of(const CaptureObjectDefinition& d) const noexcept;
  apdu::DataAccessResult set_capture_objects(const server::RequestContext& ctx, const codec::DataView& value);

  ProfileFifo fifo_;
  ProfileSource* source_ = &fifo_;
  std::array<CaptureObjectDefinition, kMaxCaptureObjects> capture_objects_{};
  std::size_t capture_object_count_ = 0;
  std::uint32_t capture_period_ = 0;
  std::uint8_t sort_method_ = kSortFifo;
  CaptureObjectDefinition sort_object_{};
};

}  // namespace dlms::cosem
