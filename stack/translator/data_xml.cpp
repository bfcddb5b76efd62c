// A-XDR Data <-> XML elements (Blue Book 4.1.5 data types; element names as in the DLMS UA
// XML representation used by common DLMS tools, see README.md).
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "stack/codec/codec_error.hpp"
#include "stack/codec/data_type.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/translator/detail.hpp"

namespace dlms::translator::detail {

namespace {

using codec::DataType;

struct TypeName {
  DataType type;
  const char* name;
  unsigned fixed_size;  // content bytes of a fixed-size type, 0 otherwise
};

// Element names of the Data CHOICE alternatives.
constexpr std::array<TypeName, 25> kTypeNames{{
    {DataType::null_data, "None", 0},
    {DataType::array, "Array", 0},
    {DataType::structure, "Structure", 0},
    {DataType::boolean, "Boolean", 1},
    {DataType::bit_string, "BitString", 0},
    {DataType::double_long, "Int32", 4},
    {DataType::double_long_unsigned, "UInt32", 4},
    {DataType::octet_string, "OctetString", 0},
    {DataType::visible_string, "String", 0},
    {DataType::utf8_string, "StringUTF8", 0},
    {DataType::bcd, "BCD", 1},
    {DataType::integer, "Int8", 1},
    {DataType::long_, "Int16", 2},
    {DataType::unsigned_, "UInt8", 1},
    {DataType::long_unsigned, "UInt16", 2},
    {DataType::compact_array, "CompactArray", 0},
    {DataType::long64, "Int64", 8},
    {DataType::long64_unsigned, "UInt64", 8},
    {DataType::enum_, "Enum", 1},
    {DataType::float32, "Float32", 4},
    {DataType::float64, "Float64", 8},
    {DataType::date_time, "DateTime", 12},
    {DataType::date, "Date", 5},
    {DataType::time, "Time", 4},
    {DataType::dont_care, "DontCare", 0},
}};

const TypeName* by_tag(std::uint8_t tag) {
  for (const TypeName& t : kTypeNames) {
    if (static_cast<std::uint8_t>(t.type) == tag) {
      return &t;
    }
  }
  return nullptr;
}

const TypeName* by_name(std::string_view name) {
  for (const TypeName& t : kTypeNames) {
    if (name == t.name) {
      return &t;
    }
  }
  return nullptr;
}

// ---- bytes -> XML --------------------------------------------------------------------------

std::size_t read_length(ByteReader& r) {
  const std::size_t at = r.offset();
  std::uint8_t first = 0;
  if (!r.u8(first)) {
    fail_at(at, "truncated length");
  }
  if (first < 0x80) {
    return first;
  }
  const unsigned n = first & 0x7FU;
  if (n == 0 || n > 4) {
    fail_at(at, "bad length encoding");
  }
  std::size_t length = 0;
  for (unsigned i = 0; i < n; ++i) {
    std::uint8_t b = 0;
    if (!r.u8(b)) {
      fail_at(r.offset(), "truncated length");
    }
    length = (length << 8U) | b;
  }
  return length;
}

bool printable(ByteSpan bytes) {
  for (std::uint8_t b : bytes) {
    if (b < 0x20 || b > 0x7E) {
      return false;
    }
  }
  return true;
}

// Valid UTF-8 without control characters (so it can stand as an XML attribute value as is).
bool xml_safe_utf8(ByteSpan bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t b = bytes[i];
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7F) {
        return false;
      }
      ++i;
      continue;
    }
    if ((b & 0xE0) == 0xC0) {
      extra = 1;
      cp = b & 0x1FU;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
      cp = b & 0x0FU;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3;
      cp = b & 0x07U;
    } else {
      return false;
    }
    if (i + extra >= bytes.size()) {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6U) | (bytes[i + k] & 0x3FU);
    }
    static constexpr std::array<std::uint32_t, 4> kMin{0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string date_comment(ByteSpan b) {
  // date: year(2) month day weekday; time: hour minute second hundredths (Blue Book 4.1.6.1).
  auto field = [](unsigned v, unsigned not_specified, int width) {
    if (v == not_specified) {
      return std::string(static_cast<std::size_t>(width), '*');
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "%0*u", width, v);
    return std::string(buf);
  };
  std::string out;
  std::size_t i = 0;
  if (b.size() == 12 || b.size() == 5) {
    const unsigned year = (static_cast<unsigned>(b[0]) << 8U) | b[1];
    out += field(year, 0xFFFF, 4) + "-" + field(b[2], 0xFF, 2) + "-" + field(b[3], 0xFF, 2);
    i = 5;
  }
  if (b.size() == 12 || b.size() == 4) {
    if (!out.empty()) {
      out += " ";
    }
    out += field(b[i], 0xFF, 2) + ":" + field(b[i + 1], 0xFF, 2) + ":" + field(b[i + 2], 0xFF, 2);
    if (b[i + 3] != 0xFF && b[i + 3] != 0) {
      out += "." + field(b[i + 3], 0xFF, 2);
    }
  }
  if (b.size() == 12) {
    const auto dev = static_cast<std::int16_t>((static_cast<unsigned>(b[9]) << 8U) | b[10]);
    if (static_cast<std::uint16_t>(dev) != 0x8000) {
      out += " deviation " + std::to_string(dev);
    }
    if (b[11] != 0xFF && b[11] != 0) {
      out += " status " + hex_uint(b[11], 2);
    }
  }
  return out;
}

void comment_octets(pugi::xml_node parent, ByteSpan b) {
  if (b.size() == 6) {
    std::string obis;
    for (std::size_t i = 0; i < 6; ++i) {
      obis += (i == 0 ? "" : ".") + std::to_string(b[i]);
    }
    parent.append_child(pugi::node_comment).set_value(obis.c_str());
  } else if (b.size() == 12 && (b[2] <= 12 || b[2] >= 0xFD) && (b[5] <= 23 || b[5] == 0xFF)) {
    parent.append_child(pugi::node_comment).set_value(date_comment(b).c_str());
  } else if (!b.empty() && printable(b) &&
             std::string_view(reinterpret_cast<const char*>(b.data()), b.size()).find("--") ==
                 std::string_view::npos) {
    parent.append_child(pugi::node_comment).set_value(std::string(b.begin(), b.end()).c_str());
  }
}

template <class F>
std::string float_text(F value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", sizeof(F) == 4 ? 9 : 17, static_cast<double>(value));
  return buf;
}

void type_to_node(ByteReader& r, pugi::xml_node parent, std::size_t depth, const codec::Limits& limits) {
  const std::size_t at = r.offset();
  if (depth > limits.max_depth) {
    fail_at(at, "nesting too deep");
  }
  std::uint8_t tag = 0;
  if (!r.u8(tag)) {
    fail_at(at, "truncated type description");
  }
  const TypeName* t = by_tag(tag);
  if (t == nullptr || t->type == DataType::compact_array) {
    fail_at(at, "unknown type tag " + hex_uint(tag, 2));
  }
  pugi::xml_node e = parent.append_child(t->name);
  if (t->type == DataType::array) {
    std::uint16_t count = 0;
    if (!r.u16(count)) {
      fail_at(r.offset(), "truncated type description");
    }
    e.append_attribute("Qty").set_value(hex_uint(count, 4).c_str());
    type_to_node(r, e, depth + 1, limits);
  } else if (t->type == DataType::structure) {
    const std::size_t count = read_length(r);
    if (count > limits.max_elements) {
      fail_at(at, "too many elements");
    }
    e.append_attribute("Qty").set_value(hex_uint(count, count > 0xFF ? 4 : 2).c_str());
    for (std::size_t i = 0; i < count; ++i) {
      type_to_node(r, e, depth + 1, limits);
    }
  }
}

}  // namespace

void put_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  unsigned n = 1;
  while (n < 4 && (length >> (8 * n)) != 0) {
    ++n;
  }
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  for (unsigned i = n; i > 0; --i) {
    out.push_back(static_cast<std::uint8_t>(length >> (8 * (i - 1))));
  }
}

void data_to_node(const codec::DataView& v, pugi::xml_node parent, const Options& options,
                  std::size_t depth) {
  if (depth > options.limits.max_depth) {
    fail_at(0, "nesting too deep");
  }
  const TypeName* t = by_tag(static_cast<std::uint8_t>(v.type()));
  if (t == nullptr || v.empty()) {
    fail_at(0, "unknown data tag");
  }
  const ByteSpan content = v.content();
  switch (t->type) {
    case DataType::null_data:
    case DataType::dont_care: parent.append_child(t->name); return;
    case DataType::array:
    case DataType::structure: {
      const std::size_t count = v.size();
      pugi::xml_node e = parent.append_child(t->name);
      e.append_attribute("Qty").set_value(hex_uint(count, count > 0xFF ? 4 : 2).c_str());
      for (const codec::DataView element : v.elements()) {
        data_to_node(element, e, options, depth + 1);
      }
      return;
    }
    case DataType::boolean: {
      const std::uint8_t b = content.empty() ? 0 : content[0];
      const std::string text = b == 0 ? "false" : b == 1 ? "true" : hex_uint(b, 2);
      parent.append_child(t->name).append_attribute("Value").set_value(text.c_str());
      return;
    }
    case DataType::bit_string: {
      const Result<codec::BitStringView> bits = v.as_bit_string();
      if (!bits) {
        fail_at(0, bits.error().message());
      }
      std::string text(bits->bit_count, '0');
      for (std::size_t i = 0; i < bits->bit_count; ++i) {
        if (bits->bit(i)) {
          text[i] = '1';
        }
      }
      parent.append_child(t->name).append_attribute("Value").set_value(text.c_str());
      return;
    }
    case DataType::octet_string: {
      if (options.comments) {
        comment_octets(parent, content);
      }
      parent.append_child(t->name).append_attribute("Value").set_value(hex(content).c_str());
      return;
    }
    case DataType::visible_string:
    case DataType::utf8_string: {
      pugi::xml_node e = parent.append_child(t->name);
      const bool as_text = t->type == DataType::visible_string ? printable(content) : xml_safe_utf8(content);
      if (as_text) {
        e.append_attribute("Value").set_value(std::string(content.begin(), content.end()).c_str());
      } else {
        e.append_attribute("Hex").set_value(hex(content).c_str());
      }
      return;
    }
    case DataType::compact_array: {
      const Result<codec::CompactArrayView> ca = v.as_compact_array();
      if (!ca) {
        fail_at(0, ca.error().message());
      }
      pugi::xml_node e = parent.append_child(t->name);
      ByteReader r(ca->type_description);
      type_to_node(r, e.append_child("ContentsDescription"), depth + 1, options.limits);
      e.append_child("ArrayContents").append_attribute("Value").set_value(hex(ca->contents).c_str());
      return;
    }
    case DataType::float32:
    case DataType::float64: {
      if (options.comments) {
        std::uint64_t bits = 0;
        for (std::uint8_t x : content) {
          bits = (bits << 8U) | x;
        }
        std::string text;
        if (t->fixed_size == 4) {
          float f = 0;
          const auto u = static_cast<std::uint32_t>(bits);
          std::memcpy(&f, &u, sizeof f);
          text = float_text(f);
        } else {
          double d = 0;
          std::memcpy(&d, &bits, sizeof d);
          text = float_text(d);
        }
        parent.append_child(pugi::node_comment).set_value(text.c_str());
      }
      parent.append_child(t->name).append_attribute("Value").set_value(hex(content).c_str());
      return;
    }
    case DataType::date_time:
    case DataType::date:
    case DataType::time: {
      if (options.comments && content.size() == t->fixed_size) {
        parent.append_child(pugi::node_comment).set_value(date_comment(content).c_str());
      }
      parent.append_child(t->name).append_attribute("Value").set_value(hex(content).c_str());
      return;
    }
    default:
      // Integers, enum, bcd: fixed width, big-endian, as hex of the encoded bytes.
      parent.append_child(t->name).append_attribute("Value").set_value(hex(content).c_str());
      return;
  }
}

void checked_data_to_node(ByteReader& reader, pugi::xml_node parent, const Options& options) {
  const Result<codec::DataView> checked = codec::read_data(reader, options.limits);
  if (!checked) {
    fail_at(reader.offset(), checked.error().message());
  }
  data_to_node(*checked, parent, options);
}

// ---- XML -> bytes --------------------------------------------------------------------------

namespace {

void check_size(pugi::xml_node node, const Bytes& out, const codec::Limits& limits) {
  if (out.size() > limits.max_apdu_size) {
    fail(node, "encoding larger than " + std::to_string(limits.max_apdu_size) + " bytes");
  }
}

std::size_t count_of(pugi::xml_node node, std::size_t actual, const codec::Limits& limits) {
  if (actual > limits.max_elements) {
    fail(node, "more than " + std::to_string(limits.max_elements) + " elements");
  }
  if (has_attr(node, "Qty") && parse_uint_attr(node, "Qty", 4) != actual) {
    fail(node, "Qty does not match the number of elements");
  }
  return actual;
}

void node_to_type(pugi::xml_node node, Bytes& out, const codec::Limits& limits, std::size_t depth) {
  if (depth > limits.max_depth) {
    fail(node, "nesting too deep");
  }
  const TypeName* t = by_name(node.name());
  if (t == nullptr || t->type == DataType::compact_array) {
    fail(node, std::string("unknown type <") + node.name() + ">");
  }
  out.push_back(static_cast<std::uint8_t>(t->type));
  if (t->type == DataType::array) {
    const auto count = static_cast<std::uint16_t>(parse_uint_attr(node, "Qty", 2));
    out.push_back(static_cast<std::uint8_t>(count >> 8U));
    out.push_back(static_cast<std::uint8_t>(count));
    node_to_type(only_child(node), out, limits, depth + 1);
  } else if (t->type == DataType::structure) {
    const std::vector<pugi::xml_node> list = children(node);
    put_length(out, count_of(node, list.size(), limits));
    for (pugi::xml_node c : list) {
      node_to_type(c, out, limits, depth + 1);
    }
  } else if (!children(node).empty()) {
    fail(node, "unexpected child element");
  }
  check_size(node, out, limits);
}

std::uint64_t parse_float(pugi::xml_node node, unsigned width) {
  const std::string_view text = attr(node, "Value");
  bool all_hex = text.size() == 2 * width;
  for (char c : text) {
    all_hex = all_hex && std::isxdigit(static_cast<unsigned char>(c)) != 0;
  }
  if (all_hex) {
    return parse_uint_attr(node, "Value", width);
  }
  const std::string s(text);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    fail(node, "Value is neither " + std::to_string(2 * width) + " hex digits nor a decimal number");
  }
  if (width == 4) {
    const auto f = static_cast<float>(d);
    std::uint32_t u = 0;
    std::memcpy(&u, &f, sizeof u);
    return u;
  }
  std::uint64_t u = 0;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

}  // namespace

void node_to_data(pugi::xml_node node, Bytes& out, const codec::Limits& limits, std::size_t depth) {
  if (depth > limits.max_depth) {
    fail(node, "nesting too deep");
  }
  const TypeName* t = by_name(node.name());
  if (t == nullptr) {
    fail(node, std::string("unknown data element <") + node.name() + ">");
  }
  out.push_back(static_cast<std::uint8_t>(t->type));
  const bool composite =
      t->type == DataType::array || t->type == DataType::structure || t->type == DataType::compact_array;
  if (!composite && !children(node).empty()) {
    fail(node, "unexpected child element");
  }
  switch (t->type) {
    case DataType::null_data:
    case DataType::dont_care: break;
    case DataType::array:
    case DataType::structure: {
      const std::vector<pugi::xml_node> list = children(node);
      put_length(out, count_of(node, list.size(), limits));
      for (pugi::xml_node c : list) {
        node_to_data(c, out, limits, depth + 1);
      }
      break;
    }
    case DataType::boolean: {
      const std::string_view v = attr(node, "Value");
      if (v == "true" || v == "True" || v == "1") {
        out.push_back(1);
      } else if (v == "false" || v == "False" || v == "0") {
        out.push_back(0);
      } else {
        out.push_back(static_cast<std::uint8_t>(parse_uint_attr(node, "Value", 1)));
      }
      break;
    }
    case DataType::bit_string: {
      const std::string_view v = attr(node, "Value");
      if (v.size() > 8 * limits.max_string_length) {
        fail(node, "bit-string longer than the string limit");
      }
      put_length(out, v.size());
      std::uint8_t cur = 0;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '0' && v[i] != '1') {
          fail(node, "bit-string Value must be 0s and 1s");
        }
        cur = static_cast<std::uint8_t>(cur | ((v[i] == '1' ? 1U : 0U) << (7 - i % 8)));
        if (i % 8 == 7) {
          out.push_back(cur);
          cur = 0;
        }
      }
      if (v.size() % 8 != 0) {
        out.push_back(cur);
      }
      break;
    }
    case DataType::octet_string: {
      const Bytes b = parse_hex_attr(node, "Value", limits.max_string_length);
      put_length(out, b.size());
      out.insert(out.end(), b.begin(), b.end());
      break;
    }
    case DataType::visible_string:
    case DataType::utf8_string: {
      Bytes b;
      if (has_attr(node, "Hex")) {
        b = parse_hex_attr(node, "Hex", limits.max_string_length);
      } else {
        const std::string_view v = attr(node, "Value");
        if (v.size() > limits.max_string_length) {
          fail(node, "string longer than " + std::to_string(limits.max_string_length) + " bytes");
        }
        b.assign(v.begin(), v.end());
      }
      put_length(out, b.size());
      out.insert(out.end(), b.begin(), b.end());
      break;
    }
    case DataType::compact_array: {
      const std::vector<pugi::xml_node> list = children(node);
      if (list.size() != 2 || std::string_view(list[0].name()) != "ContentsDescription" ||
          std::string_view(list[1].name()) != "ArrayContents") {
        fail(node, "CompactArray needs <ContentsDescription> then <ArrayContents>");
      }
      node_to_type(only_child(list[0]), out, limits, depth + 1);
      const Bytes b = parse_hex_attr(list[1], "Value", limits.max_apdu_size);
      put_length(out, b.size());
      out.insert(out.end(), b.begin(), b.end());
      break;
    }
    case DataType::float32:
    case DataType::float64: {
      const std::uint64_t v = parse_float(node, t->fixed_size);
      for (unsigned i = t->fixed_size; i > 0; --i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * (i - 1))));
      }
      break;
    }
    case DataType::date_time:
    case DataType::date:
    case DataType::time: {
      const Bytes b = parse_hex_attr(node, "Value", t->fixed_size);
      if (b.size() != t->fixed_size) {
        fail(node,
             std::string(t->name) + " Value must be " + std::to_string(t->fixed_size) + " bytes of hex");
      }
      out.insert(out.end(), b.begin(), b.end());
      break;
    }
    default: {
      const std::uint64_t v = parse_uint_attr(node, "Value", t->fixed_size);
      for (unsigned i = t->fixed_size; i > 0; --i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * (i - 1))));
      }
      break;
    }
  }
  check_size(node, out, limits);
}

codec::DataView node_to_data_view(pugi::xml_node node, Arena& arena, const codec::Limits& limits) {
  Bytes bytes;
  node_to_data(node, bytes, limits);
  const ByteSpan kept = arena.keep(std::move(bytes));
  const Result<codec::DataView> v = codec::read_data_exact(kept, limits);
  if (!v) {
    fail(node, "data not valid: " + v.error().message());
  }
  return *v;
}

}  // namespace dlms::translator::detail
