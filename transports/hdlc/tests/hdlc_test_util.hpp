#pragma once
// Helpers for the HDLC tests: hex, a fake clock, and draining a link's output into frames.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stack/core/hex.hpp"
#include "transports/hdlc/hdlc_frame.hpp"
#include "transports/hdlc/hdlc_link_types.hpp"

#include <gtest/gtest.h>

namespace dlms::hdlc::test {

using Bytes = std::vector<std::uint8_t>;
using namespace std::chrono_literals;

inline Bytes hex(std::string_view text) {
  auto b = from_hex(text);
  EXPECT_TRUE(b.has_value()) << text;
  return b.value_or(Bytes{});
}

inline std::string hex(ByteSpan b) { return to_hex(b); }

// Simulated steady time: starts at an arbitrary point, moved only by the test.
struct FakeClock {
  HdlcTime now = HdlcTime{} + std::chrono::hours(1);
  void advance(HdlcDuration d) { now += d; }
};

// Everything the link wants to send, as one byte string.
template <class Link>
Bytes drain(Link& link) {
  Bytes out;
  std::vector<std::uint8_t> buf(kMaxWireFrameSize);
  while (std::size_t n = link.poll_output(MutableByteSpan(buf))) {
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

// Splits a byte string of back-to-back frames into frames (by their length fields).
inline std::vector<Bytes> split_frames(const Bytes& wire) {
  std::vector<Bytes> frames;
  std::size_t i = 0;
  while (i + 3 <= wire.size()) {
    const std::size_t len = ((wire[i + 1] & 0x07U) << 8U) | wire[i + 2];
    if (i + len + 2 > wire.size()) {
      break;
    }
    frames.emplace_back(wire.begin() + static_cast<std::ptrdiff_t>(i),
                        wire.begin() + static_cast<std::ptrdiff_t>(i + len + 2));
    i += len + 2;
  }
  EXPECT_EQ(i, wire.size());
  return frames;
}

// Feeds all bytes; returns the events (apdu payloads copied).
struct Received {
  HdlcEventKind kind;
  HdlcAddress client;
  HdlcAddress server;
  Bytes apdu;
  std::error_code reason;
};

template <class Link>
std::vector<Received> feed(Link& link, ByteSpan data, HdlcTime now,
                           std::vector<std::error_code>* errors = nullptr) {
  std::vector<Received> events;
  int guard = 0;
  while (!data.empty() || guard == 0) {
    auto r = link.put(data, now);
    if (r.error && errors != nullptr) {
      errors->push_back(r.error);
    }
    if (r.event.kind != HdlcEventKind::none) {
      events.push_back({r.event.kind, r.event.client, r.event.server,
                        Bytes(r.event.apdu.begin(), r.event.apdu.end()), r.event.reason});
    }
    data = data.subspan(r.consumed);
    if (++guard > 100000) {
      ADD_FAILURE() << "put() does not progress";
      break;
    }
  }
  return events;
}

}  // namespace dlms::hdlc::test
