#include "transports/iec62056_21/data_set_reader.hpp"

#include "transports/iec62056_21/characters.hpp"
#include "transports/iec62056_21/iec62056_21_error.hpp"
#include "transports/iec62056_21/text.hpp"

namespace dlms::iec62056_21 {
namespace {

bool is_delimiter(char c) noexcept { return c == '(' || c == ')' || c == '*' || c == '/' || c == '!'; }

}  // namespace

bool DataSetReader::fail() noexcept {
  error_ = iec62056_21_errc::malformed_message;
  return false;
}

bool DataSetReader::next(DataSet& out) noexcept {
  if (error_) {
    return false;
  }
  const std::string_view text = detail::as_text(block_);
  // Line ends between data lines.
  while (pos_ < text.size() &&
         (text[pos_] == static_cast<char>(kCr) || text[pos_] == static_cast<char>(kLf))) {
    if (text[pos_] == static_cast<char>(kCr) &&
        (pos_ + 1 >= text.size() || text[pos_ + 1] != static_cast<char>(kLf))) {
      return fail();  // a CR alone
    }
    pos_ += text[pos_] == static_cast<char>(kCr) ? 2 : 1;
  }
  if (pos_ >= text.size()) {
    return false;
  }
  // Reads printable non-delimiter characters up to `limit` of them.
  auto field = [&](std::size_t limit, std::string_view& f) {
    const std::size_t start = pos_;
    while (pos_ < text.size() && detail::is_printable(text[pos_]) && !is_delimiter(text[pos_])) {
      if (pos_ - start == limit) {
        return false;
      }
      ++pos_;
    }
    f = text.substr(start, pos_ - start);
    return true;
  };
  DataSet d;
  if (!field(kMaxAddress, d.address) || pos_ >= text.size() || text[pos_] != '(') {
    return fail();
  }
  ++pos_;
  if (!field(kMaxValue, d.value) || pos_ >= text.size()) {
    return fail();
  }
  if (text[pos_] == '*') {
    ++pos_;
    if (!field(kMaxUnit, d.unit) || d.unit.empty() || pos_ >= text.size()) {
      return fail();
    }
  }
  if (text[pos_] != ')') {
    return fail();
  }
  ++pos_;
  out = d;
  return true;
}

}  // namespace dlms::iec62056_21
