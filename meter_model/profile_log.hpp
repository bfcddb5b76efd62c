#pragma once
// ProfileLog: the entries of a profile the meter captures on its own schedule (the load
// profile 1.0.99.1.0.255 and the daily profile 1.0.99.2.0.255): a FIFO of at most `capacity`
// entries numbered by consecutive sequence numbers (the oldest held is first_sequence()).
//
// Without a store the entries are held in memory. With a store (attach()) the store's table is
// the only copy: the log keeps the span of sequence numbers it holds, and a look-up of an
// entry that is not cached reads the kBatch entries from it on with one query into a small
// cache, so a read of the whole profile in sequence order costs one query per kBatch
// entries, and 9,600 rows of 16 channels cost about 20 kB of heap instead of 1.5 MB (issue #8:
// under 5 MB per process). Entries never change once written, so appends keep the cache.
// Not thread-safe (the cache is filled by const look-ups); the meter runs on one thread.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <vector>

#include "meter_model/meter_clock.hpp"

namespace dlms::meter {

class NvStore;

inline constexpr int kProfileChannels = 16;

struct ProfileEntry {
  std::int64_t seq = 0;
  TimeMs time = 0;  // meter time (RTC, UTC); the COSEM binding renders it in local time
  int status = 0;   // IDIS AMR profile status: bit7 power down, bit5 clock adjusted, bit3 DST
                    // (kStatusPowerDown, kStatusClockAdjusted, kStatusDst)
  std::array<double, kProfileChannels> values{};
};

class ProfileLog {
 public:
  // Entries read from the store per query (and held in the cache): 128 x 152 octets.
  static constexpr std::size_t kBatch = 128;

  explicit ProfileLog(std::size_t capacity) noexcept : capacity_(capacity) {}

  // From now on the entries live in `table` of `store` (which must outlive the log); the log
  // takes the entries the table holds (a restart continues them). The table's sequence
  // numbers are consecutive (append() keeps them so). Entries held in memory are dropped.
  void attach(NvStore& store, const char* table);

  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  // Sequence number of the oldest and of the newest entry held (0 when empty).
  [[nodiscard]] std::int64_t first_sequence() const noexcept { return count_ == 0 ? 0 : first_; }
  [[nodiscard]] std::int64_t last_sequence() const noexcept {
    return count_ == 0 ? 0 : first_ + static_cast<std::int64_t>(count_) - 1;
  }

  // The entry numbered `seq`, nullptr if it is not held. The pointer stays valid until the
  // next look-up (find, operator[], front, back, iteration), append() or attach().
  // Throws std::runtime_error when the store cannot be read.
  [[nodiscard]] const ProfileEntry* find(std::int64_t seq) const;
  // The i-th oldest entry, i < size().
  [[nodiscard]] ProfileEntry operator[](std::size_t i) const;
  [[nodiscard]] ProfileEntry front() const { return (*this)[0]; }
  [[nodiscard]] ProfileEntry back() const { return (*this)[count_ - 1]; }

  // How many times the store was read (one query per batch), for tests and diagnostics.
  [[nodiscard]] std::size_t store_reads() const noexcept { return store_reads_; }

  // Appends `e` (numbered last_sequence() + 1; any number when empty) and drops the oldest
  // entry beyond the capacity; with a store, in the store's open transaction.
  void append(const ProfileEntry& e);

  // Iteration from the oldest entry, by value.
  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = ProfileEntry;
    using difference_type = std::ptrdiff_t;
    using reference = ProfileEntry;
    using pointer = void;

    const_iterator() = default;
    const_iterator(const ProfileLog* log, std::size_t index) noexcept : log_(log), index_(index) {}
    ProfileEntry operator*() const { return (*log_)[index_]; }
    const_iterator& operator++() noexcept {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) noexcept {
      const_iterator old = *this;
      ++index_;
      return old;
    }
    bool operator==(const const_iterator& o) const noexcept { return index_ == o.index_; }

   private:
    const ProfileLog* log_ = nullptr;
    std::size_t index_ = 0;
  };
  [[nodiscard]] const_iterator begin() const noexcept { return {this, 0}; }
  [[nodiscard]] const_iterator end() const noexcept { return {this, count_}; }

 private:
  void fill_cache(std::int64_t seq) const;

  std::size_t capacity_;
  NvStore* store_ = nullptr;
  const char* table_ = nullptr;
  std::deque<ProfileEntry> memory_;  // the entries, without a store
  std::int64_t first_ = 0;
  std::size_t count_ = 0;
  // With a store: consecutive entries from cache_first_ (at most kBatch).
  mutable std::vector<ProfileEntry> cache_;
  mutable std::int64_t cache_first_ = 0;
  mutable std::size_t store_reads_ = 0;
};

}  // namespace dlms::meter
