// Public entry points of the translator: parse the input, convert, catch the internal errors
// and turn them into one Failure saying what and where.
#include "stack/translator/translator.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "stack/core/hex.hpp"
#include "stack/translator/detail.hpp"
#include "stack/translator/json_xml.hpp"
#include "stack/translator/pdu_xml.hpp"

namespace dlms::translator {

std::string Failure::message() const {
  switch (where) {
    case Where::byte: return what + " at byte " + std::to_string(position);
    case Where::line:
      return what + " at line " + std::to_string(position) + (path.empty() ? "" : " (<" + path + ">)");
    case Where::json: return what + (path.empty() ? "" : " at " + path);
    case Where::none: break;
  }
  return what;
}

namespace {

using detail::ByteError;
using detail::NodeError;

// Element nesting allowed around Data inside an APDU (APDU, choice, list item, Data, ...).
constexpr std::size_t kApduNesting = 16;

// XML or JSON input, parsed into a pugixml document that remembers where each element came from.
struct Input {
  pugi::xml_document doc;
  std::string_view text;
  bool json = false;
  std::unordered_map<const void*, std::string> json_paths;

  Failure locate(const NodeError& e) const {
    Failure f{e.what, Failure::Where::none, 0, {}};
    if (!e.node) {
      return f;
    }
    if (json) {
      const auto it = json_paths.find(e.node.internal_object());
      if (it != json_paths.end()) {
        f.where = Failure::Where::json;
        f.path = it->second;
      }
      return f;
    }
    f.where = Failure::Where::line;
    f.path = e.node.name();
    const std::ptrdiff_t offset = e.node.offset_debug();
    f.position = offset < 0 ? 0 : line_of(static_cast<std::size_t>(offset));
    return f;
  }

  [[nodiscard]] std::size_t line_of(std::size_t offset) const {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(
                   std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  }
};

// Parses `text` as XML (or JSON) and returns its root element, or a Failure.
std::optional<Failure> load(Input& in, std::string_view text, bool json, const Options& options) {
  in.text = text;
  in.json = json;
  if (json) {
    try {
      detail::json_text_to_xml(text, in.doc, in.json_paths, options.limits.max_depth + kApduNesting);
    } catch (const detail::JsonError& e) {
      return Failure{e.what, e.path.empty() ? Failure::Where::none : Failure::Where::json, 0, e.path};
    }
    return std::nullopt;
  }
  const pugi::xml_parse_result r =
      in.doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    return Failure{std::string("invalid XML: ") + r.description(),
                   Failure::Where::line,
                   in.line_of(static_cast<std::size_t>(std::max<std::ptrdiff_t>(r.offset, 0))),
                   {}};
  }
  std::size_t roots = 0;
  for (pugi::xml_node c = in.doc.first_child(); c; c = c.next_sibling()) {
    roots += c.type() == pugi::node_element ? 1 : 0;
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      return Failure{"text outside the root element", Failure::Where::none, 0, {}};
    }
  }
  if (roots != 1) {
    return Failure{
        roots == 0 ? "no root element" : "more than one root element", Failure::Where::none, 0, {}};
  }
  return std::nullopt;
}

pugi::xml_node root_of(const Input& in) { return in.doc.document_element(); }

std::string render_xml(const pugi::xml_node root, const Options& options) {
  std::ostringstream out;
  root.print(out, std::string(options.indent, ' ').c_str(), pugi::format_indent, pugi::encoding_utf8);
  std::string s = out.str();
  if (options.indent == 0) {
    // One line: pugixml escapes line breaks inside attribute values, so every '\n' left is
    // between elements.
    s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
  } else if (!s.empty() && s.back() == '\n') {
    s.pop_back();
  }
  return s;
}

// Runs `body` (which builds the document from binary input) and renders it as XML or JSON.
template <class Body>
Outcome<std::string> from_binary(Body body, bool json, const Options& options) {
  pugi::xml_document doc;
  try {
    body(doc);
  } catch (const ByteError& e) {
    return Failure{e.what, Failure::Where::byte, e.offset, {}};
  } catch (const NodeError& e) {
    return Failure{e.what, Failure::Where::none, 0, {}};
  } catch (const std::bad_alloc&) {
    return Failure{"out of memory", Failure::Where::none, 0, {}};
  }
  const pugi::xml_node root = doc.document_element();
  if (json) {
    return detail::xml_to_json_text(root, options.indent);
  }
  return render_xml(root, options);
}

template <class Body>
Outcome<Bytes> to_binary(std::string_view text, bool json, const Options& options, Body body) {
  Input in;
  if (std::optional<Failure> f = load(in, text, json, options)) {
    return *f;
  }
  try {
    Bytes out;
    body(root_of(in), out);
    return out;
  } catch (const NodeError& e) {
    return in.locate(e);
  } catch (const ByteError& e) {
    return Failure{e.what, Failure::Where::none, 0, {}};
  } catch (const std::bad_alloc&) {
    return Failure{"out of memory", Failure::Where::none, 0, {}};
  }
}

void data_body(ByteSpan data, pugi::xml_node doc, const Options& options) {
  ByteReader r(data);
  detail::checked_data_to_node(r, doc, options);
  if (!r.empty()) {
    detail::fail_at(r.offset(), "trailing bytes after the data value");
  }
}

void xml_data_body(pugi::xml_node root, Bytes& out, const Options& options) {
  if (std::string_view(root.name()) == "Data") {
    root = detail::only_child(root);
  }
  detail::Arena arena;
  const codec::DataView v = detail::node_to_data_view(root, arena, options.limits);
  out.assign(v.encoded().begin(), v.encoded().end());
}

}  // namespace

Outcome<std::string> data_to_xml(ByteSpan data, const Options& options) {
  return from_binary([&](pugi::xml_node doc) { data_body(data, doc, options); }, false, options);
}

Outcome<std::string> data_to_json(ByteSpan data, const Options& options) {
  return from_binary([&](pugi::xml_node doc) { data_body(data, doc, options); }, true, options);
}

Outcome<Bytes> xml_to_data(std::string_view xml, const Options& options) {
  return to_binary(xml, false, options,
                   [&](pugi::xml_node root, Bytes& out) { xml_data_body(root, out, options); });
}

Outcome<Bytes> json_to_data(std::string_view json, const Options& options) {
  return to_binary(json, true, options,
                   [&](pugi::xml_node root, Bytes& out) { xml_data_body(root, out, options); });
}

Outcome<std::string> pdu_to_xml(ByteSpan apdu, const Options& options) {
  return from_binary([&](pugi::xml_node doc) { detail::pdu_to_node(apdu, doc, options); }, false, options);
}

Outcome<std::string> pdu_to_json(ByteSpan apdu, const Options& options) {
  return from_binary([&](pugi::xml_node doc) { detail::pdu_to_node(apdu, doc, options); }, true, options);
}

Outcome<Bytes> xml_to_pdu(std::string_view xml, const Options& options) {
  return to_binary(xml, false, options,
                   [&](pugi::xml_node root, Bytes& out) { detail::node_to_pdu(root, out, options); });
}

Outcome<Bytes> json_to_pdu(std::string_view json, const Options& options) {
  return to_binary(json, true, options,
                   [&](pugi::xml_node root, Bytes& out) { detail::node_to_pdu(root, out, options); });
}

Outcome<Bytes> parse_hex(std::string_view text) {
  if (std::optional<std::vector<std::uint8_t>> bytes = dlms::from_hex(text)) {
    return std::move(*bytes);
  }
  // Not valid: find the offending character to say where.
  Bytes out;
  int high = -1;
  for (char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      continue;
    } else {
      const bool shown = c > 0x20 && c < 0x7F;
      return Failure{
          std::string("invalid hex digit ") + (shown ? std::string("'") + c + "'" : std::string("character")),
          Failure::Where::byte,
          out.size(),
          {}};
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) {
    return Failure{"odd number of hex digits", Failure::Where::byte, out.size(), {}};
  }
  return out;
}

}  // namespace dlms::translator
