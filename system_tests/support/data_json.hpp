#pragma once
// decode_data_json: a COSEM data value as `dlms --format json` prints it (the translator's JSON,
// stack/translator/README.md, e.g. {"UInt32":"0000012C"}) back to an owning codec::Data, through
// the project's translator and A-XDR decoder, so tests compare typed values rather than text.

#include <string_view>

#include "stack/codec/data.hpp"

namespace dlms::system_test {

// Throws std::runtime_error naming what did not parse.
codec::Data decode_data_json(std::string_view json);

}  // namespace dlms::system_test
