// libFuzzer target: decode_apdu on arbitrary bytes. Whatever decodes must re-encode to exactly
// the input bytes (A-XDR has one encoding per value and the xDLMS decoders accept only that
// one). The ACSE APDUs (BER, whose decoder may accept more than one form of a value) must at
// least be stable: encode(decode(encode(decode(x)))) == encode(decode(x)). Any mismatch traps.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "stack/apdu/apdu.hpp"

namespace {

bool is_acse(const dlms::apdu::Apdu& apdu) {
  using namespace dlms::apdu;
  return std::holds_alternative<Aarq>(apdu) || std::holds_alternative<Aare>(apdu) ||
         std::holds_alternative<Rlrq>(apdu) || std::holds_alternative<Rlre>(apdu) ||
         std::holds_alternative<InitiateRequest>(apdu) || std::holds_alternative<InitiateResponse>(apdu) ||
         std::holds_alternative<ConfirmedServiceError>(apdu);
}

bool encode(const dlms::apdu::Apdu& apdu, std::vector<std::uint8_t>& out, std::size_t capacity) {
  out.assign(capacity, 0);
  dlms::ByteWriter w(out);
  if (!dlms::apdu::encode_apdu(apdu, w)) {
    return false;
  }
  out.resize(w.size());
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const dlms::ByteSpan input(data, size);
  auto decoded = dlms::apdu::decode_apdu(input);
  if (!decoded) {
    return 0;
  }
  std::vector<std::uint8_t> first;
  if (!encode(*decoded, first, size + 64)) {
    __builtin_trap();
  }
  if (!is_acse(*decoded)) {
    if (first.size() != size || (size != 0 && std::memcmp(first.data(), data, size) != 0)) {
      __builtin_trap();
    }
    return 0;
  }
  auto again = dlms::apdu::decode_apdu(first);
  if (!again) {
    __builtin_trap();
  }
  std::vector<std::uint8_t> second;
  if (!encode(*again, second, first.size() + 64) || second != first) {
    __builtin_trap();
  }
  return 0;
}
