#pragma once
// Failure / Outcome: how the translator reports bad input. A failure says what is wrong and
// where: a byte offset for binary input, a line and element for XML, a JSON pointer for JSON.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace dlms::translator {

struct Failure {
  enum class Where { none, byte, line, json };
  std::string what;  // e.g. "truncated", "unknown element <Foo>"
  Where where = Where::none;
  std::size_t position = 0;  // byte offset (Where::byte) or 1-based line (Where::line)
  std::string path;          // element name (Where::line) or JSON pointer (Where::json)

  // One line, without a trailing newline: "truncated at byte 7",
  // "bad hex in Value at line 3 (<InstanceId>)", "unknown element at /GetRequest/0".
  [[nodiscard]] std::string message() const;
};

// A value or a Failure. The translator's API returns these; it never throws.
template <class T>
class Outcome {
 public:
  Outcome(T value) : value_(std::move(value)) {}              // NOLINT(google-explicit-constructor)
  Outcome(Failure failure) : failure_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  // Preconditions: has_value() for value(), !has_value() for failure().
  [[nodiscard]] const T& value() const& noexcept { return *value_; }
  [[nodiscard]] T&& value() && noexcept { return std::move(*value_); }
  [[nodiscard]] const T& operator*() const& noexcept { return *value_; }
  [[nodiscard]] const T* operator->() const noexcept { return &*value_; }
  [[nodiscard]] const Failure& failure() const noexcept { return failure_; }

 private:
  std::optional<T> value_;
  Failure failure_;
};

}  // namespace dlms::translator
