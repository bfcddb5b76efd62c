#pragma once
// WrapperProtocol: IEC 62056-47 wrapper over a TCP stream, for either side. Received WPDUs
// are reassembled (WrapperStreamParser) and delivered with their wPorts; APDUs to send get
// the 8-byte header (server side: source = server wPort, destination = client wPort).
// A bad version, a zero length or a length above max_apdu_size closes the connection.

#include <cstddef>
#include <vector>

#include "transports/asio/link_protocol.hpp"
#include "transports/wrapper/wrapper_stream.hpp"

namespace dlms::transport {

enum class Role : std::uint8_t { server, client };

class WrapperProtocol final : public LinkProtocol {
 public:
  WrapperProtocol(Role role, std::size_t max_apdu_size);

  void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) override;
  void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) override;

 private:
  Role role_;
  std::vector<std::uint8_t> rx_buffer_;
  std::vector<std::uint8_t> tx_buffer_;
  wrapper::WrapperStreamParser parser_;
  bool failed_ = false;
};

}  // namespace dlms::transport
