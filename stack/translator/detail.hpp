#pragma once
// Internals shared by the translator's .cpp files (not a public header).
//
// Inside the translator, bad input is reported by throwing ByteError or NodeError; the public
// functions in translator.cpp catch them and return a Failure. Nothing else throws across the
// library boundary.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "stack/codec/data_view.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::translator::detail {

// Binary input is wrong at `offset`.
struct ByteError {
  std::string what;
  std::size_t offset;
};

// XML (or JSON, once turned into XML) input is wrong at `node`.
struct NodeError {
  std::string what;
  pugi::xml_node node;
};

[[noreturn]] inline void fail(pugi::xml_node node, std::string what) {
  throw NodeError{std::move(what), node};
}
[[noreturn]] inline void fail_at(std::size_t offset, std::string what) {
  throw ByteError{std::move(what), offset};
}

// ---- text helpers --------------------------------------------------------------------------

std::string hex(ByteSpan bytes);                             // "0A1B", upper case, no separator
std::string hex_uint(std::uint64_t value, unsigned digits);  // fixed width, upper case

// Element helpers for reading: every one fails with a NodeError naming the element.
std::string_view attr(pugi::xml_node node, const char* name);  // required attribute
bool has_attr(pugi::xml_node node, const char* name);
Bytes parse_hex_attr(pugi::xml_node node, const char* name, std::size_t max_bytes);
std::uint64_t parse_uint_attr(pugi::xml_node node, const char* name,
                              unsigned bytes);  // hex, <= 2*bytes digits
// The only element child of `node` (fails if none or several).
pugi::xml_node only_child(pugi::xml_node node);
// The element children of `node`, in order.
std::vector<pugi::xml_node> children(pugi::xml_node node);
// The child named `name` (fails if missing when required).
pugi::xml_node child(pugi::xml_node node, const char* name);
pugi::xml_node optional_child(pugi::xml_node node, const char* name);

// Owned storage for the byte fields of APDU structs filled from XML: the structs hold spans,
// the arena holds the bytes they point into (stable addresses until the arena dies).
class Arena {
 public:
  ByteSpan keep(Bytes bytes) {
    blocks_.push_back(std::move(bytes));
    return ByteSpan(blocks_.back());
  }

 private:
  std::deque<Bytes> blocks_;
};

// ---- A-XDR Data ----------------------------------------------------------------------------

// Appends the element for the (validated) Data value under `parent`.
void data_to_node(const codec::DataView& value, pugi::xml_node parent, const Options& options,
                  std::size_t depth = 0);

// Appends the A-XDR encoding of the data element `node` to `out`.
void node_to_data(pugi::xml_node node, Bytes& out, const codec::Limits& limits, std::size_t depth = 0);

// Encodes the data element `node` into `arena` and returns it validated by codec::read_data
// (a view into the arena's storage, which must outlive it).
codec::DataView node_to_data_view(pugi::xml_node node, Arena& arena, const codec::Limits& limits);

// Validates one Data at the reader with codec::read_data and converts it, advancing the
// reader; on a codec error throws ByteError with the codec's message and offset.
void checked_data_to_node(ByteReader& reader, pugi::xml_node parent, const Options& options);

// Appends an A-XDR length (short form below 128, else 0x8N and N bytes).
void put_length(Bytes& out, std::size_t length);

// ---- XML <-> JSON --------------------------------------------------------------------------

// Converts the element `node` (and below) to JSON text / a JSON document to XML elements under
// `parent`. JSON input errors name the JSON pointer; see README.md for the shape.
std::string node_to_json(pugi::xml_node node, unsigned indent);

}  // namespace dlms::translator::detail
