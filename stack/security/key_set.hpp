#pragma once
// Symmetric keys of one security context (Green Book 9.2.3.3 "key information"):
// global unicast encryption key (GUEK), global broadcast encryption key (GBEK), the
// authentication key (AK, part of the GCM additional authenticated data), the master key
// (KEK, wraps the others for key_transfer) and the dedicated key of the association
// (from the xDLMS InitiateRequest). Fixed storage: no allocation.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/constant_time.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::security {

// 0..3 are the key_id enum of Security setup (class 64) key_transfer / global_key_transfer;
// `dedicated` is this stack's own id for the association's dedicated key.
enum class KeyId : std::uint8_t {
  global_unicast_encryption = 0,
  global_broadcast_encryption = 1,
  authentication = 2,
  master = 3,
  dedicated = 4,
};
inline constexpr std::size_t kKeyIdCount = 5;

// An AES key of 16 (AES-128) or 32 (AES-256) octets, or unset.
class Key {
 public:
  static constexpr std::size_t kMaxSize = 32;

  constexpr Key() noexcept = default;

  // security_errc::invalid_key_length unless 16 or 32 octets.
  static Result<Key> from(ByteSpan bytes) noexcept {
    if (bytes.size() != 16 && bytes.size() != 32) {
      return security_errc::invalid_key_length;
    }
    Key k;
    std::copy(bytes.begin(), bytes.end(), k.bytes_.begin());
    k.size_ = static_cast<std::uint8_t>(bytes.size());
    return k;
  }

  [[nodiscard]] constexpr bool is_set() const noexcept { return size_ != 0; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr ByteSpan bytes() const noexcept { return ByteSpan(bytes_.data(), size_); }

  void clear() noexcept {
    secure_wipe(MutableByteSpan(bytes_));
    size_ = 0;
  }

  friend bool operator==(const Key& a, const Key& b) noexcept {
    return constant_time_equal(a.bytes(), b.bytes());
  }

 private:
  std::array<std::uint8_t, kMaxSize> bytes_{};
  std::uint8_t size_ = 0;
};

struct KeySet {
  std::array<Key, kKeyIdCount> keys{};

  [[nodiscard]] constexpr const Key& operator[](KeyId id) const noexcept {
    return keys[static_cast<std::size_t>(id)];
  }
  [[nodiscard]] constexpr Key& operator[](KeyId id) noexcept { return keys[static_cast<std::size_t>(id)]; }

  // Sets one key from raw octets (16 or 32); leaves it unchanged on error.
  Status set(KeyId id, ByteSpan bytes) noexcept {
    Result<Key> k = Key::from(bytes);
    if (!k) {
      return k.error();
    }
    (*this)[id] = *k;
    return {};
  }
};

}  // namespace dlms::security
