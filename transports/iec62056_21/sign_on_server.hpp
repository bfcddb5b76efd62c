#pragma once
// SignOnServer: the meter's (tariff device's) side of the optical-port sign-on: IEC 62056-21
// protocol mode E into HDLC (IEC 62056-21 Annex E, Green Book), with a mode C data readout
// as the fallback. Pure: bytes and time in, SignOnEvents out.
//
//   HHU -> meter  (300 Bd 7E1)  "/?!" CR LF  or  "/?<address>!" CR LF
//   meter -> HHU  after tr      "/XXXZ\2<identification>" CR LF
//   HHU -> meter                ACK "2" Z "2" CR LF   -> set_line(Z, 8N1), hdlc_started
//                      or       ACK "0" Z "0" CR LF   -> set_line(Z, 7E1), after tr the data
//                                message STX ... "!" CR LF ETX BCC, then set_line(300, 7E1)
// A request with another device address gets no answer. No option select within the
// longest reaction time, a malformed one or programming mode: back to idle, silently.
// Baud-rate switch: the meter changes rate as soon as the option select's LF is in (it has
// nothing more to send at 300 Bd); the HHU changes after the last character of its option
// select has left the UART (the binding drains before applying set_line). In mode C the
// data message follows after the reaction time tr at the new rate.

#include <optional>
#include <span>
#include <string_view>

#include "stack/core/bytes.hpp"
#include "transports/iec62056_21/data_message.hpp"
#include "transports/iec62056_21/line_assembler.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::iec62056_21 {

struct SignOnServerConfig {
  std::string_view manufacturer = "XXX";  // three-letter FLAG id
  std::string_view identification = "";   // up to 16 characters
  std::string_view device_address = "";   // also answers "/?<this>!" when not empty
  char max_baud_char = '5';               // highest rate offered: '5' = 9600 Bd
  bool hdlc_enabled = true;               // announce "\2" and accept mode E
  bool readout_enabled = true;            // accept mode C data readout
  std::span<const DataSet> readout;       // the readout's data sets (must stay alive)
  SignOnTiming timing;
};

class SignOnServer {
 public:
  enum class State { idle, identifying, awaiting_option, reading_out, hdlc };

  // `tx_buffer` holds the identification and the readout's data message.
  SignOnServer(const SignOnServerConfig& config, MutableByteSpan tx_buffer) noexcept;

  // Received bytes at `now`. Returns how many were taken: it stops right after the option
  // select that starts HDLC, so the rest (if any) belongs to the HDLC link.
  std::size_t receive(ByteSpan bytes, Millis now) noexcept;
  // Call at (or after) next_deadline().
  void on_time(Millis now) noexcept;
  [[nodiscard]] std::optional<Millis> next_deadline() const noexcept;
  bool poll(SignOnEvent& out) noexcept { return events_.pop(out); }

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] LineSettings line() const noexcept { return line_; }
  // Back to idle at 300 Bd 7E1 (e.g. when the HDLC link ends). Queues set_line if needed.
  void restart() noexcept;

 private:
  void on_message(ByteSpan message, Millis now) noexcept;
  void set_line(LineSettings line) noexcept;
  void send_identification(Millis now) noexcept;
  void send_readout() noexcept;

  SignOnServerConfig config_;
  MutableByteSpan tx_;
  std::uint8_t line_buffer_[kMaxLine] = {};
  LineAssembler assembler_;
  SignOnEventQueue events_;
  State state_ = State::idle;
  LineSettings line_ = kSignOnLine;
  std::uint32_t selected_baud_ = 300;
  Millis deadline_{0};
};

}  // namespace dlms::iec62056_21
