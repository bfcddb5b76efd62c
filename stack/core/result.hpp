#pragma once
// Result<T>: a value or a std::error_code. Used for every operation that can fail on bad
// input; DLMS outcomes (data-access-result, action-result, ...) are values, not errors.

#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

namespace dlms {

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& value) : value_(value) {}         // NOLINT(google-explicit-constructor)
  Result(T&& value) : value_(std::move(value)) {}   // NOLINT(google-explicit-constructor)
  Result(std::error_code error) : error_(error) {}  // NOLINT(google-explicit-constructor)
  template <class E, std::enable_if_t<std::is_error_code_enum_v<E>, int> = 0>
  Result(E error) : error_(make_error_code(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  [[nodiscard]] std::error_code error() const noexcept { return error_; }

  // Precondition: has_value().
  T& value() & noexcept { return *value_; }
  const T& value() const& noexcept { return *value_; }
  T&& value() && noexcept { return std::move(*value_); }
  T& operator*() & noexcept { return *value_; }
  const T& operator*() const& noexcept { return *value_; }
  T* operator->() noexcept { return &*value_; }
  const T* operator->() const noexcept { return &*value_; }

  template <class U>
  T value_or(U&& fallback) const& {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::optional<T> value_;
  std::error_code error_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(std::error_code error) : error_(error) {}  // NOLINT(google-explicit-constructor)
  template <class E, std::enable_if_t<std::is_error_code_enum_v<E>, int> = 0>
  Result(E error) : error_(make_error_code(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] std::error_code error() const noexcept { return error_; }

 private:
  std::error_code error_;
};

using Status = Result<void>;

inline Status ok() { return {}; }

}  // namespace dlms
