// XML elements <-> JSON text (see json_xml.hpp for the shape).
#include "stack/translator/json_xml.hpp"

#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

namespace dlms::translator::detail {

namespace {

using Json = nlohmann::ordered_json;

std::vector<pugi::xml_node> elements(pugi::xml_node node) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      out.push_back(c);
    }
  }
  return out;
}

bool qty_is_count(pugi::xml_attribute qty, std::size_t count) {
  const char* s = qty.value();
  char* end = nullptr;
  const unsigned long v = std::strtoul(s, &end, 16);
  return *s != '\0' && *end == '\0' && v == count;
}

Json content(pugi::xml_node node) {
  const std::vector<pugi::xml_node> kids = elements(node);
  std::vector<pugi::xml_attribute> attrs;
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    attrs.push_back(a);
  }
  if (kids.empty() && attrs.empty()) {
    return nullptr;
  }
  if (kids.empty() && attrs.size() == 1 && std::strcmp(attrs[0].name(), "Value") == 0) {
    return attrs[0].value();
  }
  Json list = Json::array();
  for (pugi::xml_node k : kids) {
    Json item = Json::object();
    item[k.name()] = content(k);
    list.push_back(std::move(item));
  }
  if (attrs.empty() || (attrs.size() == 1 && std::strcmp(attrs[0].name(), "Qty") == 0 && !kids.empty() &&
                        qty_is_count(attrs[0], kids.size()))) {
    return list;
  }
  Json obj = Json::object();
  for (pugi::xml_attribute a : attrs) {
    obj[a.name()] = a.value();
  }
  if (!kids.empty()) {
    obj["Elements"] = std::move(list);
  }
  return obj;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      return false;
    }
  }
  return !(name[0] >= '0' && name[0] <= '9');
}

std::string escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

void element(const Json& j, pugi::xml_node parent, const std::string& path,
             std::unordered_map<const void*, std::string>& paths, std::size_t depth, std::size_t max_depth) {
  if (depth > max_depth) {
    throw JsonError{"nesting too deep", path};
  }
  if (!j.is_object() || j.size() != 1) {
    throw JsonError{"expected an object with exactly one key (the element name)", path};
  }
  const std::string& name = j.begin().key();
  const std::string here = path + "/" + escape(name);
  if (!valid_name(name)) {
    throw JsonError{"invalid element name", here};
  }
  pugi::xml_node e = parent.append_child(name.c_str());
  paths[e.internal_object()] = here;
  const Json& c = j.begin().value();
  if (c.is_null()) {
    return;
  }
  if (c.is_string()) {
    e.append_attribute("Value").set_value(c.get_ref<const std::string&>().c_str());
    return;
  }
  auto add_children = [&](const Json& list, const std::string& list_path) {
    std::size_t i = 0;
    for (const Json& item : list) {
      element(item, e, list_path + "/" + std::to_string(i++), paths, depth + 1, max_depth);
    }
  };
  if (c.is_array()) {
    add_children(c, here);
    return;
  }
  if (!c.is_object()) {
    throw JsonError{"expected a string, null, an array or an object", here};
  }
  for (auto it = c.begin(); it != c.end(); ++it) {
    if (it.key() == "Elements") {
      if (!it.value().is_array()) {
        throw JsonError{"Elements must be an array", here + "/Elements"};
      }
      add_children(it.value(), here + "/Elements");
    } else if (!valid_name(it.key()) || !it.value().is_string()) {
      throw JsonError{"attributes must be strings with a valid name", here + "/" + escape(it.key())};
    } else {
      e.append_attribute(it.key().c_str()).set_value(it.value().get_ref<const std::string&>().c_str());
    }
  }
}

struct TooDeep {};

}  // namespace

std::string xml_to_json_text(pugi::xml_node node, unsigned indent) {
  Json root = Json::object();
  root[node.name()] = content(node);
  return indent == 0 ? root.dump() : root.dump(static_cast<int>(indent));
}

void json_text_to_xml(std::string_view text, pugi::xml_node parent,
                      std::unordered_map<const void*, std::string>& paths, std::size_t max_depth) {
  Json doc;
  try {
    // Deep nesting is refused while parsing (the elements are checked again below).
    doc = Json::parse(text.begin(), text.end(), [max_depth](int depth, Json::parse_event_t, Json&) {
      if (depth > static_cast<int>(3 * max_depth + 3)) {
        throw TooDeep{};
      }
      return true;
    });
  } catch (const TooDeep&) {
    throw JsonError{"nesting too deep", ""};
  } catch (const Json::parse_error& e) {
    throw JsonError{std::string("invalid JSON at character ") + std::to_string(e.byte), ""};
  } catch (const Json::exception& e) {  // e.g. out_of_range 406: a number too large for a double
    throw JsonError{std::string("invalid JSON: ") + e.what(), ""};
  }
  try {
    element(doc, parent, "", paths, 0, max_depth);
  } catch (const Json::exception& e) {
    throw JsonError{std::string("invalid JSON: ") + e.what(), ""};
  }
}

}  // namespace dlms::translator::detail
