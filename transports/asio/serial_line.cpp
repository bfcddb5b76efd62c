#include "transports/asio/serial_line.hpp"

#include <termios.h>

#include <cerrno>

namespace dlms::transport {
namespace {

speed_t speed_of(std::uint32_t baud) {
  switch (baud) {
    case 300: return B300;
    case 600: return B600;
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return B0;
  }
}

}  // namespace

std::error_code apply_line_settings(boost::asio::serial_port& port, const iec62056_21::LineSettings& line) {
  return apply_line_settings(port.native_handle(), line);
}

std::error_code apply_line_settings(int fd, const iec62056_21::LineSettings& line) {
  const speed_t speed = speed_of(line.baud_rate);
  if (speed == B0) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  ::tcdrain(fd);  // the last characters at the old rate leave first (fails harmlessly on a pty master)
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    return {errno, std::system_category()};
  }
  ::cfmakeraw(&tio);
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  tio.c_cflag |= CLOCAL | CREAD;
  if (line.format == iec62056_21::CharacterFormat::seven_e_one) {
    tio.c_cflag |= CS7 | PARENB;  // 7 data bits, even parity, 1 stop bit
  } else {
    tio.c_cflag |= CS8;  // 8 data bits, no parity, 1 stop bit
  }
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  ::cfsetispeed(&tio, speed);
  ::cfsetospeed(&tio, speed);
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    const int error = errno;
    // A pseudo-terminal cannot hold 7E1: the kernel forces CS8 without parity and glibc
    // reports EINVAL. Accept it when the rest (the speed) took effect: on a pty the bytes are
    // 8 bits anyway, and the sign-on machines ignore the parity bit.
    termios now{};
    if (error == EINVAL && ::tcgetattr(fd, &now) == 0 && ::cfgetospeed(&now) == speed &&
        (now.c_cflag & CSIZE) == CS8 && (tio.c_cflag & PARENB) != 0) {
      return {};
    }
    return {error, std::system_category()};
  }
  return {};
}

}  // namespace dlms::transport
