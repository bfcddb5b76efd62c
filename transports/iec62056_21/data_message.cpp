#include "transports/iec62056_21/data_message.hpp"

#include "transports/iec62056_21/block_check.hpp"
#include "transports/iec62056_21/characters.hpp"
#include "transports/iec62056_21/text.hpp"

namespace dlms::iec62056_21 {
namespace {

// Characters a data set field may not contain: they delimit the data set.
bool valid_field(std::string_view s) noexcept {
  for (char c : s) {
    if (!detail::is_printable(c) || c == '(' || c == ')' || c == '/' || c == '!' || c == '*') {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<DataMessage> DataMessage::decode(ByteSpan message) noexcept {
  // STX "!" CR LF ETX BCC at the very least.
  if (message.size() < 6 || message[0] != kStx || message[message.size() - 2] != kEtx) {
    return iec62056_21_errc::malformed_message;
  }
  const ByteSpan checked = message.subspan(1, message.size() - 2);
  if (block_check(checked) != message.back()) {
    return iec62056_21_errc::bad_bcc;
  }
  const std::size_t n = message.size();
  if (message[n - 5] != kEnd || message[n - 4] != kCr || message[n - 3] != kLf) {
    return iec62056_21_errc::malformed_message;
  }
  return DataMessage{message.subspan(1, n - 6)};
}

Status DataMessage::encode(ByteWriter& w, std::span<const DataSet> data_sets) noexcept {
  const std::size_t start = w.size();
  w.u8(kStx);
  for (const DataSet& d : data_sets) {
    if (!valid_field(d.address) || !valid_field(d.value) || !valid_field(d.unit)) {
      return iec62056_21_errc::malformed_message;
    }
    detail::put_text(w, d.address);
    w.u8('(');
    detail::put_text(w, d.value);
    if (!d.unit.empty()) {
      w.u8('*');
      detail::put_text(w, d.unit);
    }
    w.u8(')');
    w.u8(kCr);
    w.u8(kLf);
  }
  w.u8(kEnd);
  w.u8(kCr);
  w.u8(kLf);
  w.u8(kEtx);
  if (!w.ok()) {
    return iec62056_21_errc::buffer_too_small;
  }
  const ByteSpan all = w.written();
  w.u8(block_check(all.subspan(start + 1)));
  if (!w.ok()) {
    return iec62056_21_errc::buffer_too_small;
  }
  return ok();
}

}  // namespace dlms::iec62056_21
