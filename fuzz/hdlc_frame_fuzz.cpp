// Fuzzes the HDLC frame codec (IEC 62056-46 frame format type 3): decode -> encode must give the
// same octets back, decode of the result the same frame; the stream reader fed the same bytes in
// chunks must never crash, and the parameter negotiation field must round-trip its values.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "transports/hdlc/hdlc_frame.hpp"
#include "transports/hdlc/hdlc_frame_reader.hpp"
#include "transports/hdlc/hdlc_parameters.hpp"

namespace {

using namespace dlms;
using namespace dlms::hdlc;

void check_frame(ByteSpan content) {
  auto f = decode_frame_content(content);
  if (!f || f->control.type == FrameType::unknown) {
    return;
  }
  std::array<std::uint8_t, kMaxWireFrameSize> out{};
  auto n = encode_frame(*f, MutableByteSpan(out));
  if (!n || *n != content.size() + 2 || std::memcmp(out.data() + 1, content.data(), content.size()) != 0) {
    __builtin_trap();
  }
  auto g = decode_frame(ByteSpan(out.data(), *n));
  if (!g || g->segmented != f->segmented || !(g->destination == f->destination) ||
      !(g->source == f->source) || g->control.raw != f->control.raw ||
      g->information.size() != f->information.size()) {
    __builtin_trap();
  }
}

void check_parameters(ByteSpan data) {
  auto p = decode_parameters(data);
  if (!p) {
    return;
  }
  std::array<std::uint8_t, kMaxParametersSize> out{};
  auto n = encode_parameters(*p, MutableByteSpan(out));
  if (!n) {
    __builtin_trap();
  }
  auto q = decode_parameters(ByteSpan(out.data(), *n));
  if (!q || !(*q == *p)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteSpan input(data, size);
  check_frame(input);
  if (size >= 2) {
    (void)decode_frame(input);
  }
  check_parameters(input);
  // The stream reader, in chunks whose sizes come from the data itself.
  HdlcFrameReader reader;
  std::size_t i = 0;
  std::size_t guard = 0;
  while (i < size) {
    const std::size_t chunk = 1 + (data[i] % 97);
    ByteSpan piece = input.subspan(i, std::min(chunk, size - i));
    i += piece.size();
    while (!piece.empty()) {
      auto r = reader.put(piece);
      if (r.consumed == 0 || r.consumed > piece.size() || ++guard > 4 * size + 16) {
        __builtin_trap();
      }
      if (r.frame) {
        check_frame(reader.content());
      }
      piece = piece.subspan(r.consumed);
    }
  }
  return 0;
}
