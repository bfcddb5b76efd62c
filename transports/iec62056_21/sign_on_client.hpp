#pragma once
// SignOnClient: the HHU's (reading device's) side of the optical-port sign-on, IEC 62056-21
// mode E into HDLC or mode C data readout. Pure: bytes and time in, SignOnEvents out.
//
//   start()          set_line(300, 7E1), transmit "/?[address]!" CR LF
//   identification   "/XXXZ[\W]ident" CR LF; HDLC needs W = '2' (else failed/unsupported)
//   after tr         transmit ACK "2" Z "2" CR LF, set_line(Z, 8N1), hdlc_started
//               or   transmit ACK "0" Z "0" CR LF, set_line(Z, 7E1); the data message is
//                    checked (BCC) and its data block reported (readout_complete), then
//                    set_line(300, 7E1)
// Z is the lower of the meter's offer and the configured maximum.

#include <cstddef>
#include <optional>
#include <string_view>

#include "stack/core/bytes.hpp"
#include "transports/iec62056_21/line_assembler.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::iec62056_21 {

struct SignOnClientConfig {
  enum class Goal { hdlc, readout };
  Goal goal = Goal::hdlc;
  std::string_view device_address = "";  // empty: "/?!"
  char max_baud_char = '6';
  SignOnTiming timing;
};

class SignOnClient {
 public:
  enum class State { idle, awaiting_identification, acknowledging, awaiting_data, hdlc, done, failed };

  // `tx_buffer`: at least 40 bytes. `rx_buffer`: holds the readout's data message (may be
  // empty when the goal is HDLC); a longer data message fails with message_too_long.
  SignOnClient(const SignOnClientConfig& config, MutableByteSpan tx_buffer,
               MutableByteSpan rx_buffer) noexcept;

  void start(Millis now) noexcept;
  // Returns how many bytes were taken; stops once HDLC starts or the readout is complete.
  std::size_t receive(ByteSpan bytes, Millis now) noexcept;
  void on_time(Millis now) noexcept;
  [[nodiscard]] std::optional<Millis> next_deadline() const noexcept;
  bool poll(SignOnEvent& out) noexcept { return events_.pop(out); }

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] LineSettings line() const noexcept { return line_; }
  // The meter's identification, kept from its message.
  [[nodiscard]] std::string_view manufacturer() const noexcept;
  [[nodiscard]] std::string_view identification() const noexcept;
  [[nodiscard]] char offered_baud_char() const noexcept { return offered_baud_; }

 private:
  void fail(std::error_code ec) noexcept;
  void set_line(LineSettings line) noexcept;
  void on_identification(ByteSpan message, Millis now) noexcept;
  void on_data_message(ByteSpan message) noexcept;
  void send_option_select(Millis now) noexcept;

  SignOnClientConfig config_;
  MutableByteSpan tx_;
  std::uint8_t line_buffer_[kMaxLine] = {};
  LineAssembler line_assembler_;
  LineAssembler data_assembler_;
  SignOnEventQueue events_;
  State state_ = State::idle;
  LineSettings line_ = kSignOnLine;
  Millis deadline_{0};
  char manufacturer_[3] = {};
  char identification_[kMaxIdentification] = {};
  std::size_t identification_size_ = 0;
  char offered_baud_ = '0';
  char selected_baud_ = '0';
};

}  // namespace dlms::iec62056_21
