#include "codegen/generator/reader.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "codegen/generator/units.hpp"
#include "codegen/generator/value_xml.hpp"
#include "cosem_objects/class_registry.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::codegen {

namespace {

namespace access = association::access;
using codec::DataType;

// Interface class ids of the Blue Book (DLMS UA 1000-1 Ed. 15, 4.1 "Overview of the interface
// classes"): a class outside this set is unknown; one inside it but missing from cosem_objects
// is "not implemented".
bool blue_book_class(unsigned id) {
  static constexpr std::uint16_t kIds[] = {
      1,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  15,  17,  18,  19,  20,  21,  22,  23,  24,
      25,  26,  27,  28,  29,  30,  40,  41,  42,  43,  44,  45,  46,  47,  48,  50,  51,  52,  53,  55,
      56,  57,  61,  62,  63,  64,  65,  67,  68,  70,  71,  72,  73,  74,  80,  81,  82,  83,  84,  85,
      86,  90,  91,  92,  101, 102, 103, 104, 105, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
      122, 123, 124, 125, 126, 127, 128, 130, 132, 133, 134, 135, 136, 137, 140, 141, 142, 151, 152, 153};
  return std::find(std::begin(kIds), std::end(kIds), id) != std::end(kIds);
}

struct NullSource final : cosem::ValueSource {
  apdu::DataAccessResult read(ByteWriter& /*out*/) override { return apdu::DataAccessResult::success; }
};
struct NullSink final : cosem::MethodSink {
  server::InvokeOutcome invoke(const codec::DataView* /*parameter*/, ByteWriter& /*return_data*/) override {
    return {};
  }
};

bool parse_int(std::string_view text, std::int64_t& out) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) {
    return false;
  }
  auto r = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

std::optional<apdu::MechanismName> mechanism_from_name(std::string_view n) {
  using M = apdu::MechanismName;
  if (n == "none" || n == "lowest") return M::lowest_level_security;
  if (n == "lls" || n == "low") return M::low_level_security;
  if (n == "hls") return M::high_level_security;
  if (n == "hls-md5") return M::high_level_security_md5;
  if (n == "hls-sha1") return M::high_level_security_sha1;
  if (n == "hls-gmac") return M::high_level_security_gmac;
  if (n == "hls-sha256") return M::high_level_security_sha256;
  if (n == "hls-ecdsa") return M::high_level_security_ecdsa;
  return std::nullopt;
}

// Space or comma separated tokens of an access attribute.
std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : s) {
    if (c == ' ' || c == ',' || c == '|' || c == '\t' || c == '\n') {
      if (!cur.empty()) out.push_back(cur), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::optional<std::uint8_t> protection_bit(std::string_view t) {
  if (t == "auth-req") return access::kAuthenticatedRequest;
  if (t == "enc-req") return access::kEncryptedRequest;
  if (t == "sign-req") return access::kDigitallySignedRequest;
  if (t == "auth-resp") return access::kAuthenticatedResponse;
  if (t == "enc-resp") return access::kEncryptedResponse;
  if (t == "sign-resp") return access::kDigitallySignedResponse;
  return std::nullopt;
}

// An object-level binding: which class takes which kind of quantity (binding/object_binding.hpp).
bool object_binding_fits(std::uint16_t class_id, const Quantity& qty) {
  switch (class_id) {
    case 7:
      return qty.type == "profile" || qty.type == "log" || qty.name == "display.scroll_list" ||
             qty.name == "display.manual_list";
    case 8: return qty.name == "clock.time";
    case 11: return qty.name == "calendar.special_days";
    case 18: return qty.name == "firmware.image_status";
    case 20: return qty.name == "calendar.active";
    case 70: return qty.name == "relay.state";
    default: return false;
  }
}

struct PendingCapture {
  std::size_t object_index;
  pugi::xml_node node;
};

class Reader {
 public:
  Reader(std::string_view text, const Catalogue& cat, Diagnostics& diag, const ReadOptions& opt)
      : text_(text), cat_(cat), diag_(diag), opt_(opt), lines_(text) {}

  Model run() {
    Model model;
    pugi::xml_document doc;
    const auto r = doc.load_buffer(text_.data(), text_.size(), pugi::parse_default | pugi::parse_comments);
    if (!r) {
      diag_.error(lines_.line(r.offset), std::string("XML: ") + r.description());
      return model;
    }
    const auto root = doc.document_element();
    if (std::string_view(root.name()) != "object-list") {
      error(root, "the root element must be <object-list>, not <" + std::string(root.name()) + ">");
      return model;
    }
    model.name = root.attribute("name").value();
    for (const auto c : elements(root)) {
      if (std::string_view(c.name()) == "logical-device") {
        model.devices.push_back(read_device(c));
      } else {
        unknown(c, "<object-list>");
      }
    }
    if (model.devices.empty()) {
      error(root, "no <logical-device>");
    }
    for (std::size_t i = 0; i < model.devices.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (model.devices[i].sap == model.devices[j].sap) {
          diag_.error(model.devices[i].line,
                      "duplicate logical device SAP " + std::to_string(model.devices[i].sap));
        }
      }
    }
    return model;
  }

 private:
  std::size_t line(pugi::xml_node n) const { return lines_.line(n.offset_debug()); }
  void error(pugi::xml_node n, const std::string& what) { diag_.error(line(n), what); }
  void unknown(pugi::xml_node n, const char* parent) {
    error(n, "unknown element <" + std::string(n.name()) + "> in " + parent);
  }
  static std::vector<pugi::xml_node> elements(pugi::xml_node n) {
    std::vector<pugi::xml_node> out;
    for (const auto c : n.children()) {
      if (c.type() == pugi::node_element) {
        out.push_back(c);
      }
    }
    return out;
  }

  // An integer attribute in [lo, hi]; reports and returns nullopt when missing or bad.
  std::optional<std::int64_t> int_attr(pugi::xml_node n, const char* name, std::int64_t lo, std::int64_t hi,
                                       bool required = true) {
    const auto a = n.attribute(name);
    if (!a) {
      if (required) {
        error(n, "<" + std::string(n.name()) + "> needs " + name + "=\"..\"");
      }
      return std::nullopt;
    }
    std::int64_t v = 0;
    if (!parse_int(a.value(), v) || v < lo || v > hi) {
      error(n, std::string(name) + "=" + q(a.value()) + " must be an integer " + std::to_string(lo) + ".." +
                   std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }

  std::optional<apdu::ObisCode> obis_attr(pugi::xml_node n, const char* name = "obis") {
    const auto a = n.attribute(name);
    if (!a) {
      error(n, "<" + std::string(n.name()) + "> needs " + name + "=\"A.B.C.D.E.F\"");
      return std::nullopt;
    }
    auto code = apdu::ObisCode::parse(a.value());
    if (!code) {
      error(n, "bad OBIS code " + q(a.value()) + " (want A.B.C.D.E.F, six groups 0..255)");
    }
    return code;
  }

  LogicalDevice read_device(pugi::xml_node n) {
    LogicalDevice ld;
    ld.line = line(n);
    ld.sap = static_cast<std::uint16_t>(int_attr(n, "sap", 1, 0x3FFF).value_or(1));
    ld.name = n.attribute("name").value();
    probes_.clear();
    captures_.clear();
    std::vector<pugi::xml_node> associations;
    for (const auto c : elements(n)) {
      const std::string_view name = c.name();
      if (name == "object") {
        read_object(c, ld);
      } else if (name == "association") {
        associations.push_back(c);
      } else {
        unknown(c, "<logical-device>");
      }
    }
    for (const auto& p : captures_) {
      read_capture_objects(p, ld);
    }
    for (const auto a : associations) {
      read_association(a, ld);
    }
    for (std::size_t i = 0; i < ld.associations.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (ld.associations[i].client_sap == ld.associations[j].client_sap) {
          diag_.error(ld.associations[i].line, "duplicate association for client SAP " +
                                                   std::to_string(ld.associations[i].client_sap));
        }
      }
    }
    return ld;
  }

  void read_object(pugi::xml_node n, LogicalDevice& ld) {
    Object o;
    o.line = line(n);
    o.name = n.attribute("name").value();
    const auto obis = obis_attr(n);
    const auto cls = int_attr(n, "class", 0, 0xFFFF);
    if (!obis || !cls) {
      return;
    }
    o.obis = *obis;
    o.class_id = static_cast<std::uint16_t>(*cls);
    for (const auto& other : ld.objects) {
      if (other.obis == o.obis) {
        error(n,
              "duplicate OBIS " + o.obis.to_string() + " (first at line " + std::to_string(other.line) + ")");
        return;
      }
    }
    const cosem::ClassDescription* desc = cosem::find_class(o.class_id);
    if (desc == nullptr) {
      if (!blue_book_class(o.class_id)) {
        error(n, "unknown class " + std::to_string(o.class_id) + " (not a Blue Book interface class)");
        return;
      }
      if (!opt_.allow_missing_classes) {
        error(n, "class " + std::to_string(o.class_id) + " is not implemented by cosem_objects");
        return;
      }
      diag_.warning(o.line, "class " + std::to_string(o.class_id) +
                                " is not implemented by cosem_objects yet: " + o.obis.to_string() +
                                " left out");
      o.implemented = false;
      if (const auto v = int_attr(n, "version", 0, 255, false)) {
        o.version = static_cast<std::uint8_t>(*v);
      }
      ld.objects.push_back(std::move(o));
      probes_.push_back(nullptr);
      return;
    }
    o.version = desc->version;
    if (const auto v = int_attr(n, "version", 0, 255, false); v && *v != desc->version) {
      error(n, "class " + std::to_string(o.class_id) + " (" + desc->name + ") version " + std::to_string(*v) +
                   ": cosem_objects implements version " + std::to_string(desc->version));
    }
    auto probe = cosem::create_object(o.class_id, o.obis);
    const std::string where = o.obis.to_string() + " (" + desc->name + ")";

    // scaler / unit shorthand.
    std::optional<std::int8_t> object_scaler;
    if (n.attribute("scaler") || n.attribute("unit")) {
      const cosem::AttributeDescription* su = nullptr;
      for (const auto& a : desc->attributes) {
        if (std::string_view(a.name) == "scaler_unit") {
          su = &a;
        }
      }
      if (su == nullptr) {
        error(n, where + ": class " + desc->name + " has no scaler_unit attribute");
      } else {
        const auto scaler = int_attr(n, "scaler", -128, 127, false).value_or(0);
        const std::string unit_text = n.attribute("unit").value();
        auto unit = unit_code(unit_text);
        std::int64_t unit_number = 0;
        if (!unit && parse_int(unit_text, unit_number) && unit_number >= 0 && unit_number <= 255) {
          unit = static_cast<std::uint8_t>(unit_number);
        }
        if (!unit) {
          error(n, where + ": unknown unit " + q(unit_text));
        } else {
          object_scaler = static_cast<std::int8_t>(scaler);
          apply_static(o, *probe, su->id, scaler_unit_value(*object_scaler, *unit), o.line, where, *desc);
        }
      }
    }

    std::vector<std::int8_t> seen_attributes;
    for (const auto c : elements(n)) {
      const std::string_view name = c.name();
      if (name == "attribute") {
        read_attribute(c, o, *probe, *desc, where, object_scaler, seen_attributes);
      } else if (name == "method") {
        read_method(c, o, *probe, *desc, where);
      } else if (name == "bind") {
        read_object_binding(c, o, where, *desc);
      } else if (name == "capture-objects") {
        if (desc->class_id != 7) {
          error(c, where + ": <capture-objects> is for Profile generic (class 7) objects");
        } else {
          captures_.push_back({ld.objects.size(), c});
        }
      } else if (name == "script") {
        read_script(c, o, where);
      } else {
        unknown(c, "<object>");
      }
    }
    ld.objects.push_back(std::move(o));
    probes_.push_back(std::move(probe));
  }

  void apply_static(Object& o, cosem::InterfaceClass& probe, std::int8_t id, Bytes value, std::size_t at,
                    const std::string& where, const cosem::ClassDescription& desc) {
    const auto* a = desc.attribute(id);
    const auto got = value.empty() ? DataType::null_data : static_cast<DataType>(value[0]);
    if (a != nullptr && a->type != DataType::dont_care && a->type != got) {
      diag_.error(at, where + ": type mismatch: attribute " + std::to_string(id) + " (" + a->name + ") is " +
                          std::string(binding::data_type_name(a->type)) + ", the value is " +
                          std::string(binding::data_type_name(got)));
      return;
    }
    const auto r = probe.set_static(id, value);
    if (r != apdu::DataAccessResult::success) {
      const char* why = apdu::to_string(r);
      diag_.error(at, where + ": attribute " + std::to_string(id) + " (" + (a != nullptr ? a->name : "?") +
                          "): value refused by the class (" + (why != nullptr ? why : "?") + ")");
      return;
    }
    o.values.push_back({id, std::move(value), at});
  }

  std::optional<std::int8_t> attribute_id(pugi::xml_node c, const cosem::ClassDescription& desc,
                                          const std::string& where) {
    const auto id = int_attr(c, "id", -128, 127);
    if (!id) {
      return std::nullopt;
    }
    if (*id == 1) {
      error(c, where + ": attribute 1 (logical_name) is the object's obis");
      return std::nullopt;
    }
    if (desc.attribute(static_cast<std::int8_t>(*id)) == nullptr) {
      error(c, where + ": attribute id " + std::to_string(*id) + " out of range (" + desc.name + " has 1.." +
                   std::to_string(desc.attributes.size()) + ")");
      return std::nullopt;
    }
    return static_cast<std::int8_t>(*id);
  }

  void read_attribute(pugi::xml_node c, Object& o, cosem::InterfaceClass& probe,
                      const cosem::ClassDescription& desc, const std::string& where,
                      std::optional<std::int8_t> object_scaler, std::vector<std::int8_t>& seen) {
    const auto id = attribute_id(c, desc, where);
    if (!id) {
      return;
    }
    const bool scaler_unit_given = std::any_of(o.values.begin(), o.values.end(), [&](const StaticValue& v) {
      return v.attribute_id == *id && v.line == o.line;
    });
    if (std::find(seen.begin(), seen.end(), *id) != seen.end() || scaler_unit_given) {
      error(c, where + ": attribute " + std::to_string(*id) + " given twice");
      return;
    }
    seen.push_back(*id);
    const auto kids = elements(c);
    if (kids.size() != 1) {
      error(c, where + ": <attribute id=\"" + std::to_string(*id) +
                   "\"> needs exactly one child: a value or <bind quantity=\"..\"/>");
      return;
    }
    const auto v = kids[0];
    if (std::string_view(v.name()) == "bind") {
      read_value_binding(v, o, probe, desc, where, *id, object_scaler);
      return;
    }
    const std::string context = where + " attribute " + std::to_string(*id);
    auto bytes = encode_value(v, lines_, diag_, context);
    if (bytes) {
      apply_static(o, probe, *id, std::move(*bytes), line(v), where, desc);
    }
  }

  void read_value_binding(pugi::xml_node b, Object& o, cosem::InterfaceClass& probe,
                          const cosem::ClassDescription& desc, const std::string& where, std::int8_t id,
                          std::optional<std::int8_t> object_scaler) {
    const std::string name = b.attribute("quantity").value();
    if (name.empty()) {
      error(b, where + ": <bind> of an attribute needs quantity=\"..\"");
      return;
    }
    if (b.attribute("action")) {
      error(b, where + ": attribute " + std::to_string(id) + ": bind a quantity, not an action");
      return;
    }
    const Quantity* qty = cat_.quantity(name);
    if (qty == nullptr) {
      if (cat_.has_action(name)) {
        error(b, where + ": " + q(name) + " is an action, not a value: bind it to a <method>");
      } else {
        error(b, where + ": unknown quantity " + q(name) + " (not in the meter's quantity catalogue)");
      }
      return;
    }
    if (qty->type == "profile" || qty->type == "log" || qty->type == "calendar" || qty->type == "list") {
      error(b, where + ": " + q(name) + " is a " + qty->type +
                   ": bind it at object level (<bind> directly under <object>) where the class supports it");
      return;
    }
    const auto* a = desc.attribute(id);
    ValueBinding vb;
    vb.attribute_id = id;
    vb.quantity = name;
    vb.line = line(b);
    vb.format.time = qty->type == "time";
    if (const auto t = b.attribute("type")) {
      vb.format.type = binding::data_type_from_name(t.value());
      if (vb.format.type == DataType::dont_care) {
        error(b, where + ": unknown type " + q(t.value()));
        return;
      }
    } else if (a->type != DataType::dont_care) {
      vb.format.type = a->type;
    } else if (qty->type == "boolean") {
      vb.format.type = DataType::boolean;
    } else if (qty->type == "string") {
      vb.format.type = DataType::visible_string;
    } else if (qty->type == "time") {
      vb.format.type = DataType::octet_string;
    } else {
      vb.format.type = DataType::double_long;
    }
    const DataType t = vb.format.type;
    bool fits = false;
    if (qty->type == "time") {
      fits = t == DataType::octet_string || t == DataType::date_time;
    } else if (qty->type == "boolean") {
      fits = t == DataType::boolean || binding::is_integer_type(t);
    } else if (qty->type == "string") {
      fits = t == DataType::visible_string || t == DataType::utf8_string || t == DataType::octet_string;
    } else {
      fits = binding::is_numeric_type(t);
    }
    if (!fits) {
      error(b, where + ": type mismatch: quantity " + q(name) + " (" + qty->type + ") cannot be carried as " +
                   std::string(binding::data_type_name(t)));
      return;
    }
    if (a->type != DataType::dont_care && a->type != t) {
      error(b, where + ": type mismatch: attribute " + std::to_string(id) + " (" + a->name + ") is " +
                   std::string(binding::data_type_name(a->type)) + ", the binding gives " +
                   std::string(binding::data_type_name(t)));
      return;
    }
    // A hex-digit string (catalogue unit "hex") in an octet-string is carried as its octets.
    vb.format.hex = qty->type == "string" && qty->unit == "hex" && t == DataType::octet_string;
    if (b.attribute("scaler")) {
      vb.format.scaler = static_cast<std::int8_t>(int_attr(b, "scaler", -128, 127).value_or(0));
    } else if (object_scaler && binding::is_numeric_type(t)) {
      vb.format.scaler = *object_scaler;
    }
    NullSource dummy;
    if (!probe.bind(id, &dummy)) {
      error(b, where + ": attribute " + std::to_string(id) + " (" + a->name + ") cannot be bound");
      return;
    }
    probe.bind(id, nullptr);
    o.bindings.push_back(std::move(vb));
  }

  std::optional<std::string> json_arg(pugi::xml_node b, const std::string& where) {
    const auto a = b.attribute("arg");
    if (!a) {
      return std::nullopt;
    }
    try {
      return nlohmann::json::parse(a.value()).dump();
    } catch (const nlohmann::json::exception&) {
      error(b, where + ": arg=" + q(a.value()) + " is not JSON");
      return std::nullopt;
    }
  }

  bool check_action(pugi::xml_node b, const std::string& name, const std::string& where) {
    if (name.empty()) {
      error(b, where + ": needs action=\"..\"");
      return false;
    }
    if (!cat_.has_action(name)) {
      if (cat_.quantity(name) != nullptr) {
        error(b, where + ": " + q(name) + " is a value, not an action: bind it to an <attribute>");
      } else {
        error(b, where + ": unknown action " + q(name) + " (not in the meter's catalogue)");
      }
      return false;
    }
    return true;
  }

  void read_method(pugi::xml_node c, Object& o, cosem::InterfaceClass& probe,
                   const cosem::ClassDescription& desc, const std::string& where) {
    const auto id = int_attr(c, "id", -128, 127);
    if (!id) {
      return;
    }
    if (desc.method(static_cast<std::int8_t>(*id)) == nullptr) {
      error(c, where + ": method id " + std::to_string(*id) + " out of range (" + desc.name +
                   (desc.methods.empty() ? std::string(" has no methods)")
                                         : " has 1.." + std::to_string(desc.methods.size()) + ")"));
      return;
    }
    const auto kids = elements(c);
    if (kids.size() != 1 || std::string_view(kids[0].name()) != "bind") {
      error(c, where + ": <method> needs one child <bind action=\"..\"/>");
      return;
    }
    const auto b = kids[0];
    if (b.attribute("quantity")) {
      error(b, where + ": method " + std::to_string(*id) + ": bind an action, not a quantity");
      return;
    }
    const std::string action = b.attribute("action").value();
    if (!check_action(b, action, where)) {
      return;
    }
    for (const auto& m : o.actions) {
      if (m.method_id == *id) {
        error(c, where + ": method " + std::to_string(*id) + " bound twice");
        return;
      }
    }
    NullSink dummy;
    if (!probe.bind_method(static_cast<std::int8_t>(*id), &dummy)) {
      error(b, where + ": method " + std::to_string(*id) + " cannot be bound");
      return;
    }
    probe.bind_method(static_cast<std::int8_t>(*id), nullptr);
    o.actions.push_back({static_cast<std::int8_t>(*id), action, json_arg(b, where), line(b)});
  }

  void read_object_binding(pugi::xml_node b, Object& o, const std::string& where,
                           const cosem::ClassDescription& desc) {
    const std::string name = b.attribute("quantity").value();
    if (name.empty()) {
      error(b, where + ": <bind> under <object> needs quantity=\"..\"");
      return;
    }
    const Quantity* qty = cat_.quantity(name);
    if (qty == nullptr) {
      if (cat_.has_action(name)) {
        error(b, where + ": " + q(name) + " is an action, not a value: bind it to a <method>");
      } else {
        error(b, where + ": unknown quantity " + q(name) + " (not in the meter's quantity catalogue)");
      }
      return;
    }
    if (!object_binding_fits(o.class_id, *qty)) {
      error(b,
            where + ": " + desc.name + " cannot be bound as a whole to " + q(name) + " (" + qty->type + ")");
      return;
    }
    if (!o.object_bindings.empty()) {
      error(b, where + ": the object is bound twice");
      return;
    }
    o.object_bindings.push_back({name, qty->type, line(b)});
  }

  void read_script(pugi::xml_node c, Object& o, const std::string& where) {
    if (o.class_id != 9) {
      error(c, where + ": <script> is for Script table (class 9) objects");
      return;
    }
    const auto id = int_attr(c, "id", 0, 0xFFFF);
    const std::string action = c.attribute("action").value();
    if (!id || !check_action(c, action, where)) {
      return;
    }
    for (const auto& s : o.scripts) {
      if (s.script_id == *id) {
        error(c, where + ": script " + std::to_string(*id) + " given twice");
        return;
      }
    }
    o.scripts.push_back({static_cast<std::uint16_t>(*id), action, json_arg(c, where), line(c)});
  }

  void read_capture_objects(const PendingCapture& p, LogicalDevice& ld) {
    Object& o = ld.objects[p.object_index];
    auto& probe = *probes_[p.object_index];
    const auto* desc = cosem::find_class(o.class_id);
    const std::string where = o.obis.to_string() + " (" + desc->name + ")";
    const cosem::AttributeDescription* attr = nullptr;
    for (const auto& a : desc->attributes) {
      if (std::string_view(a.name) == "capture_objects") {
        attr = &a;
      }
    }
    if (attr == nullptr) {
      error(p.node, where + ": the class has no capture_objects attribute");
      return;
    }
    if (std::any_of(o.values.begin(), o.values.end(),
                    [&](const StaticValue& v) { return v.attribute_id == attr->id; })) {
      error(p.node, where + ": capture_objects given twice (<capture-objects> and <attribute id=\"" +
                        std::to_string(attr->id) + "\">)");
      return;
    }
    Bytes value;
    const auto kids = elements(p.node);
    if (kids.size() > 0xFFFF) {
      error(p.node, where + ": too many capture objects");
      return;
    }
    value.push_back(0x01);  // array
    if (kids.size() < 0x80) {
      value.push_back(static_cast<std::uint8_t>(kids.size()));
    } else {
      value.push_back(0x82);
      value.push_back(static_cast<std::uint8_t>(kids.size() >> 8U));
      value.push_back(static_cast<std::uint8_t>(kids.size() & 0xFFU));
    }
    bool ok = true;
    for (const auto c : kids) {
      if (std::string_view(c.name()) != "capture") {
        unknown(c, "<capture-objects>");
        ok = false;
        continue;
      }
      const auto obis = obis_attr(c);
      const auto attribute = int_attr(c, "attribute", 1, 127);
      const auto data_index = int_attr(c, "data-index", 0, 0xFFFF, false).value_or(0);
      if (!obis || !attribute) {
        ok = false;
        continue;
      }
      const Object* target = nullptr;
      for (const auto& other : ld.objects) {
        if (other.obis == *obis) {
          target = &other;
        }
      }
      if (target == nullptr) {
        error(c, where + ": captured object " + obis->to_string() + " is not in this logical device");
        ok = false;
        continue;
      }
      if (const auto cls = int_attr(c, "class", 0, 0xFFFF, false); cls && *cls != target->class_id) {
        error(c, where + ": captured object " + obis->to_string() + " is class " +
                     std::to_string(target->class_id) + ", not " + std::to_string(*cls));
        ok = false;
        continue;
      }
      if (const auto* tdesc = cosem::find_class(target->class_id);
          tdesc != nullptr && tdesc->attribute(static_cast<std::int8_t>(*attribute)) == nullptr) {
        error(c, where + ": captured attribute id " + std::to_string(*attribute) + " out of range (" +
                     tdesc->name + " has 1.." + std::to_string(tdesc->attributes.size()) + ")");
        ok = false;
        continue;
      }
      // structure { class_id long-unsigned, logical_name octet-string, attribute_index integer,
      // data_index long-unsigned } (Blue Book 4.3.6 capture_object_definition)
      const Bytes item = {0x02,
                          0x04,
                          0x12,
                          static_cast<std::uint8_t>(target->class_id >> 8U),
                          static_cast<std::uint8_t>(target->class_id & 0xFFU),
                          0x09,
                          0x06};
      value.insert(value.end(), item.begin(), item.end());
      value.insert(value.end(), obis->bytes.begin(), obis->bytes.end());
      value.push_back(0x0F);
      value.push_back(static_cast<std::uint8_t>(*attribute));
      value.push_back(0x12);
      value.push_back(static_cast<std::uint8_t>(data_index >> 8U));
      value.push_back(static_cast<std::uint8_t>(data_index & 0xFF));
    }
    if (!ok) {
      return;
    }
    const std::size_t before = o.values.size();
    apply_static(o, probe, attr->id, std::move(value), line(p.node), where, *desc);
    if (o.values.size() > before) {
      // capture_objects first: setting it clears the buffer and resets the profile (Blue Book).
      std::rotate(o.values.begin(), o.values.end() - 1, o.values.end());
    }
  }

  // Rights of one attribute / method from a rights keyword.
  static std::uint8_t attribute_rights(const cosem::AttributeDescription& a, std::string_view rights) {
    if (rights == "none") return access::kNone;
    if (rights == "read") return static_cast<std::uint8_t>(a.default_access & ~access::kWrite);
    return a.default_access;
  }
  static std::uint8_t method_rights(const cosem::MethodDescription& m, std::string_view rights) {
    if (rights == "none" || rights == "read") return access::kNone;
    return m.default_access;
  }

  bool valid_rights(pugi::xml_node n, std::string_view rights) {
    if (rights == "default" || rights == "read" || rights == "none") {
      return true;
    }
    error(n, "rights=" + q(rights) + ": want default, read or none");
    return false;
  }

  std::optional<std::uint8_t> access_tokens(pugi::xml_node n, std::string_view text, bool method,
                                            std::uint8_t default_mode) {
    std::uint8_t mode = 0;
    for (const auto& t : tokens(text)) {
      if (t == "none") {
      } else if (t == "default") {
        mode |= default_mode;
      } else if (!method && t == "r") {
        mode |= access::kRead;
      } else if (!method && t == "w") {
        mode |= access::kWrite;
      } else if (!method && t == "rw") {
        mode |= access::kReadWrite;
      } else if (method && t == "x") {
        mode |= access::kAccess;
      } else if (const auto bit = protection_bit(t)) {
        mode |= *bit;
      } else {
        error(n, "access token " + q(t) + " unknown (want " + (method ? "x" : "r, w, rw") +
                     ", none, default, auth-req, enc-req, sign-req, auth-resp, enc-resp, sign-resp)");
        return std::nullopt;
      }
    }
    return mode;
  }

  AccessEntry rights_entry(std::size_t index, const cosem::ClassDescription& desc, std::string_view rights) {
    AccessEntry e;
    e.object_index = index;
    for (const auto& a : desc.attributes) {
      e.attribute_access.push_back(attribute_rights(a, rights));
    }
    for (const auto& m : desc.methods) {
      e.method_access.push_back(method_rights(m, rights));
    }
    return e;
  }

  void read_association(pugi::xml_node n, LogicalDevice& ld) {
    Association as;
    as.line = line(n);
    as.name = n.attribute("name").value();
    const std::string label = "association " + q(as.name.empty() ? std::string("?") : as.name);
    const auto sap = int_attr(n, "client-sap", 0, 0x7F);
    const auto ln = obis_attr(n, "logical-name");
    if (!sap || !ln) {
      return;
    }
    as.client_sap = static_cast<std::uint16_t>(*sap);
    as.logical_name = *ln;
    const std::string mech = n.attribute("mechanism") ? n.attribute("mechanism").value() : "none";
    if (const auto m = mechanism_from_name(mech)) {
      as.mechanism = *m;
    } else {
      error(n, label + ": unknown mechanism " + q(mech) +
                   " (want none, lls, hls, hls-md5, hls-sha1, hls-gmac, hls-sha256, hls-ecdsa)");
    }
    as.security_suite = static_cast<std::uint8_t>(int_attr(n, "security-suite", 0, 2, false).value_or(0));
    if (const auto p = n.attribute("protection")) {
      for (const auto& t : tokens(p.value())) {
        if (const auto bit = protection_bit(t)) {
          as.required_protection |= *bit;
        } else {
          error(n, label + ": protection token " + q(t) +
                       " unknown (want auth-req, enc-req, sign-req, auth-resp, enc-resp, sign-resp)");
        }
      }
    }
    auto find_object = [&](const apdu::ObisCode& code) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < ld.objects.size(); ++i) {
        if (ld.objects[i].obis == code) return i;
      }
      return std::nullopt;
    };
    const auto self = find_object(as.logical_name);
    if (!self) {
      error(n, label + ": unknown association object " + as.logical_name.to_string() +
                   " (declare it as an <object class=\"15\">)");
    } else if (ld.objects[*self].class_id != 15) {
      error(n, label + ": logical-name " + as.logical_name.to_string() + " is class " +
                   std::to_string(ld.objects[*self].class_id) + ", not Association LN (15)");
    }
    if (n.attribute("security-setup")) {
      if (const auto ss = obis_attr(n, "security-setup")) {
        const auto i = find_object(*ss);
        if (!i || ld.objects[*i].class_id != 64) {
          error(n,
                label + ": security-setup " + ss->to_string() + " is not a Security setup (class 64) object");
        } else {
          as.security_setup = *ss;
        }
      }
    }
    std::map<std::size_t, AccessEntry> entries;  // object index -> rights (later entries override)
    std::vector<std::size_t> order;
    auto put = [&](AccessEntry e) {
      if (!entries.count(e.object_index)) order.push_back(e.object_index);
      entries[e.object_index] = std::move(e);
    };
    for (const auto c : elements(n)) {
      const std::string_view name = c.name();
      if (name == "all") {
        const std::string rights = c.attribute("rights") ? c.attribute("rights").value() : "default";
        if (!valid_rights(c, rights)) continue;
        for (std::size_t i = 0; i < ld.objects.size(); ++i) {
          if (const auto* d = cosem::find_class(ld.objects[i].class_id);
              d != nullptr && ld.objects[i].implemented) {
            put(rights_entry(i, *d, rights));
          }
        }
      } else if (name == "object") {
        const auto code = obis_attr(c);
        if (!code) continue;
        const auto i = find_object(*code);
        if (!i) {
          error(c, label + ": unknown object " + code->to_string() + " (not in this logical device)");
          continue;
        }
        const Object& target = ld.objects[*i];
        if (const auto cls = int_attr(c, "class", 0, 0xFFFF, false); cls && *cls != target.class_id) {
          error(c, label + ": object " + code->to_string() + " is class " + std::to_string(target.class_id) +
                       ", not " + std::to_string(*cls));
          continue;
        }
        const auto* d = cosem::find_class(target.class_id);
        if (d == nullptr || !target.implemented) {
          continue;  // left out (warned where the object is declared)
        }
        const std::string rights = c.attribute("rights") ? c.attribute("rights").value() : "default";
        if (!valid_rights(c, rights)) continue;
        AccessEntry e = rights_entry(*i, *d, rights);
        const std::string where = label + ": " + code->to_string() + " (" + d->name + ")";
        for (const auto x : elements(c)) {
          const std::string_view xn = x.name();
          const bool method = xn == "method";
          if (xn != "attribute" && !method) {
            unknown(x, "<object> of an <association>");
            continue;
          }
          const auto id = int_attr(x, "id", -128, 127);
          if (!id) continue;
          if (!method && d->attribute(static_cast<std::int8_t>(*id)) == nullptr) {
            error(x, where + ": attribute id " + std::to_string(*id) + " out of range (" + d->name +
                         " has 1.." + std::to_string(d->attributes.size()) + ")");
            continue;
          }
          if (method && d->method(static_cast<std::int8_t>(*id)) == nullptr) {
            error(x, where + ": method id " + std::to_string(*id) + " out of range (" + d->name + " has " +
                         std::to_string(d->methods.size()) + " methods)");
            continue;
          }
          const std::size_t k = static_cast<std::size_t>(*id) - 1;
          const std::uint8_t def = method ? d->method(static_cast<std::int8_t>(*id))->default_access
                                          : d->attribute(static_cast<std::int8_t>(*id))->default_access;
          if (!x.attribute("access")) {
            error(x, where + ": <" + std::string(xn) + "> needs access=\"..\"");
            continue;
          }
          const auto mode = access_tokens(x, x.attribute("access").value(), method, def);
          if (!mode) continue;
          (method ? e.method_access : e.attribute_access).at(k) = *mode;
        }
        put(std::move(e));
      } else {
        unknown(c, "<association>");
      }
    }
    for (const std::size_t i : order) {
      AccessEntry e = std::move(entries[i]);
      for (auto& m : e.attribute_access) {
        if (m != 0) m |= as.required_protection;
      }
      for (auto& m : e.method_access) {
        if (m != 0) m |= as.required_protection;
      }
      as.entries.push_back(std::move(e));
    }
    ld.associations.push_back(std::move(as));
  }

  std::string_view text_;
  const Catalogue& cat_;
  Diagnostics& diag_;
  ReadOptions opt_;
  LineMap lines_;
  std::vector<std::unique_ptr<cosem::InterfaceClass>> probes_;  // parallel to the device's objects
  std::vector<PendingCapture> captures_;
};

}  // namespace

Model read_object_list(std::string_view xml_text, const Catalogue& catalogue, Diagnostics& diag,
                       const ReadOptions& options) {
  Reader r(xml_text, catalogue, diag, options);
  return r.run();
}

}  // namespace dlms::codegen
