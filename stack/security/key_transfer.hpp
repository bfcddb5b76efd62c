#pragma once
// Security setup (class 64) global_key_transfer / key_transfer (Blue Book 4.4.7, method 2):
//   key_transfer_data ::= array key_data
//   key_data ::= structure { key_id: enum, key_wrapped: octet-string }
// key_id: (0) global unicast encryption key, (1) global broadcast encryption key,
// (2) authentication key, (3) master key (KEK). Each key is wrapped with the current master
// key by the AES key wrap of RFC 3394 (a 16-octet key wraps to 24 octets, 32 to 40).

#include <cstddef>
#include <span>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/invocation_counter.hpp"
#include "stack/security/key_set.hpp"

namespace dlms::security {

// One entry of a key_transfer parameter: a view into the parameter's octets.
struct WrappedKey {
  KeyId id = KeyId::global_unicast_encryption;
  ByteSpan wrapped;
};

// Most entries one parameter may carry (one per key_id).
inline constexpr std::size_t kMaxKeyTransferEntries = 4;

// Splits an A-XDR key_transfer parameter into `out`; returns the number of entries. Errors:
// invalid_key_transfer (wrong types, unknown or repeated key_id, wrapped length not 24 or 40,
// trailing bytes, more than out.size() entries, empty array), truncated, bad_length.
Result<std::size_t> parse_key_transfer(ByteSpan data, std::span<WrappedKey> out) noexcept;

// Encodes a key_transfer parameter (client side) into `out`.
Result<ByteSpan> encode_key_transfer(std::span<const WrappedKey> keys, MutableByteSpan out) noexcept;

// RFC 3394 wrap of `key` with `kek`; out.size() >= key.size() + 8.
Result<ByteSpan> wrap_key(CryptoBackend& backend, const Key& kek, const Key& key,
                          MutableByteSpan out) noexcept;
// A fresh random content key of `size` octets (general-ciphering with a wrapped key) into `key`,
// and its RFC 3394 wrap with `kek` in `out` (out.size() >= size + 8). On an error `key` is left
// cleared. The random octets are wiped from the stack.
Result<ByteSpan> fresh_wrapped_key(CryptoBackend& backend, const Key& kek, std::size_t size, Key& key,
                                   MutableByteSpan out) noexcept;
// RFC 3394 unwrap; unwrap_failed if the integrity check fails (wrong KEK or tampered data).
Result<Key> unwrap_key(CryptoBackend& backend, const Key& kek, ByteSpan wrapped) noexcept;

// Unwraps every key of a key_transfer parameter with keys[master] and installs them all or
// none. Each installed key's counters restart (counters->reset) when `counters` is given; if
// that fails the keys stay installed (continuing the old counters is safe) and
// counter_store_failed is returned. Returns the number of keys installed.
Result<std::size_t> apply_key_transfer(CryptoBackend& backend, ByteSpan data, KeySet& keys,
                                       InvocationCounters* counters) noexcept;

}  // namespace dlms::security
