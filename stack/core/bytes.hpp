#pragma once
// Byte spans: every decoder reads a ByteSpan it was given and nothing past its end.

#include <cstddef>
#include <cstdint>
#include <span>

namespace dlms {

using ByteSpan = std::span<const std::uint8_t>;
using MutableByteSpan = std::span<std::uint8_t>;

}  // namespace dlms
