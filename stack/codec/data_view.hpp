#pragma once
// DataView: one complete, validated A-XDR `Data` value (Blue Book data types), held as a view
// over its encoded bytes. APDUs carry Data as DataView, so decoding an APDU validates its data
// without copying or allocating; the value is walked lazily when someone needs it.
//
// Contract other modules rely on (keep it stable):
//   - read_data(reader, limits) validates exactly one Data at the reader's position (tags,
//     lengths against the remaining input, nesting depth and counts against `limits`), advances
//     the reader past it and returns the view; on failure it returns a codec_errc and the
//     reader's offset() is where the fault was found.
//   - DataView::encoded() is the exact bytes of the value; encoding a DataView is copying them.

#include "stack/codec/data_type.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::codec {

class DataView {
 public:
  constexpr DataView() noexcept = default;

  // The encoded value (tag first). Empty only for a default-constructed view.
  [[nodiscard]] constexpr ByteSpan encoded() const noexcept { return bytes_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bytes_.empty(); }
  [[nodiscard]] constexpr DataType type() const noexcept {
    return bytes_.empty() ? DataType::null_data : static_cast<DataType>(bytes_[0]);
  }

  // Wraps bytes that read_data() has already validated.
  static constexpr DataView from_validated(ByteSpan bytes) noexcept { return DataView(bytes); }

 private:
  constexpr explicit DataView(ByteSpan bytes) noexcept : bytes_(bytes) {}
  ByteSpan bytes_;
};

Result<DataView> read_data(ByteReader& reader, const Limits& limits = kDefaultLimits);

}  // namespace dlms::codec
