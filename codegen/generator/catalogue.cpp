#include "codegen/generator/catalogue.hpp"

#include <nlohmann/json.hpp>

namespace dlms::codegen {

std::optional<Catalogue> Catalogue::parse(std::string_view json_text, std::string& error) {
  try {
    const auto j = nlohmann::json::parse(json_text);
    Catalogue c;
    for (const auto& q : j.at("quantities")) {
      Quantity x;
      x.name = q.at("name").get<std::string>();
      x.type = q.at("type").get<std::string>();
      x.unit = q.value("unit", "");
      x.access = q.value("access", "r");
      c.quantities_.emplace(x.name, x);
    }
    for (const auto& a : j.at("actions")) {
      c.actions_.insert(a.get<std::string>());
    }
    return c;
  } catch (const nlohmann::json::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

const Quantity* Catalogue::quantity(std::string_view name) const {
  auto it = quantities_.find(name);
  return it == quantities_.end() ? nullptr : &it->second;
}

}  // namespace dlms::codegen
