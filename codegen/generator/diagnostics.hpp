#pragma once
// Messages of the generator: one line each, "file:line: error: what" (or warning).

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dlms::codegen {

// Offsets in a text to 1-based line numbers.
class LineMap {
 public:
  explicit LineMap(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        newlines_.push_back(i);
      }
    }
  }
  [[nodiscard]] std::size_t line(std::ptrdiff_t offset) const {
    if (offset < 0) {
      return 0;
    }
    return static_cast<std::size_t>(
               std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset)) -
               newlines_.begin()) +
           1;
  }

 private:
  std::vector<std::size_t> newlines_;
};

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(std::size_t line, std::string_view what) { errors_.push_back(format(line, "error", what)); }
  void warning(std::size_t line, std::string_view what) {
    warnings_.push_back(format(line, "warning", what));
  }

  [[nodiscard]] const std::vector<std::string>& errors() const noexcept { return errors_; }
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  [[nodiscard]] bool ok() const noexcept { return errors_.empty(); }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  [[nodiscard]] std::string format(std::size_t line, std::string_view kind, std::string_view what) const {
    std::string s = file_;
    s += ':';
    s += std::to_string(line);
    s += ": ";
    s += kind;
    s += ": ";
    s += what;
    return s;
  }

  std::string file_;
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
};

}  // namespace dlms::codegen
