#pragma once
// HdlcClientLink: the primary station (client side) of the HDLC data link layer, IEC 62056-46
// 6.4 / Green Book 8.4.5, as a pure state machine. Same calling pattern as HdlcServerLink:
// put() received octets, poll_output() frames to send, on_timer() at next_deadline().
//
//   HdlcClientLink link(config);
//   link.connect(now);                      // SNRM (with parameters unless all are default)
//   ... put() until a connected event (UA) or disconnected (DM, or no answer after retries)
//   link.send(request_apdu, now);           // segmented into I frames, one window at a time
//   ... put() until an apdu event (the whole response, reassembled)
//   link.disconnect(now);                   // DISC, then a disconnected event on UA/DM
//
// Behaviour: the client sends a window of I frames (last with P=1) and waits for the server's
// F=1 frame. Each wait runs the response time-out; when it expires the client takes the poll
// back and sends again (the unacknowledged I frames from V(A), the SNRM or DISC, or RR P=1
// to poll for a late response), at most max_retries times, then drops to NDM with a
// disconnected event (response_timeout). Segmented responses are acknowledged by RR P=1 after
// each window; N(S) out of sequence is discarded and RR asks for it again. DM or FRMR from
// the server end the connection (disconnected event with disconnected / frame_rejected).

#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/hdlc/hdlc_link_core.hpp"

namespace dlms::hdlc {

struct HdlcClientConfig {
  HdlcAddress client = HdlcAddress::client(16);  // public client
  HdlcAddress server = HdlcAddress::server(1);   // management logical device, 1-octet address
  // Proposed in SNRM, client view (tx = what the client sends); at most 2030 and window 7.
  HdlcParameters proposal{};
  // Send the parameter field in SNRM even when every value is the default.
  bool always_send_parameters = false;
  std::size_t max_apdu_size = 65535 + 64;
  HdlcDuration response_timeout{3000};
  std::uint8_t max_retries = 3;
  HdlcDuration inter_octet_timeout{25};  // 0 disables (e.g. over TCP)
};

class HdlcClientLink : public HdlcLinkCore {
 public:
  explicit HdlcClientLink(const HdlcClientConfig& config);

  // Starts (or restarts) the connection with SNRM.
  [[nodiscard]] Status connect(HdlcTime now) noexcept;
  // Sends DISC (nothing to do in NDM).
  [[nodiscard]] Status disconnect(HdlcTime now) noexcept;
  // Sends one APDU (LLC header added, segmented). `expect_response`: keep polling the server
  // (RR P=1 on each response time-out) until an APDU arrives. Fails with not_connected, busy or
  // apdu_too_large.
  [[nodiscard]] Status send(ByteSpan apdu, HdlcTime now, bool expect_response = true) noexcept;
  // Sends one APDU in a UI frame (to the configured server or all-station `to`).
  [[nodiscard]] Status send_ui(ByteSpan apdu, const HdlcAddress& to) noexcept;

  [[nodiscard]] HdlcPutResult put(ByteSpan data, HdlcTime now) noexcept;
  [[nodiscard]] HdlcEvent on_timer(HdlcTime now) noexcept;
  [[nodiscard]] std::optional<HdlcTime> next_deadline() const noexcept;

 private:
  void handle_nrm(const HdlcFrame& f, HdlcTime now, HdlcPutResult& r) noexcept;
  void to_ndm() noexcept;
  void arm(HdlcTime now) noexcept { deadline_ = now + config_.response_timeout; }
  // We hold the poll: send what is waiting (a window of I frames) or nothing.
  void use_poll(HdlcTime now) noexcept;
  void queue_snrm() noexcept;
  [[nodiscard]] bool from_server(const HdlcAddress& source) const noexcept;

  HdlcClientConfig config_;
  std::optional<HdlcTime> deadline_;  // response time-out, while waiting for an F=1 frame
  std::uint8_t retries_ = 0;
  bool poll_ = false;  // we may transmit (the server's last frame had F=1)
  bool expect_response_ = false;
};

}  // namespace dlms::hdlc
