#include "transports/hdlc/hdlc_server_link.hpp"

#include <algorithm>

#include "transports/hdlc/hdlc_error.hpp"

namespace dlms::hdlc {

HdlcServerLink::HdlcServerLink(const HdlcServerConfig& config)
    : HdlcLinkCore(config.max_apdu_size, config.inter_octet_timeout), config_(config) {
  config_.logical_device_count = std::min(config_.logical_device_count, HdlcServerConfig::kMaxLogicalDevices);
  auto& l = config_.limits;
  l.max_info_tx = std::clamp<std::uint16_t>(l.max_info_tx, 32, kMaxInfoFieldLength);
  l.max_info_rx = std::clamp<std::uint16_t>(l.max_info_rx, 32, kMaxInfoFieldLength);
  l.window_tx = std::clamp<std::uint8_t>(l.window_tx, 1, HdlcParameters::kMaxWindow);
  l.window_rx = std::clamp<std::uint8_t>(l.window_rx, 1, HdlcParameters::kMaxWindow);
}

bool HdlcServerLink::addressed_to_me(const HdlcAddress& d) const noexcept {
  const bool all_upper = d.upper_is_all_station();
  const auto* begin = config_.logical_devices.begin();
  const auto* end = begin + config_.logical_device_count;
  if (!all_upper && std::find(begin, end, d.upper) == end) {
    return false;
  }
  if (d.size > 1 && config_.physical_address) {
    const std::uint16_t all_lower = d.size == 4 ? HdlcAddress::kAllStation2 : HdlcAddress::kAllStation1;
    return d.lower == *config_.physical_address || d.lower == all_lower;
  }
  return true;
}

void HdlcServerLink::reply_to(const HdlcFrame& f) noexcept {
  out_destination_ = f.source;
  out_source_ = f.destination;
}

void HdlcServerLink::to_ndm() noexcept {
  reset_link();
  state_ = HdlcLinkState::ndm;
  poll_ = false;
  params_ = HdlcParameters{};
}

HdlcPutResult HdlcServerLink::put(ByteSpan data, HdlcTime now) noexcept {
  HdlcPutResult r;
  r.event = check_inactivity(now);
  if (r.event.kind != HdlcEventKind::none) {
    return r;
  }
  HdlcFrame f;
  if (!read_frame(data, now, r, f)) {
    return r;
  }
  if (f.source.size != 1 || !addressed_to_me(f.destination)) {
    r.error = hdlc_errc::wrong_address;
    return r;
  }
  const bool broadcast = f.destination.upper_is_all_station() ||
                         (f.destination.size > 1 &&
                          f.destination.lower == (f.destination.size == 4 ? HdlcAddress::kAllStation2
                                                                          : HdlcAddress::kAllStation1));
  const bool connected = state_ != HdlcLinkState::ndm;
  const bool from_peer = connected && f.source == peer_;
  if (f.control.type == FrameType::UI) {
    if (f.segmented) {
      r.error = hdlc_errc::unexpected_frame;
      return r;
    }
    if (connected && from_peer) {
      last_rx_ = now;
    }
    r.event = {HdlcEventKind::ui, f.source, f.destination, strip_llc(f.information), {}};
    if (!broadcast && from_peer && f.control.pf && state_ == HdlcLinkState::nrm) {
      poll_ = true;
      answer_poll();
    }
    return r;
  }
  if (broadcast) {
    r.error = hdlc_errc::unexpected_frame;  // only UI may go to all stations
    return r;
  }
  if (connected && !from_peer) {
    r.error = hdlc_errc::wrong_address;  // another client while connected: ignored
    return r;
  }
  const auto type = f.control.type;
  switch (state_) {
    case HdlcLinkState::nrm:
      last_rx_ = now;
      handle_nrm(f, now, r);
      break;
    case HdlcLinkState::frame_reject:
      last_rx_ = now;
      if (type == FrameType::SNRM) {
        handle_snrm(f, now, r);
      } else if (type == FrameType::DISC) {
        reply_to(f);
        to_ndm();
        queue_control(HdlcControl::u(FrameType::UA, true));
        r.event = {HdlcEventKind::disconnected, f.source, f.destination, {}, hdlc_errc::disconnected};
      } else if (type != FrameType::UA && type != FrameType::DM && type != FrameType::FRMR) {
        reply_to(f);
        queue_control(HdlcControl::u(FrameType::FRMR, true), ByteSpan(frmr_info_));
      }
      break;
    default:  // NDM
      if (type == FrameType::SNRM) {
        handle_snrm(f, now, r);
      } else if (type == FrameType::DISC || (f.control.pf && type != FrameType::UA && type != FrameType::DM &&
                                             type != FrameType::FRMR)) {
        reply_to(f);
        queue_control(HdlcControl::u(FrameType::DM, true));
        r.error = hdlc_errc::not_connected;
      } else {
        r.error = hdlc_errc::unexpected_frame;
      }
      break;
  }
  return r;
}

void HdlcServerLink::handle_snrm(const HdlcFrame& f, HdlcTime now, HdlcPutResult& r) noexcept {
  const bool was_connected = state_ != HdlcLinkState::ndm;
  auto proposal = decode_parameters(f.information);
  reply_to(f);
  if (!proposal) {
    to_ndm();
    queue_control(HdlcControl::u(FrameType::DM, true));
    r.error = proposal.error();
    if (was_connected) {
      r.event = {HdlcEventKind::disconnected, f.source, f.destination, {}, hdlc_errc::connection_refused};
    }
    return;
  }
  reset_link();
  params_ = negotiate(*proposal, config_.limits);
  state_ = HdlcLinkState::nrm;
  peer_ = f.source;
  apdu_server_ = f.destination;
  i_source_ = f.destination;
  last_rx_ = now;
  poll_ = false;
  std::array<std::uint8_t, kMaxParametersSize> info{};
  auto n = encode_parameters(params_, MutableByteSpan(info));
  queue_control(HdlcControl::u(FrameType::UA, true), ByteSpan(info.data(), n ? *n : 0));
  r.event = {HdlcEventKind::connected, f.source, f.destination, {}, {}};
}

void HdlcServerLink::frame_reject(const HdlcFrame& f, std::uint8_t flags) noexcept {
  // ISO/IEC 13239 FRMR information field: rejected control octet; V(R) bits 6-8, C/R bit 5
  // (0: the rejected frame was a command), V(S) bits 2-4; W X Y Z in bits 1-4.
  frmr_info_ = {f.control.raw, static_cast<std::uint8_t>((vr_ << 5U) | (vs_ << 1U)), flags};
  state_ = HdlcLinkState::frame_reject;
  poll_ = false;
  reply_to(f);
  rewind();
  queue_control(HdlcControl::u(FrameType::FRMR, true), ByteSpan(frmr_info_));
}

void HdlcServerLink::answer_poll() noexcept {
  if (!poll_) {
    return;
  }
  poll_ = false;
  if (!start_burst()) {
    queue_control(HdlcControl::s(FrameType::RR, vr_, true));
  }
}

void HdlcServerLink::handle_nrm(const HdlcFrame& f, HdlcTime now, HdlcPutResult& r) noexcept {
  const auto& c = f.control;
  switch (c.type) {
    case FrameType::SNRM: handle_snrm(f, now, r); return;
    case FrameType::DISC:
      if (!f.information.empty()) {
        frame_reject(f, kW | kX);
        return;
      }
      reply_to(f);
      to_ndm();
      queue_control(HdlcControl::u(FrameType::UA, true));
      r.event = {HdlcEventKind::disconnected, f.source, f.destination, {}, hdlc_errc::disconnected};
      return;
    case FrameType::I: handle_i(f, r); return;
    case FrameType::RR:
    case FrameType::RNR:
      if (!f.information.empty()) {
        frame_reject(f, kW | kX);
        return;
      }
      if (!apply_nr(c.nr)) {
        frame_reject(f, kZ);
        return;
      }
      peer_busy_ = c.type == FrameType::RNR;
      if (c.pf) {
        reply_to(f);
        rewind();  // the client has seen our last F=1 frame: anything after N(R) was lost
        poll_ = true;
        answer_poll();
      }
      return;
    case FrameType::UA:
    case FrameType::DM:
    case FrameType::FRMR:
      r.error = hdlc_errc::unexpected_frame;  // responses are not commands: ignored
      return;
    default: frame_reject(f, kW); return;
  }
}

void HdlcServerLink::handle_i(const HdlcFrame& f, HdlcPutResult& r) noexcept {
  const auto& c = f.control;
  if (f.information.size() > params_.max_info_rx) {
    frame_reject(f, kY);
    return;
  }
  if (!apply_nr(c.nr)) {
    frame_reject(f, kZ);
    return;
  }
  peer_busy_ = false;
  reply_to(f);
  if (c.pf) {
    rewind();
    poll_ = true;
  }
  if (c.ns != vr_) {
    r.error = hdlc_errc::unexpected_frame;  // out of sequence: discarded, RR(V(R)) on poll
    answer_poll();
    return;
  }
  vr_ = static_cast<std::uint8_t>((vr_ + 1U) & 7U);
  std::error_code error;
  const RxResult rx = append_rx(f, /*command=*/true, error);
  r.error = error;
  if (rx == RxResult::complete) {
    r.event = {HdlcEventKind::apdu, f.source, f.destination, rx_apdu(), {}};
    // The poll stays with us until send() answers (or the client polls again with RR).
    return;
  }
  answer_poll();  // more segments: RR(V(R)) asks for the next window
}

Status HdlcServerLink::send(ByteSpan apdu, const HdlcAddress& server) noexcept {
  if (state_ != HdlcLinkState::nrm) {
    return hdlc_errc::not_connected;
  }
  if (!server.valid()) {
    return hdlc_errc::bad_address;
  }
  if (auto s = load_tx(apdu, /*command=*/false); !s) {
    return s;
  }
  apdu_server_ = server;
  i_source_ = server;
  out_destination_ = peer_;
  answer_poll();
  return {};
}

Status HdlcServerLink::send_ui(ByteSpan apdu, const HdlcAddress& server, const HdlcAddress& client) noexcept {
  if (!server.valid() || !client.valid() || client.size != 1) {
    return hdlc_errc::bad_address;
  }
  return queue_ui(apdu, client, server, /*command=*/false);
}

HdlcEvent HdlcServerLink::on_timer(HdlcTime now) noexcept {
  expire_inter_octet(now);
  return check_inactivity(now);
}

HdlcEvent HdlcServerLink::check_inactivity(HdlcTime now) noexcept {
  if (state_ != HdlcLinkState::ndm && config_.inactivity_timeout.count() > 0 &&
      now >= last_rx_ + config_.inactivity_timeout) {
    HdlcEvent e{HdlcEventKind::disconnected, peer_, apdu_server_, {}, hdlc_errc::inactivity_timeout};
    to_ndm();
    return e;
  }
  return {};
}

std::optional<HdlcTime> HdlcServerLink::next_deadline() const noexcept {
  std::optional<HdlcTime> d;
  if (inter_octet_armed()) {
    d = inter_octet_deadline();
  }
  if (state_ != HdlcLinkState::ndm && config_.inactivity_timeout.count() > 0) {
    const HdlcTime t = last_rx_ + config_.inactivity_timeout;
    d = d ? std::min(*d, t) : t;
  }
  return d;
}

}  // namespace dlms::hdlc
