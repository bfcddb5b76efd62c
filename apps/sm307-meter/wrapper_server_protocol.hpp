#pragma once
// WrapperServerProtocol: the server side of the IEC 62056-47 wrapper over TCP (8-octet header:
// version 0x0001, source wPort, destination wPort, length; then the APDU), written for many
// idle connections: the receive buffer grows to the APDU being received and shrinks back after
// a large one, and frames to send are built in one buffer shared by every connection of the
// thread (transports/asio's WrapperProtocol keeps 64 kB per connection). A bad version, a zero
// length or a length above the maximum closes the connection, as there.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "transports/asio/link_protocol.hpp"

namespace dlms::meter_app {

class WrapperServerProtocol final : public transport::LinkProtocol {
 public:
  // `tx` is shared by the connections of one thread: at least 8 + 65535 octets.
  WrapperServerProtocol(std::size_t max_apdu_size, std::shared_ptr<std::vector<std::uint8_t>> tx);

  void receive(ByteSpan bytes, transport::TimePoint now, transport::LinkSink& sink) override;
  void send_apdu(const transport::Addressing& to, ByteSpan apdu, transport::TimePoint now,
                 transport::LinkSink& sink) override;

 private:
  static constexpr std::size_t kHeaderSize = 8;
  static constexpr std::size_t kKeptCapacity = 2048;

  std::size_t max_apdu_size_;
  std::shared_ptr<std::vector<std::uint8_t>> tx_;
  std::array<std::uint8_t, kHeaderSize> header_{};
  std::size_t header_size_ = 0;
  std::size_t apdu_length_ = 0;
  std::vector<std::uint8_t> apdu_;
  bool failed_ = false;
};

}  // namespace dlms::meter_app
