// Fuzz target: arbitrary bytes as XML (and as JSON) input to the translator's xml_to_pdu and
// xml_to_data. Must never crash; whatever bytes it yields must translate back (pdu_to_xml /
// data_to_xml) and re-encode to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stack/translator/translator.hpp"

namespace {

namespace tr = dlms::translator;

template <class ToText, class FromText>
void check_round_trip(const tr::Bytes& bytes, ToText to_text, FromText from_text) {
  const auto text = to_text(bytes);
  if (!text) {
    __builtin_trap();  // produced bytes that do not translate back
  }
  const auto again = from_text(*text);
  if (!again || *again != bytes) {
    __builtin_trap();  // the translation of produced bytes does not re-encode to them
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) {
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const tr::Options options;
  auto pdu_xml = [&](const tr::Bytes& b) { return tr::pdu_to_xml(b, options); };
  auto xml_pdu = [&](std::string_view t) { return tr::xml_to_pdu(t, options); };
  auto data_xml = [&](const tr::Bytes& b) { return tr::data_to_xml(b, options); };
  auto xml_data = [&](std::string_view t) { return tr::xml_to_data(t, options); };
  auto pdu_json = [&](const tr::Bytes& b) { return tr::pdu_to_json(b, options); };
  auto json_pdu = [&](std::string_view t) { return tr::json_to_pdu(t, options); };
  auto data_json = [&](const tr::Bytes& b) { return tr::data_to_json(b, options); };
  auto json_data = [&](std::string_view t) { return tr::json_to_data(t, options); };

  if (const auto pdu = xml_pdu(text)) {
    check_round_trip(*pdu, pdu_xml, xml_pdu);
    check_round_trip(*pdu, pdu_json, json_pdu);
  }
  if (const auto value = xml_data(text)) {
    check_round_trip(*value, data_xml, xml_data);
    check_round_trip(*value, data_json, json_data);
  }
  if (const auto pdu = json_pdu(text)) {
    check_round_trip(*pdu, pdu_json, json_pdu);
  }
  if (const auto value = json_data(text)) {
    check_round_trip(*value, data_json, json_data);
  }
  return 0;
}
