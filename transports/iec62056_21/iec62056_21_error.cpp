#include "transports/iec62056_21/iec62056_21_error.hpp"

#include <string>

namespace dlms::iec62056_21 {
namespace {

class Iec6205621Category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "iec62056_21"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<iec62056_21_errc>(ev)) {
      case iec62056_21_errc::malformed_message: return "malformed IEC 62056-21 message";
      case iec62056_21_errc::bad_bcc: return "block check character mismatch";
      case iec62056_21_errc::bad_baud_rate: return "bad baud rate character";
      case iec62056_21_errc::message_too_long: return "message too long";
      case iec62056_21_errc::unsupported_mode: return "mode not supported by the peer";
      case iec62056_21_errc::timeout: return "reaction time-out";
      case iec62056_21_errc::buffer_too_small: return "output buffer too small";
    }
    return "unknown iec62056_21 error";
  }
};

}  // namespace

const std::error_category& iec62056_21_category() noexcept {
  static const Iec6205621Category category;
  return category;
}

}  // namespace dlms::iec62056_21
