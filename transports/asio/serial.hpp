#pragma once
// Serial port binding: runs a LinkProtocol (HDLC over a serial line, or the optical sign-on
// then HDLC) on a boost::asio::serial_port, on its own strand. Works on a pty (tests).

#include <memory>
#include <string>
#include <system_error>

#include "transports/asio/apdu_handler.hpp"
#include "transports/asio/asio.hpp"
#include "transports/asio/connection_limits.hpp"
#include "transports/asio/link_protocol.hpp"
#include "transports/iec62056_21/sign_on_event.hpp"

namespace dlms::transport {

// Opens `path`, applies `initial_line` and starts the protocol (which may change the line
// later, e.g. the optical sign-on). Returns nullptr and sets `ec` on failure. The idle
// time-out of `limits` does not apply to serial ports.
std::shared_ptr<ConnectionContext> open_serial(boost::asio::io_context& io, const std::string& path,
                                               const iec62056_21::LineSettings& initial_line,
                                               std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                                               const ConnectionLimits& limits, std::error_code& ec);

// The same on an already open descriptor (e.g. either side of openpty()); takes ownership.
std::shared_ptr<ConnectionContext> attach_serial(boost::asio::io_context& io, int fd,
                                                 const iec62056_21::LineSettings& initial_line,
                                                 std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                                                 const ConnectionLimits& limits, std::error_code& ec);

}  // namespace dlms::transport
