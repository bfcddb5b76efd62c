// Fuzz target for the ACSE APDUs and the xDLMS APDUs they carry: AARQ, AARE, RLRQ, RLRE,
// InitiateRequest, InitiateResponse, ConfirmedServiceError. Each decoder is tried on the input;
// whatever decodes must re-encode, decode again from its own encoding, and re-encode to the same
// bytes (decode -> encode -> decode -> encode is a fixed point), or the target traps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/release.hpp"

namespace {

constexpr std::size_t kMaxInput = 1 << 16;
std::array<std::uint8_t, kMaxInput + 64> first_buffer;
std::array<std::uint8_t, kMaxInput + 64> second_buffer;

template <class T>
void check(dlms::ByteSpan input) {
  dlms::ByteReader in(input);
  auto decoded = T::decode(in);
  if (!decoded) {
    if (in.offset() > input.size()) {
      __builtin_trap();
    }
    return;
  }
  if (in.offset() == 0 || in.offset() > input.size()) {
    __builtin_trap();
  }
  // Nothing grows on re-encoding (lengths become minimal, DEFAULT values are left out).
  dlms::ByteWriter first(dlms::MutableByteSpan(first_buffer.data(), in.offset()));
  if (!decoded->encode(first)) {
    __builtin_trap();
  }
  dlms::ByteReader again(first.written());
  auto redecoded = T::decode(again);
  if (!redecoded || !again.empty()) {
    __builtin_trap();
  }
  dlms::ByteWriter second(dlms::MutableByteSpan(second_buffer.data(), second_buffer.size()));
  if (!redecoded->encode(second) || second.size() != first.size() ||
      std::memcmp(first_buffer.data(), second_buffer.data(), first.size()) != 0) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > kMaxInput) {
    return 0;
  }
  const dlms::ByteSpan input(data, size);
  check<dlms::apdu::Aarq>(input);
  check<dlms::apdu::Aare>(input);
  check<dlms::apdu::Rlrq>(input);
  check<dlms::apdu::Rlre>(input);
  check<dlms::apdu::InitiateRequest>(input);
  check<dlms::apdu::InitiateResponse>(input);
  check<dlms::apdu::ConfirmedServiceError>(input);
  return 0;
}
