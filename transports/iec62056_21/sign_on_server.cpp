#include "transports/iec62056_21/sign_on_server.hpp"

#include "stack/core/byte_writer.hpp"
#include "transports/iec62056_21/baud_rate.hpp"
#include "transports/iec62056_21/identification_message.hpp"
#include "transports/iec62056_21/option_select_message.hpp"
#include "transports/iec62056_21/request_message.hpp"

namespace dlms::iec62056_21 {

SignOnServer::SignOnServer(const SignOnServerConfig& config, MutableByteSpan tx_buffer) noexcept
    : config_(config), tx_(tx_buffer), assembler_(MutableByteSpan(line_buffer_)) {
  if (baud_rate_from_char(config_.max_baud_char) == 0) {
    config_.max_baud_char = '0';
  }
}

void SignOnServer::set_line(LineSettings line) noexcept {
  line_ = line;
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::set_line;
  e.line = line;
  events_.push(e);
}

void SignOnServer::restart() noexcept {
  state_ = State::idle;
  assembler_.reset();
  if (line_ != kSignOnLine) {
    set_line(kSignOnLine);
  }
}

std::size_t SignOnServer::receive(ByteSpan bytes, Millis now) noexcept {
  std::size_t used = 0;
  while (used < bytes.size() && state_ != State::hdlc) {
    // 7E1: the eighth bit is parity (stripped by a real UART, present on a pty).
    const std::uint8_t b = bytes[used++] & 0x7FU;
    if (state_ == State::identifying || state_ == State::reading_out) {
      continue;  // half duplex: we are about to talk, the HHU must wait for our answer
    }
    if (assembler_.push(b, now, config_.timing.inter_character_timeout)) {
      const ByteSpan message = assembler_.message();
      on_message(message, now);
      assembler_.reset();
    }
  }
  return used;
}

void SignOnServer::on_message(ByteSpan message, Millis now) noexcept {
  if (message[0] == kStart) {
    auto request = RequestMessage::decode(message);
    if (!request) {
      return;
    }
    const std::string_view address = request->device_address;
    if (!address.empty() && address != config_.device_address) {
      return;  // addressed to another device: stay silent (6.3.1)
    }
    state_ = State::identifying;  // a request restarts the sign-on in any state
    deadline_ = now + config_.timing.reaction_time;
    return;
  }
  if (state_ != State::awaiting_option) {
    return;
  }
  auto option = OptionSelectMessage::decode(message);
  state_ = State::idle;
  if (!option || option->baud_char > config_.max_baud_char) {
    return;
  }
  selected_baud_ = baud_rate_from_char(option->baud_char);
  if (option->is_hdlc() && config_.hdlc_enabled) {
    state_ = State::hdlc;
    set_line({selected_baud_, CharacterFormat::eight_n_one});
    SignOnEvent e;
    e.kind = SignOnEvent::Kind::hdlc_started;
    e.line = line_;
    events_.push(e);
    return;
  }
  if (option->is_readout() && config_.readout_enabled) {
    state_ = State::reading_out;
    set_line({selected_baud_, CharacterFormat::seven_e_one});
    deadline_ = now + config_.timing.reaction_time;
  }
}

void SignOnServer::send_identification(Millis now) noexcept {
  ByteWriter w(tx_);
  IdentificationMessage id;
  id.manufacturer = config_.manufacturer;
  id.baud_char = config_.max_baud_char;
  id.enhanced_char = config_.hdlc_enabled ? kEnhancedHdlc : '\0';
  id.identification = config_.identification;
  if (auto st = id.encode(w); !st) {
    state_ = State::idle;
    SignOnEvent e;
    e.kind = SignOnEvent::Kind::failed;
    e.error = st.error();
    events_.push(e);
    return;
  }
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::transmit;
  e.data = w.written();
  events_.push(e);
  state_ = State::awaiting_option;
  // The HHU answers within tr max after the last character of our identification.
  deadline_ = now + transmission_time(w.size(), line_.baud_rate) + config_.timing.max_reaction_time;
}

void SignOnServer::send_readout() noexcept {
  ByteWriter w(tx_);
  auto st = DataMessage::encode(w, config_.readout);
  SignOnEvent e;
  if (st) {
    e.kind = SignOnEvent::Kind::transmit;
    e.data = w.written();
    events_.push(e);
  }
  state_ = State::idle;
  set_line(kSignOnLine);  // after the data message, back to the initial rate (mode C)
  e.kind = st ? SignOnEvent::Kind::readout_complete : SignOnEvent::Kind::failed;
  e.data = {};
  e.error = st.error();
  events_.push(e);
}

void SignOnServer::on_time(Millis now) noexcept {
  if (now < deadline_) {
    return;
  }
  switch (state_) {
    case State::identifying: send_identification(now); break;
    case State::awaiting_option:
      state_ = State::idle;  // no option select in time
      assembler_.reset();
      break;
    case State::reading_out: send_readout(); break;
    case State::idle:
    case State::hdlc: break;
  }
}

std::optional<Millis> SignOnServer::next_deadline() const noexcept {
  switch (state_) {
    case State::identifying:
    case State::awaiting_option:
    case State::reading_out: return deadline_;
    case State::idle:
    case State::hdlc: break;
  }
  return std::nullopt;
}

}  // namespace dlms::iec62056_21
