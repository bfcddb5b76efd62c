#pragma once
// Service-specific block transfer blocks (Green Book xDLMS ASN.1):
//   DataBlock-G  ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned32,
//                   result CHOICE { raw-data [0] OCTET STRING, data-access-result [1] } }
//   DataBlock-SA ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned32, raw-data OCTET STRING }
// raw-data is a view over the input.

#include <cstdint>
#include <variant>

#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct DataBlockG {
  bool last_block = false;
  std::uint32_t block_number = 0;
  std::variant<ByteSpan, DataAccessResult> result;  // raw-data [0] or data-access-result [1]

  [[nodiscard]] bool is_raw_data() const noexcept { return result.index() == 0; }
  [[nodiscard]] ByteSpan raw_data() const noexcept {
    const auto* d = std::get_if<ByteSpan>(&result);
    return d != nullptr ? *d : ByteSpan();
  }

  static Result<DataBlockG> decode(ByteReader& in, const codec::Limits& /*limits*/ = codec::kDefaultLimits) {
    DataBlockG b;
    if (auto ec = detail::read_boolean(in, b.last_block)) {
      return ec;
    }
    if (auto ec = detail::read_u32(in, b.block_number)) {
      return ec;
    }
    std::uint8_t choice = 0;
    if (auto ec = detail::read_choice_tag(in, 1, choice)) {
      return ec;
    }
    if (choice == 0) {
      ByteSpan raw;
      if (auto ec = detail::read_octet_string(in, raw)) {
        return ec;
      }
      b.result = raw;
    } else {
      std::uint8_t v = 0;
      if (auto ec = detail::read_u8(in, v)) {
        return ec;
      }
      b.result = static_cast<DataAccessResult>(v);
    }
    return b;
  }
  Status encode(ByteWriter& out) const {
    out.u8(last_block ? 1 : 0);
    out.u32(block_number);
    if (const auto* raw = std::get_if<ByteSpan>(&result)) {
      out.u8(0);
      detail::write_octet_string(out, *raw);
    } else {
      out.u8(1);
      out.u8(static_cast<std::uint8_t>(std::get<DataAccessResult>(result)));
    }
    return detail::finish(out);
  }
};

struct DataBlockSA {
  bool last_block = false;
  std::uint32_t block_number = 0;
  ByteSpan raw_data;

  static Result<DataBlockSA> decode(ByteReader& in, const codec::Limits& /*limits*/ = codec::kDefaultLimits) {
    DataBlockSA b;
    if (auto ec = detail::read_boolean(in, b.last_block)) {
      return ec;
    }
    if (auto ec = detail::read_u32(in, b.block_number)) {
      return ec;
    }
    if (auto ec = detail::read_octet_string(in, b.raw_data)) {
      return ec;
    }
    return b;
  }
  Status encode(ByteWriter& out) const {
    out.u8(last_block ? 1 : 0);
    out.u32(block_number);
    detail::write_octet_string(out, raw_data);
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
