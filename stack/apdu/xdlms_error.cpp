#include "stack/apdu/xdlms_error.hpp"

#include <string>

namespace dlms::apdu {
namespace {

class XdlmsCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "xdlms"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<xdlms_errc>(ev)) {
      case xdlms_errc::unknown_apdu: return "unknown APDU tag";
      case xdlms_errc::unknown_choice: return "unknown CHOICE";
      case xdlms_errc::truncated: return "APDU truncated";
      case xdlms_errc::trailing_bytes: return "trailing bytes after the APDU";
      case xdlms_errc::invalid_field: return "invalid field";
      case xdlms_errc::list_too_long: return "list longer than the configured maximum";
      case xdlms_errc::apdu_too_large: return "APDU larger than allowed";
      case xdlms_errc::buffer_too_small: return "output buffer too small";
      case xdlms_errc::unsupported: return "unsupported";
    }
    return "unknown xdlms error";
  }
};

}  // namespace

const std::error_category& xdlms_category() noexcept {
  static const XdlmsCategory category;
  return category;
}

}  // namespace dlms::apdu
