#pragma once
// WrapperProtocol: IEC 62056-47 wrapper over a TCP stream, for either side. Received WPDUs
// are reassembled and delivered with their wPorts; APDUs to send get the 8-byte header
// (server side: source = server wPort, destination = client wPort). A bad version, a zero
// length or a length above max_apdu_size closes the connection.
//
// Per-connection cost, for servers holding many idle connections: nothing is allocated when
// the protocol is made. An APDU that arrives wholly inside one read is delivered as a view
// of that read, with no copy; only one split across reads is gathered in a receive buffer,
// grown to that APDU's length (never above max_apdu_size) and given back after delivery if
// it grew above kKeptCapacity. Frames to send are built in one buffer per thread, shared by
// every WrapperProtocol of the thread (LinkSink::write copies them), grown to the largest
// frame sent (at most 8 + 65535 octets). So a connection holds at most kKeptCapacity octets
// between APDUs; see receive_capacity().

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "transports/asio/link_protocol.hpp"
#include "transports/wrapper/wrapper_header.hpp"

namespace dlms::transport {

enum class Role : std::uint8_t { server, client };

class WrapperProtocol final : public LinkProtocol {
 public:
  // The receive buffer is kept between APDUs up to this capacity (octets).
  static constexpr std::size_t kKeptCapacity = 2048;

  // max_apdu_size is capped at 65535 (the length field is a u16).
  WrapperProtocol(Role role, std::size_t max_apdu_size);

  void receive(ByteSpan bytes, TimePoint now, LinkSink& sink) override;
  void send_apdu(const Addressing& to, ByteSpan apdu, TimePoint now, LinkSink& sink) override;

  // Octets this connection holds for reassembly (0 after construction and after APDUs that
  // each arrived in one read; at most kKeptCapacity between APDUs).
  [[nodiscard]] std::size_t receive_capacity() const noexcept { return rx_.capacity(); }
  // Octets of the calling thread's send buffer, shared by all WrapperProtocols of the thread.
  [[nodiscard]] static std::size_t shared_send_capacity() noexcept;

 private:
  void deliver(ByteSpan apdu, LinkSink& sink);

  Role role_;
  std::size_t max_apdu_size_;
  std::array<std::uint8_t, wrapper::WrapperHeader::kSize> header_bytes_{};
  std::size_t header_filled_ = 0;
  wrapper::WrapperHeader header_;
  std::vector<std::uint8_t> rx_;  // the body of an APDU split across reads
  bool failed_ = false;
};

}  // namespace dlms::transport
