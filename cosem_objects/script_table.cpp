#include "cosem_objects/script_table.hpp"

#include "cosem_objects/description_table.hpp"
#include "cosem_objects/detail_classes1.hpp"
#include "stack/association/access_rights.hpp"

namespace dlms::cosem {

namespace {

using codec::DataType;
using codec::DataView;
using detail1::Shape;
namespace access = association::access;

constexpr auto kAttributes = attribute_table({
    {"scripts", DataType::array, access::kRead},
});
constexpr auto kMethods = method_table({
    {"execute", DataType::long_unsigned, access::kAccess},
});
constexpr ClassDescription kDescription{9, 0, "Script table", kAttributes, kMethods};

constexpr Shape kActionFields[] = {
    {.type = DataType::enum_, .min = 1, .max = 2},
    {.type = DataType::long_unsigned},
    {.type = DataType::octet_string, .min = 6, .max = 6},
    {.type = DataType::integer, .min = 1},
    {.type = DataType::dont_care},
};
constexpr Shape kAction{.type = DataType::structure, .inner = kActionFields, .fields = 5};
constexpr Shape kActions{.type = DataType::array, .inner = &kAction};
constexpr Shape kScriptFields[] = {{.type = DataType::long_unsigned}, kActions};
constexpr Shape kScript{.type = DataType::structure, .inner = kScriptFields, .fields = 2};
constexpr Shape kScripts{.type = DataType::array, .inner = &kScript};

std::uint16_t script_id_of(const DataView& script) noexcept {
  return detail1::integer_of<std::uint16_t>(*script.elements().begin());
}

}  // namespace

ScriptTable::ScriptTable(const apdu::ObisCode& logical_name)
    : InterfaceClass(kDescription, logical_name), scripts_{0x01, 0x00} {}

const ClassDescription& ScriptTable::class_description() noexcept { return kDescription; }

std::size_t ScriptTable::script_count() const noexcept { return detail1::view_of(scripts_).size(); }

bool ScriptTable::has_script(std::uint16_t script_id) const noexcept {
  for (const DataView s : detail1::view_of(scripts_).elements()) {
    if (script_id_of(s) == script_id) {
      return true;
    }
  }
  return false;
}

apdu::ActionResult ScriptTable::execute(std::uint16_t script_id) {
  for (const DataView s : detail1::view_of(scripts_).elements()) {
    if (script_id_of(s) != script_id) {
      continue;
    }
    if (executor_ == nullptr) {
      return apdu::ActionResult::object_unavailable;
    }
    for (const DataView a : detail1::element(s, 1).elements()) {
      auto f = a.elements().begin();
      ScriptAction action;
      action.service_id = detail1::integer_of<std::uint8_t>(*f);
      action.class_id = detail1::integer_of<std::uint16_t>(*++f);
      action.logical_name = detail1::obis_of(*++f);
      action.index = detail1::integer_of<std::int8_t>(*++f);
      action.parameter = *++f;
      const auto r = executor_->execute(action);
      if (r != apdu::ActionResult::success) {
        return r;
      }
    }
    return apdu::ActionResult::success;
  }
  return apdu::ActionResult::other_reason;
}

apdu::DataAccessResult ScriptTable::get_attribute(const server::RequestContext& /*ctx*/,
                                                  std::int8_t /*attribute_id*/,
                                                  const apdu::SelectiveAccessDescriptor* /*access*/,
                                                  server::GetCursor& /*cursor*/, ByteWriter& out) {
  out.bytes(scripts_encoding());
  return detail1::write_result(out);
}

apdu::DataAccessResult ScriptTable::set_attribute(const server::RequestContext& /*ctx*/,
                                                  std::int8_t /*attribute_id*/,
                                                  const apdu::SelectiveAccessDescriptor* /*access*/,
                                                  const codec::DataView& value) {
  if (const auto r = detail1::check_table(value, kScripts, max_scripts_);
      r != apdu::DataAccessResult::success) {
    return r;
  }
  std::size_t i = 0;
  for (const DataView s : value.elements()) {
    if (detail1::element(s, 1).size() > max_actions_) {
      return apdu::DataAccessResult::other_reason;
    }
    std::size_t j = 0;
    for (const DataView other : value.elements()) {
      if (j++ < i + 1) {
        continue;
      }
      if (script_id_of(other) == script_id_of(s)) {
        return apdu::DataAccessResult::other_reason;  // script identifiers are unique
      }
    }
    ++i;
  }
  detail1::assign(scripts_, value);
  return apdu::DataAccessResult::success;
}

server::InvokeOutcome ScriptTable::invoke_method(const server::RequestContext& /*ctx*/,
                                                 std::int8_t /*method_id*/, const codec::DataView* parameter,
                                                 ByteWriter& /*return_data*/) {
  if (parameter == nullptr || parameter->type() != DataType::long_unsigned) {
    return {apdu::ActionResult::type_unmatched, false};
  }
  return {execute(detail1::integer_of<std::uint16_t>(*parameter)), false};
}

}  // namespace dlms::cosem
