#include "transports/iec62056_21/sign_on_client.hpp"

#include <algorithm>

#include "stack/core/byte_writer.hpp"
#include "transports/iec62056_21/baud_rate.hpp"
#include "transports/iec62056_21/data_message.hpp"
#include "transports/iec62056_21/identification_message.hpp"
#include "transports/iec62056_21/option_select_message.hpp"
#include "transports/iec62056_21/request_message.hpp"

namespace dlms::iec62056_21 {

SignOnClient::SignOnClient(const SignOnClientConfig& config, MutableByteSpan tx_buffer,
                           MutableByteSpan rx_buffer) noexcept
    : config_(config),
      tx_(tx_buffer),
      line_assembler_(MutableByteSpan(line_buffer_)),
      data_assembler_(rx_buffer) {
  data_assembler_.reset(LineAssembler::Kind::data_message);
  if (baud_rate_from_char(config_.max_baud_char) == 0) {
    config_.max_baud_char = '0';
  }
}

std::string_view SignOnClient::manufacturer() const noexcept {
  return {manufacturer_, manufacturer_[0] == '\0' ? 0U : 3U};
}

std::string_view SignOnClient::identification() const noexcept {
  return {identification_, identification_size_};
}

void SignOnClient::set_line(LineSettings line) noexcept {
  line_ = line;
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::set_line;
  e.line = line;
  events_.push(e);
}

void SignOnClient::fail(std::error_code ec) noexcept {
  state_ = State::failed;
  if (line_ != kSignOnLine) {
    set_line(kSignOnLine);
  }
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::failed;
  e.error = ec;
  events_.push(e);
}

void SignOnClient::start(Millis now) noexcept {
  events_.clear();
  line_assembler_.reset();
  data_assembler_.reset(LineAssembler::Kind::data_message);
  set_line(kSignOnLine);
  ByteWriter w(tx_);
  if (auto st = RequestMessage{config_.device_address}.encode(w); !st) {
    fail(st.error());
    return;
  }
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::transmit;
  e.data = w.written();
  events_.push(e);
  state_ = State::awaiting_identification;
  deadline_ = now + transmission_time(w.size(), line_.baud_rate) + config_.timing.max_reaction_time;
}

std::size_t SignOnClient::receive(ByteSpan bytes, Millis now) noexcept {
  std::size_t used = 0;
  while (used < bytes.size()) {
    if (state_ == State::awaiting_identification) {
      const std::uint8_t b = bytes[used++] & 0x7FU;
      // While the identification arrives, the deadline follows the inter-character time.
      if (line_assembler_.size() > 0 || b == kStart) {
        deadline_ = std::max(deadline_, now + config_.timing.inter_character_timeout);
      }
      if (line_assembler_.push(b, now, config_.timing.inter_character_timeout)) {
        on_identification(line_assembler_.message(), now);
        line_assembler_.reset();
      }
    } else if (state_ == State::awaiting_data) {
      const std::uint8_t b = bytes[used++] & 0x7FU;
      deadline_ = std::max(deadline_, now + config_.timing.inter_character_timeout);
      if (data_assembler_.push(b, now, config_.timing.inter_character_timeout)) {
        on_data_message(data_assembler_.message());
        break;
      }
      if (data_assembler_.overflowed()) {
        fail(iec62056_21_errc::message_too_long);  // did not fit the caller's buffer
        break;
      }
    } else if (state_ == State::acknowledging) {
      ++used;  // half duplex: nothing is expected from the meter now
    } else {
      break;  // idle, hdlc, done, failed: not ours
    }
  }
  return used;
}

void SignOnClient::on_identification(ByteSpan message, Millis now) noexcept {
  auto id = IdentificationMessage::decode(message);
  if (!id) {
    fail(id.error());
    return;
  }
  std::copy_n(id->manufacturer.begin(), 3, manufacturer_);
  identification_size_ = id->identification.size();
  std::copy_n(id->identification.begin(), identification_size_, identification_);
  offered_baud_ = id->baud_char;
  selected_baud_ = std::min(offered_baud_, config_.max_baud_char);
  if (config_.goal == SignOnClientConfig::Goal::hdlc && !id->hdlc_capable()) {
    fail(iec62056_21_errc::unsupported_mode);
    return;
  }
  state_ = State::acknowledging;
  deadline_ = now + config_.timing.reaction_time;
}

void SignOnClient::send_option_select(Millis now) noexcept {
  const bool hdlc = config_.goal == SignOnClientConfig::Goal::hdlc;
  OptionSelectMessage option{hdlc ? kProtocolHdlc : kProtocolNormal, selected_baud_,
                             hdlc ? kModeHdlc : kModeReadout};
  ByteWriter w(tx_);
  if (auto st = option.encode(w); !st) {
    fail(st.error());
    return;
  }
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::transmit;
  e.data = w.written();
  events_.push(e);
  const std::uint32_t baud = baud_rate_from_char(selected_baud_);
  if (hdlc) {
    state_ = State::hdlc;
    set_line({baud, CharacterFormat::eight_n_one});
    SignOnEvent h;
    h.kind = SignOnEvent::Kind::hdlc_started;
    h.line = line_;
    events_.push(h);
    return;
  }
  state_ = State::awaiting_data;
  set_line({baud, CharacterFormat::seven_e_one});
  data_assembler_.reset(LineAssembler::Kind::data_message);
  deadline_ = now + transmission_time(w.size(), kInitialBaudRate) + config_.timing.max_reaction_time;
}

void SignOnClient::on_data_message(ByteSpan message) noexcept {
  auto data = DataMessage::decode(message);
  if (!data) {
    fail(data.error());
    return;
  }
  state_ = State::done;
  set_line(kSignOnLine);
  SignOnEvent e;
  e.kind = SignOnEvent::Kind::readout_complete;
  e.data = data->data_block;
  events_.push(e);
}

void SignOnClient::on_time(Millis now) noexcept {
  if (now < deadline_) {
    return;
  }
  switch (state_) {
    case State::awaiting_identification:
    case State::awaiting_data: fail(iec62056_21_errc::timeout); break;
    case State::acknowledging: send_option_select(now); break;
    case State::idle:
    case State::hdlc:
    case State::done:
    case State::failed: break;
  }
}

std::optional<Millis> SignOnClient::next_deadline() const noexcept {
  switch (state_) {
    case State::awaiting_identification:
    case State::acknowledging:
    case State::awaiting_data: return deadline_;
    case State::idle:
    case State::hdlc:
    case State::done:
    case State::failed: break;
  }
  return std::nullopt;
}

}  // namespace dlms::iec62056_21
