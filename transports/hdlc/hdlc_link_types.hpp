#pragma once
// Types shared by HdlcServerLink and HdlcClientLink: time, link states, events and the result
// of feeding bytes. The links are pure state machines: bytes and the caller's time go in,
// events and bytes to transmit come out; nothing reads a clock or touches a socket.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <system_error>

#include "stack/core/bytes.hpp"
#include "transports/hdlc/hdlc_address.hpp"
#include "transports/hdlc/hdlc_frame.hpp"

namespace dlms::hdlc {

// The links only compare and add durations to the time points they are given; the caller
// reads the clock (a real steady_clock in the Asio binding, a fake one in tests).
using HdlcClock = std::chrono::steady_clock;
using HdlcTime = HdlcClock::time_point;
using HdlcDuration = std::chrono::milliseconds;

// IEC 62056-46 6.4.4 / Green Book 8.4.5: normal disconnected mode (NDM) and normal response
// mode (NRM); connecting and disconnecting are the client's waits for UA; frame_reject is the
// server's FRMR condition (it repeats FRMR to everything but SNRM and DISC).
enum class HdlcLinkState : std::uint8_t { ndm, connecting, nrm, disconnecting, frame_reject };

enum class HdlcEventKind : std::uint8_t {
  none,
  connected,     // UA sent (server) or received (client): parameters() holds the negotiated values
  disconnected,  // back in NDM; `reason` says why (empty after a requested DISC)
  apdu,          // one whole APDU received on I frames (LLC header removed)
  ui,            // one APDU received in a UI frame (LLC header removed if present)
};

struct HdlcEvent {
  HdlcEventKind kind = HdlcEventKind::none;
  HdlcAddress client;  // the client (primary station) address
  HdlcAddress server;  // the server address the frame carried (logical device in `upper`)
  ByteSpan apdu;       // for apdu and ui: valid until the next call on the link
  std::error_code reason;
};

struct HdlcPutResult {
  std::size_t consumed = 0;  // octets used; call again with the rest
  std::error_code error;     // a frame was dropped or ignored (diagnostic only, never fatal)
  HdlcEvent event;           // at most one event per call
};

}  // namespace dlms::hdlc
