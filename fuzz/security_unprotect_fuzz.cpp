// Fuzz target: unprotect (security suite 0) of arbitrary bytes with fixed keys. Never crashes;
// on success the same input is rejected as a replay, and protect with the same security
// control, kind, system title and invocation counter reproduces the input exactly.
#include <array>
#include <cstddef>
#include <cstdint>

#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/security/protection.hpp"

namespace {

using namespace dlms::security;

// Green Book Table 40 keys and server system title; broadcast and dedicated keys made up.
constexpr std::array<std::uint8_t, 16> kEk{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                           0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};
constexpr std::array<std::uint8_t, 16> kAk{0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
                                           0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};
constexpr std::array<std::uint8_t, 16> kBroadcast{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
                                                  0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA};
constexpr std::array<std::uint8_t, 16> kDedicated{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                                  0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F};
constexpr std::array<std::uint8_t, 8> kTitle{0x4D, 0x4D, 0x4D, 0x00, 0x00, 0xBC, 0x61, 0x4E};

KeySet make_keys() {
  KeySet k;
  (void)k.set(KeyId::global_unicast_encryption, kEk);
  (void)k.set(KeyId::authentication, kAk);
  (void)k.set(KeyId::global_broadcast_encryption, kBroadcast);
  (void)k.set(KeyId::dedicated, kDedicated);
  return k;
}

std::array<std::uint8_t, 1 << 17> plain_buf;
std::array<std::uint8_t, 1 << 17> again_buf;
std::array<std::uint8_t, (1 << 17) + 64> protected_buf;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static OpenSslBackend backend;
  static const KeySet keys = make_keys();
  if (size > plain_buf.size()) {
    return 0;
  }
  const dlms::ByteSpan input(data, size);
  UnprotectionParams params;
  params.peer_system_title = SystemTitle(kTitle);
  InvocationCounters counters;
  dlms::Result<Unprotected> u = unprotect(backend, keys, params, &counters, input, plain_buf);
  if (!u) {
    return 0;
  }
  if (u->apdu.size() > size || counters.last_received(u->key) != u->invocation_counter) {
    __builtin_trap();
  }
  dlms::Result<Unprotected> replay = unprotect(backend, keys, params, &counters, input, again_buf);
  if (replay || replay.error() != security_errc::replayed_invocation_counter) {
    __builtin_trap();
  }
  ProtectionParams p;
  p.security_control = u->security_control;
  p.kind = u->kind;
  p.system_title = params.peer_system_title;
  p.invocation_counter = u->invocation_counter;
  dlms::Result<dlms::ByteSpan> again = protect(backend, keys, p, u->apdu, protected_buf);
  if (!again || again->size() != size) {
    __builtin_trap();
  }
  for (std::size_t i = 0; i < size; ++i) {
    if ((*again)[i] != data[i]) {
      __builtin_trap();
    }
  }
  return 0;
}
