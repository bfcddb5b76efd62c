#include "system_tests/support/data_json.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "stack/translator/translator.hpp"

namespace dlms::system_test {

codec::Data decode_data_json(std::string_view json) {
  const auto bytes = translator::json_to_data(json);
  if (!bytes) {
    throw std::runtime_error("not translator JSON data (" + bytes.failure().message() +
                             "): " + std::string(json));
  }
  auto data = codec::Data::decode(ByteSpan(bytes->data(), bytes->size()));
  if (!data) throw std::runtime_error("translator JSON gave undecodable A-XDR: " + data.error().message());
  return std::move(data).value();
}

}  // namespace dlms::system_test
