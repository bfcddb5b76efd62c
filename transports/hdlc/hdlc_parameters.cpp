#include "transports/hdlc/hdlc_parameters.hpp"

#include <algorithm>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "transports/hdlc/hdlc_error.hpp"
#include "transports/hdlc/hdlc_frame.hpp"

namespace dlms::hdlc {
namespace {

constexpr std::uint8_t kFormatId = 0x81;
constexpr std::uint8_t kGroupId = 0x80;
constexpr std::uint8_t kMaxInfoTx = 0x05;
constexpr std::uint8_t kMaxInfoRx = 0x06;
constexpr std::uint8_t kWindowTx = 0x07;
constexpr std::uint8_t kWindowRx = 0x08;
constexpr std::uint32_t kMinInfo = 32;

}  // namespace

Result<HdlcParameters> decode_parameters(ByteSpan info) noexcept {
  HdlcParameters p;
  if (info.empty()) {
    return p;
  }
  ByteReader in(info);
  std::uint8_t format = 0;
  std::uint8_t group = 0;
  std::uint8_t group_length = 0;
  ByteSpan body;
  if (!in.u8(format) || format != kFormatId || !in.u8(group) || !in.u8(group_length)) {
    return hdlc_errc::bad_parameters;
  }
  if (group == kGroupId) {
    if (!in.bytes(group_length, body)) {
      return hdlc_errc::bad_parameters;
    }
  } else {
    return hdlc_errc::bad_parameters;
  }
  ByteReader g(body);
  while (!g.empty()) {
    std::uint8_t id = 0;
    std::uint8_t len = 0;
    ByteSpan value;
    if (!g.u8(id) || !g.u8(len) || len == 0 || len > 4 || !g.bytes(len, value)) {
      return hdlc_errc::bad_parameters;
    }
    std::uint32_t v = 0;
    for (std::uint8_t b : value) {
      v = (v << 8U) | b;
    }
    switch (id) {
      case kMaxInfoTx:
      case kMaxInfoRx: {
        if (v < kMinInfo) {
          return hdlc_errc::bad_parameters;
        }
        const auto clamped = static_cast<std::uint16_t>(std::min<std::uint32_t>(v, kMaxInfoFieldLength));
        (id == kMaxInfoTx ? p.max_info_tx : p.max_info_rx) = clamped;
        break;
      }
      case kWindowTx:
      case kWindowRx: {
        if (v == 0) {
          return hdlc_errc::bad_parameters;
        }
        const auto clamped =
            static_cast<std::uint8_t>(std::min<std::uint32_t>(v, HdlcParameters::kMaxWindow));
        (id == kWindowTx ? p.window_tx : p.window_rx) = clamped;
        break;
      }
      default: break;  // not defined by IEC 62056-46: ignored
    }
  }
  return p;
}

Result<std::size_t> encode_parameters(const HdlcParameters& p, MutableByteSpan out) noexcept {
  ByteWriter w(out);
  w.u8(kFormatId);
  w.u8(kGroupId);
  w.u8(0);  // group length, patched below
  auto info = [&w](std::uint8_t id, std::uint16_t v) {
    w.u8(id);
    if (v <= 0xFF) {
      w.u8(1);
      w.u8(static_cast<std::uint8_t>(v));
    } else {
      w.u8(2);
      w.u16(v);
    }
  };
  auto window = [&w](std::uint8_t id, std::uint8_t v) {
    w.u8(id);
    w.u8(4);
    w.u32(v);
  };
  info(kMaxInfoTx, p.max_info_tx);
  info(kMaxInfoRx, p.max_info_rx);
  window(kWindowTx, p.window_tx);
  window(kWindowRx, p.window_rx);
  if (!w.ok()) {
    return hdlc_errc::buffer_too_small;
  }
  w.at(2) = static_cast<std::uint8_t>(w.size() - 3);
  return w.size();
}

HdlcParameters negotiate(const HdlcParameters& proposal, const HdlcParameters& own) noexcept {
  HdlcParameters r;
  r.max_info_tx = std::min(proposal.max_info_rx, own.max_info_tx);
  r.max_info_rx = std::min(proposal.max_info_tx, own.max_info_rx);
  r.window_tx = std::min(proposal.window_rx, own.window_tx);
  r.window_rx = std::min(proposal.window_tx, own.window_rx);
  return r;
}

}  // namespace dlms::hdlc
