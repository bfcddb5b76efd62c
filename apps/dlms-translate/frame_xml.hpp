#pragma once
// frame2xml: one HDLC frame (IEC 62056-46, frame format type 3, flags included) or one wrapper
// WPDU (IEC 62056-47, 8-byte header) shown as XML or JSON: the frame's fields as the transports'
// decoders see them, and the APDU it carries translated by dlms::translator.

#include <string>

#include "stack/core/bytes.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::translate_app {

// A failure names what is wrong and the byte (offset in `wire`) where: "wrong FCS at byte 25".
translator::Outcome<std::string> frame_to_text(ByteSpan wire, bool json, const translator::Options& options);

}  // namespace dlms::translate_app
