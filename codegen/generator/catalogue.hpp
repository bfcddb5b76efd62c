#pragma once
// The quantity catalogue of the metering engine (meter_model/quantities.json), as the
// generator validates bindings against it. Read as data: the generator does not link the
// meter model.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace dlms::codegen {

struct Quantity {
  std::string name;
  std::string type;    // double, integer, boolean, string, time, profile, log, calendar, list
  std::string unit;    // catalogue unit (Wh, V, ms, ...)
  std::string access;  // r, rw, w
};

class Catalogue {
 public:
  // Parses the JSON text of quantities.json; nullopt and `error` set on malformed input.
  static std::optional<Catalogue> parse(std::string_view json_text, std::string& error);

  [[nodiscard]] const Quantity* quantity(std::string_view name) const;
  [[nodiscard]] bool has_action(std::string_view name) const {
    return actions_.count(std::string(name)) != 0;
  }
  [[nodiscard]] std::size_t size() const noexcept { return quantities_.size(); }

 private:
  std::map<std::string, Quantity, std::less<>> quantities_;
  std::set<std::string, std::less<>> actions_;
};

}  // namespace dlms::codegen
