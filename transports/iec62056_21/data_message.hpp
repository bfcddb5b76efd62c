#pragma once
// Data message of a data readout (IEC 62056-21 6.3.4, mode C):
//   STX data-block "!" CR LF ETX BCC
// The data block is lines of data sets "address(value*unit)" CR LF; the BCC is the
// XOR of every byte after STX up to and including ETX.

#include <span>
#include <string_view>

#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/iec62056_21/iec62056_21_error.hpp"

namespace dlms::iec62056_21 {

// One data set of a readout; `unit` may be empty ("address(value)").
struct DataSet {
  std::string_view address;  // e.g. an OBIS reduced id "1.8.0" or "1-0:1.8.0"
  std::string_view value;
  std::string_view unit;
};

struct DataMessage {
  ByteSpan data_block;  // between STX and "!" CR LF ETX; a view into the decoded bytes

  // `message` is STX .. ETX BCC exactly.
  static Result<DataMessage> decode(ByteSpan message) noexcept;
  // Encodes STX, one line per data set, "!" CR LF ETX and the BCC.
  static Status encode(ByteWriter& w, std::span<const DataSet> data_sets) noexcept;
};

}  // namespace dlms::iec62056_21
