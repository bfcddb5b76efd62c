#include "transports/hdlc/hdlc_frame.hpp"

#include <cstring>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_fcs.hpp"

namespace dlms::hdlc {
namespace {

std::uint16_t read_le16(ByteSpan s, std::size_t at) noexcept {
  return static_cast<std::uint16_t>(s[at] | (s[at + 1] << 8U));
}

}  // namespace

Result<HdlcFrame> decode_frame_content(ByteSpan content) noexcept {
  ByteReader in(content);
  std::uint16_t format = 0;
  if (!in.u16(format)) {
    return hdlc_errc::truncated;
  }
  if ((format >> 12U) != 0xAU) {
    return hdlc_errc::bad_format;
  }
  if ((format & 0x7FFU) != content.size()) {
    return hdlc_errc::bad_length;
  }
  HdlcFrame f;
  f.segmented = (format & 0x0800U) != 0;
  if (!decode_address(in, f.destination) || !decode_address(in, f.source)) {
    return in.remaining() < 2 ? hdlc_errc::truncated : hdlc_errc::bad_address;
  }
  std::uint8_t control = 0;
  if (!in.u8(control)) {
    return hdlc_errc::truncated;
  }
  f.control = decode_control(control);
  const std::size_t header = in.offset();
  const std::size_t rest = in.remaining();
  if (rest < 2) {
    return hdlc_errc::truncated;
  }
  if (rest > 2) {
    // HCS + a non-empty information field + FCS.
    if (rest < 5) {
      return hdlc_errc::bad_length;
    }
    if (fcs16(content.first(header)) != read_le16(content, header)) {
      return hdlc_errc::bad_hcs;
    }
    f.information = content.subspan(header + 2, rest - 4);
  }
  if (fcs16(content.first(content.size() - 2)) != read_le16(content, content.size() - 2)) {
    return hdlc_errc::bad_fcs;
  }
  return f;
}

Result<HdlcFrame> decode_frame(ByteSpan wire) noexcept {
  if (wire.size() < 2) {
    return hdlc_errc::truncated;
  }
  if (wire.front() != kFlag || wire.back() != kFlag) {
    return hdlc_errc::missing_flag;
  }
  return decode_frame_content(wire.subspan(1, wire.size() - 2));
}

std::size_t encoded_frame_size(const HdlcFrame& f) noexcept {
  return frame_info_offset(f, f.information.size()) + f.information.size() + 3;
}

std::size_t frame_info_offset(const HdlcFrame& f, std::size_t info_size) noexcept {
  return 1 + 2 + f.destination.size + f.source.size + 1 + (info_size != 0 ? 2 : 0);
}

Result<std::size_t> encode_frame(const HdlcFrame& f, MutableByteSpan out) noexcept {
  const std::size_t offset = frame_info_offset(f, f.information.size());
  if (offset + f.information.size() + 3 <= out.size() && !f.information.empty()) {
    std::memmove(out.data() + offset, f.information.data(), f.information.size());
  }
  return encode_frame_around(f, f.information.size(), out);
}

Result<std::size_t> encode_frame_around(const HdlcFrame& f, std::size_t info_size,
                                        MutableByteSpan out) noexcept {
  if (!f.destination.valid() || !f.source.valid()) {
    return hdlc_errc::bad_address;
  }
  if (f.control.type == FrameType::unknown) {
    return hdlc_errc::bad_control;
  }
  const std::size_t total = frame_info_offset(f, info_size) + info_size + 3;
  const std::size_t length = total - 2;
  if (length > kMaxFrameLength) {
    return hdlc_errc::frame_too_long;
  }
  if (total > out.size()) {
    return hdlc_errc::buffer_too_small;
  }
  ByteWriter w(out);
  w.u8(kFlag);
  w.u16(static_cast<std::uint16_t>(0xA000U | (f.segmented ? 0x0800U : 0U) | length));
  encode_address(f.destination, w);
  encode_address(f.source, w);
  w.u8(encode_control(f.control));
  auto put_fcs = [&w, out]() {
    const std::uint16_t v = fcs16(ByteSpan(out.data() + 1, w.size() - 1));
    w.u8(static_cast<std::uint8_t>(v & 0xFFU));
    w.u8(static_cast<std::uint8_t>(v >> 8U));
  };
  if (info_size != 0) {
    put_fcs();  // HCS
    (void)w.reserve(info_size);
  }
  put_fcs();
  w.u8(kFlag);
  return w.size();
}

}  // namespace dlms::hdlc
