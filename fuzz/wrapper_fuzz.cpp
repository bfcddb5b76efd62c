// Fuzz target: the IEC 62056-47 wrapper. The input is fed to the TCP stream reassembler in
// chunks whose sizes come from the input itself; every delivered WPDU is re-encoded and must
// equal the bytes it came from. The whole input is also decoded as a UDP datagram and
// round-tripped.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "transports/wrapper/wrapper_frame.hpp"
#include "transports/wrapper/wrapper_stream.hpp"

using namespace dlms;
using namespace dlms::wrapper;

namespace {

void check_roundtrip(const WrapperHeader& h, ByteSpan apdu, ByteSpan original) {
  static std::array<std::uint8_t, 8 + 1024> out;
  auto n = encode_frame(out, h.source_wport, h.destination_wport, apdu);
  if (!n || *n != original.size() || !std::equal(original.begin(), original.end(), out.begin())) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteSpan input(data, size);
  if (auto f = decode_datagram(input, 1024)) {
    check_roundtrip(f->header, f->apdu, input);
  }
  if (size == 0) {
    return 0;
  }
  // First byte: chunk size (1..256); the rest is the stream.
  const std::size_t chunk = static_cast<std::size_t>(data[0]) + 1;
  const ByteSpan stream = input.subspan(1);
  std::vector<std::uint8_t> buffer(1024);
  WrapperStreamParser parser(buffer, 1024);
  std::size_t wpdu_start = 0;  // offset in `stream` of the WPDU being assembled
  std::size_t pos = 0;
  while (pos < stream.size()) {
    const ByteSpan in = stream.subspan(pos, std::min(chunk, stream.size() - pos));
    std::size_t used = 0;
    while (used < in.size()) {
      auto r = parser.put(in.subspan(used));
      used += r.consumed;
      if (r.error && r.error != wrapper_errc::need_more) {
        return 0;  // fatal: a real connection closes here
      }
      if (parser.ready()) {
        const std::size_t end = pos + used;
        check_roundtrip(parser.header(), parser.apdu(), stream.subspan(wpdu_start, end - wpdu_start));
        parser.release();
        wpdu_start = end;
      } else if (r.consumed == 0 || used > in.size()) {
        __builtin_trap();  // no progress: would loop
      }
    }
    pos += in.size();
  }
  if (parser.buffered() != stream.size() - wpdu_start) {
    __builtin_trap();
  }
  return 0;
}
