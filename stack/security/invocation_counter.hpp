#pragma once
// Invocation counters (Green Book 9.2.7.2.4.2 / Blue Book Security setup): the IC is the
// last 4 octets of the GCM IV, so an (IV, key) pair must never repeat.
//  - Sending: each key has its own counter, used once and then incremented.
//  - Receiving: an IC is accepted only if greater than the last one accepted with that key
//    (replay rejection). A failed check changes nothing.
// Persistence goes through InvocationCounterStore, which the meter backs with its
// non-volatile store. The sending side persists a reservation ahead of use (`reserve_window`
// ICs at a time, trading store writes for ICs skipped after a power loss), so an IC is never
// reused after a restart; the receiving side persists every accepted IC.

#include <array>
#include <cstdint>
#include <optional>

#include "stack/core/result.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::security {

enum class CounterDirection : std::uint8_t { send = 0, receive = 1 };

class InvocationCounterStore {
 public:
  virtual ~InvocationCounterStore() = default;

  // The stored value, nullopt if none was stored yet. For `send` it is the lowest IC not yet
  // reserved; for `receive` the last IC accepted. `context` tells apart independent sets of
  // counters (e.g. one per Security setup object / association), as the owner chooses.
  virtual Result<std::optional<std::uint32_t>> load(std::uint16_t context, KeyId key,
                                                    CounterDirection dir) = 0;
  virtual Status save(std::uint16_t context, KeyId key, CounterDirection dir, std::uint32_t value) = 0;
  // Forgets both counters of `key` (a new key was installed): load() then returns nullopt.
  virtual Status clear(std::uint16_t context, KeyId key) = 0;
};

class InvocationCounters {
 public:
  // The largest IC that is ever sent: 0xFFFFFFFF is kept as the "all used" reservation mark.
  static constexpr std::uint32_t kMaxSendable = 0xFFFFFFFEU;

  // Without a store the counters live in RAM only (tests, clients that renew keys per session).
  explicit InvocationCounters(InvocationCounterStore* store = nullptr, std::uint16_t context = 0,
                              std::uint32_t reserve_window = 1) noexcept;

  // Reads every counter from the store (those never stored start at 0 / nothing received).
  Status load() noexcept;

  // The IC to send now with `key`; the counter advances. invocation_counter_exhausted once
  // kMaxSendable has been used; counter_store_failed (and no advance) if the reservation
  // cannot be saved.
  Result<std::uint32_t> next_send(KeyId key) noexcept;
  // The IC next_send() would return, without using it.
  [[nodiscard]] std::uint64_t peek_send(KeyId key) const noexcept { return send_[index(key)]; }

  // replayed_invocation_counter unless `ic` is greater than the last accepted with `key`.
  [[nodiscard]] Status check_received(KeyId key, std::uint32_t ic) const noexcept;
  // check_received(), then records `ic` as the last accepted (persisted first).
  Status accept_received(KeyId key, std::uint32_t ic) noexcept;
  [[nodiscard]] std::optional<std::uint32_t> last_received(KeyId key) const noexcept {
    return received_[index(key)];
  }

  // A new key was installed: its send counter restarts at 0 and nothing is received yet.
  Status reset(KeyId key) noexcept;

  // Sets the send counter (e.g. a client that learns the meter's expected minimum).
  // Persisted; fails with counter_store_failed without change.
  Status set_send(KeyId key, std::uint32_t next) noexcept;

 private:
  static constexpr std::size_t index(KeyId key) noexcept { return static_cast<std::size_t>(key); }

  InvocationCounterStore* store_;
  std::uint16_t context_;
  std::uint32_t window_;
  std::array<std::uint64_t, kKeyIdCount> send_{};      // next IC to use
  std::array<std::uint64_t, kKeyIdCount> reserved_{};  // ICs below this are reserved in the store
  std::array<std::optional<std::uint32_t>, kKeyIdCount> received_{};
};

}  // namespace dlms::security
