#pragma once
// Control characters and limits of IEC 62056-21 (clause 6.3, message definitions).

#include <cstddef>
#include <cstdint>

namespace dlms::iec62056_21 {

inline constexpr std::uint8_t kSoh = 0x01;
inline constexpr std::uint8_t kStx = 0x02;
inline constexpr std::uint8_t kEtx = 0x03;
inline constexpr std::uint8_t kAck = 0x06;
inline constexpr std::uint8_t kLf = 0x0A;
inline constexpr std::uint8_t kCr = 0x0D;
inline constexpr std::uint8_t kNak = 0x15;
inline constexpr std::uint8_t kStart = '/';
inline constexpr std::uint8_t kRequest = '?';
inline constexpr std::uint8_t kEnd = '!';
inline constexpr std::uint8_t kEscape = '\\';  // "\W": enhanced identification character

// Request message: device address up to 32 characters (6.3.1).
inline constexpr std::size_t kMaxDeviceAddress = 32;
// Identification message: identification up to 16 printable characters (6.3.2).
inline constexpr std::size_t kMaxIdentification = 16;
// The longest sign-on line (request: "/?" + 32 + "!" CR LF = 37 bytes; identification with
// "\W" sequences a few more); anything longer is noise and is dropped.
inline constexpr std::size_t kMaxLine = 64;

// Enhanced identification character '2': binary mode (HDLC) available, DLMS UA list of
// standard items, "Enhanced identification character" (IEC 62056-21 6.3.2 item 24).
inline constexpr char kEnhancedHdlc = '2';

// Protocol control character V and mode control character Y of the option select message
// (6.3.3): V '0' normal protocol procedure, '2' binary mode (HDLC, mode E); Y '0' data
// readout, '1' programming mode, '2' binary mode (HDLC).
inline constexpr char kProtocolNormal = '0';
inline constexpr char kProtocolHdlc = '2';
inline constexpr char kModeReadout = '0';
inline constexpr char kModeProgramming = '1';
inline constexpr char kModeHdlc = '2';

}  // namespace dlms::iec62056_21
