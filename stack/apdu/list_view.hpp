#pragma once
// List<T>: an xDLMS SEQUENCE OF (with-list requests and responses, SN variable lists).
// Decoding validates every element once and keeps only a view over the encoded elements;
// iterating decodes them again lazily, so a decoded list costs no allocation. For encoding,
// a List is built over the caller's std::span<const T>. Counts are bounded by
// Limits::max_list_items (xdlms_errc::list_too_long).

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <span>
#include <system_error>
#include <type_traits>

#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/xdlms_fields.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"

namespace dlms::apdu {

// Limits for re-reading bytes that were already validated with the caller's limits.
inline constexpr codec::Limits kValidatedLimits{
    std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max(),
    std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max(),
    std::numeric_limits<std::size_t>::max()};

// How one list element is read and written. Element structs provide
// `static Result<T> decode(ByteReader&, const codec::Limits&)` and
// `Status encode(ByteWriter&) const`; Data and Data-Access-Result are specialised below.
template <class T>
struct ListElement {
  static std::error_code decode(ByteReader& in, const codec::Limits& limits, T& out) {
    auto r = T::decode(in, limits);
    if (!r) {
      return r.error();
    }
    out = *r;
    return {};
  }
  static std::error_code encode(const T& value, ByteWriter& out) { return value.encode(out).error(); }
};

template <>
struct ListElement<codec::DataView> {
  static std::error_code decode(ByteReader& in, const codec::Limits& limits, codec::DataView& out) {
    return detail::read_data(in, limits, out);
  }
  static std::error_code encode(const codec::DataView& value, ByteWriter& out) {
    return detail::write_data(out, value);
  }
};

template <>
struct ListElement<DataAccessResult> {
  static std::error_code decode(ByteReader& in, const codec::Limits&, DataAccessResult& out) {
    std::uint8_t v = 0;
    if (auto ec = detail::read_u8(in, v)) {
      return ec;
    }
    out = static_cast<DataAccessResult>(v);
    return {};
  }
  static std::error_code encode(const DataAccessResult& value, ByteWriter& out) {
    out.u8(static_cast<std::uint8_t>(value));
    return {};
  }
};

template <class T>
class List {
 public:
  using value_type = T;

  constexpr List() noexcept = default;
  // A list to encode, over the caller's elements (not copied).
  constexpr List(std::span<const T> items) noexcept  // NOLINT(google-explicit-constructor)
      : items_(items), count_(items.size()) {}
  // ... or over any contiguous container of T (std::array, std::vector): not copied either.
  template <class R>
  requires(
      !std::is_same_v<std::remove_cvref_t<R>, List> &&
      std::is_convertible_v<
          const R&,
          std::span<const T>>) constexpr List(const R& items) noexcept  // NOLINT(google-explicit-constructor)
      : List(std::span<const T>(items)) {}

  [[nodiscard]] constexpr std::size_t size() const noexcept { return count_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return count_ == 0; }
  // The encoded elements (after the count) of a decoded list; empty for a list of items.
  [[nodiscard]] constexpr ByteSpan encoded_elements() const noexcept { return encoded_; }

  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using reference = const T&;
    using pointer = const T*;
    using iterator_category = std::input_iterator_tag;

    iterator() = default;
    const T& operator*() const noexcept { return current_; }
    const T* operator->() const noexcept { return &current_; }
    iterator& operator++() {
      ++index_;
      load();
      return *this;
    }
    iterator operator++(int) {
      iterator copy = *this;
      ++*this;
      return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.index_ == b.index_; }

   private:
    friend class List;
    explicit iterator(std::size_t end_index) : index_(end_index) {}
    iterator(const List* list, std::size_t index) : list_(list), index_(index), reader_(list->encoded_) {
      load();
    }
    void load() {
      if (list_ == nullptr || index_ >= list_->count_) {
        return;
      }
      if (list_->from_items_) {
        current_ = list_->items_[index_];
      } else {
        (void)ListElement<T>::decode(reader_, kValidatedLimits, current_);
      }
    }

    const List* list_ = nullptr;
    std::size_t index_ = 0;
    ByteReader reader_;
    T current_{};
  };

  [[nodiscard]] iterator begin() const { return iterator(this, 0); }
  [[nodiscard]] iterator end() const { return iterator(count_); }

  // Reads count + elements, validating each element.
  static std::error_code decode(ByteReader& in, const codec::Limits& limits, List& out) {
    std::size_t n = 0;
    if (auto ec = detail::read_count(in, limits, n)) {
      return ec;
    }
    const std::size_t start = in.offset();
    T element{};
    for (std::size_t i = 0; i < n; ++i) {
      if (auto ec = ListElement<T>::decode(in, limits, element)) {
        return ec;
      }
    }
    List list;
    list.encoded_ = in.whole().subspan(start, in.offset() - start);
    list.count_ = n;
    list.from_items_ = false;
    out = list;
    return {};
  }

  // Writes count + elements.
  std::error_code encode(ByteWriter& out) const {
    codec::axdr::write_length(out, count_);
    if (!from_items_) {
      out.bytes(encoded_);
      return {};
    }
    for (const T& item : items_) {
      if (auto ec = ListElement<T>::encode(item, out)) {
        return ec;
      }
    }
    return {};
  }

 private:
  ByteSpan encoded_;
  std::span<const T> items_;
  std::size_t count_ = 0;
  bool from_items_ = true;
};

}  // namespace dlms::apdu
