#pragma once
// ResultSink: where the client engine puts the octets of an answer (a GET's encoded Data, a
// with-list's results, an ACTION's return parameters) as the response blocks arrive
// (Green Book 9.3.8 get-response-with-datablock: each block's raw-data is the next octets of
// the value). A sink may keep the octets (a buffer that grows: kept() returns them) or hand
// them on (a streaming sink, e.g. ArrayStreamDecoder printing a profile buffer row by row), so
// a long attribute need not be held whole.
//
// Only GET of one attribute accepts a sink that does not keep its octets: the engine then does
// not validate the reassembled value (the sink does, as ArrayStreamDecoder::finish() does).
// With-list results and ACTION pblocks are decoded after reassembly and need kept() octets.

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::client {

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // The next octets of the answer; `octets` is valid during the call only. An error ends the
  // operation with it (the association stays).
  virtual Status append(ByteSpan octets) noexcept = 0;
  // The octets appended so far when the sink keeps them; empty for a sink that hands them on.
  [[nodiscard]] virtual MutableByteSpan kept() noexcept { return {}; }
};

}  // namespace dlms::client
