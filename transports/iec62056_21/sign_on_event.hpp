#pragma once
// What the pure sign-on state machines ask of their binding (IEC 62056-21 modes C and E).
// The machines do no I/O: they are fed received bytes and the time, and queue events the
// binding carries out in order: transmit bytes, change the serial line (baud rate and
// character format), hand the port over to HDLC, report a readout or a failure.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <system_error>

#include "stack/core/bytes.hpp"

namespace dlms::iec62056_21 {

// Protocol time (steady wall clock, injected): milliseconds since any fixed epoch.
using Millis = std::chrono::milliseconds;

// 7E1 during the sign-on and mode C readout (IEC 62056-21 clause 5, character format: 1 start,
// 7 data, even parity, 1 stop); 8N1 once in HDLC (IEC 62056-46 / Green Book, mode E).
enum class CharacterFormat { seven_e_one, eight_n_one };

struct LineSettings {
  std::uint32_t baud_rate = 300;
  CharacterFormat format = CharacterFormat::seven_e_one;
  friend constexpr bool operator==(const LineSettings&, const LineSettings&) = default;
};

inline constexpr LineSettings kSignOnLine{300, CharacterFormat::seven_e_one};

struct SignOnEvent {
  enum class Kind {
    transmit,          // send `data` (valid until the next call into the machine)
    set_line,          // after every earlier transmit has left the wire, apply `line`
    hdlc_started,      // the port now carries HDLC at `line`; hand it over
    readout_complete,  // client: the readout's data block is `data`; server: data sent
    failed,            // `error` says why; the machine is back in its idle state
  };
  Kind kind = Kind::transmit;
  ByteSpan data;
  LineSettings line;
  std::error_code error;
};

// A small fixed FIFO of events (no allocation).
class SignOnEventQueue {
 public:
  static constexpr std::size_t kCapacity = 8;
  void push(const SignOnEvent& e) noexcept {
    if (size_ < kCapacity) {
      events_[(head_ + size_) % kCapacity] = e;
      ++size_;
    }
  }
  bool pop(SignOnEvent& out) noexcept {
    if (size_ == 0) {
      return false;
    }
    out = events_[head_];
    head_ = (head_ + 1) % kCapacity;
    --size_;
    return true;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  void clear() noexcept { head_ = size_ = 0; }

 private:
  std::array<SignOnEvent, kCapacity> events_{};
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

// Timing of IEC 62056-21 (clause 6, reaction and monitoring times): the reaction time tr
// between the end of a received message and the first character of the answer is
// 200 ms..1500 ms; the time between two characters of one message must stay below 1500 ms
// (ta), else the partial message is discarded.
struct SignOnTiming {
  Millis reaction_time{200};             // our tr: how long we wait before answering
  Millis max_reaction_time{1500};        // the longest we wait for the peer's answer
  Millis inter_character_timeout{1500};  // ta
};

}  // namespace dlms::iec62056_21
