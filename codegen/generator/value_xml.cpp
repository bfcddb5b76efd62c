#include "codegen/generator/value_xml.hpp"

#include <charconv>
#include <cstdio>
#include <sstream>
#include <vector>

#include "codegen/binding/binding_format.hpp"
#include "codegen/generator/units.hpp"
#include "stack/translator/translator.hpp"

namespace dlms::codegen {

namespace {

struct Rewrite {
  const LineMap& lines;
  Diagnostics& diag;
  const std::string& context;
  std::vector<std::size_t> printed_lines;  // printed line (0-based) -> source line
  bool ok = true;

  void fail(pugi::xml_node at, const std::string& what) {
    diag.error(lines.line(at.offset_debug()), context + ": " + what);
    ok = false;
  }

  static std::string hex(std::uint64_t v, int digits) {
    std::string s(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
      s[static_cast<std::size_t>(i)] = "0123456789ABCDEF"[v & 0xFU];
      v >>= 4U;
    }
    return s;
  }

  static bool parse_int(std::string_view text, std::int64_t& out) {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      base = 16;
      text.remove_prefix(2);
    }
    auto r = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
  }

  // Appends the translator form of `src` under `dst`.
  void copy(pugi::xml_node src, pugi::xml_node dst) {
    const std::size_t src_line = lines.line(src.offset_debug());
    const std::string_view name = src.name();
    if (name == "number") {
      number(src, dst, src_line);
      return;
    }
    if (name == "scaler-unit") {
      std::int64_t scaler = 0;
      if (!parse_int(src.attribute("scaler").value(), scaler) || scaler < -128 || scaler > 127) {
        fail(src, "scaler-unit: scaler must be an integer -128..127");
        return;
      }
      const auto unit = unit_code(src.attribute("unit").value());
      std::int64_t unit_number = 0;
      if (!unit && !parse_int(src.attribute("unit").value(), unit_number)) {
        fail(src, std::string("scaler-unit: unknown unit '") + src.attribute("unit").value() + "'");
        return;
      }
      auto s = dst.append_child("Structure");
      s.append_attribute("Qty") = "02";
      s.append_child("Int8").append_attribute("Value") = hex(static_cast<std::uint8_t>(scaler), 2).c_str();
      s.append_child("Enum").append_attribute("Value") =
          hex(unit ? *unit : static_cast<std::uint8_t>(unit_number), 2).c_str();
      printed_lines.insert(printed_lines.end(), 4, src_line);
      return;
    }
    if (name == "ascii") {
      std::string h;
      for (const char c : std::string_view(src.attribute("value").value())) {
        h += hex(static_cast<std::uint8_t>(c), 2);
      }
      dst.append_child("OctetString").append_attribute("Value") = h.c_str();
      printed_lines.push_back(src_line);
      return;
    }
    if (name == "obis") {
      const auto code = apdu::ObisCode::parse(src.attribute("value").value());
      if (!code) {
        fail(src, std::string("bad OBIS code '") + src.attribute("value").value() +
                      "' (want A.B.C.D.E.F, 0..255 each)");
        return;
      }
      std::string h;
      for (const auto b : code->bytes) {
        h += hex(b, 2);
      }
      dst.append_child("OctetString").append_attribute("Value") = h.c_str();
      printed_lines.push_back(src_line);
      return;
    }
    auto e = dst.append_child(src.name());
    for (const auto a : src.attributes()) {
      e.append_attribute(a.name()) = a.value();
    }
    printed_lines.push_back(src_line);
    bool children = false;
    for (const auto c : src.children()) {
      if (c.type() == pugi::node_element) {
        copy(c, e);
        children = true;
      } else if (c.type() == pugi::node_pcdata) {
        fail(src, std::string("unexpected text in <") + src.name() + ">");
      }
    }
    if (children) {
      printed_lines.push_back(src_line);  // the closing tag's line
    }
  }

  void number(pugi::xml_node src, pugi::xml_node dst, std::size_t src_line) {
    const std::string_view type_name = src.attribute("type").value();
    const codec::DataType t = binding::data_type_from_name(type_name);
    const std::string_view value = src.attribute("value").value();
    const char* element = nullptr;
    int digits = 0;
    std::int64_t lo = 0;
    std::int64_t hi = 0;
    switch (t) {
      case codec::DataType::integer: element = "Int8", digits = 2, lo = -128, hi = 127; break;
      case codec::DataType::long_: element = "Int16", digits = 4, lo = -32768, hi = 32767; break;
      case codec::DataType::double_long: element = "Int32", digits = 8, lo = INT32_MIN, hi = INT32_MAX; break;
      case codec::DataType::long64: element = "Int64", digits = 16, lo = INT64_MIN, hi = INT64_MAX; break;
      case codec::DataType::unsigned_: element = "UInt8", digits = 2, hi = 255; break;
      case codec::DataType::enum_: element = "Enum", digits = 2, hi = 255; break;
      case codec::DataType::long_unsigned: element = "UInt16", digits = 4, hi = 65535; break;
      case codec::DataType::double_long_unsigned: element = "UInt32", digits = 8, hi = UINT32_MAX; break;
      case codec::DataType::long64_unsigned: element = "UInt64", digits = 16, hi = INT64_MAX; break;
      case codec::DataType::float32: element = "Float32"; break;
      case codec::DataType::float64: element = "Float64"; break;
      default:
        fail(src, std::string("number: type '") + std::string(type_name) + "' is not a numeric type");
        return;
    }
    std::string text;
    if (digits == 0) {
      text = std::string(value);  // the translator accepts a decimal float
    } else {
      std::int64_t v = 0;
      if (!parse_int(value, v) || v < lo || v > hi) {
        fail(src, std::string("number: '") + std::string(value) + "' is not a " + std::string(type_name) +
                      " value");
        return;
      }
      text = hex(static_cast<std::uint64_t>(v), digits);
    }
    dst.append_child(element).append_attribute("Value") = text.c_str();
    printed_lines.push_back(src_line);
  }
};

}  // namespace

Bytes scaler_unit_value(std::int8_t scaler, std::uint8_t unit) {
  return {0x02, 0x02, 0x0F, static_cast<std::uint8_t>(scaler), 0x16, unit};
}

std::optional<Bytes> encode_value(pugi::xml_node value, const LineMap& lines, Diagnostics& diag,
                                  const std::string& context) {
  pugi::xml_document doc;
  Rewrite rw{lines, diag, context, {}, true};
  rw.copy(value, doc);
  if (!rw.ok) {
    return std::nullopt;
  }
  std::ostringstream text;
  doc.print(text, "  ", pugi::format_indent | pugi::format_no_declaration);
  const auto out = translator::xml_to_data(text.str());
  if (!out) {
    const auto& f = out.failure();
    std::size_t line = lines.line(value.offset_debug());
    if (f.where == translator::Failure::Where::line && f.position >= 1 &&
        f.position <= rw.printed_lines.size()) {
      line = rw.printed_lines[f.position - 1];
    }
    std::string what = f.what;
    if (!f.path.empty()) {
      what += " (" + f.path + ")";
    }
    diag.error(line, context + ": bad value: " + what);
    return std::nullopt;
  }
  return Bytes(out->begin(), out->end());
}

}  // namespace dlms::codegen
