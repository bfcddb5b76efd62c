#include "transports/wrapper/wrapper_frame.hpp"

#include <limits>

namespace dlms::wrapper {

Result<WrapperFrame> decode_datagram(ByteSpan datagram, std::size_t max_apdu_size) noexcept {
  ByteReader r(datagram);
  auto header = WrapperHeader::decode(r);
  if (!header) {
    return header.error();
  }
  if (header->length == 0) {
    return wrapper_errc::empty_apdu;
  }
  if (header->length > max_apdu_size) {
    return wrapper_errc::apdu_too_large;
  }
  if (header->length > r.remaining()) {
    return wrapper_errc::truncated;
  }
  if (header->length < r.remaining()) {
    return wrapper_errc::trailing_bytes;
  }
  WrapperFrame frame{*header, r.rest()};
  return frame;
}

Status encode_header_in_place(MutableByteSpan out, std::uint16_t source_wport,
                              std::uint16_t destination_wport, std::size_t apdu_length) noexcept {
  if (apdu_length == 0) {
    return wrapper_errc::empty_apdu;
  }
  if (apdu_length > std::numeric_limits<std::uint16_t>::max()) {
    return wrapper_errc::apdu_too_large;
  }
  if (out.size() < WrapperHeader::kSize + apdu_length) {
    return wrapper_errc::buffer_too_small;
  }
  ByteWriter w(out.first(WrapperHeader::kSize));
  WrapperHeader{WrapperHeader::kVersion, source_wport, destination_wport,
                static_cast<std::uint16_t>(apdu_length)}
      .encode(w);
  return ok();
}

Result<std::size_t> encode_frame(MutableByteSpan out, std::uint16_t source_wport,
                                 std::uint16_t destination_wport, ByteSpan apdu) noexcept {
  if (auto st = encode_header_in_place(out, source_wport, destination_wport, apdu.size()); !st) {
    return st.error();
  }
  ByteWriter w(out.subspan(WrapperHeader::kSize));
  w.bytes(apdu);
  return WrapperHeader::kSize + apdu.size();
}

}  // namespace dlms::wrapper
