// Fuzz target: A-XDR Data validation (read_data). On success the view is walked with every
// accessor, and Data::decode -> encode must reproduce exactly the validated bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "stack/codec/data.hpp"
#include "stack/codec/data_view.hpp"

namespace {

using dlms::codec::DataType;
using dlms::codec::DataView;

// Recursion is bounded by the validated depth (Limits::max_depth).
std::size_t walk(const DataView& v) {
  std::size_t n = 1;
  (void)v.as<std::int64_t>();
  (void)v.as<std::uint64_t>();
  (void)v.as_bool();
  (void)v.as_double();
  (void)v.as_string();
  (void)v.as_bit_string();
  (void)v.as_date_time();
  (void)v.as_date();
  (void)v.as_time();
  if (v.type() == DataType::compact_array && !v.as_compact_array()) {
    __builtin_trap();  // validated compact-arrays must re-walk
  }
  std::size_t children = 0;
  for (const DataView e : v.elements()) {
    n += walk(e);
    ++children;
  }
  if (v.is_container() && children != v.size()) {
    __builtin_trap();
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const dlms::ByteSpan input(data, size);
  dlms::ByteReader reader(input);
  auto view = dlms::codec::read_data(reader);
  if (!view) {
    if (reader.offset() > size) {
      __builtin_trap();
    }
    return 0;
  }
  if (view->encoded().data() != data || view->encoded().size() != reader.offset()) {
    __builtin_trap();
  }
  (void)walk(*view);
  auto owned = dlms::codec::Data::decode(*view);
  if (!owned) {
    __builtin_trap();
  }
  const std::vector<std::uint8_t> again = owned->encode();
  const dlms::ByteSpan encoded = view->encoded();
  if (again.size() != encoded.size() || !std::equal(again.begin(), again.end(), encoded.begin())) {
    __builtin_trap();
  }
  auto back = dlms::codec::Data::decode(again);
  if (!back || !(*back == *owned)) {
    __builtin_trap();
  }
  return 0;
}
