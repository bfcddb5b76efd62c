#include "stack/security/key_transfer.hpp"

#include <array>

#include "stack/codec/axdr_length.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"

namespace dlms::security {
namespace {

Status read_length(ByteReader& r, std::uint32_t& length) noexcept {
  const ByteSpan rest = r.rest();
  codec::codec_errc err{};
  const std::uint8_t* p = codec::axdr::decode_length(rest.data(), rest.data() + rest.size(), length, err);
  if (p == nullptr) {
    return err == codec::codec_errc::truncated ? security_errc::truncated : security_errc::bad_length;
  }
  (void)r.skip(static_cast<std::size_t>(p - rest.data()));
  return {};
}

bool expect(ByteReader& r, std::uint8_t value) noexcept {
  std::uint8_t b = 0;
  return r.u8(b) && b == value;
}

constexpr std::uint8_t type(codec::DataType t) noexcept { return static_cast<std::uint8_t>(t); }

}  // namespace

Result<std::size_t> parse_key_transfer(ByteSpan data, std::span<WrappedKey> out) noexcept {
  ByteReader r(data);
  if (r.empty()) {
    return security_errc::truncated;
  }
  if (!expect(r, type(codec::DataType::array))) {
    return security_errc::invalid_key_transfer;
  }
  std::uint32_t count = 0;
  if (Status s = read_length(r, count); !s) {
    return s.error();
  }
  if (count == 0 || count > out.size() || count > kMaxKeyTransferEntries) {
    return security_errc::invalid_key_transfer;
  }
  unsigned seen = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint8_t id = 0;
    std::uint32_t length = 0;
    ByteSpan wrapped;
    if (r.remaining() < 6) {
      return security_errc::truncated;
    }
    if (!expect(r, type(codec::DataType::structure)) || !expect(r, 2) ||
        !expect(r, type(codec::DataType::enum_)) || !r.u8(id) ||
        !expect(r, type(codec::DataType::octet_string))) {
      return security_errc::invalid_key_transfer;
    }
    if (Status s = read_length(r, length); !s) {
      return s.error();
    }
    if (!r.bytes(length, wrapped)) {
      return security_errc::bad_length;
    }
    if (id > static_cast<std::uint8_t>(KeyId::master) || (seen & (1U << id)) != 0 ||
        (wrapped.size() != 24 && wrapped.size() != 40)) {
      return security_errc::invalid_key_transfer;
    }
    seen |= 1U << id;
    out[i] = WrappedKey{static_cast<KeyId>(id), wrapped};
  }
  if (!r.empty()) {
    return security_errc::invalid_key_transfer;
  }
  return static_cast<std::size_t>(count);
}

Result<ByteSpan> encode_key_transfer(std::span<const WrappedKey> keys, MutableByteSpan out) noexcept {
  ByteWriter w(out);
  w.u8(type(codec::DataType::array));
  codec::axdr::write_length(w, keys.size());
  for (const WrappedKey& k : keys) {
    w.u8(type(codec::DataType::structure));
    w.u8(2);
    w.u8(type(codec::DataType::enum_));
    w.u8(static_cast<std::uint8_t>(k.id));
    w.u8(type(codec::DataType::octet_string));
    codec::axdr::write_length(w, k.wrapped.size());
    w.bytes(k.wrapped);
  }
  if (!w.ok()) {
    return security_errc::buffer_too_small;
  }
  return w.written();
}

Result<ByteSpan> wrap_key(CryptoBackend& backend, const Key& kek, const Key& key,
                          MutableByteSpan out) noexcept {
  if (!kek.is_set() || !key.is_set()) {
    return security_errc::key_not_set;
  }
  const std::size_t n = key.size() + 8;
  if (out.size() < n) {
    return security_errc::buffer_too_small;
  }
  if (Status s = backend.aes_key_wrap(kek.bytes(), key.bytes(), out.first(n)); !s) {
    return s.error();
  }
  return ByteSpan(out.first(n));
}

Result<ByteSpan> fresh_wrapped_key(CryptoBackend& backend, const Key& kek, std::size_t size, Key& key,
                                   MutableByteSpan out) noexcept {
  key.clear();
  if (size > Key::kMaxSize) {
    return security_errc::invalid_key_length;
  }
  std::array<std::uint8_t, Key::kMaxSize> raw{};
  const MutableByteSpan bytes(raw.data(), size);
  Status s = backend.random(bytes);
  Result<Key> k = s ? Key::from(bytes) : Result<Key>(s.error());
  secure_wipe(MutableByteSpan(raw));
  if (!k) {
    return k.error();
  }
  key = *k;
  Result<ByteSpan> w = wrap_key(backend, kek, key, out);
  if (!w) {
    key.clear();
  }
  return w;
}

Result<Key> unwrap_key(CryptoBackend& backend, const Key& kek, ByteSpan wrapped) noexcept {
  if (!kek.is_set()) {
    return security_errc::key_not_set;
  }
  if (wrapped.size() != 24 && wrapped.size() != 40) {
    return security_errc::invalid_key_length;
  }
  std::array<std::uint8_t, Key::kMaxSize> plain{};
  const MutableByteSpan key_data(plain.data(), wrapped.size() - 8);
  Status s = backend.aes_key_unwrap(kek.bytes(), wrapped, key_data);
  Result<Key> key = s ? Key::from(key_data) : Result<Key>(s.error());
  secure_wipe(MutableByteSpan(plain));
  return key;
}

Result<std::size_t> apply_key_transfer(CryptoBackend& backend, ByteSpan data, KeySet& keys,
                                       InvocationCounters* counters) noexcept {
  std::array<WrappedKey, kMaxKeyTransferEntries> entries{};
  Result<std::size_t> count = parse_key_transfer(data, entries);
  if (!count) {
    return count.error();
  }
  // Unwrap everything with the current master key before installing anything.
  std::array<Key, kMaxKeyTransferEntries> unwrapped{};
  for (std::size_t i = 0; i < *count; ++i) {
    Result<Key> k = unwrap_key(backend, keys[KeyId::master], entries[i].wrapped);
    if (!k) {
      for (Key& u : unwrapped) {
        u.clear();
      }
      return k.error();
    }
    unwrapped[i] = *k;
  }
  Status counters_status;
  for (std::size_t i = 0; i < *count; ++i) {
    keys[entries[i].id] = unwrapped[i];
    unwrapped[i].clear();
    if (counters != nullptr) {
      if (Status s = counters->reset(entries[i].id); !s && counters_status) {
        counters_status = s;
      }
    }
  }
  if (!counters_status) {
    return counters_status.error();
  }
  return *count;
}

}  // namespace dlms::security
