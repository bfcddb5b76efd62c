#pragma once
// The JSON form of the translator's XML (internal). One JSON object with one key stands for
// one element: {"Name": content}, where content is
//   "text"               the element's Value attribute (no children, no other attribute);
//   null                 an empty element;
//   [ {...}, {...} ]     its child elements in order (a Qty attribute equal to the number of
//                        children is dropped, it is implied);
//   {"Attr": "v", ..., "Elements": [...]}   anything else (attributes by name, children).
// Comments are not carried over. See README.md.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include <pugixml.hpp>

namespace dlms::translator::detail {

std::string xml_to_json_text(pugi::xml_node element, unsigned indent);

// Parses JSON text into elements under `parent`. `paths` receives, for each created element, its
// JSON pointer (for error messages). `max_depth` bounds the element nesting. Fails with
// JsonError.
struct JsonError {
  std::string what;
  std::string path;
};
void json_text_to_xml(std::string_view text, pugi::xml_node parent,
                      std::unordered_map<const void*, std::string>& paths, std::size_t max_depth);

}  // namespace dlms::translator::detail
