#include "stack/association/association_error.hpp"

#include <string>

namespace dlms::association {
namespace {

class AssociationCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "association"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<association_errc>(ev)) {
      case association_errc::not_associated: return "no application association established";
      case association_errc::hls_pending: return "HLS authentication pending";
      case association_errc::ciphering_not_negotiated: return "ciphered APDU in a context without ciphering";
      case association_errc::no_security_context: return "association has no security context";
      case association_errc::unknown_association: return "no association for this client";
      case association_errc::buffer_too_small: return "output buffer too small";
      case association_errc::invalid_secret: return "invalid secret";
    }
    return "unknown association error";
  }
};

}  // namespace

const std::error_category& association_category() noexcept {
  static const AssociationCategory category;
  return category;
}

}  // namespace dlms::association
