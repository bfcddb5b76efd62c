#pragma once
// CounterStore: the invocation counters of the meter's Security setup objects, persisted in
// the data directory (a small SQLite key-value file, meter::NvStore, `security.db`), so that a
// restart never sends an invocation counter twice with the same key (Green Book 9.2.7.2.4.2:
// an (IV, key) pair must never repeat) and never accepts a replayed one.
//
// Counters belong to a key, not to a key slot: rows are named by the context, the key id and
// a fingerprint of the key (the first 8 octets of its SHA-256, never the key). Installing a
// key (set_key at start-up, key_transfer at run time) "clears" the slot, which here means: the
// slot now uses the rows of the new key's fingerprint; the rows of earlier keys stay, so a
// key installed again (the same key after a restart) continues its own counters.
// The key bytes are read through `KeyLookup` (the SecurityContext has installed them before
// it resets its counters).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "stack/core/bytes.hpp"
#include "stack/security/invocation_counter.hpp"

namespace dlms::meter {
class NvStore;
}  // namespace dlms::meter

namespace dlms::meter_app {

class CounterStore final : public security::InvocationCounterStore {
 public:
  using KeyLookup = std::function<ByteSpan(std::uint16_t context, security::KeyId key)>;

  // Opens (creates) the store file; throws std::runtime_error if it cannot.
  explicit CounterStore(const std::string& path);
  ~CounterStore() override;
  CounterStore(const CounterStore&) = delete;
  CounterStore& operator=(const CounterStore&) = delete;

  void set_key_lookup(KeyLookup lookup) { lookup_ = std::move(lookup); }

  Result<std::optional<std::uint32_t>> load(std::uint16_t context, security::KeyId key,
                                            security::CounterDirection dir) override;
  Status save(std::uint16_t context, security::KeyId key, security::CounterDirection dir,
              std::uint32_t value) override;
  Status clear(std::uint16_t context, security::KeyId key) override;

 private:
  std::string row_name(std::uint16_t context, security::KeyId key, security::CounterDirection dir) const;

  std::unique_ptr<meter::NvStore> store_;
  KeyLookup lookup_;
};

}  // namespace dlms::meter_app
