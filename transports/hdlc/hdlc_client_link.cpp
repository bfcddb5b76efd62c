#include "transports/hdlc/hdlc_client_link.hpp"

#include <algorithm>
#include <array>

#include "transports/hdlc/hdlc_error.hpp"

namespace dlms::hdlc {

HdlcClientLink::HdlcClientLink(const HdlcClientConfig& config)
    : HdlcLinkCore(config.max_apdu_size, config.inter_octet_timeout), config_(config) {
  auto& p = config_.proposal;
  p.max_info_tx = std::clamp<std::uint16_t>(p.max_info_tx, 32, kMaxInfoFieldLength);
  p.max_info_rx = std::clamp<std::uint16_t>(p.max_info_rx, 32, kMaxInfoFieldLength);
  p.window_tx = std::clamp<std::uint8_t>(p.window_tx, 1, HdlcParameters::kMaxWindow);
  p.window_rx = std::clamp<std::uint8_t>(p.window_rx, 1, HdlcParameters::kMaxWindow);
  out_destination_ = config_.server;
  out_source_ = config_.client;
  i_source_ = config_.client;
}

bool HdlcClientLink::from_server(const HdlcAddress& s) const noexcept {
  const HdlcAddress& mine = config_.server;
  return s.upper == mine.upper && (s.size == 1 || mine.size == 1 || s.lower == mine.lower);
}

void HdlcClientLink::to_ndm() noexcept {
  reset_link();
  state_ = HdlcLinkState::ndm;
  params_ = HdlcParameters{};
  deadline_.reset();
  poll_ = false;
  expect_response_ = false;
  retries_ = 0;
}

void HdlcClientLink::queue_snrm() noexcept {
  std::array<std::uint8_t, kMaxParametersSize> info{};
  std::size_t n = 0;
  if (config_.always_send_parameters || !config_.proposal.is_default()) {
    auto r = encode_parameters(config_.proposal, MutableByteSpan(info));
    n = r ? *r : 0;
  }
  queue_control(HdlcControl::u(FrameType::SNRM, true), ByteSpan(info.data(), n));
}

Status HdlcClientLink::connect(HdlcTime now) noexcept {
  to_ndm();
  state_ = HdlcLinkState::connecting;
  queue_snrm();
  arm(now);
  return {};
}

Status HdlcClientLink::disconnect(HdlcTime now) noexcept {
  if (state_ == HdlcLinkState::ndm) {
    return {};
  }
  reset_link();
  state_ = HdlcLinkState::disconnecting;
  poll_ = false;
  retries_ = 0;
  queue_control(HdlcControl::u(FrameType::DISC, true));
  arm(now);
  return {};
}

Status HdlcClientLink::send(ByteSpan apdu, HdlcTime now, bool expect_response) noexcept {
  if (state_ != HdlcLinkState::nrm) {
    return hdlc_errc::not_connected;
  }
  if (auto s = load_tx(apdu, /*command=*/true); !s) {
    return s;
  }
  expect_response_ = expect_response;
  use_poll(now);
  return {};
}

Status HdlcClientLink::send_ui(ByteSpan apdu, const HdlcAddress& to) noexcept {
  if (!to.valid()) {
    return hdlc_errc::bad_address;
  }
  return queue_ui(apdu, to, config_.client, /*command=*/true);
}

void HdlcClientLink::use_poll(HdlcTime now) noexcept {
  if (!poll_) {
    return;
  }
  if (start_burst()) {
    poll_ = false;  // the last I frame carries P=1
    arm(now);
    return;
  }
  if (expect_response_ || sending()) {
    arm(now);  // poll the server with RR when the time-out passes
  }
}

HdlcPutResult HdlcClientLink::put(ByteSpan data, HdlcTime now) noexcept {
  HdlcPutResult r;
  HdlcFrame f;
  if (!read_frame(data, now, r, f)) {
    return r;
  }
  if (f.destination.size != 1 || f.destination.upper != config_.client.upper || !from_server(f.source)) {
    r.error = hdlc_errc::wrong_address;
    return r;
  }
  const auto type = f.control.type;
  if (type == FrameType::UI) {
    r.event = {HdlcEventKind::ui, f.destination, f.source, strip_llc(f.information), {}};
    return r;
  }
  switch (state_) {
    case HdlcLinkState::connecting:
      if (type == FrameType::UA) {
        auto ua = decode_parameters(f.information);
        if (!ua) {
          to_ndm();
          r.error = ua.error();
          r.event = {
              HdlcEventKind::disconnected, config_.client, f.source, {}, hdlc_errc::connection_refused};
          return r;
        }
        to_ndm();
        const auto& p = config_.proposal;
        params_.max_info_tx = std::min(p.max_info_tx, ua->max_info_rx);
        params_.max_info_rx = ua->max_info_tx;
        params_.window_tx = std::min(p.window_tx, ua->window_rx);
        params_.window_rx = ua->window_tx;
        state_ = HdlcLinkState::nrm;
        poll_ = true;
        r.event = {HdlcEventKind::connected, config_.client, f.source, {}, {}};
      } else if (type == FrameType::DM) {
        to_ndm();
        r.event = {HdlcEventKind::disconnected, config_.client, f.source, {}, hdlc_errc::connection_refused};
      } else {
        r.error = hdlc_errc::unexpected_frame;
      }
      return r;
    case HdlcLinkState::disconnecting:
      if (type == FrameType::UA || type == FrameType::DM) {
        to_ndm();
        r.event = {HdlcEventKind::disconnected, config_.client, f.source, {}, {}};
      } else {
        r.error = hdlc_errc::unexpected_frame;
      }
      return r;
    case HdlcLinkState::nrm: handle_nrm(f, now, r); return r;
    default: r.error = hdlc_errc::unexpected_frame; return r;
  }
}

void HdlcClientLink::handle_nrm(const HdlcFrame& f, HdlcTime now, HdlcPutResult& r) noexcept {
  const auto& c = f.control;
  switch (c.type) {
    case FrameType::I: {
      if (!apply_nr(c.nr)) {
        r.error = hdlc_errc::unexpected_frame;  // invalid N(R): frame ignored
        return;
      }
      peer_busy_ = false;
      bool ask_more = true;
      if (c.ns == vr_) {
        vr_ = static_cast<std::uint8_t>((vr_ + 1U) & 7U);
        std::error_code error;
        const RxResult rx = append_rx(f, /*command=*/false, error);
        r.error = error;
        if (rx == RxResult::complete) {
          r.event = {HdlcEventKind::apdu, config_.client, f.source, rx_apdu(), {}};
          expect_response_ = false;
        }
        ask_more = rx == RxResult::more;
      } else {
        r.error = hdlc_errc::unexpected_frame;  // out of sequence: discarded
      }
      if (!c.pf) {
        arm(now);  // more frames of the window follow
        return;
      }
      poll_ = true;
      retries_ = 0;
      deadline_.reset();
      rewind();
      if (ask_more) {
        poll_ = false;
        queue_control(HdlcControl::s(FrameType::RR, vr_, true));
        arm(now);
        return;
      }
      use_poll(now);
      return;
    }
    case FrameType::RR:
    case FrameType::RNR:
      if (!apply_nr(c.nr)) {
        r.error = hdlc_errc::unexpected_frame;
        return;
      }
      peer_busy_ = c.type == FrameType::RNR;
      if (c.pf) {
        poll_ = true;
        retries_ = 0;
        deadline_.reset();
        rewind();
        use_poll(now);
      }
      return;
    case FrameType::DM:
      to_ndm();
      r.event = {HdlcEventKind::disconnected, config_.client, f.source, {}, hdlc_errc::disconnected};
      return;
    case FrameType::FRMR:
      to_ndm();
      r.event = {HdlcEventKind::disconnected, config_.client, f.source, {}, hdlc_errc::frame_rejected};
      return;
    default: r.error = hdlc_errc::unexpected_frame; return;
  }
}

HdlcEvent HdlcClientLink::on_timer(HdlcTime now) noexcept {
  expire_inter_octet(now);
  if (!deadline_ || now < *deadline_) {
    return {};
  }
  deadline_.reset();
  if (retries_ >= config_.max_retries) {
    const bool was_connected = state_ != HdlcLinkState::ndm;
    to_ndm();
    if (!was_connected) {
      return {};
    }
    return {HdlcEventKind::disconnected, config_.client, config_.server, {}, hdlc_errc::response_timeout};
  }
  ++retries_;
  switch (state_) {
    case HdlcLinkState::connecting: queue_snrm(); break;
    case HdlcLinkState::disconnecting: queue_control(HdlcControl::u(FrameType::DISC, true)); break;
    case HdlcLinkState::nrm:
      rewind();
      poll_ = true;
      if (start_burst()) {
        poll_ = false;
      } else {
        poll_ = false;
        queue_control(HdlcControl::s(FrameType::RR, vr_, true));
      }
      break;
    default: return {};
  }
  arm(now);
  return {};
}

std::optional<HdlcTime> HdlcClientLink::next_deadline() const noexcept {
  std::optional<HdlcTime> d = deadline_;
  if (inter_octet_armed()) {
    const HdlcTime t = inter_octet_deadline();
    d = d ? std::min(*d, t) : t;
  }
  return d;
}

}  // namespace dlms::hdlc
