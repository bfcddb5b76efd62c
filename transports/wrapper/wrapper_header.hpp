#pragma once
// WrapperHeader: the 8-byte header of a wrapper protocol data unit (WPDU), IEC 62056-47
// clause 7 / Green Book 10.6 (TCP-UDP based communication profiles):
//   version (u16, 0x0001) | source wPort (u16) | destination wPort (u16) | length (u16)
// all big-endian; `length` counts the APDU bytes that follow. A client's wPort is its client
// SAP, a server's wPort is the logical device address (1 = management logical device).

#include <cstddef>
#include <cstdint>

#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "transports/wrapper/wrapper_error.hpp"

namespace dlms::wrapper {

// The IANA-registered port of the DLMS/COSEM TCP and UDP profiles.
inline constexpr std::uint16_t kDlmsPort = 4059;

struct WrapperHeader {
  static constexpr std::size_t kSize = 8;
  static constexpr std::uint16_t kVersion = 0x0001;

  std::uint16_t version = kVersion;
  std::uint16_t source_wport = 0;
  std::uint16_t destination_wport = 0;
  std::uint16_t length = 0;

  // Reads 8 bytes; checks the version only (length checks belong to the caller's limits).
  static Result<WrapperHeader> decode(ByteReader& r) noexcept {
    WrapperHeader h;
    if (r.remaining() < kSize) {
      return wrapper_errc::truncated;
    }
    (void)r.u16(h.version);
    (void)r.u16(h.source_wport);
    (void)r.u16(h.destination_wport);
    (void)r.u16(h.length);
    if (h.version != kVersion) {
      return wrapper_errc::bad_version;
    }
    return h;
  }

  void encode(ByteWriter& w) const noexcept {
    w.u16(version);
    w.u16(source_wport);
    w.u16(destination_wport);
    w.u16(length);
  }

  friend constexpr bool operator==(const WrapperHeader&, const WrapperHeader&) = default;
};

}  // namespace dlms::wrapper
