#pragma once
// APDU <-> XML elements (internal; see README.md for the element names).

#include <pugixml.hpp>

#include "stack/core/bytes.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::translator::detail {

// Decodes the whole APDU and appends its element under `parent`; throws ByteError.
void pdu_to_node(ByteSpan apdu, pugi::xml_node parent, const Options& options);

// Encodes the APDU element `root` into `out`; throws NodeError.
void node_to_pdu(pugi::xml_node root, Bytes& out, const Options& options);

}  // namespace dlms::translator::detail
