#pragma once
// HdlcLinkCore: what the server and client links share (not used directly): the frame reader,
// the N(S)/N(R) bookkeeping modulo 8, segmentation of the APDU being sent into I frames of the
// negotiated size and window (go-back-N retransmission from the peer's N(R)), reassembly of the
// APDU being received, and the queue of frames waiting for poll_output(). Buffers are allocated
// once, at construction, from the configured maximum APDU size.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/hdlc/hdlc_frame.hpp"
#include "transports/hdlc/hdlc_frame_reader.hpp"
#include "transports/hdlc/hdlc_link_types.hpp"
#include "transports/hdlc/hdlc_parameters.hpp"

namespace dlms::hdlc {

class HdlcLinkCore {
 public:
  // Writes the frames waiting to be sent (whole frames only) into `out` and returns the octets
  // written; 0 when nothing waits. With out.size() >= kMaxWireFrameSize at least one waiting
  // frame is always written. Call it after every put(), on_timer(), send(), connect() and
  // disconnect(), until it returns 0.
  [[nodiscard]] std::size_t poll_output(MutableByteSpan out) noexcept;
  [[nodiscard]] bool has_output() const noexcept { return ctrl_len_ != 0 || ui_len_ != 0 || burst_ != 0; }

  // The negotiated parameters, from this station's point of view (tx = what it sends).
  [[nodiscard]] const HdlcParameters& parameters() const noexcept { return params_; }
  [[nodiscard]] HdlcLinkState state() const noexcept { return state_; }
  // True while an APDU given to send() is not yet wholly acknowledged.
  [[nodiscard]] bool sending() const noexcept { return tx_len_ != 0; }

 protected:
  HdlcLinkCore(std::size_t max_apdu_size, HdlcDuration inter_octet_timeout);

  // Reader step shared by both links: inter-octet time-out, then frame extraction and decoding.
  // Returns true with `frame` set when a valid frame was decoded.
  bool read_frame(ByteSpan data, HdlcTime now, HdlcPutResult& r, HdlcFrame& frame) noexcept;
  // Drops a partial frame whose inter-octet time-out has passed.
  void expire_inter_octet(HdlcTime now) noexcept;
  [[nodiscard]] bool inter_octet_armed() const noexcept;
  [[nodiscard]] HdlcTime inter_octet_deadline() const noexcept { return last_byte_ + inter_octet_; }

  // Link reset on (re)connection or disconnection: sequence numbers, buffers, queued frames.
  void reset_link() noexcept;

  void queue_control(HdlcControl control, ByteSpan info = {}) noexcept;
  Status queue_ui(ByteSpan apdu, const HdlcAddress& destination, const HdlcAddress& source,
                  bool command) noexcept;

  // Copies LLC header + APDU into the send buffer.
  Status load_tx(ByteSpan apdu, bool command) noexcept;
  // Validates N(R) (between V(A) and V(S)) and applies it; false if invalid.
  bool apply_nr(std::uint8_t nr) noexcept;
  // Go-back-N: frames after the peer's N(R) are sent again.
  void rewind() noexcept {
    vs_ = va_;
    burst_ = 0;
  }
  // Schedules up to one window of I frames; the last gets P/F = 1. Returns false if none.
  bool start_burst() noexcept;
  [[nodiscard]] std::size_t unsent_segments() const noexcept;

  enum class RxResult : std::uint8_t { more, complete, dropped };
  // Appends the information field of an in-sequence I frame (V(R) already advanced).
  RxResult append_rx(const HdlcFrame& frame, bool command, std::error_code& error) noexcept;
  [[nodiscard]] ByteSpan rx_apdu() const noexcept { return ByteSpan(rx_.data(), rx_len_); }
  // Removes the LLC header of a UI frame if present.
  static ByteSpan strip_llc(ByteSpan info) noexcept;

  HdlcFrameReader reader_;
  HdlcParameters params_;
  HdlcLinkState state_ = HdlcLinkState::ndm;
  HdlcAddress out_destination_;  // addresses of the frames this station sends
  HdlcAddress out_source_;
  HdlcAddress i_source_;  // source address of I frames (the logical device sending the APDU)
  std::uint8_t vs_ = 0;   // V(S): N(S) of the next new I frame
  std::uint8_t vr_ = 0;   // V(R): N(S) expected next
  std::uint8_t va_ = 0;   // N(S) of the oldest unacknowledged I frame
  bool peer_busy_ = false;
  bool tx_complete_ = false;  // set when the last segment of the send buffer was acknowledged

 private:
  std::size_t emit_i_frame(MutableByteSpan out) noexcept;

  HdlcDuration inter_octet_;
  HdlcTime last_byte_{};
  std::vector<std::uint8_t> rx_;
  std::size_t rx_len_ = 0;
  bool rx_open_ = false;     // reassembly in progress
  bool rx_discard_ = false;  // dropping the rest of an unusable APDU
  std::vector<std::uint8_t> tx_;
  std::size_t tx_len_ = 0;
  std::size_t tx_acked_ = 0;  // offset of the segment with N(S) == V(A)
  std::size_t burst_ = 0;     // I frames still to emit in the current burst
  std::array<std::uint8_t, 64> ctrl_{};
  std::size_t ctrl_len_ = 0;
  std::array<std::uint8_t, kMaxWireFrameSize> ui_{};
  std::size_t ui_len_ = 0;
};

}  // namespace dlms::hdlc
