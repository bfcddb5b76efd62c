// Text and element helpers shared by the XML readers and writers of the translator.
#include <cstdio>

#include "stack/translator/detail.hpp"

namespace dlms::translator::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string hex(ByteSpan bytes) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  return out;
}

std::string hex_uint(std::uint64_t value, unsigned digits) {
  static constexpr char chars[] = "0123456789ABCDEF";
  std::string out(digits, '0');
  for (unsigned i = digits; i > 0; --i) {
    out[i - 1] = chars[value & 0x0F];
    value >>= 4;
  }
  return out;
}

bool has_attr(pugi::xml_node node, const char* name) { return !node.attribute(name).empty(); }

std::string_view attr(pugi::xml_node node, const char* name) {
  const pugi::xml_attribute a = node.attribute(name);
  if (a.empty()) {
    fail(node, std::string("missing attribute ") + name);
  }
  return a.value();
}

Bytes parse_hex_attr(pugi::xml_node node, const char* name, std::size_t max_bytes) {
  const std::string_view text = attr(node, name);
  Bytes out;
  int high = -1;
  for (char c : text) {
    if (is_space(c)) {
      continue;
    }
    const int v = hex_value(c);
    if (v < 0) {
      fail(node, std::string("invalid hex digit in ") + name);
    }
    if (high < 0) {
      high = v;
    } else {
      if (out.size() >= max_bytes) {
        fail(node, std::string(name) + " longer than " + std::to_string(max_bytes) + " bytes");
      }
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) {
    fail(node, std::string("odd number of hex digits in ") + name);
  }
  return out;
}

std::uint64_t parse_uint_attr(pugi::xml_node node, const char* name, unsigned bytes) {
  const std::string_view text = attr(node, name);
  std::uint64_t value = 0;
  unsigned digits = 0;
  for (char c : text) {
    if (is_space(c)) {
      continue;
    }
    const int v = hex_value(c);
    if (v < 0) {
      fail(node, std::string("invalid hex digit in ") + name);
    }
    if (++digits > 2 * bytes) {
      fail(node, std::string(name) + " wider than " + std::to_string(bytes) + " byte(s)");
    }
    value = (value << 4U) | static_cast<std::uint64_t>(v);
  }
  if (digits == 0) {
    fail(node, std::string("empty ") + name);
  }
  return value;
}

std::vector<pugi::xml_node> children(pugi::xml_node node) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      out.push_back(c);
    } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      fail(node, "unexpected text");
    }
  }
  return out;
}

pugi::xml_node only_child(pugi::xml_node node) {
  const std::vector<pugi::xml_node> list = children(node);
  if (list.size() != 1) {
    fail(node, list.empty() ? "missing child element" : "more than one child element");
  }
  return list.front();
}

pugi::xml_node optional_child(pugi::xml_node node, const char* name) {
  pugi::xml_node found;
  for (pugi::xml_node c : children(node)) {
    if (std::string_view(c.name()) == name) {
      if (found) {
        fail(c, std::string("repeated element <") + name + ">");
      }
      found = c;
    }
  }
  return found;
}

pugi::xml_node child(pugi::xml_node node, const char* name) {
  pugi::xml_node c = optional_child(node, name);
  if (!c) {
    fail(node, std::string("missing element <") + name + ">");
  }
  return c;
}

}  // namespace dlms::translator::detail
