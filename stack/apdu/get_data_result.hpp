#pragma once
// Get-Data-Result ::= CHOICE { data [0] Data, data-access-result [1] IMPLICIT
// Data-Access-Result } (Green Book xDLMS ASN.1). Used by GET responses and by
// Action-Response-With-Optional-Data.

#include <cstdint>
#include <variant>

#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct GetDataResult {
  std::variant<codec::DataView, DataAccessResult> result;

  [[nodiscard]] bool is_data() const noexcept { return result.index() == 0; }
  [[nodiscard]] codec::DataView data() const noexcept {
    const auto* d = std::get_if<codec::DataView>(&result);
    return d != nullptr ? *d : codec::DataView();
  }
  [[nodiscard]] DataAccessResult data_access_result() const noexcept {
    const auto* r = std::get_if<DataAccessResult>(&result);
    return r != nullptr ? *r : DataAccessResult::success;
  }

  static Result<GetDataResult> decode(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits) {
    std::uint8_t choice = 0;
    if (auto ec = detail::read_choice_tag(in, 1, choice)) {
      return ec;
    }
    GetDataResult r;
    if (choice == 0) {
      codec::DataView data;
      if (auto ec = detail::read_data(in, limits, data)) {
        return ec;
      }
      r.result = data;
    } else {
      std::uint8_t v = 0;
      if (auto ec = detail::read_u8(in, v)) {
        return ec;
      }
      r.result = static_cast<DataAccessResult>(v);
    }
    return r;
  }
  Status encode(ByteWriter& out) const {
    if (const auto* d = std::get_if<codec::DataView>(&result)) {
      out.u8(0);
      if (auto ec = detail::write_data(out, *d)) {
        return ec;
      }
    } else {
      out.u8(1);
      out.u8(static_cast<std::uint8_t>(std::get<DataAccessResult>(result)));
    }
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
