#pragma once
// Variable-Access-Specification for SN referencing (Green Book xDLMS ASN.1, after
// IEC 61334-4-41):
//   CHOICE { variable-name [2] ObjectName, parameterized-access [4] Parameterized-Access,
//            block-number-access [5], read-data-block-access [6], write-data-block-access [7] }
// (detailed-access [3] is not used in DLMS/COSEM and is rejected as unknown_choice.)
// ObjectName is the 16-bit short name (base name), kept unsigned here.

#include <cstdint>
#include <system_error>
#include <variant>

#include "stack/apdu/choice.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

struct VariableName {
  static constexpr std::uint8_t kChoice = 2;
  std::uint16_t variable_name = 0;

  static Result<VariableName> decode_body(ByteReader& in, const codec::Limits& /*limits*/) {
    VariableName v;
    if (auto ec = detail::read_u16(in, v.variable_name)) {
      return ec;
    }
    return v;
  }
  std::error_code encode_body(ByteWriter& out) const {
    out.u16(variable_name);
    return {};
  }
};

struct ParameterizedAccess {
  static constexpr std::uint8_t kChoice = 4;
  std::uint16_t variable_name = 0;
  std::uint8_t selector = 0;
  codec::DataView parameter;

  static Result<ParameterizedAccess> decode_body(ByteReader& in, const codec::Limits& limits) {
    ParameterizedAccess v;
    if (auto ec = detail::read_u16(in, v.variable_name)) {
      return ec;
    }
    if (auto ec = detail::read_u8(in, v.selector)) {
      return ec;
    }
    if (auto ec = detail::read_data(in, limits, v.parameter)) {
      return ec;
    }
    return v;
  }
  std::error_code encode_body(ByteWriter& out) const {
    out.u16(variable_name);
    out.u8(selector);
    return detail::write_data(out, parameter);
  }
};

struct BlockNumberAccess {
  static constexpr std::uint8_t kChoice = 5;
  std::uint16_t block_number = 0;

  static Result<BlockNumberAccess> decode_body(ByteReader& in, const codec::Limits& /*limits*/) {
    BlockNumberAccess v;
    if (auto ec = detail::read_u16(in, v.block_number)) {
      return ec;
    }
    return v;
  }
  std::error_code encode_body(ByteWriter& out) const {
    out.u16(block_number);
    return {};
  }
};

struct ReadDataBlockAccess {
  static constexpr std::uint8_t kChoice = 6;
  bool last_block = false;
  std::uint16_t block_number = 0;
  ByteSpan raw_data;

  static Result<ReadDataBlockAccess> decode_body(ByteReader& in, const codec::Limits& /*limits*/) {
    ReadDataBlockAccess v;
    if (auto ec = detail::read_boolean(in, v.last_block)) {
      return ec;
    }
    if (auto ec = detail::read_u16(in, v.block_number)) {
      return ec;
    }
    if (auto ec = detail::read_octet_string(in, v.raw_data)) {
      return ec;
    }
    return v;
  }
  std::error_code encode_body(ByteWriter& out) const {
    out.u8(last_block ? 1 : 0);
    out.u16(block_number);
    detail::write_octet_string(out, raw_data);
    return {};
  }
};

struct WriteDataBlockAccess {
  static constexpr std::uint8_t kChoice = 7;
  bool last_block = false;
  std::uint16_t block_number = 0;

  static Result<WriteDataBlockAccess> decode_body(ByteReader& in, const codec::Limits& /*limits*/) {
    WriteDataBlockAccess v;
    if (auto ec = detail::read_boolean(in, v.last_block)) {
      return ec;
    }
    if (auto ec = detail::read_u16(in, v.block_number)) {
      return ec;
    }
    return v;
  }
  std::error_code encode_body(ByteWriter& out) const {
    out.u8(last_block ? 1 : 0);
    out.u16(block_number);
    return {};
  }
};

struct VariableAccessSpecification {
  std::variant<VariableName, ParameterizedAccess, BlockNumberAccess, ReadDataBlockAccess,
               WriteDataBlockAccess>
      access;

  static Result<VariableAccessSpecification> decode(ByteReader& in,
                                                    const codec::Limits& limits = codec::kDefaultLimits) {
    VariableAccessSpecification v;
    if (auto ec = detail::decode_choice(in, limits, v.access)) {
      return ec;
    }
    return v;
  }
  Status encode(ByteWriter& out) const {
    if (auto ec = detail::encode_choice(out, access)) {
      return ec;
    }
    return detail::finish(out);
  }
};

}  // namespace dlms::apdu
