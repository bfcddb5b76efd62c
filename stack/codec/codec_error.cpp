#include "stack/codec/codec_error.hpp"

#include <string>

namespace dlms::codec {
namespace {

class CodecCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "codec"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<codec_errc>(ev)) {
      case codec_errc::truncated: return "input truncated";
      case codec_errc::length_past_end: return "length past the end of the input";
      case codec_errc::bad_length_encoding: return "bad length encoding";
      case codec_errc::unknown_tag: return "unknown tag";
      case codec_errc::unexpected_tag: return "unexpected tag";
      case codec_errc::depth_exceeded: return "nesting too deep";
      case codec_errc::limit_exceeded: return "configured limit exceeded";
      case codec_errc::invalid_value: return "invalid value";
      case codec_errc::trailing_bytes: return "trailing bytes";
      case codec_errc::buffer_too_small: return "output buffer too small";
      case codec_errc::type_mismatch: return "type mismatch";
      case codec_errc::unsupported: return "unsupported";
    }
    return "unknown codec error";
  }
};

}  // namespace

const std::error_category& codec_category() noexcept {
  static const CodecCategory category;
  return category;
}

}  // namespace dlms::codec
