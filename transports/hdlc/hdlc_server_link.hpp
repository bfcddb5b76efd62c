#pragma once
// HdlcServerLink: the secondary station (meter side) of the HDLC data link layer, IEC 62056-46
// 6.4 / Green Book 8.4.5, as a pure state machine.
//
// Use (one object per physical link, e.g. per TCP connection or serial port):
//
//   HdlcServerLink link(config);
//   // bytes arrived at time `now`:
//   while (!bytes.empty()) {
//     HdlcPutResult r = link.put(bytes, now);
//     bytes = bytes.subspan(r.consumed);
//     if (r.event.kind == HdlcEventKind::apdu) {        // a whole request APDU
//       ... link.send(response, r.event.server);        // reply from the same logical device
//     }
//     while (std::size_t n = link.poll_output(buf)) write(buf.first(n));
//   }
//   // and when link.next_deadline() passes: link.on_timer(now), then poll_output() again.
//
// Behaviour:
// - Accepts frames whose destination upper address (logical device) is one of the configured
//   ones and, when a lower (physical) address is configured and present in the frame, whose
//   lower address matches it or is all-station. Other frames are ignored. Responses use the
//   address the command came on, so one link serves several logical devices (management
//   logical device 1 and the meter's), and each APDU is reported with its server address.
// - NDM: SNRM -> UA with the negotiated parameters (min of proposal and own limits, defaults
//   128 octets / window 1 when absent) and NRM; DISC -> DM; other commands with P=1 -> DM.
// - NRM: I frames in sequence are reassembled into one APDU (S bit); N(S) out of sequence is
//   discarded and, on P=1, answered by RR with the expected N(R); the response APDU is
//   segmented into I frames of the negotiated size, a window at a time (last frame F=1), and
//   frames after the client's N(R) are sent again (go-back-N). RR/RNR polls are answered with
//   the next window or RR. DISC -> UA and NDM; SNRM -> new UA (link reset).
// - FRMR (IEC 62056-46 6.4.4.4.3.6, ISO/IEC 13239 5.5.3.4.2) on an undefined control field (W),
//   an information field where none is allowed (W+X), one longer than the negotiated maximum
//   (Y) or an invalid N(R) (Z); in that condition every command but SNRM and DISC gets FRMR again.
// - Wrong HCS/FCS: frame dropped silently. UI frames are reported (ui event), to all-station too.
// - Time-outs: inter-octet (a partial frame is dropped) and inactivity (no valid frame for
//   that long in NRM: back to NDM with a disconnected event), Green Book IC 23 HDLC setup.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/hdlc/hdlc_link_core.hpp"

namespace dlms::hdlc {

struct HdlcServerConfig {
  static constexpr std::size_t kMaxLogicalDevices = 8;

  // Upper HDLC addresses (logical devices) served, e.g. {1, 17}.
  std::array<std::uint16_t, kMaxLogicalDevices> logical_devices{1};
  std::size_t logical_device_count = 1;
  // Lower HDLC address (physical device) checked when a frame carries one; nullopt: any.
  std::optional<std::uint16_t> physical_address;
  // This server's limits, server view (tx = what it sends); at most 2030 octets and window 7.
  HdlcParameters limits{};
  // Largest APDU reassembled or sent (the receive and send buffers, allocated once).
  std::size_t max_apdu_size = 4096;
  // IC 23 HDLC setup defaults: inter_octet_time_out 25 ms, inactivity_time_out 120 s; 0 disables.
  HdlcDuration inter_octet_timeout{25};
  HdlcDuration inactivity_timeout{120000};
};

class HdlcServerLink : public HdlcLinkCore {
 public:
  explicit HdlcServerLink(const HdlcServerConfig& config);

  // Feeds received octets; stops after the first event (see HdlcPutResult).
  [[nodiscard]] HdlcPutResult put(ByteSpan data, HdlcTime now) noexcept;

  // Runs the time-outs; returns a disconnected event when the inactivity time-out drops the link.
  [[nodiscard]] HdlcEvent on_timer(HdlcTime now) noexcept;
  // When on_timer() must next be called; nullopt when no timer runs.
  [[nodiscard]] std::optional<HdlcTime> next_deadline() const noexcept;

  // Sends one APDU to the connected client from logical device `server` (pass the event's
  // server address). The LLC header is added and the APDU segmented. Frames go out when the
  // client polls (the last frame it sent had P=1). Fails with not_connected, busy (the previous
  // APDU is not yet acknowledged) or apdu_too_large.
  [[nodiscard]] Status send(ByteSpan apdu, const HdlcAddress& server) noexcept;

  // Sends one APDU in a UI frame (e.g. an event notification) to `client` from `server`.
  [[nodiscard]] Status send_ui(ByteSpan apdu, const HdlcAddress& server, const HdlcAddress& client) noexcept;

  // The connected client, valid in NRM.
  [[nodiscard]] const HdlcAddress& client_address() const noexcept { return peer_; }

 private:
  enum FrmrFlag : std::uint8_t { kW = 0x01, kX = 0x02, kY = 0x04, kZ = 0x08 };

  [[nodiscard]] bool addressed_to_me(const HdlcAddress& destination) const noexcept;
  void handle_snrm(const HdlcFrame& f, HdlcTime now, HdlcPutResult& r) noexcept;
  void handle_i(const HdlcFrame& f, HdlcPutResult& r) noexcept;
  void handle_nrm(const HdlcFrame& f, HdlcTime now, HdlcPutResult& r) noexcept;
  void frame_reject(const HdlcFrame& f, std::uint8_t flags) noexcept;
  // Answers a poll: the next window of I frames, or RR.
  void answer_poll() noexcept;
  void to_ndm() noexcept;
  HdlcEvent check_inactivity(HdlcTime now) noexcept;
  void reply_to(const HdlcFrame& f) noexcept;

  HdlcServerConfig config_;
  HdlcAddress peer_;
  HdlcAddress apdu_server_;  // logical device the APDU being sent comes from
  HdlcTime last_rx_{};
  bool poll_ = false;  // the client gave us the poll (P=1) and we have not yet answered F=1
  std::array<std::uint8_t, 3> frmr_info_{};
};

}  // namespace dlms::hdlc
