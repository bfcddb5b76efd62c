#include "transports/asio/serial.hpp"

#include "transports/asio/serial_line.hpp"
#include "transports/asio/stream_connection.hpp"

namespace dlms::transport {
namespace {

using SerialConnection = StreamConnection<StrandSerialPort>;

std::shared_ptr<ConnectionContext> run(StrandSerialPort port, std::string name,
                                       const iec62056_21::LineSettings& initial_line,
                                       std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                                       const ConnectionLimits& limits, std::error_code& ec) {
  ec = apply_line_settings(port.native_handle(), initial_line);
  if (ec) {
    return nullptr;
  }
  // A serial port stays open while the line is quiet: HDLC has its own inactivity time-out
  // and the optical sign-on returns to idle by itself.
  ConnectionLimits serial_limits = limits;
  serial_limits.idle_timeout = std::chrono::milliseconds(0);
  auto connection = std::make_shared<SerialConnection>(std::move(port), std::move(protocol), handler,
                                                       serial_limits, std::move(name));
  connection->start();
  return connection;
}

}  // namespace

std::shared_ptr<ConnectionContext> open_serial(boost::asio::io_context& io, const std::string& path,
                                               const iec62056_21::LineSettings& initial_line,
                                               std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                                               const ConnectionLimits& limits, std::error_code& ec) {
  StrandSerialPort port(boost::asio::make_strand(io));
  boost::system::error_code bec;
  port.open(path, bec);
  if (bec) {
    ec = bec;
    return nullptr;
  }
  return run(std::move(port), path, initial_line, std::move(protocol), handler, limits, ec);
}

std::shared_ptr<ConnectionContext> attach_serial(boost::asio::io_context& io, int fd,
                                                 const iec62056_21::LineSettings& initial_line,
                                                 std::unique_ptr<LinkProtocol> protocol, ApduHandler& handler,
                                                 const ConnectionLimits& limits, std::error_code& ec) {
  StrandSerialPort port(boost::asio::make_strand(io));
  boost::system::error_code bec;
  port.assign(fd, bec);
  if (bec) {
    ec = bec;
    return nullptr;
  }
  return run(std::move(port), "fd:" + std::to_string(fd), initial_line, std::move(protocol), handler, limits,
             ec);
}

}  // namespace dlms::transport
