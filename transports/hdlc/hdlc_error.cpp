#include "transports/hdlc/hdlc_error.hpp"

#include <string>

namespace dlms::hdlc {
namespace {

class HdlcCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "hdlc"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<hdlc_errc>(ev)) {
      case hdlc_errc::truncated: return "frame truncated";
      case hdlc_errc::bad_format: return "frame format is not type 3";
      case hdlc_errc::bad_length: return "bad frame length";
      case hdlc_errc::bad_address: return "bad HDLC address";
      case hdlc_errc::bad_hcs: return "header check sequence error";
      case hdlc_errc::bad_fcs: return "frame check sequence error";
      case hdlc_errc::missing_flag: return "closing flag missing";
      case hdlc_errc::frame_too_long: return "frame or information field too long";
      case hdlc_errc::bad_control: return "invalid or unsupported control field";
      case hdlc_errc::bad_parameters: return "malformed parameter negotiation field";
      case hdlc_errc::bad_llc: return "LLC header missing";
      case hdlc_errc::wrong_address: return "frame not addressed to this station";
      case hdlc_errc::unexpected_frame: return "frame not expected in this state";
      case hdlc_errc::apdu_too_large: return "APDU too large";
      case hdlc_errc::buffer_too_small: return "output buffer too small";
      case hdlc_errc::not_connected: return "link not connected";
      case hdlc_errc::busy: return "previous APDU still being sent";
      case hdlc_errc::inter_octet_timeout: return "inter-octet time-out";
      case hdlc_errc::inactivity_timeout: return "inactivity time-out";
      case hdlc_errc::response_timeout: return "response time-out";
      case hdlc_errc::disconnected: return "disconnected by the peer";
      case hdlc_errc::frame_rejected: return "frame rejected by the peer";
      case hdlc_errc::connection_refused: return "connection refused";
    }
    return "unknown hdlc error";
  }
};

}  // namespace

const std::error_category& hdlc_category() noexcept {
  static const HdlcCategory category;
  return category;
}

}  // namespace dlms::hdlc
