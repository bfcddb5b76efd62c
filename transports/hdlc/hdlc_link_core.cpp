#include "transports/hdlc/hdlc_link_core.hpp"

#include <algorithm>
#include <cstring>

#include "transports/hdlc/hdlc_error.hpp"

namespace dlms::hdlc {
namespace {

constexpr std::size_t kLlcSize = 3;

bool starts_with(ByteSpan data, const std::array<std::uint8_t, 3>& prefix) noexcept {
  return data.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), data.begin());
}

}  // namespace

HdlcLinkCore::HdlcLinkCore(std::size_t max_apdu_size, HdlcDuration inter_octet_timeout)
    : inter_octet_(inter_octet_timeout), rx_(max_apdu_size), tx_(max_apdu_size + kLlcSize) {}

bool HdlcLinkCore::inter_octet_armed() const noexcept {
  return inter_octet_.count() > 0 && reader_.in_frame();
}

void HdlcLinkCore::expire_inter_octet(HdlcTime now) noexcept {
  if (inter_octet_armed() && now >= inter_octet_deadline()) {
    reader_.reset();
  }
}

bool HdlcLinkCore::read_frame(ByteSpan data, HdlcTime now, HdlcPutResult& r, HdlcFrame& frame) noexcept {
  if (inter_octet_armed() && now >= inter_octet_deadline()) {
    reader_.reset();
    r.error = hdlc_errc::inter_octet_timeout;
  }
  if (!data.empty()) {
    last_byte_ = now;
  }
  const auto pr = reader_.put(data);
  r.consumed = pr.consumed;
  if (pr.error) {
    r.error = pr.error;
    return false;
  }
  if (!pr.frame) {
    return false;
  }
  auto decoded = decode_frame_content(reader_.content());
  if (!decoded) {
    r.error = decoded.error();  // wrong HCS/FCS: dropped silently
    return false;
  }
  frame = *decoded;
  return true;
}

void HdlcLinkCore::reset_link() noexcept {
  vs_ = vr_ = va_ = 0;
  peer_busy_ = false;
  tx_complete_ = false;
  rx_len_ = 0;
  rx_open_ = false;
  rx_discard_ = false;
  tx_len_ = 0;
  tx_acked_ = 0;
  burst_ = 0;
  ctrl_len_ = 0;
}

void HdlcLinkCore::queue_control(HdlcControl control, ByteSpan info) noexcept {
  HdlcFrame f;
  f.destination = out_destination_;
  f.source = out_source_;
  f.control = control;
  f.information = info;
  auto n = encode_frame(f, MutableByteSpan(ctrl_));
  ctrl_len_ = n ? *n : 0;
}

Status HdlcLinkCore::queue_ui(ByteSpan apdu, const HdlcAddress& destination, const HdlcAddress& source,
                              bool command) noexcept {
  if (apdu.size() + kLlcSize > params_.max_info_tx) {
    return hdlc_errc::apdu_too_large;
  }
  if (ui_len_ != 0) {
    return hdlc_errc::busy;
  }
  HdlcFrame f;
  f.destination = destination;
  f.source = source;
  f.control = HdlcControl::u(FrameType::UI, false);
  const std::size_t info_size = apdu.size() + kLlcSize;
  std::uint8_t* info = ui_.data() + frame_info_offset(f, info_size);
  const auto& llc = command ? kLlcCommand : kLlcResponse;
  std::memcpy(info, llc.data(), kLlcSize);
  std::memcpy(info + kLlcSize, apdu.data(), apdu.size());
  auto n = encode_frame_around(f, info_size, MutableByteSpan(ui_));
  if (!n) {
    return n.error();
  }
  ui_len_ = *n;
  return {};
}

Status HdlcLinkCore::load_tx(ByteSpan apdu, bool command) noexcept {
  if (tx_len_ != 0) {
    return hdlc_errc::busy;
  }
  if (apdu.empty() || apdu.size() + kLlcSize > tx_.size()) {
    return hdlc_errc::apdu_too_large;
  }
  const auto& llc = command ? kLlcCommand : kLlcResponse;
  std::memcpy(tx_.data(), llc.data(), kLlcSize);
  std::memcpy(tx_.data() + kLlcSize, apdu.data(), apdu.size());
  tx_len_ = apdu.size() + kLlcSize;
  tx_acked_ = 0;
  tx_complete_ = false;
  va_ = vs_;
  return {};
}

bool HdlcLinkCore::apply_nr(std::uint8_t nr) noexcept {
  const unsigned acked = static_cast<unsigned>(nr - va_) & 7U;
  const unsigned outstanding = static_cast<unsigned>(vs_ - va_) & 7U;
  if (acked > outstanding) {
    return false;
  }
  if (acked != 0 && tx_len_ != 0) {
    tx_acked_ = std::min(tx_len_, tx_acked_ + acked * params_.max_info_tx);
    if (tx_acked_ == tx_len_) {
      tx_len_ = 0;
      tx_acked_ = 0;
      burst_ = 0;
      tx_complete_ = true;
    }
  }
  va_ = nr;
  return true;
}

std::size_t HdlcLinkCore::unsent_segments() const noexcept {
  if (tx_len_ == 0) {
    return 0;
  }
  const std::size_t seg = params_.max_info_tx;
  const std::size_t total = (tx_len_ - tx_acked_ + seg - 1) / seg;
  const std::size_t sent = static_cast<unsigned>(vs_ - va_) & 7U;
  return total > sent ? total - sent : 0;
}

bool HdlcLinkCore::start_burst() noexcept {
  const std::size_t outstanding = static_cast<unsigned>(vs_ - va_) & 7U;
  const std::size_t window = params_.window_tx;
  if (peer_busy_ || outstanding >= window) {
    return false;
  }
  burst_ = std::min(window - outstanding, unsent_segments());
  if (burst_ != 0) {
    ctrl_len_ = 0;  // the I frames carry N(R) and the P/F bit
  }
  return burst_ != 0;
}

std::size_t HdlcLinkCore::emit_i_frame(MutableByteSpan out) noexcept {
  const std::size_t seg = params_.max_info_tx;
  const std::size_t offset = tx_acked_ + (static_cast<unsigned>(vs_ - va_) & 7U) * seg;
  if (offset >= tx_len_) {
    burst_ = 0;
    return 0;
  }
  const std::size_t size = std::min(seg, tx_len_ - offset);
  HdlcFrame f;
  f.segmented = offset + size < tx_len_;
  f.destination = out_destination_;
  f.source = i_source_;
  f.control = HdlcControl::i(vs_, vr_, burst_ == 1);
  f.information = ByteSpan(tx_.data() + offset, size);
  auto n = encode_frame(f, out);
  if (!n) {
    return 0;
  }
  vs_ = static_cast<std::uint8_t>((vs_ + 1U) & 7U);
  --burst_;
  return *n;
}

std::size_t HdlcLinkCore::poll_output(MutableByteSpan out) noexcept {
  std::size_t written = 0;
  if (ctrl_len_ != 0) {
    if (ctrl_len_ > out.size()) {
      return 0;
    }
    std::memcpy(out.data(), ctrl_.data(), ctrl_len_);
    written = ctrl_len_;
    ctrl_len_ = 0;
  }
  if (ui_len_ != 0 && ui_len_ <= out.size() - written) {
    std::memcpy(out.data() + written, ui_.data(), ui_len_);
    written += ui_len_;
    ui_len_ = 0;
  }
  while (burst_ != 0) {
    const std::size_t n = emit_i_frame(out.subspan(written));
    if (n == 0) {
      break;
    }
    written += n;
  }
  return written;
}

HdlcLinkCore::RxResult HdlcLinkCore::append_rx(const HdlcFrame& f, bool command,
                                               std::error_code& error) noexcept {
  ByteSpan info = f.information;
  if (!rx_open_) {
    rx_open_ = true;
    rx_len_ = 0;
    rx_discard_ = false;
    if (!starts_with(info, command ? kLlcCommand : kLlcResponse)) {
      rx_discard_ = true;
      error = hdlc_errc::bad_llc;
    } else {
      info = info.subspan(kLlcSize);
    }
  }
  if (!rx_discard_) {
    if (info.size() > rx_.size() - rx_len_) {
      rx_discard_ = true;
      error = hdlc_errc::apdu_too_large;
    } else {
      std::memcpy(rx_.data() + rx_len_, info.data(), info.size());
      rx_len_ += info.size();
    }
  }
  if (f.segmented) {
    return RxResult::more;
  }
  rx_open_ = false;
  if (rx_discard_) {
    rx_len_ = 0;
    return RxResult::dropped;
  }
  return RxResult::complete;
}

ByteSpan HdlcLinkCore::strip_llc(ByteSpan info) noexcept {
  if (starts_with(info, kLlcCommand) || starts_with(info, kLlcResponse)) {
    return info.subspan(kLlcSize);
  }
  return info;
}

}  // namespace dlms::hdlc
