#pragma once
// Serial line settings on a boost::asio::serial_port (POSIX termios): raw mode, the baud
// rate, 7E1 (IEC 62056-21 sign-on) or 8N1 (HDLC). apply_line_settings() first waits until
// everything written has left the UART (tcdrain), so a baud-rate switch follows the last
// character sent at the old rate, as IEC 62056-21 requires.

#include <system_error>

#include "transports/asio/asio.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::transport {

std::error_code apply_line_settings(boost::asio::serial_port& port, const iec62056_21::LineSettings& line);
// The same on an open terminal file descriptor.
std::error_code apply_line_settings(int fd, const iec62056_21::LineSettings& line);

}  // namespace dlms::transport
