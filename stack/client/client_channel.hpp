#pragma once
// ClientChannel: one request APDU out, one response APDU back, over whatever carries them
// (wrapper over TCP, HDLC, an in-process server in tests). The transport's framing,
// segmentation and addressing live behind it; the returned span stays valid until the next
// exchange().

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::client {

class ClientChannel {
 public:
  virtual ~ClientChannel() = default;
  virtual Result<ByteSpan> exchange(ByteSpan request) = 0;
};

}  // namespace dlms::client
