#include "transports/wrapper/wrapper_error.hpp"

#include <string>

namespace dlms::wrapper {
namespace {

class WrapperCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "wrapper"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<wrapper_errc>(ev)) {
      case wrapper_errc::need_more: return "need more bytes";
      case wrapper_errc::bad_version: return "wrapper version is not 1";
      case wrapper_errc::apdu_too_large: return "wrapper length above the maximum APDU size";
      case wrapper_errc::empty_apdu: return "wrapper length is zero";
      case wrapper_errc::truncated: return "wrapper frame truncated";
      case wrapper_errc::trailing_bytes: return "bytes after the wrapper frame";
      case wrapper_errc::buffer_too_small: return "output buffer too small";
    }
    return "unknown wrapper error";
  }
};

}  // namespace

const std::error_category& wrapper_category() noexcept {
  static const WrapperCategory category;
  return category;
}

}  // namespace dlms::wrapper
