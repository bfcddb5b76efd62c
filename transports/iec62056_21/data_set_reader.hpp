#pragma once
// DataSetReader: walks the data block of a mode C data readout (IEC 62056-21 6.5, data set
// structure) one data set at a time, as views into the block (no allocation):
//   data block = data lines;  data line = data set {data set} CR LF
//   data set   = address "(" value ["*" unit] ")"
// A data set may follow another on the same line without an address (e.g. "(v1)(v2)" after
// "1.8.0(v0)"); it is then reported with an empty address. Address, value and unit are
// printable characters other than the delimiters ( ) * / !; lengths within kMaxAddress /
// kMaxValue / kMaxUnit (6.5: address up to 16, value up to 128, unit up to 16 characters).
//
//   DataSetReader r(readout);  DataSet d;
//   while (r.next(d)) { ... }   if (r.error()) { malformed }

#include <cstddef>
#include <system_error>

#include "stack/core/bytes.hpp"
#include "transports/iec62056_21/data_message.hpp"

namespace dlms::iec62056_21 {

class DataSetReader {
 public:
  static constexpr std::size_t kMaxAddress = 16;
  static constexpr std::size_t kMaxValue = 128;
  static constexpr std::size_t kMaxUnit = 16;

  explicit DataSetReader(ByteSpan data_block) noexcept : block_(data_block) {}

  // The next data set; false at the end of the block or on a malformed one (then error()).
  bool next(DataSet& out) noexcept;
  [[nodiscard]] std::error_code error() const noexcept { return error_; }
  // Offset of the next unread byte (of the error, after a failure).
  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }

 private:
  bool fail() noexcept;

  ByteSpan block_;
  std::size_t pos_ = 0;
  std::error_code error_;
};

}  // namespace dlms::iec62056_21
